/// Validates the trees of a walk through history one after another, each in proportion to what
/// changed since the one before: only the role files whose entries differ are read again (through
/// the cache), and the rules across roles work from an `OwnershipIndex` kept up to date with them.
/// Each report is the one `CharterValidator.validate` gives for the same tree. Two trees in a row
/// may be any two; a change of schema.yaml or of roles/ itself reads every file again.
public struct IncrementalValidator {
    private let limits: InputLimits
    private let cache: DecodeCache
    private let read: CharterValidator.BlobReader

    /// The tree validated last; what follows was read from it.
    private var tree = CharterTree()
    /// Nil before the first tree.
    private var schema: DecodeCache.Result<Schema>?
    private var company = DecodeCache.Result<Company>(value: nil, findings: [])
    /// What reading each role file gave, by name in roles/.
    private var roleFiles: [String: FileReader.RoleResult] = [:]
    /// The names of the role files with findings of their own.
    private var namesWithFindings: Set<String> = []
    /// The readable roles, sorted by id.
    private var roles: [Role] = []
    private var unreadableRoles: Set<String> = []
    private var index = OwnershipIndex(schema: .fourArea)

    public init(limits: InputLimits = .standard, cache: DecodeCache, read: @escaping CharterValidator.BlobReader) {
        self.limits = limits
        self.cache = cache
        self.read = read
    }

    /// Validates `tree`, with the imports the history records up to it (asked only when charter.yaml
    /// declares an import), as `CharterValidator.validate` does. After an error, the next tree is read in full.
    public mutating func validate(_ tree: CharterTree, imports: () throws -> [RecordedImport]) throws -> ValidationReport {
        do {
            return try update(to: tree, imports: imports)
        } catch {
            self = IncrementalValidator(limits: limits, cache: cache, read: read)
            throw error
        }
    }

    private mutating func update(to tree: CharterTree, imports: () throws -> [RecordedImport]) throws -> ValidationReport {
        let previous = self.tree
        self.tree = tree
        let reader = FileReader(tree: tree, limits: limits, cache: cache, read: read)
        let changedRoleFiles: [String]
        let rereadAll = schema == nil || Self.differ(previous, tree, at: CharterTree.schemaPath)
            || Self.differ(previous, tree, at: CharterTree.rolesPath)
        if rereadAll {
            schema = try reader.schema()
            roleFiles = [:]
            namesWithFindings = []
            roles = []
            unreadableRoles = []
            index = OwnershipIndex(schema: schema?.value ?? .fourArea)
            changedRoleFiles = reader.roleFileNames(among: nil)
        } else {
            changedRoleFiles = Self.changedRoleFiles(from: previous, to: tree)
        }
        guard let schema, let schemaInForce = schema.value else {
            return try ValidationReport.unreadableSchema(schema?.findings ?? []).addingBoundaryFindings(index, imports: imports)
        }
        if rereadAll || Self.differ(previous, tree, at: CharterTree.companyPath) {
            company = try reader.company(schema: schemaInForce)
        }
        for name in changedRoleFiles {
            let old = roleFiles.removeValue(forKey: name)
            replace(name, old, with: reader.holdsRoleFile(name) ? try reader.role(name, schema: schemaInForce) : nil)
        }
        var findings = schema.findings + company.findings
        if let problem = reader.rolesFolderFinding(holdsNoRoleFile: roleFiles.isEmpty) { findings.append(problem) }
        for name in namesWithFindings.sorted() { findings += roleFiles[name]!.findings }
        let charters = CharterSet(company: company.value, schema: schemaInForce, roles: roles, unreadableRoles: unreadableRoles)
        return try ValidationReport(charters: charters, findings: findings.sorted(by: Finding.readingOrder))
            .addingBoundaryFindings(index, imports: imports)
    }

    /// Replaces what the role file `name` gave (`old`) with what it gives now (`new`); nil when the tree does not hold it.
    private mutating func replace(_ name: String, _ old: FileReader.RoleResult?, with new: FileReader.RoleResult?) {
        namesWithFindings.remove(name)
        if let role = old?.value {
            roles.remove(at: position(of: role.id))
        } else if let stem = old?.stem {
            unreadableRoles.remove(stem)
        }
        index.replace(old?.value, with: new?.value)
        guard let new else { return }
        roleFiles[name] = new
        if !new.findings.isEmpty { namesWithFindings.insert(name) }
        if let role = new.value {
            roles.insert(role, at: position(of: role.id))
        } else if let stem = new.stem {
            unreadableRoles.insert(stem)
        }
    }

    /// Where the role with this id is, or would be, in `roles`.
    private func position(of id: String) -> Int {
        var low = 0, high = roles.count
        while low < high {
            let middle = (low + high) / 2
            if roles[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func differ(_ before: CharterTree, _ after: CharterTree, at path: String) -> Bool {
        before.entries[path] != after.entries[path]
    }

    /// The names in roles/ whose entries differ between two trees: added, removed or changed.
    private static func changedRoleFiles(from before: CharterTree, to after: CharterTree) -> [String] {
        let prefix = CharterTree.rolesPath + "/"
        var changed: [String] = []
        for (path, entry) in after.entries where before.entries[path] != entry && path.hasPrefix(prefix) {
            changed.append(String(path.dropFirst(prefix.count)))
        }
        for path in before.entries.keys where after.entries[path] == nil && path.hasPrefix(prefix) {
            changed.append(String(path.dropFirst(prefix.count)))
        }
        return changed
    }
}
