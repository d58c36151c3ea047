import CLibGit2
import CharterCore
import Foundation

/// Where in a repository the charters live: the folder holding `charter.yaml`, `schema.yaml` and
/// `roles/`, the repository's root or a folder inside it (a company handbook, a monorepo's `org/`).
///
/// It is found as git finds `.git`: walking up from the folder charter runs in, the nearest folder
/// holding `charter.yaml`, without leaving the work tree. From anywhere else in the repository (its
/// root, a folder of code, a bare repository): the folder `charter.folder` names in git's
/// configuration; else the one folder holding `charter.yaml` (`searchDepth` deep) in the index, what
/// the next commit holds, else in HEAD's tree; else, for a command that reads revisions, in the
/// first revision it names (a server's hook reads pushed commits its HEAD does not have yet).
///
/// History follows the folder: a commit without `charter.yaml` in it, whose tree holds it in one other
/// folder, is read from that one (the charters were elsewhere before a move), unless HEAD holds
/// charters there too (two charter folders, each with a history of its own).
public struct CharterFolder: Equatable, Sendable {
    /// The path inside the repository: empty for its root, else a relative path ending in `/` (`org/`).
    public let path: String

    public init(_ path: String) {
        let trimmed = path.split(separator: "/").joined(separator: "/")
        self.path = trimmed.isEmpty ? "" : trimmed + "/"
    }

    public static let root = CharterFolder("")

    /// The repository path of a path inside the folder (`roles/cto.yaml` → `org/roles/cto.yaml`).
    public func repositoryPath(_ charterPath: String) -> String { path + charterPath }

    /// The path inside the folder of a repository path, nil for a path outside it.
    public func charterPath(_ repositoryPath: String) -> String? {
        guard repositoryPath.hasPrefix(path) else { return nil }
        return String(repositoryPath.dropFirst(path.count))
    }

    /// How deep below the root HEAD's tree is searched for a folder holding charter.yaml.
    public static let searchDepth = 3
}

/// Why the charter folder could not be decided.
public enum CharterFolderError: Error, Equatable, CustomStringConvertible {
    /// The index or HEAD holds charters in several folders, and charter ran in none of them.
    case severalFolders([String])

    public var description: String {
        switch self {
        case .severalFolders(let folders):
            "this repository holds charters in several folders (\(folders.joined(separator: ", "))): run charter in one of them, name it with -C, or set `git config \(CharterFolder.setting) PATH`"
        }
    }
}

extension Repository {
    /// Decides where the charters are for a command started in `directory` (`CharterFolder`) and reads
    /// them from there from now on. Returns how the folder was found, for messages.
    @discardableResult
    public func locateCharters(from directory: String) throws -> CharterFolder.Discovery {
        let discovery = try discoverCharterFolder(from: directory)
        read(from: discovery.folder, found: discovery.how != .none)
        return discovery
    }

    /// Reads and writes the charters in `folder` from now on: where `charter init DIR` puts them.
    public func useCharters(in folder: CharterFolder) { read(from: folder, found: true) }

    /// For a command that found no charter folder from where it ran: the one `commit`'s tree holds, if it
    /// holds one, is read from now on. What a `pre-receive` hook needs: the pushed commits are not HEAD's.
    func settleCharterFolder(at commit: ObjectID) {
        guard !chartersFound, let found = try? foldersHoldingCharters(in: try Commit(commit, in: self).tree()),
              found.count == 1 else { return }
        read(from: CharterFolder(found[0]), found: true)
    }

    /// The state every reading goes by: the folder, whether it was found, and the other folders that hold
    /// charters in HEAD, and still do in the work tree (charters of their own, never where the folder's
    /// were before a move; one the work tree no longer has was moved, or removed: the history follows
    /// the charters out of it).
    private func read(from folder: CharterFolder, found: Bool) {
        charterFolder = folder
        chartersFound = found
        let inHead = (try? head().commit).flatMap { try? foldersHoldingCharters(in: try Commit($0, in: self).tree()) } ?? []
        otherCharterFolders = Set(inHead).subtracting([folder.path]).filter { other in
            workingDirectory.map { Self.isFile($0 + other + CharterTree.companyPath) } ?? true
        }
    }

