import Crypto
import Foundation

/// An SSH public key of a type charter verifies: `ssh-ed25519` or `ecdsa-sha2-nistp256`.
/// Equality and hashing go by the key itself (the blob), never the comment.
public struct SSHPublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The key types charter signs and verifies with.
    public static let supportedAlgorithms = ["ssh-ed25519", "ecdsa-sha2-nistp256"]

    /// `ssh-ed25519` or `ecdsa-sha2-nistp256`.
    public var algorithm: String
    /// The wire-format public key blob, as in the base64 of a `.pub` line.
    public var blob: [UInt8]
    /// The comment after the key in a `.pub` line or allowed-signers entry, if any.
    public var comment: String?

    /// Reads an OpenSSH public key line: `ssh-ed25519 AAAA… comment`.
    public init(line: String) throws(SSHSigningError) {
        let fields = line.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(maxSplits: 2, whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2 else {
            if let only = fields.first, !Self.supportedAlgorithms.contains(String(only)),
               Self.looksLikeKeyType(only) {
                throw .unsupportedKeyType(String(only))
            }
            throw .invalidPublicKey("expected 'key-type base64 [comment]'")
        }
        let algorithm = String(fields[0])
        guard Self.supportedAlgorithms.contains(algorithm) else { throw .unsupportedKeyType(algorithm) }
        guard let blob = Base64.decode(fields[1]) else { throw .invalidBase64("the public key") }
        try self.init(blob: blob)
        guard self.algorithm == algorithm else {
            throw .invalidPublicKey("the line says \(quoted(algorithm)) but the key is \(quoted(self.algorithm))")
        }
        if fields.count == 3 {
            let comment = fields[2].trimmingCharacters(in: .whitespaces)
            self.comment = comment.isEmpty ? nil : comment
        }
    }

    /// Reads a wire-format public key blob, checking it is a valid key of a supported type.
    public init(blob: [UInt8]) throws(SSHSigningError) {
        let key = try CryptoPublicKey(blob: blob)
        self.algorithm = key.algorithm
        self.blob = blob
        self.comment = nil
    }

    /// `SHA256:` and the unpadded base64 of the blob's SHA-256, as `ssh-keygen -l` prints it.
    public var fingerprint: String {
        let digest = Base64.encode(Array(SHA256.hash(data: blob)))
        return "SHA256:" + digest.trimmingCharacters(in: CharacterSet(charactersIn: "="))
    }

    /// `algorithm base64`, without the comment: the form for an allowed-signers file.
    public var line: String { "\(algorithm) \(Base64.encode(blob))" }

    /// The algorithm and fingerprint, e.g. `ssh-ed25519 SHA256:…`.
    public var description: String { "\(algorithm) \(fingerprint)" }

    public static func == (a: SSHPublicKey, b: SSHPublicKey) -> Bool { a.blob == b.blob }
    public func hash(into hasher: inout Hasher) { hasher.combine(blob) }

    /// The key, ready for swift-crypto. Throws if `blob` was changed into something invalid.
    func cryptoKey() throws(SSHSigningError) -> CryptoPublicKey { try CryptoPublicKey(blob: blob) }
}

extension SSHPublicKey {
    /// Whether `name` has the shape of an SSH key type (`ssh-rsa`, `ecdsa-sha2-nistp384`,
    /// `sk-ssh-ed25519@openssh.com`, `…-cert-v01@openssh.com`), so an error can call it one.
    static func looksLikeKeyType<S: StringProtocol>(_ name: S) -> Bool {
        name.hasPrefix("ssh-") || name.hasPrefix("ecdsa-") || name.hasPrefix("sk-")
            || name.hasPrefix("rsa-") || name.hasPrefix("x509v3-")
    }
}

/// A supported public key, parsed into swift-crypto's type.
enum CryptoPublicKey {
    case ed25519(Curve25519.Signing.PublicKey)
    case p256(P256.Signing.PublicKey)

    var algorithm: String {
        switch self {
        case .ed25519: "ssh-ed25519"
        case .p256: "ecdsa-sha2-nistp256"
        }
    }

    init(blob: [UInt8]) throws(SSHSigningError) {
        guard blob.count <= 4096 else { throw .inputTooLarge("a public key", limit: 4096) }
        var reader = SSHWireReader(blob)
        let type = try reader.readString("the public key's type")
        let name = String(decoding: type, as: UTF8.self)
        switch name {
        case "ssh-ed25519":
            let point = try reader.readString("the Ed25519 public key")
            guard point.count == 32 else {
                throw .invalidPublicKey("an Ed25519 key has 32 bytes, not \(point.count)")
            }
            try reader.expectEnd("the Ed25519 public key")
            do { self = .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: point)) } catch {
                throw .invalidPublicKey("not a valid Ed25519 key")
            }
        case "ecdsa-sha2-nistp256":
            let curve = try reader.readString("the ECDSA curve name")
            guard curve == Array("nistp256".utf8) else {
                throw .invalidPublicKey("the curve of an ecdsa-sha2-nistp256 key must be nistp256")
            }
            let point = try reader.readString("the ECDSA public point")
            try reader.expectEnd("the ECDSA public key")
            guard point.count == 65, point[0] == 4 else {
                throw .invalidPublicKey("a nistp256 point is 65 bytes, uncompressed")
            }
            do { self = .p256(try P256.Signing.PublicKey(x963Representation: point)) } catch {
                throw .invalidPublicKey("the point is not on the nistp256 curve")
            }
        default:
            throw .unsupportedKeyType(name)
        }
    }
}
