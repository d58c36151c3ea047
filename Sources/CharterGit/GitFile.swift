import Foundation

/// A file of git's own that charter writes: a hook, `.gitattributes`. Looked at without following
/// links, and replaced whole through a temporary file and a rename, so that git never runs or reads
/// half of one.
enum GitFile {
    enum Kind { case missing, file, other }

    static func kind(_ path: String) throws(RepositoryError) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return .missing }
            throw failure(path)
        }
        return info.st_mode & S_IFMT == S_IFREG ? .file : .other
    }

    /// A file's text; bytes that are not UTF-8 read as U+FFFD.
    static func text(_ path: String) throws(RepositoryError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .fileSystem(path: path, reason: "cannot read the file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `text` to `path` with `mode`, in place of what was there, creating its folder if need be.
    static func replace(_ path: String, with text: String, mode: mode_t) throws(RepositoryError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .fileSystem(path: folder, reason: "cannot create the folder")
        }
        let temporary = "\(path).charter-\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw failure(temporary) }
        let bytes = Array(text.utf8)
        var problem: RepositoryError?
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                problem = failure(temporary)
                break
            }
            written += count
        }
        // The mode as given, whatever the umask: a hook must be executable.
        if problem == nil, fchmod(descriptor, mode) != 0 { problem = failure(temporary) }
        close(descriptor)
        if problem == nil, Foundation.rename(temporary, path) != 0 { problem = failure(path) }
        if let problem {
            unlink(temporary)
            throw problem
        }
    }

    static func move(_ path: String, to destination: String) throws(RepositoryError) {
        guard Foundation.rename(path, destination) == 0 else { throw failure(path) }
    }

    static func remove(_ path: String) throws(RepositoryError) {
        guard unlink(path) == 0 else { throw failure(path) }
    }

    /// The last system call's error, about `path`.
    private static func failure(_ path: String) -> RepositoryError {
        .fileSystem(path: path, reason: String(cString: strerror(errno)))
    }
}

extension String {
    /// The string as one word of a POSIX shell command, in single quotes.
    var shellQuoted: String { "'" + replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
}
