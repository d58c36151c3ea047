/// Something that signs with an SSH key: a private key file (`SSHKeyFile`) or a key held by
/// ssh-agent (`SSHAgent.signer(for:)`).
public protocol SSHSigner {
    /// The public half of the key that signs.
    var publicKey: SSHPublicKey { get }
    /// Signs `data` as-is, returning the SSH signature blob: `string algorithm, string signature`
    /// (for ECDSA P-256 the signature is `mpint r, mpint s`, over SHA-256 of `data`).
    func sign(_ data: [UInt8]) throws -> [UInt8]
}
