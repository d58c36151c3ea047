/// What validating a charter repository found.
public struct ValidationReport: Sendable {
    /// What could be read; roles that could not be decoded are missing from it.
    public var charters: CharterSet
    /// Every finding, in reading order.
    public var findings: [Finding]

    /// Whether the schema in force could be read; when it could not, no role was read either.
    public var schemaReadable: Bool

    public var isValid: Bool { !findings.hasErrors }

    public init(charters: CharterSet, findings: [Finding], schemaReadable: Bool = true) {
        self.charters = charters
        self.findings = findings
        self.schemaReadable = schemaReadable
    }

    /// The files that could not be read at all (the schema, role files), as opposed to files read but
    /// breaking a rule: the first error of each, in reading order.
    public var unreadable: [Finding] {
        var files = Set(charters.unreadableRoles.map(CharterTree.roleFile))
        if !schemaReadable { files.insert(CharterTree.schemaPath) }
        var seen: Set<String> = []
        return findings.filter { $0.severity == .error && files.contains($0.location.file) && seen.insert($0.location.file).inserted }
    }

    /// Nothing at all: the state before a repository's first commit.
    public static let empty = ValidationReport(charters: CharterSet(company: nil, schema: .fourArea, roles: []), findings: [])
}

/// Decoded files by content id, so that a walk through history reads and parses each distinct
/// blob once. Keys include the schema in force, since a role is judged by it. The cache keeps the
/// most recently used entries only: a walk needs the files of the commits around it, not all history.
public final class DecodeCache {
    struct Result<Value> {
        var value: Value?
        var findings: [Finding]
    }

    struct Slot<Value> {
        var result: Result<Value>
        var lastUse: Int
    }

    var schemas: [String: Slot<Schema>] = [:]
    var companies: [String: Slot<Company>] = [:]
    var roles: [String: Slot<Role>] = [:]
    /// The role last read from each path: in a walk, the version before the next one read, which
    /// lends it the strings they share (`CanonicalRoleScanner`).
    var latestRoles: [String: Role] = [:]
    /// Entries per table before the least recently used half is dropped.
    public let capacity: Int
    private var clock = 0

    public init(capacity: Int = 2048) {
        self.capacity = capacity
    }

    /// The cached result for `key`, or the result of `decode`, stored under `key` when there is one.
    func result<Value>(_ table: ReferenceWritableKeyPath<DecodeCache, [String: Slot<Value>]>, key: String?,
                       decode: () throws -> Result<Value>) rethrows -> Result<Value> {
        clock += 1
        if let key, let cached = self[keyPath: table][key] {
            self[keyPath: table][key]?.lastUse = clock
            return cached.result
        }
        let result = try decode()
        guard let key else { return result }
        self[keyPath: table][key] = Slot(result: result, lastUse: clock)
        if self[keyPath: table].count > capacity {
            let cutoff = self[keyPath: table].values.map(\.lastUse).sorted()[capacity / 2]
            self[keyPath: table] = self[keyPath: table].filter { $0.value.lastUse >= cutoff }
        }
        return result
    }
}

/// Reads a `CharterTree` into a `CharterSet` and checks it: per-file structure first, then the
/// boundary rules across roles. All findings are collected; none stops the others.
///
/// Files may come as bytes (the work tree) or as git blob ids (`CharterTree.Entry.blob`), read
/// through `read` only when the cache does not already hold their decoded form.
public enum CharterValidator {
    /// Reads a blob by id, without loading one over `maxBytes`.
    public typealias BlobReader = (_ id: String, _ maxBytes: Int) throws -> CharterTree.BlobContent

    /// Validates a tree whose files are all bytes (the work tree, a test fixture). `imports` are the
    /// imports the history records up to this tree; charter.yaml's `imports:` entries are checked against them.
    /// Without `imports`, no import is recorded: every `imports:` entry is an error.
    public static func validate(_ tree: CharterTree, limits: InputLimits = .standard) -> ValidationReport {
        load(tree, limits: limits).addingBoundaryFindings { [] }
    }

    /// Validates with the imports the history records, asked only when charter.yaml declares an import.
    public static func validate(_ tree: CharterTree, limits: InputLimits = .standard,
                                imports: () throws -> [RecordedImport]) rethrows -> ValidationReport {
        try load(tree, limits: limits).addingBoundaryFindings(imports: imports)
    }

    /// Validates a tree whose files may be git blobs, read through `read` unless `cache` has them.
    public static func validate(_ tree: CharterTree, limits: InputLimits = .standard, cache: DecodeCache?,
                                read: @escaping BlobReader, imports: () throws -> [RecordedImport] = { [] }) throws -> ValidationReport {
        try load(tree, limits: limits, cache: cache, read: read).addingBoundaryFindings(imports: imports)
    }

    /// Reads a tree of bytes without the boundary rules.
    public static func load(_ tree: CharterTree, limits: InputLimits = .standard) -> ValidationReport {
        do {
            return try load(tree, limits: limits, cache: nil) { id, _ in
                preconditionFailure("blob \(id) in a tree read without a blob reader")
            }
        } catch {
            preconditionFailure("reading a tree of bytes cannot fail: \(error)")
        }
    }

