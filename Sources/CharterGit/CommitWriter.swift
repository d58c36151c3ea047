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
    /// Set when a merge commit landed but the merge state (MERGE_HEAD) could not be removed.
    public var mergeStateProblem: String?
}

extension Repository {
    /// Commits the charter files of `tree` (charter.yaml, schema.yaml, charter.schema.json when
    /// present, and the role files in roles/) on top of HEAD, leaving every other file of HEAD's
    /// tree as it was. Objects are written first; the branch then moves by compare-and-swap, so a
    /// commit made by someone else in between is never overwritten (`branchMoved`); the index is
    /// updated last, so `git status` is clean afterwards.
    ///
    /// During a merge (`pendingMerge`) the commit concludes it as `git commit` does: its tree is the
    /// index with the charter files staged in place of their conflicts (so what the merge brought
    /// to other files is kept), its parents are HEAD and every commit of MERGE_HEAD, and the merge
    /// state is removed once the branch has moved (`endMerge`). During any other operation
    /// in progress, or with conflict markers left, nothing is written.
    public func commitCharters(_ tree: CharterTree, message: String, author: Identity, committer: Identity)
        throws(RepositoryError) -> CommitResult {
        let indexLock = gitDirectory + "index.lock"
        if FileManager.default.fileExists(atPath: indexLock) { throw .indexLocked(path: indexLock) }
        let merge = try pendingMerge(committing: tree)
        let head = try head()
        do {
            let parent = try head.commit.map { id throws(GitError) in try Commit(id, in: self) }
            let baseline = try parent?.tree()
            // A merge commits the index, staged here and written to disk once the branch has moved.
            let staged = merge == nil ? nil : try Index(of: self)
            var changes = try plannedChanges(tree, baseline: try parent?.charterRoot(followingMoves: false),
                                             indexed: staged?.entries.compactMap { charterFolder.charterPath($0.path) } ?? [])
                .map { $0.inside(charterFolder) }
            if merge == nil, let parent { changes += try removingMovedCharters(of: parent) }
            let newTree: ObjectID
            if let staged {
                try staged.apply(changes)
                newTree = try staged.writeTree()
            } else {
                newTree = try updatedTree(baseline, with: changes)
                guard newTree != baseline?.id else { throw RepositoryError.nothingToCommit }
            }

            let merged = try (merge?.heads ?? []).map { id throws(GitError) in try Commit(id, in: self) }
            let commitID = try writeCommit(tree: newTree, parents: (parent.map { [$0] } ?? []) + merged, message: message,
                                           author: author, committer: committer)
            let subject = message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let kind = merge != nil ? "commit (merge): " : parent == nil ? "commit (initial): " : "commit: "
            let branch = try moveHead(head, to: commitID, reflog: kind + subject)
            // The commit has landed: a failure from here on is reported, not thrown.
            var result = CommitResult(commit: commitID, parent: parent?.id, branch: branch,
                                      files: fileChanges(changes, baseline: baseline))
            do {
                if let staged { try staged.write() } else { try updateIndex(with: changes) }
            } catch {
                result.indexProblem = error.description
            }
            if merge != nil {
                do { try endMerge() } catch { result.mergeStateProblem = error.description }
            }
            return result
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

        /// The change with its path, a path inside the charter folder, made a repository path.
        func inside(_ folder: CharterFolder) -> Change {
            switch self {
            case .upsert(let path, let blob): .upsert(path: folder.repositoryPath(path), blob: blob)
            case .remove(let path): .remove(path: folder.repositoryPath(path))
            }
        }
    }

    /// Blobs written for every charter file of the work tree; removals for those it no longer has,
    /// whether HEAD's charter folder (`baseline`) or the index (the paths `indexed`, during a merge)
    /// holds them. Paths are inside the charter folder.
    private func plannedChanges(_ tree: CharterTree, baseline: Tree?, indexed: [String]) throws(GitError) -> [Change] {
        let indexed = Set(indexed.filter(CharterTree.isCharterPath))
        var changes: [Change] = []
        for path in [CharterTree.companyPath, CharterTree.schemaPath, CharterTree.jsonSchemaPath] {
            switch tree.entries[path] {
            case .file(let bytes)?:
                changes.append(.upsert(path: path, blob: try writeBlob(bytes)))
            case nil where baseline?.entry(named: path) != nil || indexed.contains(path):
                changes.append(.remove(path: path))
            default:
                break  // not a plain file: validation reports it for charter files; HEAD's version stays
            }
        }
        var kept: Set<String> = []
        for name in tree.roleEntryNames where CharterTree.isCharterPath(CharterTree.rolesPath + "/" + name) {
            guard case .file(let bytes)? = tree.entries[CharterTree.rolesPath + "/" + name] else { continue }
            kept.insert(name)
            changes.append(.upsert(path: CharterTree.rolesPath + "/" + name, blob: try writeBlob(bytes)))
        }
        var removed: Set<String> = []
        if let roles = baseline?.entry(named: CharterTree.rolesPath), roles.mode == GIT_FILEMODE_TREE {
            removed = Set(try Tree(roles.id, in: self).entries.map(\.name))
        }
        removed.formUnion(indexed.filter { $0.hasPrefix(CharterTree.rolesPath + "/") }.map { String($0.dropFirst(CharterTree.rolesPath.count + 1)) })
        // Hidden entries (a `.gitkeep`) and leftovers are not charter's: they stay as they are.
        for name in removed.subtracting(kept).sorted() where CharterTree.isCharterPath(CharterTree.rolesPath + "/" + name) {
            changes.append(.remove(path: CharterTree.rolesPath + "/" + name))
        }
        return changes
    }

    /// When HEAD holds its charters in another folder and the work tree no longer has them there (the
    /// folder was moved, and charter commits it where it now is): removals of the charter files left
    /// there, so that the commit moves them rather than copies them.
    private func removingMovedCharters(of head: Commit) throws(GitError) -> [Change] {
        guard let moved = try head.movedCharterFolder(), let root = workingDirectory,
              !FileManager.default.fileExists(atPath: root + moved.repositoryPath(CharterTree.companyPath)) else { return [] }
        let folder = try head.charterRoot(in: moved, followingMoves: false)
        let old = try charterTree(root: folder)
        let jsonSchema = folder.entry(named: CharterTree.jsonSchemaPath) == nil ? [] : [CharterTree.jsonSchemaPath]
        return (old.entries.keys.filter { $0 != CharterTree.rolesPath && CharterTree.isCharterPath($0) } + jsonSchema).sorted()
            .map { Change.remove(path: moved.repositoryPath($0)) }
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

    /// Writes a commit of `tree` with `parents`, after checking both identities (`Identity.checked`,
    /// `GitTime.writableRange`).
    func writeCommit(tree treeID: ObjectID, parents: [Commit], message: String,
                     author: Identity, committer: Identity) throws(RepositoryError) -> ObjectID {
        let authorLine: [UInt8], committerLine: [UInt8]
        do {
            authorLine = try author.signatureLine(as: "author")
            committerLine = try committer.signatureLine(as: "committer")
        } catch {
            throw .invalidIdentity(error)
        }
        do {
            return try writeCommit(tree: treeID, parents: parents.map(\.id), author: authorLine, committer: committerLine, message: message)
        } catch {
            throw .git(error)
        }
    }

    /// Writes a commit object composed here, as git lays one out; `author` and `committer` are the
    /// header values (`Name <email> seconds ±hhmm`), written byte for byte. libgit2 1.5's
    /// `git_commit_create` prints the seconds through a 32-bit `unsigned`, storing a date past
    /// 2106 or before 1970 as a different one (year 5138 as 2008), so it is not used.
    func writeCommit(tree: ObjectID, parents: [ObjectID], author: [UInt8], committer: [UInt8],
                     message: String) throws(GitError) -> ObjectID {
        guard !author.contains(where: { $0 == 0 || $0 == 10 }), !committer.contains(where: { $0 == 0 || $0 == 10 }),
              !message.utf8.contains(0) else {
            throw GitError(code: GIT_EINVALID.rawValue, operation: "write the commit",
                           message: "a NUL or line break in a header, or a NUL in the message")
        }
        _ = try Tree(tree, in: self)  // the tree exists, as git_commit_create would check
        var object = Array("tree \(tree)\n".utf8)
        for parent in parents { object += Array("parent \(parent)\n".utf8) }
        object += Array("author ".utf8) + author + [10] + Array("committer ".utf8) + committer + [10]
        object += Array("encoding UTF-8\n\n".utf8) + Array(message.utf8)
        let database = try objectDatabase()
        var id = git_oid()
        let rc = object.withUnsafeBytes { git_odb_write(&id, database, $0.baseAddress, $0.count, GIT_OBJECT_COMMIT) }
        try Git.check(rc, "write the commit")
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
        try index.apply(changes)
        try index.write()
    }
}

extension Index {
    /// Stages `changes` in memory: each file in place of its conflict entries, each removal with them.
    func apply(_ changes: [Repository.Change]) throws(GitError) {
        for change in changes {
            switch change {
            case .upsert(let path, let blob): try stage(path, blob: blob)
            case .remove(let path): try unstage(path)
            }
        }
    }
}
