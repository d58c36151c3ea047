import CLibGit2
import CharterCore

/// A git command that stopped half-way and waits for the user to continue or abort it, as the
/// files it leaves in `.git` tell (MERGE_HEAD, CHERRY_PICK_HEAD, rebase-merge/, BISECT_LOG...).
public enum OperationInProgress: Equatable, Sendable, CustomStringConvertible {
    case merge, revert, cherryPick, rebase, applyMailbox, rebaseOrApplyMailbox, bisect

    /// What is in progress, as a sentence names it: "a cherry-pick".
    public var description: String {
        switch self {
        case .merge: "a merge"
        case .revert: "a revert"
        case .cherryPick: "a cherry-pick"
        case .rebase: "a rebase"
        case .applyMailbox: "`git am`"
        case .rebaseOrApplyMailbox: "a rebase or `git am`"
        case .bisect: "a bisect"
        }
    }

    /// The git commands that continue it and that abort it.
    public var howToEnd: String {
        switch self {
        case .merge: "conclude it with `charter commit` once its conflicts are resolved, or abort it with `git merge --abort`"
        case .revert: "finish it with `git revert --continue` or abort it with `git revert --abort`"
        case .cherryPick: "finish it with `git cherry-pick --continue` or abort it with `git cherry-pick --abort`"
        case .rebase: "finish it with `git rebase --continue` or abort it with `git rebase --abort`"
        case .applyMailbox: "finish it with `git am --continue` or abort it with `git am --abort`"
        case .rebaseOrApplyMailbox:
            "finish it with `git rebase --continue` (or `git am --continue`), or abort it with `git rebase --abort` (or `git am --abort`)"
        case .bisect: "continue it with `git bisect good` or `git bisect bad`, or end it with `git bisect reset`"
        }
    }
}

/// A `git merge` that stopped before its commit (on conflicts, or with `--no-commit`): the merge
/// `charter commit` concludes.
public struct MergeInProgress: Equatable, Sendable {
    /// The commits being merged into HEAD, in MERGE_HEAD's order.
    public var heads: [ObjectID]
    /// git's prepared message (MERGE_MSG) as git wrote it, comment lines included; nil when there is none.
    public var preparedMessage: String?
}

extension Repository {
    /// The operation in progress, or nil when git is between commands.
    public var operationInProgress: OperationInProgress? {
        switch git_repository_state_t(UInt32(bitPattern: git_repository_state(pointer))) {
        case GIT_REPOSITORY_STATE_MERGE: .merge
        case GIT_REPOSITORY_STATE_REVERT, GIT_REPOSITORY_STATE_REVERT_SEQUENCE: .revert
        case GIT_REPOSITORY_STATE_CHERRYPICK, GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: .cherryPick
        case GIT_REPOSITORY_STATE_REBASE, GIT_REPOSITORY_STATE_REBASE_INTERACTIVE, GIT_REPOSITORY_STATE_REBASE_MERGE: .rebase
        case GIT_REPOSITORY_STATE_APPLY_MAILBOX: .applyMailbox
        case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE: .rebaseOrApplyMailbox
        case GIT_REPOSITORY_STATE_BISECT: .bisect
        default: nil
        }
    }

    /// What a commit of the work tree's charters `tree` concludes: the merge in progress, or nil
    /// for an ordinary commit. Refuses, before anything is written, while any other operation is
    /// in progress, while a charter file still holds conflict markers, and during a merge whose
    /// other files are not all resolved: charter commits only the charter files, so it cannot
    /// resolve them.
    public func pendingMerge(committing tree: CharterTree) throws(RepositoryError) -> MergeInProgress? {
        let operation = operationInProgress
        if let operation, operation != .merge { throw .operationInProgress(operation) }
        let marked = tree.filesWithConflictMarkers
        guard marked.isEmpty else { throw .conflictMarkers(paths: marked) }
        guard operation == .merge else { return nil }
        let index: Index
        do { index = try Index(of: self) } catch { throw .git(error) }
        let unmerged = index.conflictedPaths.filter { !(charterFolder.charterPath($0).map(CharterTree.isCharterPath) ?? false) }
        guard unmerged.isEmpty else { throw .unmergedPaths(unmerged) }
        do { return MergeInProgress(heads: try mergeHeads(), preparedMessage: try preparedMessage()) } catch { throw .git(error) }
    }

    /// The commits a merge in progress joins to HEAD (MERGE_HEAD), in order; none when no merge is in progress.
    public var mergeHeadsInProgress: [ObjectID] {
        guard operationInProgress == .merge else { return [] }
        return (try? mergeHeads()) ?? []
    }

    /// The commits MERGE_HEAD names, in order.
    private func mergeHeads() throws(GitError) -> [ObjectID] {
        var heads: [ObjectID] = []
        let rc = withUnsafeMutablePointer(to: &heads) { heads in
            git_repository_mergehead_foreach(pointer, { id, payload in
                guard let id, let payload else { return -1 }
                payload.assumingMemoryBound(to: [ObjectID].self).pointee.append(ObjectID(id))
                return 0
            }, heads)
        }
        try Git.check(rc, "read MERGE_HEAD")
        return heads
    }

    /// MERGE_MSG, as git wrote it; nil when there is none.
    private func preparedMessage() throws(GitError) -> String? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let rc = git_repository_message(&buffer, pointer)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try Git.check(rc, "read MERGE_MSG")
        guard let text = buffer.ptr else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: buffer.size), as: UTF8.self)
    }

    /// Ends the merge in progress as git does after its commit: MERGE_HEAD, MERGE_MSG and
    /// MERGE_MODE are removed, and AUTO_MERGE, the tree git wrote with the conflicts (git 2.30+).
    func endMerge() throws(GitError) {
        try Git.check(git_repository_state_cleanup(pointer), "end the merge (remove MERGE_HEAD)")
        let rc = git_reference_remove(pointer, "AUTO_MERGE")
        if rc != GIT_ENOTFOUND.rawValue { try Git.check(rc, "remove AUTO_MERGE") }
    }
}
