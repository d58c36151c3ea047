import Yams

/// Writes charters as canonical YAML: schema-ordered keys, two-space indent, no line wrapping,
/// and quotes wherever a plain scalar would read back as anything but the same text.
public enum CharterWriter {
    /// The first line of every role file: points editors at the generated JSON Schema.
    public static let editorSchemaComment = "# yaml-language-server: $schema=../\(CharterTree.jsonSchemaPath)\n"

    public static func yaml(for role: Role) -> String {
        var fields: [(Node, Node)] = [(key("role"), text(role.id)), (key("title"), text(role.title))]
        if let holder = role.holder { fields.append((key("holder"), text(holder))) }
        if let boss = role.reportsTo { fields.append((key("reports-to"), text(boss.value))) }
        if !role.continues.isEmpty { fields.append((key("continues"), flowList(role.continues.map(\.value)))) }
        if !role.keys.isEmpty { fields.append((key("keys"), .sequence(.init(role.keys.map { text($0.value) })))) }
        fields.append((key("areas"), .mapping(.init(role.areas.map { (key($0.area), areaNode($0)) }))))
        return editorSchemaComment + serialize(.mapping(.init(fields)))
    }

    public static func yaml(for company: Company) -> String {
        var fields: [(Node, Node)] = [(key("company"), text(company.name)), (key("stage"), text(company.stage.rawValue))]
        if let schema = company.schema { fields.append((key("schema"), text(schema.value))) }
        if !company.external.isEmpty { fields.append((key("external"), flowList(company.external.map(\.value)))) }
        if !company.keys.isEmpty {
            fields.append((key("keys"), .mapping(.init(company.keys.keys.sorted().map { name in
                (key(name), .sequence(.init(company.keys[name]!.map { text($0.value) })))
            }))))
        }
        if company.approvals != .typed { fields.append((key("approvals"), text(company.approvals.rawValue))) }
        if !company.imports.isEmpty {
            fields.append((key("imports"), .sequence(.init(company.imports.map { entry in
                var pairs: [(Node, Node)] = [(key("prefix"), text(entry.prefix))]
                if let name = entry.company { pairs.append((key("company"), text(name))) }
                return .mapping(.init(pairs))
            }))))
        }
        return serialize(.mapping(.init(fields)))
    }

    private static func areaNode(_ area: AreaCharter) -> Node {
        var fields: [(Node, Node)] = []
        if let mandate = area.mandate { fields.append((key("mandate"), text(mandate))) }
        if !area.decides.isEmpty { fields.append((key("decides"), flowList(area.decides.map(\.value)))) }
        if !area.kpis.isEmpty {
            fields.append((key("kpis"), .sequence(.init(area.kpis.map { kpi in
                .mapping(.init([(key("id"), text(kpi.id)), (key("name"), text(kpi.name))]))
            }))))
        }
        let responsibilities = area.responsibilities.map { item -> Node in
            var itemFields: [(Node, Node)] = [(key("id"), text(item.id)), (key("text"), text(item.text))]
            if !item.consults.isEmpty { itemFields.append((key("consults"), flowList(item.consults.map(\.value)))) }
            return .mapping(.init(itemFields))
        }
        fields.append((key("responsibilities"), .sequence(.init(responsibilities))))
        return .mapping(.init(fields))
    }

    private static func key(_ name: String) -> Node { .scalar(.init(name)) }

    /// Plain when YAML (1.2, and 1.1 for other tools' sake) reads it back as this same text; quoted otherwise.
    private static func text(_ value: String) -> Node {
        let yaml11Booleans: Set<String> = ["y", "n", "yes", "no", "on", "off"]
        let plainIsText = PlainScalar(value) == .string && !yaml11Booleans.contains(value.lowercased())
        return .scalar(.init(value, .implicit, plainIsText ? .any : .singleQuoted))
    }

    private static func flowList(_ values: [String]) -> Node {
        .sequence(.init(values.map(text), .implicit, .flow))
    }

    private static func serialize(_ node: Node) -> String {
        // Serializing a tree of plain text nodes cannot fail; a failure here is a programming error.
        do {
            return try Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true)
        } catch {
            preconditionFailure("YAML serialization failed: \(error)")
        }
    }
}

// MARK: - Canonical form of a role file

extension CharterWriter {
    /// A role file in the form `yaml(for:)` writes, its areas in the schema's order: two files that
    /// hold the same role read the same, however they are laid out or commented (`charter textconv`).
    /// Nil when the bytes do not read as a role under `schema` without a finding, or hold `x-` keys,
    /// which the model does not keep. The file's name is not checked: git hands a diff driver a
    /// temporary copy under another name.
    public static func canonicalRole(_ bytes: [UInt8], schema: Schema, limits: InputLimits = .standard) -> String? {
        guard let node = try? YAMLReader.read(bytes, limits: limits), !node.holdsExtensionKey,
              case .mapping(let entries) = node.content,
              case .scalar(let id, _)? = entries.first(where: { $0.key == "role" })?.value.content else { return nil }
        let log = FindingLog()
        guard var role = RoleDecoder.decode(node, file: CharterTree.roleFile(id), fileStem: id, schema: schema, log: log),
              log.findings.isEmpty else { return nil }
        let order = schema.areas.map(\.id)
        role.areas.sort { (order.firstIndex(of: $0.area) ?? order.count) < (order.firstIndex(of: $1.area) ?? order.count) }
        return yaml(for: role)
    }
}

private extension YAMLNode {
    /// Whether a mapping in the node, at any depth, has a key beginning `x-`.
    var holdsExtensionKey: Bool {
        switch content {
        case .scalar: false
        case .sequence(let items): items.contains { $0.holdsExtensionKey }
        case .mapping(let entries): entries.contains { $0.key.hasPrefix("x-") || $0.value.holdsExtensionKey }
        }
    }
}
