import Foundation
import Testing
@testable import CharterSigning

@Suite struct SSHKeyFileTests {
    @Test(arguments: ["ed25519", "ecdsa"])
    func unencryptedKeysLoad(type: String) throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen(type, in: scratch, name: "id", comment: "carol@example.com")
        let fromPath = try SSHKeyFile(path: keyPath)
        let fromText = try SSHKeyFile(contents: scratch.read("id"))
        let expected = try OpenSSH.publicKey(keyPath)
        #expect(fromPath.publicKey == expected)
        #expect(fromText.publicKey == expected)
        #expect(fromPath.publicKey.comment == "carol@example.com")
    }

    @Test(arguments: ["ed25519", "ecdsa"])
    func encryptedKeysAskForTheAgent(type: String) throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen(type, in: scratch, name: "id", passphrase: "secret")
        #expect(throws: SSHSigningError.encryptedPrivateKey) { try SSHKeyFile(path: keyPath) }
        #expect(SSHSigningError.encryptedPrivateKey.description
            == "encrypted private key: load it into ssh-agent (ssh-add) instead")
    }

    @Test func differingCheckintsAreCaught() throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen("ed25519", in: scratch, name: "id")
        var blob = try Armor.decode(
            scratch.read("id"), begin: SSHKeyFile.begin, end: SSHKeyFile.end, limit: 1 << 16,
            what: "key", notArmored: .notPrivateKey, unterminated: .notPrivateKey)
        let publicLength = try OpenSSH.publicKey(keyPath).blob.count
        // magic, cipher "none", kdf "none", kdf options "", key count, public key, section length
        let checkint2 = 15 + 8 + 8 + 4 + 4 + 4 + publicLength + 4 + 4
        blob[checkint2] ^= 0xFF
        let text = SSHKeyFile.begin + "\n" + Base64.wrapped(blob, width: 70) + SSHKeyFile.end + "\n"
        #expect(throws: SSHSigningError.invalidPrivateKey("the two checkints differ (a damaged key)")) {
            try SSHKeyFile(contents: text)
        }
    }

    @Test func garbageGivesErrors() throws {
        let scratch = try Scratch()
        #expect(throws: SSHSigningError.notPrivateKey) { try SSHKeyFile(contents: "") }
        #expect(throws: SSHSigningError.notPrivateKey) { try SSHKeyFile(contents: "ssh-ed25519 AAAA") }
        #expect(throws: SSHSigningError.invalidBase64("the private key")) {
            try SSHKeyFile(contents: "-----BEGIN OPENSSH PRIVATE KEY-----\n%%%\n-----END OPENSSH PRIVATE KEY-----\n")
        }
        #expect(throws: SSHSigningError.badMagic("an openssh-key-v1 private key")) {
            try SSHKeyFile(contents: "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END OPENSSH PRIVATE KEY-----\n")
        }
        #expect(throws: SSHSigningError.self) { try SSHKeyFile(path: scratch.path("missing")) }
        let binary = try scratch.write("binary", bytes: [0xFF, 0xFE, 0x00, 0x80])
        #expect(throws: SSHSigningError.notPrivateKey) { try SSHKeyFile(path: binary) }
    }

    /// Seeded random mutations of a real key: an error or a key, never a crash.
    @Test(arguments: ["ed25519", "ecdsa"])
    func mutatedKeysNeverCrash(type: String) throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen(type, in: scratch, name: "id")
        let original = try SSHKeyFile(path: keyPath).publicKey
        let blob = try Armor.decode(
            scratch.read("id"), begin: SSHKeyFile.begin, end: SSHKeyFile.end, limit: 1 << 16,
            what: "key", notArmored: .notPrivateKey, unterminated: .notPrivateKey)
        var random = SeededGenerator(seed: 0xC4A7)
        for _ in 0..<300 {
            var mutated = blob
            switch Int.random(in: 0..<3, using: &random) {
            case 0: mutated[Int.random(in: 0..<mutated.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            case 1: mutated.removeLast(Int.random(in: 1..<mutated.count, using: &random))
            default: mutated.insert(UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...mutated.count, using: &random))
            }
            let text = SSHKeyFile.begin + "\n" + Base64.wrapped(mutated, width: 70) + SSHKeyFile.end + "\n"
            if let key = try? SSHKeyFile(contents: text) {
                // Only a change to the comment can leave a key that loads, and it is still the same key.
                #expect(key.publicKey == original)
            }
        }
    }
}
