/// The charter files named after `--`, as git separates paths from revisions (`charter log -- roles/cto.yaml`),
/// and the changes they keep: a role's file keeps the changes that concern the role (as `--role`), `roles/`
/// those that concern any role, `charter.yaml` and `schema.yaml` those that concern no role (the schema in
/// force and its rules), the charter folder itself everything.
public struct PathFilter: Sendable, Equatable {
    /// What one path names.
    public enum Target: Sendable, Equatable {
        /// The charter folder: every change.
        case everything
        /// `roles/`: every change that concerns a role.
        case allRoles
        /// `roles/<id>.yaml`.
        case role(String)
        /// `charter.yaml` or `schema.yaml`: the changes that concern no role.
        case repositoryWide
    }

    /// A path that names no charter file, or names one outside the charter folder.
    public struct NotACharterPath: Error, Equatable, Sendable, CustomStringConvertible {
        public var path: String
        public init(path: String) { self.path = path }
        public var description: String {
            "-- \(path): not a charter file; after --, give role files (\(CharterTree.rolesPath)/<id>.yaml), "
                + "\(CharterTree.rolesPath)/, \(CharterTree.companyPath) or \(CharterTree.schemaPath)"
        }
    }

    /// The paths given, as written, each with what it names.
    public var targets: [(path: String, target: Target)]

    public static func == (lhs: PathFilter, rhs: PathFilter) -> Bool {
        lhs.targets.map(\.path) == rhs.targets.map(\.path) && lhs.targets.map(\.target) == rhs.targets.map(\.target)
    }

    /// `paths` as given, each with its form relative to the charter folder (`nil` when it lies outside).
    public init(_ paths: [(given: String, relative: String?)]) throws(NotACharterPath) {
        targets = []
        for (given, relative) in paths {
            guard let relative, let target = Self.target(relative) else { throw NotACharterPath(path: given) }
            targets.append((given, target))
        }
    }

    /// What a path relative to the charter folder names: `roles/cto.yaml`, `./roles/`, `roles//cto.yaml`.
    public static func target(_ relative: String) -> Target? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        switch parts.count {
        case 0: return .everything
        case 1 where parts[0] == CharterTree.rolesPath: return .allRoles
        case 1 where parts[0] == CharterTree.companyPath || parts[0] == CharterTree.schemaPath: return .repositoryWide
        case 2 where parts[0] == CharterTree.rolesPath && parts[1].hasSuffix(".yaml") && parts[1].count > 5
            && !CharterTree.isIgnoredRoleEntry(String(parts[1])):
            return .role(String(parts[1].dropLast(5)))
        default: return nil
        }
    }

    /// The roles the paths name by their files, with the path that names each.
    public var roles: [(path: String, role: String)] {
        targets.compactMap { path, target in
            if case .role(let id) = target { (path, id) } else { nil }
        }
    }

    /// Whether the paths keep `change`; `roles` are the roles named by file, with those they continue at
    /// that point of the history (as `charter log --role` follows a role's lineage).
    public func keeps(_ change: BoundaryChange, roles: Set<String>) -> Bool {
        targets.contains { _, target in
            switch target {
            case .everything: true
            case .allRoles: !change.roles.isEmpty
            case .role: change.roles.contains(where: roles.contains)
            case .repositoryWide: change.roles.isEmpty
            }
        }
    }

    /// Whether the paths keep the charter file `file` (a repository path), one that could not be read.
    public func keeps(file: String, roles: Set<String>) -> Bool {
        targets.contains { _, target in
            switch target {
            case .everything: true
            case .allRoles: file.hasPrefix(CharterTree.rolesPath + "/")
            case .role: roles.contains { file == CharterTree.roleFile($0) }
            case .repositoryWide: !file.hasPrefix(CharterTree.rolesPath + "/")
            }
        }
    }
}
