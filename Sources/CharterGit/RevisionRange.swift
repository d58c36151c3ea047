import CLibGit2

/// One revision argument as git reads it (`git rev-parse`, `git rev-list`).
public enum RevisionArgument: Equatable, Sendable {
    /// `REV`: a commit and its history.
    case commit(ObjectID)
    /// `^REV`: a commit whose history is left out.
    case excluded(ObjectID)
    /// `A..B`: B's commits not reachable from A; either side left out is HEAD.
    case range(from: ObjectID, to: ObjectID)
    /// `A...B`: the commits of either side not reachable from their merge bases (several after
    /// criss-cross merges, none for unrelated histories); either side left out is HEAD.
    case symmetric(ObjectID, ObjectID, mergeBases: [ObjectID])
}

/// The commits a list of revision arguments selects, as `git rev-list` combines them: those reachable
/// from a tip and from no hidden commit. `A..B` is `B ^A`; `A...B` is `A B` less their merge bases.
public struct RevisionRange: Equatable, Sendable {
    /// Where the walk starts.
    public var tips: [ObjectID]
    /// The commits whose history is left out.
    public var hidden: [ObjectID]

    public init(tips: [ObjectID], hidden: [ObjectID] = []) {
        self.tips = tips
        self.hidden = hidden
    }

    /// Adds what one argument selects or leaves out; a commit named twice is kept once.
    mutating func add(_ argument: RevisionArgument) {
        let (tips, hidden): ([ObjectID], [ObjectID]) = switch argument {
        case .commit(let id): ([id], [])
        case .excluded(let id): ([], [id])
        case .range(let from, let to): ([to], [from])
        case .symmetric(let one, let two, let bases): ([one, two], bases)
        }
        self.tips += tips.filter { !self.tips.contains($0) }
        self.hidden += hidden.filter { !self.hidden.contains($0) }
    }
}

extension Repository {
    /// Reads one revision argument: `REV` (`HEAD~2`, a tag, a short id, a branch), `^REV`, `A..B` or
    /// `A...B`. An argument that does not parse or names nothing is `revisionNotFound`, named whole, as
    /// git names it; one that names something other than a commit is `notACommit`.
    public func revisionArgument(_ argument: String) throws(RepositoryError) -> RevisionArgument {
        if argument.hasPrefix("^") { return .excluded(try commit(for: String(argument.dropFirst()))) }
        var spec = git_revspec()
        let rc = git_revparse(&spec, pointer, argument)
        // libgit2 does not say which side of a range it could not resolve: resolving each alone names it.
        if rc < 0 { for side in Self.rangeSides(argument) { _ = try commit(for: side) } }
        try checkRevision(rc, argument)
        defer {
            git_object_free(spec.from)
            git_object_free(spec.to)
        }
        let from = try peeledCommit(spec.from, argument)
        guard spec.flags & GIT_REVSPEC_RANGE.rawValue != 0 else { return .commit(from) }
        let to = try peeledCommit(spec.to, argument)
        guard spec.flags & GIT_REVSPEC_MERGE_BASE.rawValue != 0 else { return .range(from: from, to: to) }
        return .symmetric(from, to, mergeBases: try mergeBases(from, to))
    }

    /// The two sides of `A..B` or `A...B`, an empty side being HEAD; none for anything else.
    private static func rangeSides(_ argument: String) -> [String] {
        for separator in ["...", ".."] {
            let sides = argument.components(separatedBy: separator)
            if sides.count == 2 { return sides.map { $0.isEmpty ? "HEAD" : $0 } }
        }
        return []
    }

    /// Reads revision arguments and combines them as `git rev-list` does; no argument at all is HEAD.
    public func revisionRange(_ arguments: [String]) throws(RepositoryError) -> RevisionRange {
        var range = RevisionRange(tips: [])
        for argument in arguments.isEmpty ? ["HEAD"] : arguments { range.add(try revisionArgument(argument)) }
        if let tip = range.tips.first { settleCharterFolder(at: tip) }
        return range
    }

    /// The commits of `range`, newest first, as `git rev-list` lists them.
    public func commits(in range: RevisionRange) throws(GitError) -> [ObjectID] {
        try RevisionWalk(self, from: range.tips, hiding: range.hidden, firstParent: false).all()
    }
}

extension Repository {
    /// What a branch is reviewed against when no range is given: the upstream of HEAD's branch (as
    /// `git rev-parse @{upstream}` finds it), else the local `main`, else `master`; nil when there is
    /// none of them.
    public func reviewBase() throws(RepositoryError) -> (name: String, commit: ObjectID)? {
        if case .branch(let branch, _) = try head() {
            var local: OpaquePointer?, upstream: OpaquePointer?
            defer { git_reference_free(local); git_reference_free(upstream) }
            if git_reference_lookup(&local, pointer, branch) == 0, git_branch_upstream(&upstream, local) == 0,
               let target = git_reference_target(upstream) {
                return (String(cString: git_reference_shorthand(upstream)), ObjectID(target.pointee))
            }
        }
        for name in ["main", "master"] {
            var id = git_oid()
            if git_reference_name_to_id(&id, pointer, "refs/heads/\(name)") == 0 { return (name, ObjectID(id)) }
        }
        return nil
    }
}
