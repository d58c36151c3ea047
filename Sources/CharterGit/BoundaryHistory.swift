import CLibGit2
import CharterCore

/// One commit of the history with the boundary changes it made against its first parent.
public struct BoundaryStep {
    public var revision: CharterRevision
    public var message: CommitMessage
    public var changes: [BoundaryChange]

    public var info: CommitInfo { revision.info }
}

extension Repository {
    /// Walks the history from `start`, newest first (or oldest first), with each commit's boundary changes. Only the
    /// role files a commit changed are read and compared, each distinct blob decoded once through `cache`.
    /// `needsChanges` can spare the diff of commits the caller will not show: they come with no changes.
    public func walkBoundaryHistory(from start: ObjectID, firstParent: Bool = true, oldestFirst: Bool = false,
                                    cache: DecodeCache, needsChanges: (CharterRevision) -> Bool = { _ in true },
                                    _ body: (BoundaryStep) throws -> Bool) throws {
        try walkBoundaryHistory(from: [start], firstParent: firstParent, oldestFirst: oldestFirst, cache: cache,
                                needsChanges: needsChanges, body)
    }

    /// The history reachable from any of `starts`, as above.
    public func walkBoundaryHistory(from starts: [ObjectID], firstParent: Bool = true, oldestFirst: Bool = false,
                                    cache: DecodeCache, needsChanges: (CharterRevision) -> Bool = { _ in true },
                                    _ body: (BoundaryStep) throws -> Bool) throws {
        try walkCharterHistory(from: starts, firstParent: firstParent, oldestFirst: oldestFirst) { revision in
            let message = CommitMessage(parsing: revision.info.message)
            guard revision.touchesCharters, needsChanges(revision) else {
                return try body(BoundaryStep(revision: revision, message: message, changes: []))
            }
            return try body(BoundaryStep(revision: revision, message: message, changes: try changes(in: revision, cache: cache)))
        }
    }

    /// The boundary changes of one revision against its first parent.
    public func changes(in revision: CharterRevision, cache: DecodeCache) throws -> [BoundaryChange] {
        let files = revision.roleFilesToCompare
        let before = try revision.parentTree.map { try CharterValidator.load($0, roleFiles: files, cache: cache, read: readBlob) }
            ?? .empty
        let after = try CharterValidator.load(revision.tree, roleFiles: files, cache: cache, read: readBlob)
        return BoundaryDiff.changes(from: before.charters, to: after.charters)
    }
}

extension Repository {
    /// The role files whose content differs between two charter trees (a commit's, or the work tree's),
    /// compared by blob id; nil when every role must be compared (the schema or roles/ itself differs).
    public static func changedRoleFiles(_ before: CharterTree, _ after: CharterTree) -> Set<String>? {
        guard identity(before.entries[CharterTree.schemaPath]) == identity(after.entries[CharterTree.schemaPath]),
              before.entries[CharterTree.rolesPath] == after.entries[CharterTree.rolesPath] else { return nil }
        let names = Set(before.roleEntryNames).union(after.roleEntryNames)
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
