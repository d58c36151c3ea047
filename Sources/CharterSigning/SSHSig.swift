/// Making SSHSIG signatures, the ones `ssh-keygen -Y sign` makes and git checks.
public enum SSHSig {
    /// The namespace of charter's signed approvals.
    public static let approvalNamespace = "charter-approval"

    /// Signs `message` under `namespace` (hash sha512), returning the armoured signature.
    ///
    /// The signer's answer is checked before it is returned: a signature that does not verify
    /// (a confused agent, a wrong key) throws `SSHSigningError.signingFailed`.
    public static func sign(_ message: [UInt8], namespace: String, with signer: SSHSigner) throws -> String {
        try signature(message, namespace: namespace, with: signer).armored
    }

    /// Signs as `sign(_:namespace:with:)` does, returning the signature as a value.
    public static func signature(_ message: [UInt8], namespace: String, with signer: SSHSigner) throws -> SSHSignature {
        guard !namespace.isEmpty else { throw SSHSigningError.emptyNamespace }
        let key = signer.publicKey
        _ = try key.cryptoKey()
        let signed = SSHSignature.signedData(message, namespace: namespace, hashAlgorithm: "sha512")
        let blob = try signer.sign(signed)
        let signature = SSHSignature(publicKey: key, namespace: namespace, hashAlgorithm: "sha512", signatureBlob: blob)
        do { try signature.verify(message, namespace: namespace) } catch {
            throw SSHSigningError.signingFailed("the signer's answer is not a valid signature by \(key.fingerprint) (\(error))")
        }
        return signature
    }
}
