import CLibGit2

/// What charter reads of a commit: who, when, what they wrote, and its parents.
public struct CommitInfo: Equatable, Sendable {
    public var id: ObjectID
    /// The parents as history reads them: none for a commit at the boundary of a shallow clone, as git reads it.
    public var parents: [ObjectID]
    public var author: Identity
    public var committer: Identity
    /// The full message, trailers included.
    public var message: String
    /// Whether the commit is at the boundary of a shallow clone (`Repository.shallowBoundary`): its
    /// parents, missing on purpose, are not read, and what it changed cannot be known.
    public var isShallowBoundary = false

    /// The date `--since`, `--until` and `--at` compare: the committer date, as git's own filters
    /// do, so that a rebased or cherry-picked commit is found by when it landed.
    public var filterDate: GitTime { committer.time }

    public var subject: String {
        String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}

extension Commit {
    var info: CommitInfo {
        let boundary = repository.shallowBoundary.contains(id)
        let parents = boundary ? [] : (0..<git_commit_parentcount(pointer)).compactMap { git_commit_parent_id(pointer, $0).map(ObjectID.init) }
        let message = git_commit_message(pointer).map { String(cString: $0) } ?? ""
        return CommitInfo(id: id, parents: parents, author: Self.identity(git_commit_author(pointer)),
                          committer: Self.identity(git_commit_committer(pointer)), message: message, isShallowBoundary: boundary)
    }

    private static func identity(_ signature: UnsafePointer<git_signature>?) -> Identity {
        guard let signature = signature?.pointee else { return Identity(name: "", email: "", time: GitTime(seconds: 0, offsetMinutes: 0)) }
        return Identity(name: signature.name.map { String(cString: $0) } ?? "",
                        email: signature.email.map { String(cString: $0) } ?? "",
                        time: GitTime(seconds: Int64(signature.when.time), offsetMinutes: Int(signature.when.offset)))
    }
}

extension Repository {
    public func commitInfo(_ id: ObjectID) throws(RepositoryError) -> CommitInfo {
        do { return try Commit(id, in: self).info } catch { throw .git(error) }
    }

    /// The best common ancestors of two commits, as `git merge-base --all` finds them: one, several after
    /// criss-cross merges, none for unrelated histories.
    public func mergeBases(_ one: ObjectID, _ two: ObjectID) throws(RepositoryError) -> [ObjectID] {
        if !shallowBoundary.isEmpty {
            do { return try graphMergeBases(one, two) } catch { throw .git(error) }
        }
        var bases = git_oidarray()
        var first = one.raw, second = two.raw
        let rc = git_merge_bases(&bases, pointer, &first, &second)
        if rc == GIT_ENOTFOUND.rawValue { return [] }
        do { try Git.check(rc, "find the merge bases of \(one.short) and \(two.short)") } catch { throw .git(error) }
        defer { git_oidarray_dispose(&bases) }
        return (0..<bases.count).map { ObjectID(bases.ids[$0]) }
    }

    /// The last commit on the first-parent line from `start` whose `filterDate` is at or before `seconds`.
    public func lastCommit(onOrBefore seconds: Int64, from start: ObjectID) throws(RepositoryError) -> ObjectID? {
        var current: ObjectID? = start
        while let id = current {
            let info = try commitInfo(id)
            if info.filterDate.seconds <= seconds { return id }
            current = info.parents.first
        }
        return nil
    }
}
