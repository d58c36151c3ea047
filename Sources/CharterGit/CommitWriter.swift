import CLibGit2
import CharterCore
import Foundation

/// What `commitCharters` recorded.
public struct CommitResult: Sendable {
    public enum FileChange: String, Sendable {
        case added, modified, deleted
    }

    public var commit: ObjectID
    public var parent: ObjectID?
    /// The branch that moved (`refs/heads/main`), or nil for a detached HEAD.
    public var branch: String?
    /// The files the commit changed, by path.
    public var files: [(path: String, change: FileChange)]
    /// Set when the commit landed but the index could not be updated (another process held its lock).
    public var indexProblem: String?
}

extension Repository {
    /// Commits the charter files of `tree` (charter.yaml, schema.yaml, charter.schema.json when
    /// present, and the role files in roles/) on top of HEAD, leaving every other file of HEAD's
    /// tree as it was. Objects are written first; the branch then moves by compare-and-swap, so a
    /// commit made by someone else in between is never overwritten (`branchMoved`); the index is
    /// updated last, so `git status` is clean afterwards.
    public func commitCharters(_ tree: CharterTree, message: String, author: Identity, committer: Identity)
        throws(RepositoryError) -> CommitResult {
        let indexLock = gitDirectory + "index.lock"
        if FileManager.default.fileExists(atPath: indexLock) { throw .indexLocked(path: indexLock) }
        let head = try head()
        do {
            let parent = try head.commit.map { id throws(GitError) in try Commit(id, in: self) }
            let baseline = try parent?.tree()
            let changes = try plannedChanges(tree, baseline: baseline)
            let newTree = try updatedTree(baseline, with: changes)
            guard newTree != baseline?.id else { throw RepositoryError.nothingToCommit }

            let commitID = try writeCommit(tree: newTree, parents: parent.map { [$0] } ?? [], message: message,
                                           author: author, committer: committer)
            let subject = message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let branch = try moveHead(head, to: commitID, reflog: (parent == nil ? "commit (initial): " : "commit: ") + subject)
            // The commit has landed: a failure from here on is reported, not thrown.
            var indexProblem: String?
            do { try updateIndex(with: changes) } catch { indexProblem = error.description }
            return CommitResult(commit: commitID, parent: parent?.id, branch: branch,
                                files: fileChanges(changes, baseline: baseline), indexProblem: indexProblem)
        } catch let error as RepositoryError {
            throw error
        } catch let error as GitError {
            throw .git(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    // MARK: - Steps

    enum Change {
        case upsert(path: String, blob: ObjectID)
        case remove(path: String)
    }

    /// Blobs written for every charter file of the work tree; removals for those it no longer has.
    private func plannedChanges(_ tree: CharterTree, baseline: Tree?) throws(GitError) -> [Change] {
        var changes: [Change] = []
        for path in [CharterTree.companyPath, CharterTree.schemaPath, CharterTree.jsonSchemaPath] {
            switch tree.entries[path] {
            case .file(let bytes)?:
                changes.append(.upsert(path: path, blob: try writeBlob(bytes)))
            case nil where baseline?.entry(named: path) != nil:
                changes.append(.remove(path: path))
            default:
                break  // not a plain file: validation reports it for charter files; HEAD's version stays
            }
        }
        var kept: Set<String> = []
        for name in tree.roleEntryNames where !CharterTree.isIgnoredRoleEntry(name) {
            guard case .file(let bytes)? = tree.entries[CharterTree.rolesPath + "/" + name] else { continue }
            kept.insert(name)
            changes.append(.upsert(path: CharterTree.rolesPath + "/" + name, blob: try writeBlob(bytes)))
        }
        if let roles = baseline?.entry(named: CharterTree.rolesPath), roles.mode == GIT_FILEMODE_TREE {
            for entry in try Tree(roles.id, in: self).entries where !kept.contains(entry.name) {
                changes.append(.remove(path: CharterTree.rolesPath + "/" + entry.name))
            }
        }
        return changes
    }

    private func fileChanges(_ changes: [Change], baseline: Tree?) -> [(path: String, change: CommitResult.FileChange)] {
        changes.compactMap { change -> (path: String, change: CommitResult.FileChange)? in
            switch change {
            case .remove(let path): return (path, .deleted)
            case .upsert(let path, let blob):
                guard let before = baseline?.entry(atPath: path) else { return (path, .added) }
                return before.id == blob && before.mode == GIT_FILEMODE_BLOB ? nil : (path, .modified)
            }
        }.sorted { $0.path < $1.path }
    }

    func writeBlob(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
        var id = git_oid()
        let rc = bytes.withUnsafeBytes { git_blob_create_from_buffer(&id, pointer, $0.baseAddress, $0.count) }
        try Git.check(rc, "write a blob")
        return ObjectID(id)
    }

    func updatedTree(_ baseline: Tree?, with changes: [Change]) throws(GitError) -> ObjectID {
        let paths = changes.map { change -> UnsafeMutablePointer<CChar> in
            switch change {
            case .upsert(let path, _), .remove(let path): strdup(path)
            }
        }
        defer { paths.forEach { free($0) } }
        var updates = zip(changes, paths).map { change, path -> git_tree_update in
            var update = git_tree_update()
            update.path = UnsafePointer(path)
            switch change {
            case .upsert(_, let blob):
                update.action = GIT_TREE_UPDATE_UPSERT
                update.id = blob.raw
                update.filemode = GIT_FILEMODE_BLOB
            case .remove:
                update.action = GIT_TREE_UPDATE_REMOVE
            }
            return update
        }
        var id = git_oid()
        try Git.check(git_tree_create_updated(&id, pointer, baseline?.pointer, updates.count, &updates), "build the new tree")
        return ObjectID(id)
    }

    func writeCommit(tree treeID: ObjectID, parents: [Commit], message: String,
                     author: Identity, committer: Identity) throws(GitError) -> ObjectID {
        let tree = try Tree(treeID, in: self)
        let authorSignature = try Signature(author)
        let committerSignature = try Signature(committer)
        var id = git_oid()
        var parentPointers: [OpaquePointer?] = parents.map(\.pointer)
        try Git.check(git_commit_create(&id, pointer, nil, authorSignature.pointer, committerSignature.pointer, "UTF-8",
                                        message, tree.pointer, parentPointers.count, &parentPointers),
                      "write the commit")
        return ObjectID(id)
    }

    /// Moves HEAD's branch (or a detached HEAD) from the commit it was read at to `commit`,
    /// failing if it has moved since. Returns the branch name.
    func moveHead(_ head: Head, to commit: ObjectID, reflog: String) throws -> String? {
        let name: String
        switch head {
        case .branch(let branch, _): name = branch
        case .detached: name = "HEAD"
        }
        var reference: OpaquePointer?
        var newID = commit.raw
        let rc: Int32
        if var expected = head.commit?.raw {
            rc = git_reference_create_matching(&reference, pointer, name, &newID, 1, &expected, reflog)
        } else {
            rc = git_reference_create(&reference, pointer, name, &newID, 0, reflog)
        }
        git_reference_free(reference)
        if rc == GIT_EMODIFIED.rawValue || rc == GIT_EEXISTS.rawValue { throw RepositoryError.branchMoved(branch: name) }
        if rc == GIT_ELOCKED.rawValue { throw RepositoryError.referenceLocked(reference: name) }
        try Git.check(rc, "move \(name) to \(commit)")
        return name == "HEAD" ? nil : name
    }

    func updateIndex(with changes: [Change]) throws(GitError) {
        let index = try Index(of: self)
        for change in changes {
            switch change {
            case .upsert(let path, let blob): try index.stage(path, blob: blob)
            case .remove(let path): try index.unstage(path)
            }
        }
        try index.write()
    }
}