    /// Reads the charters without the boundary rules; with `roleFiles`, only those names in roles/.
    public static func load(_ tree: CharterTree, roleFiles: Set<String>? = nil, limits: InputLimits = .standard,
                            cache: DecodeCache?, read: @escaping BlobReader) throws -> ValidationReport {
        let reader = FileReader(tree: tree, limits: limits, cache: cache ?? DecodeCache(), read: read)
        var findings: [Finding] = []
        let schemaResult = try reader.schema()
        findings += schemaResult.findings
        guard let schema = schemaResult.value else { return .unreadableSchema(findings) }
        let company = try reader.company(schema: schema)
        findings += company.findings
        var roles: [Role] = []
        var unreadable: Set<String> = []
        let names = reader.roleFileNames(among: roleFiles)
        if let problem = reader.rolesFolderFinding(holdsNoRoleFile: roleFiles == nil && names.isEmpty) {
            findings.append(problem)
        } else {
            for name in names {
                let result = try reader.role(name, schema: schema)
                findings += result.findings
                if let role = result.value { roles.append(role) } else if let stem = result.stem { unreadable.insert(stem) }
            }
        }
        let charters = CharterSet(company: company.value, schema: schema, roles: roles.sorted { $0.id < $1.id },
                                  unreadableRoles: unreadable)
        return ValidationReport(charters: charters, findings: findings.sorted(by: Finding.readingOrder))
    }
}

extension ValidationReport {
    /// What is left of a tree whose schema.yaml cannot be read: its findings, and no role.
    static func unreadableSchema(_ findings: [Finding]) -> ValidationReport {
        ValidationReport(charters: CharterSet(company: nil, schema: .fourArea, roles: []),
                         findings: findings.sorted(by: Finding.readingOrder), schemaReadable: false)
    }

    /// Adds the findings of the rules across roles; `index` holds the roles of `charters` when it is given.
    func addingBoundaryFindings(_ index: OwnershipIndex? = nil, imports: () throws -> [RecordedImport]) rethrows -> ValidationReport {
        var charters = charters
        if charters.company?.imports.isEmpty == false { charters.recordedImports = try imports() }
        let boundaryFindings = BoundaryRules.check(charters, index: index ?? OwnershipIndex(charters))
        return ValidationReport(charters: charters, findings: (findings + boundaryFindings).sorted(by: Finding.readingOrder),
                                schemaReadable: schemaReadable)
    }
}

/// Reads and decodes the files of one tree, through the cache.
struct FileReader {
    let tree: CharterTree
    let limits: InputLimits
    let cache: DecodeCache
    let read: CharterValidator.BlobReader

    /// The schema in force: the repository's `schema.yaml`, else the built-in four-area schema.
    /// No value when `schema.yaml` exists but is invalid: roles cannot be judged without it.
    func schema() throws -> DecodeCache.Result<Schema> {
        let path = CharterTree.schemaPath
        guard tree.entries[path] != nil else { return .init(value: .fourArea, findings: []) }
        return try cache.result(\.schemas, key: contentID(path)) {
            let log = FindingLog()
            let schema = try node(path, log: log).flatMap { SchemaLoader.decode($0, file: path, log: log) }
            return .init(value: log.findings.isEmpty ? schema : nil, findings: log.findings)
        }
    }

    func company(schema: Schema) throws -> DecodeCache.Result<Company> {
        let path = CharterTree.companyPath
        guard tree.entries[path] != nil else {
            return .init(value: nil, findings: [Finding(.error, .missingFile, at: SourceLocation(file: path),
                                                        "charter.yaml is missing: this is not a charter repository")])
        }
        var result = try cache.result(\.companies, key: contentID(path)) {
            let log = FindingLog()
            let company = try node(path, log: log).flatMap { CompanyDecoder.decode($0, file: path, log: log) }
            return .init(value: company, findings: log.findings)
        }
        if let declared = result.value?.schema, declared.value != schema.id {
            result.findings.append(Finding(.error, .schemaMismatch, at: declared.location,
                                           "charter.yaml declares schema '\(declared.value)', but the schema in force is '\(schema.id)' (\(schema.source))"))
        }
        return result
    }

    struct RoleResult {
        var value: Role?
        var findings: [Finding]
        /// The role id the file name gives, when it gives one.
        var stem: String?
    }

    /// The names of the role files to read: all those in roles/, or those of `names` the tree holds
    /// (a comparison asks for a few files: look them up rather than list the folder). Hidden entries are left out.
    func roleFileNames(among names: Set<String>?) -> [String] {
        guard let names else { return tree.roleEntryNames.filter { !CharterTree.isIgnoredRoleEntry($0) } }
        return names.filter(holdsRoleFile).sorted()
    }

