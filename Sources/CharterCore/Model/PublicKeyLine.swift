import Foundation

/// An OpenSSH public key line as a charter carries it (`ssh-ed25519 AAAAC3Nza… dana@acme`), checked
/// for what the file alone can tell: a key type charter verifies, and a base64 key blob that names that
/// type (and, for ECDSA, the P-256 curve). Whether the key is a valid point is for the verifier.
public struct PublicKeyLine: Hashable, Sendable {
    /// The key types charter verifies signatures of.
    public static let algorithms = ["ssh-ed25519", "ecdsa-sha2-nistp256"]

    /// What a key line looks like, for the JSON Schema of editors.
    public static let pattern = "^(ssh-ed25519|ecdsa-sha2-nistp256) [A-Za-z0-9+/]+={0,2}( .*)?$"

    public var algorithm: String
    /// The base64 text of the key blob.
    public var base64: String
    public var comment: String?

    /// The line without its comment: what identifies the key.
    public var key: String { "\(algorithm) \(base64)" }

    /// The keys of `lines`, comments left out; a line that is no key (reported when it was read) is left out too.
    public static func keys(of lines: [Located<String>]) -> Set<String> {
        Set(lines.compactMap { try? parse($0.value).get().key })
    }

    /// Nil, with the reason, when the line is not a key charter verifies.
    public static func parse(_ line: String) -> Result<PublicKeyLine, Problem> {
        let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard fields.count >= 2 else { return .failure(.notAKeyLine) }
        let (algorithm, base64) = (fields[0], fields[1])
        guard algorithms.contains(algorithm) else { return .failure(.unsupportedType(algorithm)) }
        guard let blob = Data(base64Encoded: base64).map(Array.init), let named = Self.string(in: blob, at: 0),
              named.text == algorithm else { return .failure(.badBlob(algorithm)) }
        if algorithm == "ecdsa-sha2-nistp256" {
            guard let curve = Self.string(in: blob, at: named.next), curve.text == "nistp256" else { return .failure(.badBlob(algorithm)) }
        }
        // Kept as base64 writes it (padded), so that a key compares equal however its line spelled it.
        return .success(PublicKeyLine(algorithm: algorithm, base64: Data(blob).base64EncodedString(), comment: fields.count > 2 ? fields[2] : nil))
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notAKeyLine
        case unsupportedType(String)
        case badBlob(String)

        public var description: String {
            switch self {
            case .notAKeyLine: "not an OpenSSH public key line (TYPE BASE64 [COMMENT])"
            case .unsupportedType(let type): "key type '\(type)' is not one charter verifies (\(PublicKeyLine.algorithms.joined(separator: ", ")))"
            case .badBlob(let type): "the key's base64 is not a \(type) public key"
            }
        }
    }

    /// An SSH wire-format string (a 32-bit big-endian length, then the bytes) at `offset`.
    private static func string(in blob: [UInt8], at offset: Int) -> (text: String, next: Int)? {
        guard offset + 4 <= blob.count else { return nil }
        let length = blob[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        guard length <= blob.count - offset - 4 else { return nil }
        return (String(decoding: blob[offset + 4..<offset + 4 + length], as: UTF8.self), offset + 4 + length)
    }
}

extension CharterSet {
    /// The keys that speak for each role and external name (`PublicKeyLine.key`, comments left out).
    public var keysByName: [String: Set<String>] {
        var keys: [String: Set<String>] = [:]
        func add(_ name: String, _ lines: [Located<String>]) {
            let parsed = PublicKeyLine.keys(of: lines)
            if !parsed.isEmpty { keys[name, default: []].formUnion(parsed) }
        }
        for role in roles { add(role.id, role.keys) }
        for (name, lines) in company?.keys ?? [:] { add(name, lines) }
        return keys
    }
}
