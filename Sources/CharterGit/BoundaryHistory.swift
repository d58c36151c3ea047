import CharterCore

/// One commit of the history with the boundary changes it made against its first parent.
public struct BoundaryStep {
    public var revision: CharterRevision
    public var message: CommitMessage
    public var changes: [BoundaryChange]

    public var info: CommitInfo { revision.info }
}

extension Repository {
    /// Walks the history from `start`, newest first, with each commit's boundary changes. Only the
    /// role files a commit changed are read and compared, each distinct blob decoded once through `cache`.
    public func walkBoundaryHistory(from start: ObjectID, firstParent: Bool = true, cache: DecodeCache,
                                    _ body: (BoundaryStep) throws -> Bool) throws {
        try walkCharterHistory(from: start, firstParent: firstParent) { revision in
            let message = CommitMessage(parsing: revision.info.message)
            guard revision.touchesCharters else {
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
