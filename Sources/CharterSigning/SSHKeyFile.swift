import Crypto
import Foundation

/// An unencrypted OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`, the
/// `openssh-key-v1` format `ssh-keygen` writes), Ed25519 or ECDSA P-256, that signs in-process.
///
/// Keys protected by a passphrase are refused: load them into ssh-agent and use `SSHAgent`.
public struct SSHKeyFile: SSHSigner, Sendable {
    /// The key's public half, with the comment stored in the file.
    public let publicKey: SSHPublicKey
    private let key: PrivateKey

    private enum PrivateKey: Sendable {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
    }

    static let begin = "-----BEGIN OPENSSH PRIVATE KEY-----"
    static let end = "-----END OPENSSH PRIVATE KEY-----"
    static let magic = Array("openssh-key-v1".utf8) + [0]
    static let sizeLimit = 64 * 1024

    /// Reads the private key file at `path`.
    public init(path: String) throws(SSHSigningError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadableFile(path: path, reason: Self.reason(error))
        }
        guard data.count <= Self.sizeLimit else { throw .inputTooLarge("the private key", limit: Self.sizeLimit) }
        guard let text = String(data: data, encoding: .utf8) else { throw .notPrivateKey }
        try self.init(contents: text)
    }

    /// Reads a private key from the text of its file.
    public init(contents: String) throws(SSHSigningError) {
        let bytes = try Armor.decode(
            contents, begin: Self.begin, end: Self.end, limit: Self.sizeLimit,
            what: "the private key", notArmored: .notPrivateKey,
            unterminated: .invalidPrivateKey("no END OPENSSH PRIVATE KEY line"))
        var reader = SSHWireReader(bytes)
        guard try reader.readBytes(Self.magic.count, "the key's magic") == Self.magic else {
            throw .badMagic("an openssh-key-v1 private key")
        }
        let cipher = String(decoding: try reader.readString("the cipher name"), as: UTF8.self)
        let kdf = String(decoding: try reader.readString("the KDF name"), as: UTF8.self)
        _ = try reader.readString("the KDF options")
        guard cipher == "none", kdf == "none" else { throw .encryptedPrivateKey }
        let count = try reader.readUInt32("the number of keys")
        guard count == 1 else { throw .invalidPrivateKey("the file holds \(count) keys, charter reads files of one") }
        let publicBlob = try reader.readString("the public key")
        let privateSection = try reader.readString("the private section")
        try reader.expectEnd("the private section")

        var publicKey = try SSHPublicKey(blob: publicBlob)
        guard privateSection.count % 8 == 0 else {
            throw .invalidPrivateKey("the private section is not a whole number of blocks")
        }
        var secret = SSHWireReader(privateSection)
        let check1 = try secret.readUInt32("the first checkint")
        let check2 = try secret.readUInt32("the second checkint")
        guard check1 == check2 else { throw .invalidPrivateKey("the two checkints differ (a damaged key)") }
        let type = String(decoding: try secret.readString("the private key's type"), as: UTF8.self)
        guard type == publicKey.algorithm else {
            throw .invalidPrivateKey("the private key is \(quoted(type)), its public key \(publicKey.algorithm)")
        }
        let key: PrivateKey
        switch type {
        case "ssh-ed25519":
            let point = try secret.readString("the Ed25519 public key")
            let pair = try secret.readString("the Ed25519 private key")
            guard pair.count == 64, Array(pair[32...]) == point else {
                throw .invalidPrivateKey("the Ed25519 private key is not 64 bytes ending in its public key")
            }
            do { key = .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: pair[..<32])) } catch {
                throw .invalidPrivateKey("not a valid Ed25519 key")
            }
        case "ecdsa-sha2-nistp256":
            guard try secret.readString("the ECDSA curve name") == Array("nistp256".utf8) else {
                throw .invalidPrivateKey("the curve is not nistp256")
            }
            _ = try secret.readString("the ECDSA public point")
            let scalar = try secret.readPositiveMPInt(width: 32, "the ECDSA private scalar")
            do { key = .p256(try P256.Signing.PrivateKey(rawRepresentation: scalar)) } catch {
                throw .invalidPrivateKey("not a valid nistp256 private key")
            }
        default:
            throw .unsupportedKeyType(type)
        }
        let comment = String(decoding: try secret.readString("the key's comment"), as: UTF8.self)
        publicKey.comment = comment.isEmpty ? nil : comment
        // Padding: 1, 2, 3, … up to the cipher's block size (8 for "none").
        var expected: UInt8 = 1
        while !secret.isAtEnd {
            guard try secret.readByte("the padding") == expected, expected < 8 else {
                throw .invalidPrivateKey("bad padding after the private key")
            }
            expected += 1
        }
        let derived: [UInt8]
        switch key {
        case .ed25519(let k): derived = Self.ed25519Blob(Array(k.publicKey.rawRepresentation))
        case .p256(let k): derived = Self.p256Blob(Array(k.publicKey.x963Representation))
        }
        guard derived == publicKey.blob else {
            throw .invalidPrivateKey("the private key does not match its public key")
        }
        self.publicKey = publicKey
        self.key = key
    }

    /// Signs `data`, returning the SSH signature blob.
    public func sign(_ data: [UInt8]) throws(SSHSigningError) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.string(publicKey.algorithm)
        switch key {
        case .ed25519(let k):
            do { writer.string(Array(try k.signature(for: data))) } catch {
                throw .signingFailed("Ed25519: \(error)")
            }
        case .p256(let k):
            let raw: [UInt8]
            do { raw = Array(try k.signature(for: data).rawRepresentation) } catch {
                throw .signingFailed("ECDSA: \(error)")
            }
            var inner = SSHWireWriter()
            inner.positiveMPInt(Array(raw[..<32]))
            inner.positiveMPInt(Array(raw[32...]))
            writer.string(inner.bytes)
        }
        return writer.bytes
    }

    static func ed25519Blob(_ point: [UInt8]) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.string("ssh-ed25519")
        writer.string(point)
        return writer.bytes
    }

    static func p256Blob(_ point: [UInt8]) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.string("ecdsa-sha2-nistp256")
        writer.string("nistp256")
        writer.string(point)
        return writer.bytes
    }

    private static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
