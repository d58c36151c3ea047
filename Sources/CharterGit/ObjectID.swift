import CLibGit2

/// A git object id, copied out of libgit2 as a value.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    var raw: git_oid

    init(_ raw: git_oid) { self.raw = raw }

    init(_ pointer: UnsafePointer<git_oid>) { self.raw = pointer.pointee }

    /// Parses a full 40-character hexadecimal id.
    public init(hex: String) throws(GitError) {
        // libgit2 reports a bad id through its per-thread error state, which exists once it is started.
        Git.start()
        var raw = git_oid()
        guard hex.utf8.count == Int(GIT_OID_HEXSZ) else {
            throw GitError(code: GIT_EINVALID.rawValue, operation: "parse object id", message: "'\(hex)' is not a full object id")
        }
        try Git.check(git_oid_fromstr(&raw, hex), "parse object id '\(hex)'")
        self.raw = raw
    }

    /// The full 40-character hexadecimal id.
    public var description: String {
        var copy = raw
        return String(unsafeUninitializedCapacity: Int(GIT_OID_HEXSZ)) { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = git_oid_fmt($0.baseAddress, &copy) }
            return Int(GIT_OID_HEXSZ)
        }
    }

    /// The first seven characters, as `git log --oneline` shows them.
    public var short: String { String(description.prefix(7)) }

    /// Compared as words, not through a call into libgit2: ids are compared by the million in a walk.
    public static func == (lhs: ObjectID, rhs: ObjectID) -> Bool {
        withUnsafeBytes(of: lhs.raw.id) { left in
            withUnsafeBytes(of: rhs.raw.id) { right in
                left.loadUnaligned(as: UInt64.self) == right.loadUnaligned(as: UInt64.self)
                    && left.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == right.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    && left.loadUnaligned(fromByteOffset: 16, as: UInt32.self) == right.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            }
        }
    }

    /// An id's first eight bytes, already uniformly spread (a SHA-1), are hash enough.
    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: raw.id) { hasher.combine($0.loadUnaligned(as: UInt64.self)) }
    }
}
