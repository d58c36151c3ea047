/// Rewrites an acquired company's role charter for its new home: its role id becomes `P-<id>`, and
/// so do its references (`reports-to`, `consults`) to the acquired company's other roles. The file is
/// edited in place, at the positions the YAML reader gives, so comments and layout survive.
public enum RoleRenamer {
    /// The prefixed id: `globex` and `cto` give `globex-cto`.
    public static func prefixed(_ id: String, _ prefix: String) -> String { "\(prefix)-\(id)" }

    /// The renamed file, or nil when it cannot be read as a role charter (it is then kept as it is).
    public static func rename(_ bytes: [UInt8], prefix: String, theirRoles: Set<String>) -> [UInt8]? {
        guard let root = try? YAMLReader.read(bytes), case .mapping(let entries) = root.content else { return nil }
        var targets: [YAMLNode] = []
        for entry in entries {
            switch entry.key {
            case "role": targets.append(entry.value)
            case "reports-to" where theirRoles.contains(entry.value.text ?? ""): targets.append(entry.value)
            case "areas": targets += consultedRoles(in: entry.value).filter { theirRoles.contains($0.text ?? "") }
            default: break
            }
        }
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 10 }.map { $0 + 1 }
        var edits: [(range: Range<Int>, text: String)] = []
        for node in targets {
            guard case .scalar(let value, let style) = node.content, Identifier.isValid(value), node.line <= lineStarts.count,
                  let start = offset(line: node.line, column: node.column, lineStarts: lineStarts, in: bytes),
                  let end = tokenEnd(from: start, value: value, style: style, in: bytes) else { return nil }
            edits.append((start..<end, prefixed(value, prefix)))
        }
        var result = bytes
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            result.replaceSubrange(edit.range, with: Array(edit.text.utf8))
        }
        return result
    }

    private static func consultedRoles(in areas: YAMLNode) -> [YAMLNode] {
        guard case .mapping(let areaEntries) = areas.content else { return [] }
        return areaEntries.flatMap { area -> [YAMLNode] in
            guard case .mapping(let fields) = area.value.content,
                  case .sequence(let items)? = fields.first(where: { $0.key == "responsibilities" })?.value.content else { return [] }
            return items.flatMap { item -> [YAMLNode] in
                guard case .mapping(let itemFields) = item.content,
                      case .sequence(let consulted)? = itemFields.first(where: { $0.key == "consults" })?.value.content else { return [] }
                return consulted
            }
        }
    }

    /// The byte offset of a 1-based line and column (in code points).
    private static func offset(line: Int, column: Int, lineStarts: [Int], in bytes: [UInt8]) -> Int? {
        var index = lineStarts[line - 1]
        var remaining = column - 1
        while remaining > 0, index < bytes.count {
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            remaining -= 1
        }
        return index
    }

    /// Where the scalar token starting at `start` ends: after the value for a plain scalar, after the
    /// closing quote for a quoted one.
    private static func tokenEnd(from start: Int, value: String, style: YAMLNode.ScalarStyle, in bytes: [UInt8]) -> Int? {
        switch style {
        case .plain:
            let end = start + value.utf8.count
            return end <= bytes.count && bytes[start..<end].elementsEqual(value.utf8) ? end : nil
        case .quoted:
            let quote = bytes[start]
            guard let close = bytes[(start + 1)...].firstIndex(of: quote) else { return nil }
            return close + 1
        case .block:
            return nil
        }
    }
}

extension YAMLNode {
    /// The text of a scalar node.
    var text: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }
}
