import Foundation
import Testing
@testable import CharterSigning

/// Signing and verifying against OpenSSH: what the module signs, `ssh-keygen -Y verify` accepts;
/// what `ssh-keygen -Y sign` signs, the module accepts; and both turn down the same bad ones.
@Suite struct SSHSigTests {
    static let keyTypes = ["ed25519", "ecdsa"]
    let message = "approve: role platform-lead, charter rev 3f2a\n"

    @Test(arguments: keyTypes)
    func moduleSignsAndSSHKeygenVerifies(type: String) throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen(type, in: scratch, name: "id")
        let signer = try SSHKeyFile(path: keyPath)
        let armored = try SSHSig.sign(Array(message.utf8), namespace: OpenSSH.namespace, with: signer)
        let allowed = "alice@example.com \(signer.publicKey.line)\n"

        #expect(try OpenSSH.verifies(armored, message: message, principal: "alice@example.com", allowed: allowed, in: scratch))
        #expect(moduleAccepts(armored, message: message, principal: "alice@example.com", allowed: allowed))
        let lines = armored.split(separator: "\n")
        #expect(lines.first == "-----BEGIN SSH SIGNATURE-----")
        #expect(lines.last == "-----END SSH SIGNATURE-----")
        #expect(lines.dropFirst().dropLast().dropLast().allSatisfy { $0.count == 70 })
    }

    @Test(arguments: keyTypes)
    func sshKeygenSignsAndModuleVerifies(type: String) throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen(type, in: scratch, name: "id")
        let armored = try OpenSSH.sign(message, key: keyPath, in: scratch)
        let signature = try SSHSignature(armored: armored)

        #expect(signature.publicKey == (try OpenSSH.publicKey(keyPath)))
        #expect(signature.namespace == OpenSSH.namespace)
        #expect(signature.hashAlgorithm == "sha512")
        #expect(signature.verifies(Array(message.utf8), namespace: OpenSSH.namespace))
        #expect(signature.armored == armored, "serialised as ssh-keygen writes it")
    }

    @Test(arguments: keyTypes)
    func sha256SignaturesVerify(type: String) throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen(type, in: scratch, name: "id")
        let file = try scratch.write("message", message)
        let run = try OpenSSH.run("ssh-keygen", ["-Y", "sign", "-f", keyPath, "-n", OpenSSH.namespace, "-O", "hashalg=sha256", file])
        try #require(run.status == 0, "\(run.stderr)")
        let signature = try SSHSignature(armored: scratch.read("message.sig"))
        #expect(signature.hashAlgorithm == "sha256")
        #expect(signature.verifies(Array(message.utf8), namespace: OpenSSH.namespace))
    }

    /// A bad signature, made from a good one (by `alice`'s key, allowed for `alice@example.com`).
    struct BadCase: Sendable, CustomStringConvertible {
        var description: String
        var make: @Sendable (_ good: String, _ scratch: Scratch, _ type: String) throws -> (armored: String, message: String, namespace: String)
    }

    static let badCases: [BadCase] = [
        BadCase(description: "altered message") { good, _, _ in (good, "approve: role platform-lead, charter rev 3f2b\n", OpenSSH.namespace) },
        BadCase(description: "other namespace") { good, _, _ in (good, "approve: role platform-lead, charter rev 3f2a\n", "git") },
        BadCase(description: "another key") { _, scratch, type in
            let other = try OpenSSH.keygen(type, in: scratch, name: "mallory-\(UUID().uuidString.prefix(8))")
            return (try OpenSSH.sign("approve: role platform-lead, charter rev 3f2a\n", key: other, in: scratch),
                    "approve: role platform-lead, charter rev 3f2a\n", OpenSSH.namespace)
        },
        BadCase(description: "a signature byte flipped") { good, _, _ in
            var signature = try SSHSignature(armored: good)
            signature.signatureBlob[signature.signatureBlob.count - 5] ^= 0x40
            return (signature.armored, "approve: role platform-lead, charter rev 3f2a\n", OpenSSH.namespace)
        },
        BadCase(description: "truncated armour") { good, _, _ in
            (String(good.prefix(good.count / 2)), "approve: role platform-lead, charter rev 3f2a\n", OpenSSH.namespace)
        },
        BadCase(description: "truncated blob") { good, _, _ in
            let blob = try SSHSignature(armored: good).blob
            let armored = "-----BEGIN SSH SIGNATURE-----\n" + Base64.wrapped(Array(blob.dropLast(7)), width: 70) + "-----END SSH SIGNATURE-----\n"
            return (armored, "approve: role platform-lead, charter rev 3f2a\n", OpenSSH.namespace)
        },
        BadCase(description: "garbage") { _, _, _ in
            ("-----BEGIN SSH SIGNATURE-----\nbm90IGEgc2lnbmF0dXJlIGF0IGFsbA==\n-----END SSH SIGNATURE-----\n",
             "approve: role platform-lead, charter rev 3f2a\n", OpenSSH.namespace)
        },
        BadCase(description: "no armour") { _, _, _ in ("hello\n", "approve: role platform-lead, charter rev 3f2a\n", OpenSSH.namespace) },
    ]

    @Test(arguments: keyTypes, badCases)
    func bothRejectTheSameBadOnes(type: String, bad: BadCase) throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen(type, in: scratch, name: "alice")
        let allowed = "alice@example.com \(try OpenSSH.publicKey(keyPath).line)\n"
        for good in [try OpenSSH.sign(message, key: keyPath, in: scratch),
                     try SSHSig.sign(Array(message.utf8), namespace: OpenSSH.namespace, with: SSHKeyFile(path: keyPath))] {
            let (armored, message, namespace) = try bad.make(good, scratch, type)
            #expect(!(try OpenSSH.verifies(armored, message: message, principal: "alice@example.com", namespace: namespace, allowed: allowed, in: scratch)))
            #expect(!moduleAccepts(armored, message: message, principal: "alice@example.com", namespace: namespace, allowed: allowed))
        }
    }

    /// Every single byte of the signature blob flipped: the module refuses each, and so does
    /// OpenSSH but for the version (byte 9): it reads versions up to 1, so takes a 0, where the
    /// module takes only 1.
    @Test(arguments: keyTypes)
    func everyFlippedByteIsRejectedByBoth(type: String) throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen(type, in: scratch, name: "alice")
        let allowed = "alice@example.com \(try OpenSSH.publicKey(keyPath).line)\n"
        let blob = try SSHSignature(armored: OpenSSH.sign(message, key: keyPath, in: scratch)).blob
        for position in blob.indices {
            var mutated = blob
            mutated[position] ^= 0x01
            let armored = "-----BEGIN SSH SIGNATURE-----\n" + Base64.wrapped(mutated, width: 70) + "-----END SSH SIGNATURE-----\n"
            let openssh = try OpenSSH.verifies(armored, message: message, principal: "alice@example.com", allowed: allowed, in: scratch)
            let module = moduleAccepts(armored, message: message, principal: "alice@example.com", allowed: allowed)
            #expect(!module, "byte \(position): the module accepts it")
            if position != 9 { #expect(!openssh, "byte \(position): OpenSSH accepts it") }
        }
    }

    @Test func rsaSignaturesAreRefusedClearly() throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen("rsa", in: scratch, name: "rsa")
        let armored = try OpenSSH.sign(message, key: keyPath, in: scratch)
        #expect(throws: SSHSigningError.unsupportedKeyType("ssh-rsa")) { try SSHSignature(armored: armored) }
        #expect(throws: SSHSigningError.unsupportedKeyType("ssh-rsa")) {
            try SSHPublicKey(line: scratch.read("rsa.pub"))
        }
        #expect(throws: SSHSigningError.unsupportedKeyType("ssh-rsa")) { try SSHKeyFile(path: keyPath) }
        #expect(SSHSigningError.unsupportedKeyType("ssh-rsa").description
            == "unsupported key type 'ssh-rsa' (charter verifies ssh-ed25519 and ecdsa-sha2-nistp256)")
    }

    @Test func errorsSayWhatIsWrong() throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen("ed25519", in: scratch, name: "id")
        let signature = try SSHSignature(armored: OpenSSH.sign(message, key: keyPath, in: scratch))
        #expect(throws: SSHSigningError.namespaceMismatch(found: "charter-approval", expected: "git")) {
            try signature.verify(Array(message.utf8), namespace: "git")
        }
        #expect(SSHSigningError.namespaceMismatch(found: "x", expected: "charter-approval").description
            == "signature made for namespace 'x', expected 'charter-approval'")
        #expect(throws: SSHSigningError.invalidSignature) { try signature.verify(Array("other".utf8), namespace: OpenSSH.namespace) }
        #expect(throws: SSHSigningError.notArmored) { try SSHSignature(armored: "hello") }
        #expect(SSHSigningError.notArmored.description == "not an SSH signature (no BEGIN SSH SIGNATURE line)")
        #expect(throws: SSHSigningError.unterminatedArmor) { try SSHSignature(armored: "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n") }
        #expect(throws: SSHSigningError.trailingData("the END SSH SIGNATURE line")) {
            try SSHSignature(armored: signature.armored + "more\n")
        }
        var blob = signature.blob
        blob += [0]
        #expect(throws: SSHSigningError.trailingData("the SSH signature blob")) { try SSHSignature(blob: blob) }
        blob = signature.blob
        blob[9] = 2  // the version's low byte
        #expect(throws: SSHSigningError.unsupportedVersion(2)) { try SSHSignature(blob: blob) }
        blob = signature.blob
        blob[0] = UInt8(ascii: "X")
        #expect(throws: SSHSigningError.badMagic("an SSH signature")) { try SSHSignature(blob: blob) }
        #expect(throws: SSHSigningError.emptyNamespace) {
            try SSHSig.sign([1, 2, 3], namespace: "", with: SSHKeyFile(path: keyPath))
        }
    }

    /// A signer that answers with a signature by the wrong key is caught before it is returned.
    @Test func aSignerThatLiesIsCaught() throws {
        let scratch = try Scratch()
        let alice = try SSHKeyFile(path: OpenSSH.keygen("ed25519", in: scratch, name: "alice"))
        let mallory = try SSHKeyFile(path: OpenSSH.keygen("ed25519", in: scratch, name: "mallory"))
        struct Liar: SSHSigner {
            var publicKey: SSHPublicKey
            var inner: SSHKeyFile
            func sign(_ data: [UInt8]) throws -> [UInt8] { try inner.sign(data) }
        }
        #expect(throws: SSHSigningError.self) {
            try SSHSig.sign([1], namespace: OpenSSH.namespace, with: Liar(publicKey: alice.publicKey, inner: mallory))
        }
    }
}
