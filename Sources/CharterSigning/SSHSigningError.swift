import Foundation

/// Everything that can go wrong reading, making or checking an SSH signature, key, agent
/// conversation or allowed-signers file. Each case reads as a sentence a user understands;
/// text taken from the input is shortened and has its control characters escaped.
public enum SSHSigningError: Error, Equatable, CustomStringConvertible, LocalizedError {
    // MARK: - Armour and wire format
    /// The text does not start with `-----BEGIN SSH SIGNATURE-----`.
    case notArmored
    /// The text has no `-----END SSH SIGNATURE-----` line.
    case unterminatedArmor
    /// What lies between the armour lines (or in a key) is not base64. The payload names the thing.
    case invalidBase64(String)
    /// The input is larger than anything charter reads of its kind.
    case inputTooLarge(String, limit: Int)
    /// The decoded data does not start with the magic of its format (`SSHSIG`, `openssh-key-v1`).
    case badMagic(String)
    /// An SSHSIG blob of a version other than 1.
    case unsupportedVersion(UInt32)
    /// The data ends inside a field; the payload names the field.
    case truncated(String)
    /// Bytes follow where the format says the data ends; the payload names where.
    case trailingData(String)
    /// A field holds a value its format forbids.
    case malformed(String)

    // MARK: - Signatures
    /// The signature was made for another namespace.
    case namespaceMismatch(found: String, expected: String)
    /// A hash algorithm other than `sha512` or `sha256`.
    case unsupportedHashAlgorithm(String)
    /// A key type other than `ssh-ed25519` and `ecdsa-sha2-nistp256`.
    case unsupportedKeyType(String)
    /// A key of a supported type whose data is not a valid key.
    case invalidPublicKey(String)
    /// The signature blob names another algorithm than its key.
    case signatureAlgorithmMismatch(key: String, signature: String)
    /// The signature is well formed but does not match the message under its key.
    case invalidSignature
    /// Signing or verifying under an empty namespace, which SSHSIG forbids.
    case emptyNamespace
    /// The signer failed or returned something that is not a valid signature.
    case signingFailed(String)

    // MARK: - Private keys
    /// The text is not an OpenSSH private key.
    case notPrivateKey
    /// The private key is protected by a passphrase.
    case encryptedPrivateKey
    /// The private key is damaged or of a shape charter does not read.
    case invalidPrivateKey(String)
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)

    // MARK: - ssh-agent
    /// No socket path was given and `SSH_AUTH_SOCK` is not set.
    case agentNotConfigured
    /// The agent's socket could not be reached.
    case agentUnreachable(path: String, reason: String)
    /// The agent holds no key with this fingerprint.
    case agentKeyNotFound(fingerprint: String)
    /// The agent answered FAILURE; the payload names the request.
    case agentRefused(String)
    /// The agent answered something the protocol does not allow.
    case agentProtocol(String)
    /// The agent did not answer in time.
    case agentTimeout(path: String)

    // MARK: - Allowed signers
    /// A line of an allowed-signers file could not be read.
    case allowedSigners(line: Int, reason: String)

    public var description: String {
        switch self {
        case .notArmored:
            return "not an SSH signature (no BEGIN SSH SIGNATURE line)"
        case .unterminatedArmor:
            return "truncated SSH signature (no END SSH SIGNATURE line)"
        case .invalidBase64(let what):
            return "\(what) is not valid base64"
        case .inputTooLarge(let what, let limit):
            return "\(what) is larger than \(limit) bytes"
        case .badMagic(let what):
            return "not \(what) (wrong magic bytes)"
        case .unsupportedVersion(let version):
            return "unsupported SSH signature version \(version) (charter reads version 1)"
        case .truncated(let what):
            return "truncated data: it ends inside \(what)"
        case .trailingData(let what):
            return "unexpected data after \(what)"
        case .malformed(let what):
            return "malformed data: \(what)"
        case .namespaceMismatch(let found, let expected):
            return "signature made for namespace \(quoted(found)), expected \(quoted(expected))"
        case .unsupportedHashAlgorithm(let name):
            return "unsupported hash algorithm \(quoted(name)) (SSH signatures use sha512 or sha256)"
        case .unsupportedKeyType(let name):
            return "unsupported key type \(quoted(name)) (charter verifies ssh-ed25519 and ecdsa-sha2-nistp256)"
        case .invalidPublicKey(let reason):
            return "invalid public key: \(reason)"
        case .signatureAlgorithmMismatch(let key, let signature):
            return "signature algorithm \(quoted(signature)) does not match the key type \(quoted(key))"
        case .invalidSignature:
            return "the signature does not match the message"
        case .emptyNamespace:
            return "an SSH signature needs a namespace"
        case .signingFailed(let reason):
            return "signing failed: \(reason)"
        case .notPrivateKey:
            return "not an OpenSSH private key (no BEGIN OPENSSH PRIVATE KEY line)"
        case .encryptedPrivateKey:
            return "encrypted private key: load it into ssh-agent (ssh-add) instead"
        case .invalidPrivateKey(let reason):
            return "invalid private key: \(reason)"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .agentNotConfigured:
            return "SSH_AUTH_SOCK is not set"
        case .agentUnreachable(let path, let reason):
            return "cannot reach the ssh-agent at \(path): \(reason)"
        case .agentKeyNotFound(let fingerprint):
            return "the agent holds no key matching \(fingerprint)"
        case .agentRefused(let request):
            return "the agent refused \(request)"
        case .agentProtocol(let reason):
            return "unexpected answer from the ssh-agent: \(reason)"
        case .agentTimeout(let path):
            return "the ssh-agent at \(path) did not answer in time"
        case .allowedSigners(let line, let reason):
            return "allowed signers, line \(line): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}

/// Text from the input, fit for a message: single-quoted, at most 64 characters, control
/// characters escaped.
func quoted(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars.prefix(64) {
        switch scalar.value {
        case 0x20..<0x7F where scalar != "'" && scalar != "\\": out.unicodeScalars.append(scalar)
        case 0xA0...: out.unicodeScalars.append(scalar)
        default: out += String(format: "\\x%02X", scalar.value & 0xFF)
        }
    }
    if text.unicodeScalars.count > 64 { out += "…" }
    return "'\(out)'"
}
