import Crypto
import Foundation

/// A signature in OpenSSH's SSHSIG format (PROTOCOL.sshsig), the one git makes and checks with
/// `gpg.format=ssh`: armoured between `-----BEGIN SSH SIGNATURE-----` and
/// `-----END SSH SIGNATURE-----`, it carries the signer's public key, the namespace, the hash
/// algorithm and the signature itself.
///
/// Verifying proves only that the embedded key signed the message; whether that key may sign
/// for someone is a question for `AllowedSigners`.
public struct SSHSignature: Sendable {
    /// The key that made the signature, as embedded in it.
    public var publicKey: SSHPublicKey
    /// The namespace the signature was made for (charter's approvals use `charter-approval`).
    public var namespace: String
    /// `sha512` or `sha256`: how the message was hashed before signing.
    public var hashAlgorithm: String
    /// The SSH signature blob: `string algorithm, string signature` (for ECDSA the signature is
    /// `mpint r, mpint s`).
    public var signatureBlob: [UInt8]
    /// The reserved field, empty in every signature OpenSSH makes; kept to write back unchanged.
    var reserved: [UInt8] = []

    static let magic = Array("SSHSIG".utf8)
    static let begin = "-----BEGIN SSH SIGNATURE-----"
    static let end = "-----END SSH SIGNATURE-----"
    static let hashAlgorithms = ["sha512", "sha256"]
    /// Far above any real signature (an RSA-16384 one is under 5 KiB armoured).
    static let armorLimit = 64 * 1024

    /// A signature from its parts, as `SSHSig.sign` makes it.
    public init(publicKey: SSHPublicKey, namespace: String, hashAlgorithm: String, signatureBlob: [UInt8]) {
        self.publicKey = publicKey
        self.namespace = namespace
        self.hashAlgorithm = hashAlgorithm
        self.signatureBlob = signatureBlob
    }

    /// Reads an armoured signature, strictly: the magic, version 1, a supported key and hash
    /// algorithm, and nothing after the last field. Hostile input gives an error, never a crash.
    public init(armored: String) throws(SSHSigningError) {
        let bytes = try Armor.decode(
            armored, begin: Self.begin, end: Self.end, limit: Self.armorLimit,
            what: "the SSH signature", notArmored: .notArmored, unterminated: .unterminatedArmor)
        try self.init(blob: bytes)
    }

    /// Reads the binary SSHSIG blob (what the armour holds).
    public init(blob bytes: [UInt8]) throws(SSHSigningError) {
        var reader = SSHWireReader(bytes)
        guard try reader.readBytes(6, "the SSHSIG magic") == Self.magic else {
            throw .badMagic("an SSH signature")
        }
        let version = try reader.readUInt32("the SSHSIG version")
        guard version == 1 else { throw .unsupportedVersion(version) }
        let key = try SSHPublicKey(blob: reader.readString("the signature's public key"))
        let namespace = try reader.readText("the namespace")
        let reserved = try reader.readString("the reserved field")
        let hash = try reader.readText("the hash algorithm")
        guard Self.hashAlgorithms.contains(hash) else { throw .unsupportedHashAlgorithm(hash) }
        let signature = try reader.readString("the signature blob")
        try reader.expectEnd("the SSH signature blob")
        guard !namespace.isEmpty else { throw .emptyNamespace }
        self.init(publicKey: key, namespace: namespace, hashAlgorithm: hash, signatureBlob: signature)
        self.reserved = reserved
        _ = try SignatureValue(blob: signature, for: key.algorithm)
    }

    /// The binary SSHSIG blob.
    public var blob: [UInt8] {
        var writer = SSHWireWriter()
        writer.raw(Self.magic)
        writer.uint32(1)
        writer.string(publicKey.blob)
        writer.string(namespace)
        writer.string(reserved)
        writer.string(hashAlgorithm)
        writer.string(signatureBlob)
        return writer.bytes
    }

    /// The signature armoured as `ssh-keygen -Y sign` writes it: 70-column base64 lines between
    /// the BEGIN and END lines, ending in a newline.
    public var armored: String {
        Self.begin + "\n" + Base64.wrapped(blob, width: 70) + Self.end + "\n"
    }

    /// Whether the signature is valid for `message` under `namespace`, by its own embedded key.
    public func verifies(_ message: [UInt8], namespace: String) -> Bool {
        do { try verify(message, namespace: namespace) } catch { return false }
        return true
    }

    /// Checks the signature as `verifies` does, throwing the reason it fails:
    /// `namespaceMismatch`, `invalidSignature`, or a damaged field.
    public func verify(_ message: [UInt8], namespace expected: String) throws(SSHSigningError) {
        guard !expected.isEmpty else { throw .emptyNamespace }
        guard namespace == expected else { throw .namespaceMismatch(found: namespace, expected: expected) }
        guard Self.hashAlgorithms.contains(hashAlgorithm) else { throw .unsupportedHashAlgorithm(hashAlgorithm) }
        let key = try publicKey.cryptoKey()
        let value = try SignatureValue(blob: signatureBlob, for: key.algorithm)
        let signed = Self.signedData(message, namespace: namespace, hashAlgorithm: hashAlgorithm)
        let valid: Bool
        switch (key, value) {
        case (.ed25519(let key), .ed25519(let signature)):
            valid = key.isValidSignature(signature, for: signed)
        case (.p256(let key), .p256(let signature)):
            valid = key.isValidSignature(signature, for: signed)
        default:
            valid = false
        }
        guard valid else { throw .invalidSignature }
    }

    /// What the key actually signs: `"SSHSIG"`, then as strings the namespace, the reserved
    /// field (empty), the hash algorithm and the message's hash.
    static func signedData(_ message: [UInt8], namespace: String, hashAlgorithm: String) -> [UInt8] {
        let digest: [UInt8] = hashAlgorithm == "sha256"
            ? Array(SHA256.hash(data: message)) : Array(SHA512.hash(data: message))
        var writer = SSHWireWriter()
        writer.raw(magic)
        writer.string(namespace)
        writer.string([UInt8]())
        writer.string(hashAlgorithm)
        writer.string(digest)
        return writer.bytes
    }
}

/// The signature proper, out of an SSH signature blob (`string algorithm, string signature`).
enum SignatureValue {
    case ed25519([UInt8])
    case p256(P256.Signing.ECDSASignature)

    init(blob: [UInt8], for keyAlgorithm: String) throws(SSHSigningError) {
        var reader = SSHWireReader(blob)
        let algorithm = String(decoding: try reader.readString("the signature algorithm"), as: UTF8.self)
        guard algorithm == keyAlgorithm else {
            throw .signatureAlgorithmMismatch(key: keyAlgorithm, signature: algorithm)
        }
        let value = try reader.readString("the signature value")
        try reader.expectEnd("the signature value")
        switch algorithm {
        case "ssh-ed25519":
            guard value.count == 64 else { throw .malformed("an Ed25519 signature has 64 bytes, not \(value.count)") }
            self = .ed25519(value)
        case "ecdsa-sha2-nistp256":
            var inner = SSHWireReader(value)
            let r = try inner.readPositiveMPInt(width: 32, "the ECDSA signature's r")
            let s = try inner.readPositiveMPInt(width: 32, "the ECDSA signature's s")
            try inner.expectEnd("the ECDSA signature's s")
            do { self = .p256(try P256.Signing.ECDSASignature(rawRepresentation: r + s)) } catch {
                throw .malformed("not a valid ECDSA signature")
            }
        default:
            throw .unsupportedKeyType(algorithm)
        }
    }
}
