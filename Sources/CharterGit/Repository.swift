import CLibGit2
import CharterCore
import Foundation

/// A git repository opened through libgit2. Owns the `git_repository` handle.
public final class Repository {
    let pointer: OpaquePointer
    /// The object database handle, once opened; freed with the repository.
    private var odb: OpaquePointer?
    /// Recently built charter trees, by root tree id, newest first.
    private var charterTreeCache: [(id: ObjectID, tree: CharterTree)] = []
    /// The commits at the boundary of a shallow clone, read when the repository is opened: history
    /// reads each as having no parents, as git does. Empty for a complete history.
    public let shallowBoundary: Set<ObjectID>
    /// In a shallow history, the commits charter's own walks have read (`CommitGraph`).
    var commitGraph = CommitGraph()
    /// The walks made to their end, with the commits each listed, in its order: a command that walks
    /// the same history twice (blame: arrivals, then origins) reads its commits once.
    private(set) var completedWalks: [RevisionWalk.Key: [ObjectID]] = [:]

    /// The kinds of whole walk (first-parent or not) whose kept order (`indexedWalk`) this process
    /// served or wrote: a later walk from an older commit leaves it alone (`rememberWalk`).
    var keptWalksUsed: Set<Bool> = []

    func remember(_ walk: RevisionWalk.Key, walked commits: [ObjectID]) {
        // A few walks are kept: a command makes only a few different ones.
        if completedWalks.count >= 4 { completedWalks.removeAll() }
        completedWalks[walk] = commits
    }

    /// Takes ownership of `pointer`, freed when the repository is, or at once when its shallow
    /// boundary cannot be read.
    init(owning pointer: OpaquePointer) throws(GitError) {
        do {
            shallowBoundary = try Self.shallowBoundary(of: pointer)
        } catch {
            git_repository_free(pointer)
            throw error
        }
        self.pointer = pointer
    }

    deinit {
        if let odb { git_odb_free(odb) }
        git_repository_free(pointer)
    }

    /// Opens the repository containing `path`, searching parent folders as git does. A bare repository
    /// opens too: it has revisions to read, and no work tree (`workingDirectory` is nil). Objects are
    /// also read from the folders git's environment names (`objectFolders`).
    public static func open(discoveringFrom path: String) throws(RepositoryError) -> Repository {
        Git.start()
        var pointer: OpaquePointer?
        let rc = git_repository_open_ext(&pointer, path, 0, nil)
        if rc == GIT_ENOTFOUND.rawValue { throw .notARepository(path: path) }
        do { try Git.check(rc, "open the repository at \(path)") } catch { throw .git(error) }
        let repository: Repository
        do {
            repository = try Repository(owning: pointer!)
            for folder in objectFolders(ProcessInfo.processInfo.environment) {
                try Git.check(git_odb_add_disk_alternate(try repository.objectDatabase(), folder), "read objects from \(folder)")
            }
        } catch { throw .git(error) }
        return repository
    }

