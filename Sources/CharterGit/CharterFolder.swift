import CLibGit2
import CharterCore
import Foundation

/// Where in a repository the charters live: the folder holding `charter.yaml`, `schema.yaml` and
/// `roles/`, the repository's root or a folder inside it (a company handbook, a monorepo's `org/`).
///
/// It is found as git finds `.git`: walking up from the folder charter runs in, the nearest folder
/// holding `charter.yaml`, without leaving the work tree. From anywhere else in the repository (its
/// root, a folder of code, a bare repository), the charters of HEAD's tree: its root when it holds
/// `charter.yaml`, else the one folder that does (`searchDepth` deep); with none in HEAD, the index's.
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
    /// HEAD holds charters in several folders, and charter ran in none of them.
    case severalFolders([String])

    public var description: String {
        switch self {
        case .severalFolders(let folders):
            "this repository holds charters in several folders (\(folders.joined(separator: ", "))): run charter in one of them, or name it with -C"
        }
    }
}

extension Repository {
    /// Decides where the charters are for a command started in `directory` (`CharterFolder`) and reads
    /// them from there from now on. Returns how the folder was found, for messages.
    @discardableResult
    public func locateCharters(from directory: String) throws -> CharterFolder.Discovery {
        let discovery = try discoverCharterFolder(from: directory)
        charterFolder = discovery.folder
        return discovery
    }

    /// Reads and writes the charters in `folder` from now on: where `charter init DIR` puts them.
    public func useCharters(in folder: CharterFolder) { charterFolder = folder }

    private func discoverCharterFolder(from directory: String) throws -> CharterFolder.Discovery {
        var searched: [String] = []
        let start = Self.folderPath(Self.canonical(directory))
        if let workTree = workingDirectory.map(Self.canonical), start.hasPrefix(workTree) {
            var folder = start
            while folder.hasPrefix(workTree) {
                searched.append(folder)
                if FileManager.default.fileExists(atPath: folder + CharterTree.companyPath) {
                    return .init(folder: CharterFolder(String(folder.dropFirst(workTree.count))), searched: searched, how: .walkedUp)
                }
                guard folder != workTree else { break }
                folder = (String(folder.dropLast()) as NSString).deletingLastPathComponent + "/"
            }
        }
        var found: [String] = []
        if let head = try? head().commit {
            found = try foldersHoldingCharters(in: try Commit(head, in: self).tree(), depth: CharterFolder.searchDepth)
        }
        // Charters staged for their first commit, made with git (the pre-commit hook runs from the root).
        if found.isEmpty, workingDirectory != nil, let index = try? Index(of: self) {
            found = Set(index.entries.compactMap { entry -> String? in
                let components = entry.path.split(separator: "/", omittingEmptySubsequences: false)
                guard components.last == Substring(CharterTree.companyPath), components.count <= CharterFolder.searchDepth + 1 else { return nil }
                return components.dropLast().map { $0 + "/" }.joined()
            }).sorted()
            if found.contains("") { found = [""] }
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
        let found = try foldersHoldingCharters(in: try Commit(commit, in: self).tree(), depth: CharterFolder.searchDepth)
        guard found.count > 1 else { return CharterFolder(found.first ?? "") }
        throw CharterFolderError.severalFolders(found.sorted())
    }

    /// The folders of `tree` (paths ending in `/`, the root as "") that hold a charter.yaml, down to
    /// `depth` levels; the root alone when it holds one, as nothing below it is looked at then.
    private func foldersHoldingCharters(in tree: Tree, depth: Int, prefix: String = "") throws(GitError) -> [String] {
        if let company = tree.entry(named: CharterTree.companyPath), company.mode != GIT_FILEMODE_TREE { return [prefix] }
        guard depth > 0 else { return [] }
        var found: [String] = []
        for entry in tree.entries where entry.mode == GIT_FILEMODE_TREE && !entry.name.hasPrefix(".") {
            found += try foldersHoldingCharters(in: try Tree(entry.id, in: self), depth: depth - 1, prefix: prefix + entry.name + "/")
        }
        return found
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

extension CharterFolder {
    /// How a command found the charter folder, and where it looked on disk.
    public struct Discovery: Sendable {
        public enum How: Sendable {
            /// The nearest folder holding charter.yaml, from the current folder up.
            case walkedUp
            /// The folder of HEAD's tree (else of the index) that holds charter.yaml.
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
    /// The tree of the commit's charter folder (the repository's, unless `folder` names another): the
    /// empty tree when the commit has no such folder (a commit of a monorepo made before the charters).
    func charterRoot(in charterFolder: CharterFolder? = nil) throws(GitError) -> Tree {
        let root = try tree()
        let folder = (charterFolder ?? repository.charterFolder).path
        guard !folder.isEmpty else { return root }
        guard let entry = root.entry(atPath: String(folder.dropLast())), entry.mode == GIT_FILEMODE_TREE else {
            return try Tree(.emptyTree, in: repository)
        }
        return try Tree(entry.id, in: repository)
    }
}

extension ObjectID {
    /// The tree with no entries, which libgit2 reads whether or not the repository stores it.
    static let emptyTree = try! ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
}
