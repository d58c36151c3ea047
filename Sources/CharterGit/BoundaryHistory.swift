import CLibGit2
import CharterCore

extension Repository {
    /// The role files whose content differs between two charter trees (a commit's, or the work tree's),
    /// compared by blob id; nil when every role must be compared (the schema or roles/ itself differs).
    /// `candidates`, when given, holds every name that may differ (a walk knows what a commit changed against its parent).
    public static func changedRoleFiles(_ before: CharterTree, _ after: CharterTree, among candidates: Set<String>? = nil) -> Set<String>? {
        guard identity(before.entries[CharterTree.schemaPath]) == identity(after.entries[CharterTree.schemaPath]),
              before.entries[CharterTree.rolesPath] == after.entries[CharterTree.rolesPath] else { return nil }
        let names = candidates ?? Set(before.roleEntryNames).union(after.roleEntryNames)
        return names.filter { identity(before.entries["roles/\($0)"]) != identity(after.entries["roles/\($0)"]) }
    }

    /// What makes two entries the same: the blob id of a file's content, or the kind of anything else.
    static func identity(_ entry: CharterTree.Entry?) -> String? {
        switch entry {
        case .blob(let id)?: id
        case .file(let bytes)?: blobID(of: bytes)
        case nil: nil
        case let other?: "\(other)"
        }
    }

    /// The id git gives a blob with this content, computed without writing it.
    public static func blobID(of bytes: [UInt8]) -> String {
        Git.start()
        var id = git_oid()
        _ = bytes.withUnsafeBytes { git_odb_hash(&id, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        return ObjectID(id).description
    }
}
