import Foundation
import Testing
@testable import CharterSigning

/// An ssh-agent of the test's own, on a socket in a scratch folder, stopped at the end.
final class RunningAgent {
    let scratch: Scratch
    let socket: String
    private let process = Process()

    init(environment: [String: String] = [:]) throws {
        scratch = try Scratch()
        socket = scratch.path("agent.sock")
        process.executableURL = URL(fileURLWithPath: OpenSSH.tool("ssh-agent"))
        process.arguments = ["-D", "-a", socket]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // With -D the agent prints its SSH_AUTH_SOCK line once the socket listens.
        var printed = Data()
        while !printed.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += chunk
        }
        try #require(String(decoding: printed, as: UTF8.self).contains("SSH_AUTH_SOCK=\(socket)"))
    }

    func add(_ keyPath: String, options: [String] = []) throws {
        let run = try OpenSSH.run("ssh-add", options + [keyPath], environment: ["SSH_AUTH_SOCK": socket])
        try #require(run.status == 0, "ssh-add failed: \(run.stderr)")
    }

    /// SIGKILL, not `terminate()`: a child spawned from a test thread inherits its blocked
    /// SIGTERM, so the agent would never see it.
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

@Suite struct SSHAgentTests {
    @Test func signsThroughTheAgent() throws {
        let agent = try RunningAgent()
        let ed = try OpenSSH.keygen("ed25519", in: agent.scratch, name: "ed", comment: "ed@example.com")
        let ec = try OpenSSH.keygen("ecdsa", in: agent.scratch, name: "ec", comment: "ec@example.com")
        let rsa = try OpenSSH.keygen("rsa", in: agent.scratch, name: "rsa")
        for key in [ed, ec, rsa] { try agent.add(key) }

        let client = try SSHAgent(socketPath: agent.socket)
        let identities = try client.identities()
        #expect(identities == [try OpenSSH.publicKey(ed), try OpenSSH.publicKey(ec)], "the RSA key is left out")
        #expect(identities.map(\.comment) == ["ed@example.com", "ec@example.com"])

        let message = "approve: role platform-lead\n"
        for keyPath in [ed, ec] {
            let key = try OpenSSH.publicKey(keyPath)
            let armored = try SSHSig.sign(Array(message.utf8), namespace: OpenSSH.namespace, with: client.signer(for: key))
            let allowed = "dave@example.com \(key.line)\n"
            #expect(try OpenSSH.verifies(armored, message: message, principal: "dave@example.com", allowed: allowed, in: agent.scratch))
            #expect(moduleAccepts(armored, message: message, principal: "dave@example.com", allowed: allowed))
        }
    }

    @Test func anAgentWithoutTheKeySaysSo() throws {
        let agent = try RunningAgent()
        let keyPath = try OpenSSH.keygen("ed25519", in: agent.scratch, name: "id")
        let key = try OpenSSH.publicKey(keyPath)
        let client = try SSHAgent(socketPath: agent.socket)
        #expect(try client.identities().isEmpty)
        #expect(throws: SSHSigningError.agentKeyNotFound(fingerprint: key.fingerprint)) { try client.signer(for: key) }
        #expect(SSHSigningError.agentKeyNotFound(fingerprint: key.fingerprint).description
            == "the agent holds no key matching \(key.fingerprint)")
    }

    /// A key added with `ssh-add -c` needs a confirmation no one can give here (no askpass
    /// program): the agent answers FAILURE, and charter says the agent refused.
    @Test func aRefusalSaysSo() throws {
        let agent = try RunningAgent(environment: ["SSH_ASKPASS": "/nonexistent/askpass", "DISPLAY": ""])
        let keyPath = try OpenSSH.keygen("ed25519", in: agent.scratch, name: "id")
        try agent.add(keyPath, options: ["-c"])
        let key = try OpenSSH.publicKey(keyPath)
        let signer = try SSHAgent(socketPath: agent.socket).signer(for: key)
        #expect(throws: SSHSigningError.agentRefused("to sign with \(key.fingerprint)")) {
            try SSHSig.sign([1, 2, 3], namespace: OpenSSH.namespace, with: signer)
        }
    }

    @Test func aMissingSocketSaysSo() throws {
        let scratch = try Scratch()
        let path = scratch.path("no-agent.sock")
        #expect(throws: SSHSigningError.agentUnreachable(path: path, reason: "No such file or directory")) {
            try SSHAgent(socketPath: path)
        }
        let file = try scratch.write("plain", "not a socket")
        #expect(throws: SSHSigningError.agentUnreachable(path: file, reason: "not a socket")) {
            try SSHAgent(socketPath: file)
        }
    }

    @Test func noSSHAuthSockSaysSo() throws {
        #expect(throws: SSHSigningError.agentNotConfigured) { try SSHAgent(socketPath: nil, environment: [:]) }
        #expect(SSHSigningError.agentNotConfigured.description == "SSH_AUTH_SOCK is not set")
    }
}