    /// The object folders git's environment adds: `GIT_OBJECT_DIRECTORY` and the colon-separated
    /// `GIT_ALTERNATE_OBJECT_DIRECTORIES`. During a push git sets them for its hooks, the pushed objects
    /// being in a quarantine folder until the push is accepted: a pre-receive hook reads them there.
    static func objectFolders(_ environment: [String: String]) -> [String] {
        ([environment["GIT_OBJECT_DIRECTORY"]] + (environment["GIT_ALTERNATE_OBJECT_DIRECTORIES"]?.split(separator: ":").map(String.init) ?? []))
            .compactMap { $0?.isEmpty == false ? $0 : nil }
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
        do {
            try Git.check(rc, "create a repository at \(path)")
            return try Repository(owning: pointer!)
        } catch { throw .git(error) }
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

    /// The git folder the repository's work trees share (`gitDirectory` but for a linked work tree), with
    /// a trailing slash: where the objects, the refs and charter's history index are.
    var commonDirectory: String { String(cString: git_repository_commondir(pointer)) }

    /// Where the charters are read from and written to (`locateCharters`): the root until a command decides.
    public internal(set) var charterFolder = CharterFolder.root
    /// The folders other than `charterFolder` that hold charters in HEAD: the history never follows the
    /// charter folder into them (`Commit.charterRoot`).
    var otherCharterFolders: Set<String> = []
    /// Whether the charter folder was found (or given), from where charter runs or in a revision it
    /// read, rather than the root taken for want of one.
    public internal(set) var chartersFound = false
    /// The charter folders of the trees searched so far (`foldersHoldingCharters`).
    var charterFolderSearch = CharterFolderSearch()

    /// The persistent history index, read on first use (`HistoryIndex`).
    public private(set) lazy var historyIndex = HistoryIndex.open(for: self)

    // MARK: - Revisions

    /// Resolves a revision as git does (`HEAD~2`, a tag, a short id, a branch) to a commit.
    public func commit(for revision: String) throws(RepositoryError) -> ObjectID {
        var object: OpaquePointer?
        try checkRevision(git_revparse_single(&object, pointer, revision), revision)
        defer { git_object_free(object) }
        let commit = try peeledCommit(object, revision)
        settleCharterFolder(at: commit)
        return commit
    }

    /// Throws for a revision libgit2 could not parse: unknown, ambiguous or malformed (or HEAD on a
    /// branch with no commit yet); any other failure is a `GitError`.
    func checkRevision(_ rc: Int32, _ revision: String) throws(RepositoryError) {
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EAMBIGUOUS.rawValue || rc == GIT_EINVALIDSPEC.rawValue {
            if revision == "HEAD", case .branch(_, nil)? = try? head() { throw .noCommitsYet }
            throw .revisionNotFound(revision)
        }
        do { try Git.check(rc, "resolve '\(revision)'") } catch { throw .git(error) }
    }

    /// The commit an object names (a tag peels to its commit); `object` stays the caller's to free.
    func peeledCommit(_ object: OpaquePointer?, _ revision: String) throws(RepositoryError) -> ObjectID {
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

    /// The charter files of a commit, as blob ids: nothing is read until the validator asks,
    /// through `readBlob`, for a file its cache does not hold.
    public func charterTree(at commitID: ObjectID, in folder: CharterFolder? = nil) throws(RepositoryError) -> CharterTree {
        do {
            return try charterTree(root: try Commit(commitID, in: self).charterRoot(in: folder))
        } catch {
            throw .git(error)
        }
    }

    func charterTree(root: Tree) throws(GitError) -> CharterTree {
        try cachedCharterTree(root) { () throws(GitError) in
            var tree = CharterTree()
            for path in [CharterTree.companyPath, CharterTree.schemaPath, CharterTree.rolesPath] {
                guard let entry = root.entry(named: path) else { continue }
                tree.entries[path] = Self.charterEntry(entry)
                if entry.mode == GIT_FILEMODE_TREE, path == CharterTree.rolesPath {
                    for child in try Tree(entry.id, in: self).entries { tree.entries[path + "/" + child.name] = Self.charterEntry(child) }
                }
            }
            return tree
        }
    }

    /// The charter files of `root`, made from its parent's (`parent`) and what its roles/ folder changed
    /// against the parent's (`Tree.charterChanges`): only the entries that changed are copied out of git.
    func charterTree(root: Tree, from parent: CharterTree, changing changes: [(name: String, entry: Tree.Entry?)]) throws(GitError) -> CharterTree {
        try cachedCharterTree(root) { () throws(GitError) in
            var tree = parent
            for path in [CharterTree.companyPath, CharterTree.schemaPath, CharterTree.rolesPath] {
                tree.entries[path] = root.entry(named: path).map(Self.charterEntry)
            }
            for change in changes { tree.entries[CharterTree.rolesPath + "/" + change.name] = change.entry.map(Self.charterEntry) }
            return tree
        }
    }

    /// A walk reads each commit's tree twice, as a commit and as the parent of the one after: the last
    /// few built are kept, by root tree id.
    private func cachedCharterTree(_ root: Tree, build: () throws(GitError) -> CharterTree) throws(GitError) -> CharterTree {
        let id = root.id
        if let cached = charterTreeCache.first(where: { $0.id == id }) { return cached.tree }
        let tree = try build()
        charterTreeCache.insert((id, tree), at: 0)
        if charterTreeCache.count > 4 { charterTreeCache.removeLast() }
        return tree
    }

    static func charterEntry(_ entry: Tree.Entry) -> CharterTree.Entry {
        switch entry.mode {
        case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE: .blob(id: entry.id.description)
        case GIT_FILEMODE_LINK: .symlink
        case GIT_FILEMODE_TREE: .directory
        default: .other
        }
    }

    /// Reads a blob by its hexadecimal id, checking its size from the object header before loading it.
    public func readBlob(_ hex: String, maxBytes: Int) throws -> CharterTree.BlobContent {
        let id = try ObjectID(hex: hex)
        let size = try blobSize(id)
        return size > maxBytes ? .oversized(size) : .bytes(try blobContent(id))
    }

    /// The size of a blob from its header, without inflating it.
    func blobSize(_ id: ObjectID) throws(GitError) -> Int {
        var size = 0
        var type = GIT_OBJECT_ANY
        var raw = id.raw
        try Git.check(git_odb_read_header(&size, &type, try objectDatabase(), &raw), "read object \(id)")
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

    /// The repository's object database, opened once.
    func objectDatabase() throws(GitError) -> OpaquePointer {
        if let odb { return odb }
        var opened: OpaquePointer?
        try Git.check(git_repository_odb(&opened, pointer), "open the object database")
        odb = opened
        return opened!
    }
}