    /// The one folder other than `folder` that holds charters in `root` (a commit's tree), when it is not
    /// one of `otherCharterFolders`: where the charters were before a move.
    func folderBeforeMove(in root: Tree, from folder: String) throws(GitError) -> String? {
        let found = try foldersHoldingCharters(in: root)
        guard found.count == 1, found[0] != folder, !otherCharterFolders.contains(found[0]) else { return nil }
        return found[0]
    }

    private func discoverCharterFolder(from directory: String) throws -> CharterFolder.Discovery {
        var searched: [String] = []
        let start = Self.folderPath(Self.canonical(directory))
        if let workTree = workingDirectory.map(Self.canonical), start.hasPrefix(workTree) {
            var folder = start
            while folder.hasPrefix(workTree) {
                searched.append(folder)
                if Self.isFile(folder + CharterTree.companyPath) {
                    return .init(folder: CharterFolder(String(folder.dropFirst(workTree.count))), searched: searched, how: .walkedUp)
                }
                guard folder != workTree else { break }
                folder = (String(folder.dropLast()) as NSString).deletingLastPathComponent + "/"
            }
        }
        if let configured = (try? Config(of: self))?.string(CharterFolder.setting), !configured.isEmpty {
            return .init(folder: CharterFolder(configured), searched: searched, how: .configured)
        }
        // The index first: it is what the next commit holds (charters staged for their first commit, or
        // moved with `git mv`), as the pre-commit hook, which runs from the root, must see them.
        var found: [String] = []
        if workingDirectory != nil, let index = try? Index(of: self) {
            found = Set(index.entries.compactMap { entry -> String? in
                let components = entry.path.split(separator: "/", omittingEmptySubsequences: false)
                guard components.last == Substring(CharterTree.companyPath), components.count <= CharterFolder.searchDepth + 1 else { return nil }
                return components.dropLast().map { $0 + "/" }.joined()
            }).sorted()
            if found.contains("") { found = [""] }
        }
        if found.isEmpty, let head = try? head().commit {
            found = try foldersHoldingCharters(in: try Commit(head, in: self).tree())
        }
        switch found.count {
        case 0: return .init(folder: .root, searched: searched, how: .none)
        case 1: return .init(folder: CharterFolder(found[0]), searched: searched, how: .head)
        default: throw CharterFolderError.severalFolders(found.sorted())
        }
    }

    /// The folder of `commit` that holds charter.yaml, as HEAD's is found (`CharterFolder`): what another
    /// company's history brought by `charter import` keeps its charters in.
    func charterFolder(of commit: ObjectID) throws -> CharterFolder {
        let found = try foldersHoldingCharters(in: try Commit(commit, in: self).tree())
        guard found.count > 1 else { return CharterFolder(found.first ?? "") }
        throw CharterFolderError.severalFolders(found.sorted())
    }

    /// The folders of `tree` (paths ending in `/`, the root as "") that hold a charter.yaml file, down to
    /// `depth` levels; the root alone when it holds one, as nothing below it is looked at then. Each
    /// tree's answer is kept: consecutive commits share most of their trees, so following the folder
    /// through a long history reads only the trees a commit changed.
    func foldersHoldingCharters(in tree: Tree, depth: Int = CharterFolder.searchDepth) throws(GitError) -> [String] {
        let key = CharterFolderSearch.Key(tree: tree.id, depth: depth)
        if let known = charterFolderSearch.found[key] { return known }
        var found: [String] = []
        if let company = tree.entry(named: CharterTree.companyPath), company.mode == GIT_FILEMODE_BLOB || company.mode == GIT_FILEMODE_BLOB_EXECUTABLE {
            found = [""]
        } else if depth > 0 {
            for entry in tree.entries where entry.mode == GIT_FILEMODE_TREE {
                found += try foldersHoldingCharters(in: try Tree(entry.id, in: self), depth: depth - 1).map { entry.name + "/" + $0 }
            }
        }
        charterFolderSearch.remember(found, for: key)
        return found
    }

