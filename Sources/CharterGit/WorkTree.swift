import CLibGit2
import CharterCore
import Foundation

/// Reads the charter files of a work tree from disk, without following links and without
/// reading more than the size limit of any file.
public enum WorkTree {
    /// Reads charter.yaml, schema.yaml, charter.schema.json and roles/ below `root` (which ends in `/`),
    /// or only those of them in `paths`, leaving out the files that `isIgnored` (given their path below
    /// `root`, `roles/cto.yaml~`).
    public static func charterTree(at root: String, limits: InputLimits = .standard,
                                   only paths: [String] = [CharterTree.companyPath, CharterTree.schemaPath,
                                                           CharterTree.jsonSchemaPath, CharterTree.rolesPath],
                                   ignoring isIgnored: (String) -> Bool = { _ in false })
        throws(RepositoryError) -> CharterTree {
        var tree = CharterTree()
        for path in paths where !isIgnored(path) {
            guard let entry = try entry(root + path, limits: limits) else { continue }
            tree.entries[path] = entry
            guard entry == .directory, path == CharterTree.rolesPath else { continue }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: root + path)
            } catch {
                throw .fileSystem(path: path, reason: "cannot list the folder")
            }
            for name in names where !isIgnored(path + "/" + name) {
                tree.entries[path + "/" + name] = try self.entry(root + path + "/" + name, limits: limits)
            }
        }
        return tree
    }

    /// One path's kind and, for a regular file within the limit, its bytes. Nil when it does not exist.
    private static func entry(_ path: String, limits: InputLimits) throws(RepositoryError) -> CharterTree.Entry? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw .fileSystem(path: path, reason: String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: return .symlink
        case S_IFDIR: return .directory
        default: return .other
        }
        // O_NOFOLLOW and O_NONBLOCK: a file swapped for a link or a FIFO since lstat is not followed or waited on.
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fileSystem(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return .other }
        if Int(info.st_size) > limits.maxBytes { return .oversized(Int(info.st_size)) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { throw .fileSystem(path: path, reason: String(cString: strerror(errno))) }
            if count == 0 { break }
            bytes += buffer[..<count]
            if bytes.count > limits.maxBytes { return .oversized(bytes.count) }
        }
        return .file(bytes)
    }
}

extension Repository {
    /// The charters of the work tree's charter folder, without the files git ignores (`.gitignore`,
    /// `.git/info/exclude`, `core.excludesFile`) and does not track: they are nobody's charters. A tracked
    /// file is read whatever the patterns say, as git keeps tracking it.
    public func workTreeCharters() throws(RepositoryError) -> CharterTree {
        guard let root = charterDirectory else { throw .bareRepository(path: gitDirectory) }
        let index = try? Index(of: self)
        return try WorkTree.charterTree(at: root) { ignores($0, index: index) }
    }

    /// Whether git ignores the file at `path` in the charter folder and does not track it: nobody's charter.
    public func ignores(_ path: String) -> Bool { ignores(path, index: try? Index(of: self)) }

    private func ignores(_ path: String, index: Index?) -> Bool {
        let repositoryPath = charterFolder.repositoryPath(path)
        var ignored: Int32 = 0
        guard git_ignore_path_is_ignored(&ignored, pointer, repositoryPath) == 0, ignored == 1 else { return false }
        return index.map { git_index_get_bypath($0.pointer, repositoryPath, 0) == nil } ?? true
    }
}
