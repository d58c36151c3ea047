/// What validating a charter repository found.
public struct ValidationReport: Sendable {
    /// What could be read; roles that could not be decoded are missing from it.
    public var charters: CharterSet
    /// Every finding, in reading order.
    public var findings: [Finding]

    public var isValid: Bool { !findings.hasErrors }

    public init(charters: CharterSet, findings: [Finding]) {
        self.charters = charters
        self.findings = findings
    }

    /// Nothing at all: the state before a repository's first commit.
    public static let empty = ValidationReport(charters: CharterSet(company: nil, schema: .fourArea, roles: []), findings: [])
}

/// Reads a `CharterTree` into a `CharterSet` and checks it: per-file structure first, then the
/// boundary rules across roles. All findings are collected; none stops the others.
public enum CharterValidator {
    public static func validate(_ tree: CharterTree, limits: InputLimits = .standard) -> ValidationReport {
        let log = FindingLog()
        let schema = loadSchema(tree, limits: limits, log: log)
        guard let schema else {
            return ValidationReport(charters: CharterSet(company: nil, schema: .fourArea, roles: []),
                                    findings: log.findings.sorted(by: Finding.readingOrder))
        }
        let company = loadCompany(tree, schema: schema, limits: limits, log: log)
        let (roles, unreadable) = loadRoles(tree, schema: schema, limits: limits, log: log)
        let charters = CharterSet(company: company, schema: schema, roles: roles.sorted { $0.id < $1.id },
                                  unreadableRoles: unreadable)
        for finding in BoundaryRules.check(charters) { log.add(finding) }
        return ValidationReport(charters: charters, findings: log.findings.sorted(by: Finding.readingOrder))
    }

    /// The schema in force: the repository's `schema.yaml`, else the built-in four-area schema.
    /// Nil when `schema.yaml` exists but is invalid: roles cannot be judged without it.
    private static func loadSchema(_ tree: CharterTree, limits: InputLimits, log: FindingLog) -> Schema? {
        guard tree.entries[CharterTree.schemaPath] != nil else { return .fourArea }
        let before = log.findings.count
        guard let node = readYAML(tree, path: CharterTree.schemaPath, limits: limits, log: log),
              let schema = SchemaLoader.decode(node, file: CharterTree.schemaPath, log: log),
              log.findings.count == before else { return nil }
        return schema
    }

    private static func loadCompany(_ tree: CharterTree, schema: Schema, limits: InputLimits, log: FindingLog) -> Company? {
        let path = CharterTree.companyPath
        guard tree.entries[path] != nil else {
            log.error(.missingFile, at: SourceLocation(file: path), "charter.yaml is missing: this is not a charter repository")
            return nil
        }
        guard let node = readYAML(tree, path: path, limits: limits, log: log),
              let company = CompanyDecoder.decode(node, file: path, log: log) else { return nil }
        if let declared = company.schema, declared.value != schema.id {
            log.error(.schemaMismatch, at: declared.location,
                      "charter.yaml declares schema '\(declared.value)', but the schema in force is '\(schema.id)' (\(schema.source))")
        }
        return company
    }

    /// The roles that could be read, and the ids (from file names) of those that could not.
    private static func loadRoles(_ tree: CharterTree, schema: Schema, limits: InputLimits,
                                  log: FindingLog) -> ([Role], Set<String>) {
        switch tree.entries[CharterTree.rolesPath] {
        case .directory: break
        case nil:
            log.error(.noRoles, at: SourceLocation(file: CharterTree.rolesPath + "/"), "roles/ is missing: there are no role charters")
            return ([], [])
        default:
            log.error(.notARegularFile, at: SourceLocation(file: CharterTree.rolesPath), "roles must be a folder")
            return ([], [])
        }
        var roles: [Role] = []
        var unreadable: Set<String> = []
        let names = tree.roleEntryNames.filter { !CharterTree.isIgnoredRoleEntry($0) }
        for name in names {
            let path = CharterTree.rolesPath + "/" + name
            let stem = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
            guard name.hasSuffix(".yaml"), Identifier.isValid(stem) else {
                log.error(.invalidFileName, at: SourceLocation(file: path),
                          "'\(name)' is not a role file name: expected <role-id>.yaml")
                continue
            }
            let before = log.findings.count
            guard let node = readYAML(tree, path: path, limits: limits, log: log),
                  let role = RoleDecoder.decode(node, file: path, fileStem: stem, schema: schema, log: log),
                  log.findings.count == before
            else {
                unreadable.insert(stem)
                continue
            }
            roles.append(role)
        }
        if names.isEmpty {
            log.error(.noRoles, at: SourceLocation(file: CharterTree.rolesPath + "/"), "roles/ holds no role charters")
        }
        return (roles, unreadable)
    }

    /// Reads one file of the tree as YAML, turning every input problem into a located finding.
    private static func readYAML(_ tree: CharterTree, path: String, limits: InputLimits, log: FindingLog) -> YAMLNode? {
        let bytes: [UInt8]
        switch tree.entries[path] {
        case .file(let content)?:
            bytes = content
        case .oversized(let size)?:
            log.error(.fileTooLarge, at: SourceLocation(file: path),
                      "file is \(size) bytes, over the limit of \(limits.maxBytes)")
            return nil
        case .symlink?:
            log.error(.notARegularFile, at: SourceLocation(file: path), "\(path) is a symbolic link; charter files must be plain files")
            return nil
        case .directory?:
            log.error(.notARegularFile, at: SourceLocation(file: path), "\(path) is a folder; charter files must be plain files")
            return nil
        case .other?, nil:
            log.error(.notARegularFile, at: SourceLocation(file: path), "\(path) is not a plain file")
            return nil
        }
        do {
            return try YAMLReader.read(bytes, limits: limits)
        } catch {
            let related = error.related.map { [SourceLocation(file: path, line: $0.line, column: $0.column)] } ?? []
            log.add(Finding(.error, error.code, at: SourceLocation(file: path, line: error.line, column: error.column),
                            error.message, related: related))
            return nil
        }
    }
}