    /// Whether a regular file (or a link to one) is at `path`: a folder named charter.yaml holds no charters.
    private static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// A path with links resolved, as libgit2 gives the work tree's root; the path itself when it does not exist.
    private static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return path.hasSuffix("/") ? folderPath(String(cString: resolved)) : String(cString: resolved)
    }

    private static func folderPath(_ path: String) -> String { path.hasSuffix("/") ? path : path + "/" }

    /// The folder the charters of the work tree are in, with a trailing slash; nil for a bare repository.
    public var charterDirectory: String? {
        workingDirectory.map { $0 + charterFolder.path }
    }
}

/// The answers of `foldersHoldingCharters`, by tree and depth.
struct CharterFolderSearch {
    struct Key: Hashable {
        var tree: ObjectID
        var depth: Int
    }
    private(set) var found: [Key: [String]] = [:]

    mutating func remember(_ folders: [String], for key: Key) {
        // Bounded: a walk needs the trees of the commits around it.
        if found.count > 100_000 { found.removeAll(keepingCapacity: true) }
        found[key] = folders
    }
}

extension CharterFolder {
    /// The git configuration setting that names the charter folder, for a repository where it cannot be
    /// found from where charter runs (a bare repository whose charters are deeper than `searchDepth`).
    public static let setting = "charter.folder"

    /// How a command found the charter folder, and where it looked on disk.
    public struct Discovery: Sendable {
        public enum How: Sendable {
            /// The nearest folder holding charter.yaml, from the current folder up.
            case walkedUp
            /// `charter.folder` in git's configuration.
            case configured
            /// The folder of the index (else of HEAD's tree) that holds charter.yaml.
            case head
            /// None was found: the repository's root, where `charter init` or a first commit puts them.
            case none
        }
        public var folder: CharterFolder
        /// The folders of the work tree looked in for charter.yaml, nearest first.
        public var searched: [String]
        public var how: How
    }
}

extension Commit {
    /// The tree of the commit's charter folder (the repository's, unless `folder` names another). A commit
    /// without charter.yaml there, whose tree holds one in one other folder, is read from that one
    /// (`followingMoves`): the charters were there before a move. The empty tree when the commit has
    /// no charters (a commit of a monorepo made before them).
    func charterRoot(in charterFolder: CharterFolder? = nil, followingMoves: Bool = true) throws(GitError) -> Tree {
        let root = try tree()
        let folder = (charterFolder ?? repository.charterFolder).path
        let subtree = try folder.isEmpty ? root : root.entry(atPath: String(folder.dropLast())).flatMap { entry throws(GitError) in
            entry.mode == GIT_FILEMODE_TREE ? try Tree(entry.id, in: repository) : nil
        }
        if let subtree, subtree.entry(named: CharterTree.companyPath) != nil { return subtree }
        if followingMoves, let moved = try repository.folderBeforeMove(in: root, from: folder) {
            guard let entry = root.entry(atPath: String(moved.dropLast())) else { return root }
            return try Tree(entry.id, in: repository)
        }
        if let subtree { return subtree }
        return try Tree(.emptyTree, in: repository)
    }

    /// The other folder the commit holds its charters in, when it holds none in the repository's: where
    /// they were before a move.
    func movedCharterFolder() throws(GitError) -> CharterFolder? {
        let folder = repository.charterFolder.path
        let root = try tree()
        guard root.entry(atPath: folder + CharterTree.companyPath) == nil else { return nil }
        return try repository.folderBeforeMove(in: root, from: folder).map(CharterFolder.init)
    }
}

extension ObjectID {
    /// The tree with no entries, which libgit2 reads whether or not the repository stores it.
    static let emptyTree = try! ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
}
