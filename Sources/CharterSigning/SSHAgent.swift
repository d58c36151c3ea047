import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A running ssh-agent, reached over its Unix socket with the agent protocol
/// (draft-miller-ssh-agent): no child process. Each request opens its own connection, and every
/// read and write is bounded by `timeout`.
public struct SSHAgent: Sendable {
    /// The agent's socket.
    public let socketPath: String
    /// How long one read or write on the socket may wait, in seconds. Long enough for an agent
    /// that asks its user to confirm (`ssh-add -c`).
    public var timeout: TimeInterval

    // Message numbers of the agent protocol.
    static let failure: UInt8 = 5
    static let requestIdentities: UInt8 = 11
    static let identitiesAnswer: UInt8 = 12
    static let signRequest: UInt8 = 13
    static let signResponse: UInt8 = 14
    /// Other failure codes agents have answered with (SSH2_AGENT_FAILURE, SSH_COM_AGENT2_FAILURE).
    static let otherFailures: Set<UInt8> = [30, 102]
    /// The largest message OpenSSH's agent sends or accepts.
    static let messageLimit = 256 * 1024

    /// The agent at `socketPath`, or at `SSH_AUTH_SOCK` when nil.
    public init(socketPath: String? = nil, timeout: TimeInterval = 30) throws(SSHSigningError) {
        try self.init(socketPath: socketPath, environment: ProcessInfo.processInfo.environment, timeout: timeout)
    }

    init(socketPath: String?, environment: [String: String], timeout: TimeInterval = 30) throws(SSHSigningError) {
        guard let path = socketPath ?? environment["SSH_AUTH_SOCK"], !path.isEmpty else {
            throw .agentNotConfigured
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw .agentUnreachable(path: path, reason: Self.lastError()) }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .agentUnreachable(path: path, reason: "not a socket") }
        self.socketPath = path
        self.timeout = timeout
    }

    /// The keys the agent holds that charter can use (Ed25519 and ECDSA P-256), with their
    /// comments. Keys of other types and certificates are left out.
    public func identities() throws(SSHSigningError) -> [SSHPublicKey] {
        let answer = try request([Self.requestIdentities], what: "to list its keys")
        var reader = SSHWireReader(answer)
        guard try reader.readByte("the agent's answer") == Self.identitiesAnswer else {
            throw .agentProtocol("expected IDENTITIES_ANSWER (12), got message \(answer[0])")
        }
        let count = try reader.readUInt32("the number of keys")
        var keys: [SSHPublicKey] = []
        for _ in 0..<count {
            let blob = try reader.readString("a key blob")
            let comment = String(decoding: try reader.readString("a key comment"), as: UTF8.self)
            guard var key = try? SSHPublicKey(blob: blob) else { continue }
            key.comment = comment.isEmpty ? nil : comment
            keys.append(key)
        }
        try reader.expectEnd("the agent's list of keys")
        return keys
    }

    /// A signer that has the agent sign with `key`; throws `agentKeyNotFound` if the agent does
    /// not hold it.
    public func signer(for key: SSHPublicKey) throws(SSHSigningError) -> SSHSigner {
        guard let held = try identities().first(where: { $0 == key }) else {
            throw .agentKeyNotFound(fingerprint: key.fingerprint)
        }
        return SSHAgentSigner(agent: self, publicKey: held)
    }

    /// Asks the agent to sign `data` with `key`; returns the SSH signature blob.
    func sign(_ data: [UInt8], with key: SSHPublicKey) throws(SSHSigningError) -> [UInt8] {
        var message = SSHWireWriter()
        message.raw([Self.signRequest])
        message.string(key.blob)
        message.string(data)
        message.uint32(0)  // flags: none apply to Ed25519 and ECDSA
        let answer = try request(message.bytes, what: "to sign with \(key.fingerprint)")
        var reader = SSHWireReader(answer)
        guard try reader.readByte("the agent's answer") == Self.signResponse else {
            throw .agentProtocol("expected SIGN_RESPONSE (14), got message \(answer[0])")
        }
        let signature = try reader.readString("the agent's signature")
        try reader.expectEnd("the agent's signature")
        return signature
    }

    // MARK: - The socket

    /// Sends one message and reads the answer (its type byte and contents). FAILURE throws
    /// `agentRefused`.
    private func request(_ message: [UInt8], what: String) throws(SSHSigningError) -> [UInt8] {
        let fd = try openSocket()
        defer { close(fd) }
        var framed = SSHWireWriter()
        framed.string(message)
        try write(fd, framed.bytes)
        let header = try read(fd, count: 4)
        let length = Int(UInt32(header[0]) << 24 | UInt32(header[1]) << 16 | UInt32(header[2]) << 8 | UInt32(header[3]))
        guard length >= 1 else { throw .agentProtocol("an empty message") }
        guard length <= Self.messageLimit else { throw .agentProtocol("a message of \(length) bytes") }
        let answer = try read(fd, count: length)
        if answer[0] == Self.failure || Self.otherFailures.contains(answer[0]) {
            throw .agentRefused(what)
        }
        return answer
    }

    private func openSocket() throws(SSHSigningError) -> Int32 {
        #if canImport(Darwin)
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { throw .agentUnreachable(path: socketPath, reason: Self.lastError()) }
        let bounded = min(max(timeout, 0.001), 86_400)
        var seconds = timeval()
        seconds.tv_sec = .init(bounded.rounded(.down))
        seconds.tv_usec = .init((bounded - bounded.rounded(.down)) * 1_000_000)
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &seconds, size)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &seconds, size)
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else {
            close(fd)
            throw .agentUnreachable(path: socketPath, reason: "the path is longer than \(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path)
            raw[path.count] = 0
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            let reason = Self.lastError()
            close(fd)
            throw .agentUnreachable(path: socketPath, reason: reason)
        }
        return fd
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) throws(SSHSigningError) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + sent, raw.count - sent, Self.sendFlags)
            }
            if n > 0 { sent += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw .agentTimeout(path: socketPath) }
            throw .agentUnreachable(path: socketPath, reason: n < 0 ? Self.lastError() : "the connection closed")
        }
    }

    private func read(_ fd: Int32, count: Int) throws(SSHSigningError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes.withUnsafeMutableBytes { raw in
                recv(fd, raw.baseAddress! + got, count - got, 0)
            }
            if n > 0 { got += n; continue }
            if n == 0 { throw .agentProtocol("the agent closed the connection mid-answer") }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw .agentTimeout(path: socketPath) }
            throw .agentUnreachable(path: socketPath, reason: Self.lastError())
        }
        return bytes
    }

    #if canImport(Darwin)
    private static let sendFlags: Int32 = 0
    #else
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #endif

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// A key held by ssh-agent, signing through it. Made by `SSHAgent.signer(for:)`.
public struct SSHAgentSigner: SSHSigner, Sendable {
    public let agent: SSHAgent
    public let publicKey: SSHPublicKey

    public func sign(_ data: [UInt8]) throws(SSHSigningError) -> [UInt8] {
        try agent.sign(data, with: publicKey)
    }
}
