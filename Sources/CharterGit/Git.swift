import CLibGit2

/// A libgit2 call that failed: what was attempted, libgit2's code, and its message.
public struct GitError: Error, Equatable, CustomStringConvertible {
    public var code: Int32
    public var operation: String
    public var message: String

    public var description: String { "\(operation): \(message)" }

    /// libgit2's "not found" (a missing object, reference or path).
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
}

/// Entry point of every libgit2 call: start-up once, and one checker for return codes.
enum Git {
    /// `git_libgit2_init` runs once per process, before the first libgit2 call.
    private static let started: Void = {
        git_libgit2_init()
        _ = charter_set_object_cache_limit(16 << 20)
        // Objects are read as git reads them, not hashed again: a history walk reads thousands of blobs.
        _ = charter_set_strict_hash_verification(0)
    }()

    static func start() { _ = started }

    /// Throws a `GitError` for a negative return code, with `git_error_last()` read at once on this thread.
    static func check(_ rc: Int32, _ operation: @autoclosure () -> String) throws(GitError) {
        guard rc < 0 else { return }
        throw lastError(rc, operation())
    }

    static func lastError(_ rc: Int32, _ operation: String) -> GitError {
        let message = git_error_last().flatMap { error in error.pointee.message.map { String(cString: $0) } }
        return GitError(code: rc, operation: operation, message: message ?? "libgit2 error \(rc)")
    }
}
