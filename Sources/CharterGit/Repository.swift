import CLibGit2
import CharterCore

/// A git repository opened through libgit2. Owns the `git_repository` handle.
public final class Repository {
    let pointer: OpaquePointer

    private init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { git_repository_free(pointer) }

    /// Opens the repository containing `path`, searching parent folders as git does.
    public static func open(discoveringFrom path: String) throws(RepositoryError) -> Repository {
        Git.start()
        var pointer: OpaquePointer?
        let rc = git_repository_open_ext(&pointer, path, 0, nil)
        if rc == GIT_ENOTFOUND.rawValue { throw .notARepository(path: path) }
        do { try Git.check(rc, "open the repository at \(path)") } catch { throw .git(error) }
        let repository = Repository(owning: pointer!)
        guard repository.workingDirectory != nil else { throw .bareRepository(path: path) }
        return repository
    }

    /// Creates a new repository (and its folder) whose unborn branch is `initialBranch`.
    public static func create(at path: String, initialBranch: String) throws(RepositoryError) -> Repository {
        Git.start()
        var options = git_repository_init_options()
        var pointer: OpaquePointer?
        let rc = initialBranch.withCString { branch in
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION))
            options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
            options.initial_head = branch
            return git_repository_init_ext(&pointer, path, &options)
        }
        do { try Git.check(rc, "create a repository at \(path)") } catch { throw .git(error) }
        return Repository(owning: pointer!)
    }

    /// The default branch name for new repositories: `init.defaultBranch`, else `main`.
    public static func defaultBranchName() -> String {
        let name = Config.defaults()?.string("init.defaultBranch") ?? ""
        return name.isEmpty ? "main" : name
    }

    /// The work tree's root folder, with a trailing slash; nil for a bare repository.
    public var workingDirectory: String? {
        git_repository_workdir(pointer).map { String(cString: $0) }
    }

    /// The `.git` folder, with a trailing slash.
    public var gitDirectory: String { String(cString: git_repository_path(pointer)) }

    // MARK: - Revisions

    /// Resolves a revision as git does (`HEAD~2`, a tag, a short id, a branch) to a commit.
    public func commit(for revision: String) throws(RepositoryError) -> ObjectID {
        var object: OpaquePointer?
        let rc = git_revparse_single(&object, pointer, revision)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EAMBIGUOUS.rawValue || rc == GIT_EINVALIDSPEC.rawValue {
            throw .revisionNotFound(revision)
        }
        do { try Git.check(rc, "resolve '\(revision)'") } catch { throw .git(error) }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        guard git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0, let commit else {
            throw .notACommit(revision)
        }
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit))
    }

    /// Where HEAD points: a branch (possibly still unborn) or a detached commit.
    public enum Head: Equatable {
        case branch(name: String, commit: ObjectID?)
        case detached(ObjectID)

        public var commit: ObjectID? {
            switch self {
            case .branch(_, let commit): commit
            case .detached(let commit): commit
            }
        }
    }

    public func head() throws(RepositoryError) -> Head {
        var reference: OpaquePointer?
        do { try Git.check(git_reference_lookup(&reference, pointer, "HEAD"), "read HEAD") } catch { throw .git(error) }
        defer { git_reference_free(reference) }
        if git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC {
            let branch = String(cString: git_reference_symbolic_target(reference))
            var id = git_oid()
            let rc = git_reference_name_to_id(&id, pointer, branch)
            if rc == GIT_ENOTFOUND.rawValue { return .branch(name: branch, commit: nil) }
            do { try Git.check(rc, "resolve \(branch)") } catch { throw .git(error) }
            return .branch(name: branch, commit: ObjectID(id))
        }
        guard let target = git_reference_target(reference) else {
            throw .git(GitError(code: -1, operation: "read HEAD", message: "HEAD has no target"))
        }
        return .detached(ObjectID(target))
    }

    // MARK: - Reading charters from a revision

    /// The charter files of a commit, read from the object database. Blobs over the size limit
    /// are reported by size without being loaded.
    public func charterTree(at commitID: ObjectID, limits: InputLimits = .standard) throws(RepositoryError) -> CharterTree {
        do {
            let root = try Commit(commitID, in: self).tree()
            var tree = CharterTree()
            for path in [CharterTree.companyPath, CharterTree.schemaPath, CharterTree.rolesPath] {
                guard let entry = root.entry(named: path) else { continue }
                tree.entries[path] = try charterEntry(entry, limits: limits)
                if entry.mode == GIT_FILEMODE_TREE, path == CharterTree.rolesPath {
                    for child in try Tree(entry.id, in: self).entries {
                        tree.entries[path + "/" + child.name] = try charterEntry(child, limits: limits)
                    }
                }
            }
            return tree
        } catch {
            throw .git(error)
        }
    }

    private func charterEntry(_ entry: Tree.Entry, limits: InputLimits) throws(GitError) -> CharterTree.Entry {
        switch entry.mode {
        case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE:
            let size = try blobSize(entry.id)
            return size > limits.maxBytes ? .oversized(size) : .file(try blobContent(entry.id))
        case GIT_FILEMODE_LINK: return .symlink
        case GIT_FILEMODE_TREE: return .directory
        default: return .other
        }
    }

    /// The size of a blob from its header, without inflating it.
    func blobSize(_ id: ObjectID) throws(GitError) -> Int {
        var odb: OpaquePointer?
        try Git.check(git_repository_odb(&odb, pointer), "open the object database")
        defer { git_odb_free(odb) }
        var size = 0
        var type = GIT_OBJECT_ANY
        var raw = id.raw
        try Git.check(git_odb_read_header(&size, &type, odb, &raw), "read object \(id)")
        return size
    }

    func blobContent(_ id: ObjectID) throws(GitError) -> [UInt8] {
        var blob: OpaquePointer?
        var raw = id.raw
        try Git.check(git_blob_lookup(&blob, pointer, &raw), "read blob \(id)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }
}