    /// Whether the tree has a role file of this name in roles/.
    func holdsRoleFile(_ name: String) -> Bool {
        !CharterTree.isIgnoredRoleEntry(name) && tree.entries["\(CharterTree.rolesPath)/\(name)"] != nil
    }

    /// What is wrong with roles/ when no role can be read from it: missing, not a folder, or a folder
    /// that `holdsNoRoleFile`.
    func rolesFolderFinding(holdsNoRoleFile: Bool) -> Finding? {
        let folder = SourceLocation(file: CharterTree.rolesPath + "/")
        switch tree.entries[CharterTree.rolesPath] {
        case .directory:
            return holdsNoRoleFile ? Finding(.error, .noRoles, at: folder, "roles/ holds no role charters") : nil
        case nil:
            return Finding(.error, .noRoles, at: folder, "roles/ is missing: there are no role charters")
        default:
            return Finding(.error, .notARegularFile, at: SourceLocation(file: CharterTree.rolesPath), "roles must be a folder")
        }
    }

    /// The role file `roles/<name>`, read under `schema`.
    func role(_ name: String, schema: Schema) throws -> RoleResult {
        let path = CharterTree.rolesPath + "/" + name
        let stem = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
        if let pattern = CharterTree.leftoverPattern(of: name) {
            return RoleResult(findings: [Finding(.warning, .leftoverFile, at: SourceLocation(file: path),
                                                 "'\(name)' looks like an editor's or a merge tool's leftover, not a role: charter neither reads nor commits it; '\(pattern)' in .gitignore would hide it")])
        }
        guard name.hasSuffix(".yaml"), Identifier.isValid(stem) else {
            return RoleResult(findings: [Finding(.error, .invalidFileName, at: SourceLocation(file: path),
                                                 "'\(name)' is not a role file name: expected <role-id>.yaml")])
        }
        let schemaKey = contentID(CharterTree.schemaPath) ?? (tree.entries[CharterTree.schemaPath] == nil ? "builtin" : nil)
        let key = zip(schemaKey, contentID(path)).map { "\($0)|\(path)|\($1)" }
        let result = try cache.result(\.roles, key: key) {
            let log = FindingLog()
            let bytes = try self.bytes(path, log: log)
            if let bytes, let role = CanonicalRoleScanner.role(in: bytes, file: path, fileStem: stem, schema: schema, limits: limits,
                                                               sharingTextsWith: cache.latestRoles[path]) {
                cache.latestRoles[path] = role
                return .init(value: role, findings: [])
            }
            let role = bytes.flatMap { node(of: $0, path, log: log) }.flatMap {
                RoleDecoder.decode($0, file: path, fileStem: stem, schema: schema, log: log)
            }
            // A role with any finding of its own stays out of the boundary checks.
            return .init(value: log.findings.isEmpty ? role : nil, findings: log.findings)
        }
        return RoleResult(value: result.value, findings: result.findings, stem: stem)
    }

    private func contentID(_ path: String) -> String? {
        if case .blob(let id)? = tree.entries[path] { return id }
        return nil
    }

    /// One file of the tree as YAML, every input problem turned into a located finding.
    private func node(_ path: String, log: FindingLog) throws -> YAMLNode? {
        try bytes(path, log: log).flatMap { node(of: $0, path, log: log) }
    }

    /// One file's bytes; nil, after a finding, when it is not a plain file or is too large.
    private func bytes(_ path: String, log: FindingLog) throws -> [UInt8]? {
        switch tree.entries[path] {
        case .file(let content)?:
            return content
        case .blob(let id)?:
            let content: CharterTree.BlobContent
            do {
                content = try read(id, limits.maxBytes)
            } catch {
                throw UnreadableBlob(path: path, id: id, reason: "\(error)")
            }
            switch content {
            case .bytes(let content): return content
            case .oversized(let size): return oversized(path, size, log)
            }
        case .oversized(let size)?:
            return oversized(path, size, log)
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
    }

    private func node(of bytes: [UInt8], _ path: String, log: FindingLog) -> YAMLNode? {
        do {
            return try YAMLReader.read(bytes, limits: limits)
        } catch {
            let related = error.related.map { [SourceLocation(file: path, line: $0.line, column: $0.column)] } ?? []
            log.add(Finding(.error, error.code, at: SourceLocation(file: path, line: error.line, column: error.column),
                            error.message, related: related))
            return nil
        }
    }

    private func oversized(_ path: String, _ size: Int, _ log: FindingLog) -> [UInt8]? {
        log.error(.fileTooLarge, at: SourceLocation(file: path), "file is \(size) bytes, over the limit of \(limits.maxBytes)")
        return nil
    }
}

private func zip(_ first: String?, _ second: String?) -> (String, String)? {
    guard let first, let second else { return nil }
    return (first, second)
}

/// A charter file whose blob the repository could not give: a missing or corrupt object.
public struct UnreadableBlob: Error, CustomStringConvertible {
    public var path: String
    public var id: String
    public var reason: String

    public var description: String {
        "cannot read \(path) (blob \(id.prefix(12))) from the repository: \(reason)"
    }
}
