import Foundation
import Testing
@testable import CharterSigning

/// A temporary folder, removed when the last reference goes.
final class Scratch: @unchecked Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("charter-signing-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    func write(_ name: String, bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
}

/// The result of running a tool.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The OpenSSH command-line tools, the independent witness for everything the module does.
enum OpenSSH {
    static let namespace = "charter-approval"

    static func tool(_ name: String) -> String {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin", "/opt/homebrew/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        return "/usr/bin/\(name)"
    }

    @discardableResult
    static func run(_ name: String, _ arguments: [String], stdin: String? = nil,
                    environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool(name))
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SSH_AUTH_SOCK"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("stdin-\(UUID().uuidString)").path
            try stdin.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            process.standardInput = FileHandle(forReadingAtPath: path)
            try process.run()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus,
                   stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Makes a key pair with ssh-keygen: `type` is `ed25519`, `ecdsa` (P-256) or `rsa`.
    /// Returns the private key's path; the public key is beside it with `.pub`.
    static func keygen(_ type: String, in scratch: Scratch, name: String, passphrase: String = "",
                       comment: String = "test@example.com") throws -> String {
        let path = scratch.path(name)
        var arguments = ["-q", "-t", type, "-N", passphrase, "-C", comment, "-f", path]
        if type == "ecdsa" { arguments += ["-b", "256"] }
        if type == "rsa" { arguments += ["-b", "2048"] }
        let run = try run("ssh-keygen", arguments)
        try #require(run.status == 0, "ssh-keygen failed: \(run.stderr)")
        return path
    }

    static func publicKey(_ privatePath: String) throws -> SSHPublicKey {
        try SSHPublicKey(line: String(contentsOfFile: privatePath + ".pub", encoding: .utf8))
    }

    /// `ssh-keygen -Y sign`: the armoured signature of `message` by the key at `keyPath`.
    static func sign(_ message: String, key keyPath: String, namespace: String = namespace, in scratch: Scratch) throws -> String {
        let file = try scratch.write("message-\(UUID().uuidString.prefix(8))", message)
        let run = try run("ssh-keygen", ["-Y", "sign", "-f", keyPath, "-n", namespace, file])
        try #require(run.status == 0, "ssh-keygen -Y sign failed: \(run.stderr)")
        return try String(contentsOfFile: file + ".sig", encoding: .utf8)
    }

    /// `ssh-keygen -Y verify`: whether OpenSSH accepts `armored` as `principal`'s signature of
    /// `message` under `namespace`, by the allowed-signers file `allowed`.
    static func verifies(_ armored: String, message: String, principal: String, namespace: String = namespace,
                         allowed: String, in scratch: Scratch) throws -> Bool {
        let allowedPath = try scratch.write("allowed-\(UUID().uuidString.prefix(8))", allowed)
        let sigPath = try scratch.write("sig-\(UUID().uuidString.prefix(8))", armored)
        let run = try run("ssh-keygen", ["-Y", "verify", "-f", allowedPath, "-I", principal, "-n", namespace, "-s", sigPath],
                          stdin: message)
        return run.status == 0
    }
}

/// What charter's verification of an approval amounts to, the counterpart of `ssh-keygen -Y
/// verify`: the armour parses, the signature verifies by its key, and that key is allowed for
/// the principal under the namespace.
func moduleAccepts(_ armored: String, message: String, principal: String,
                   namespace: String = OpenSSH.namespace, allowed: String) -> Bool {
    guard let signature = try? SSHSignature(armored: armored),
          let signers = try? AllowedSigners(text: allowed) else { return false }
    return signature.verifies(Array(message.utf8), namespace: namespace)
        && signers.keys(for: principal, namespace: namespace).contains(signature.publicKey)
}

/// A small deterministic generator (SplitMix64) for the mutation tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
