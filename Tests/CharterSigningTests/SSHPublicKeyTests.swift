import Foundation
import Testing
@testable import CharterSigning

@Suite struct SSHPublicKeyTests {
    @Test(arguments: ["ed25519", "ecdsa"])
    func fingerprintIsSSHKeygens(type: String) throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen(type, in: scratch, name: "id", comment: "bob@example.com")
        let run = try OpenSSH.run("ssh-keygen", ["-l", "-E", "sha256", "-f", keyPath + ".pub"])
        try #require(run.status == 0)
        let key = try OpenSSH.publicKey(keyPath)
        #expect(key.fingerprint == run.stdout.split(separator: " ")[1].description)
        #expect(key.comment == "bob@example.com")
        #expect(key.algorithm == (type == "ed25519" ? "ssh-ed25519" : "ecdsa-sha2-nistp256"))
        let pub = try scratch.read("id.pub")
        #expect(key.line + " bob@example.com\n" == pub)
        #expect(try SSHPublicKey(line: key.line) == key, "equality ignores the comment")
        #expect(try SSHPublicKey(blob: key.blob) == key)
    }

    @Test func malformedLinesAreRefused() throws {
        let ed = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
        _ = try SSHPublicKey(line: ed)
        #expect(throws: SSHSigningError.self) { try SSHPublicKey(line: "") }
        #expect(throws: SSHSigningError.self) { try SSHPublicKey(line: "ssh-ed25519") }
        #expect(throws: SSHSigningError.invalidBase64("the public key")) { try SSHPublicKey(line: "ssh-ed25519 !!!!") }
        #expect(throws: SSHSigningError.unsupportedKeyType("ecdsa-sha2-nistp384")) { try SSHPublicKey(line: "ecdsa-sha2-nistp384 AAAA") }
        // The blob of an Ed25519 key, one byte short.
        var blob = try SSHPublicKey(line: ed).blob
        blob.removeLast()
        #expect(throws: SSHSigningError.self) { try SSHPublicKey(blob: blob) }
        // A line that says ECDSA over an Ed25519 blob.
        #expect(throws: SSHSigningError.self) {
            try SSHPublicKey(line: "ecdsa-sha2-nistp256 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")
        }
    }

    @Test func aP256PointOffTheCurveIsRefused() throws {
        var writer = SSHWireWriter()
        writer.string("ecdsa-sha2-nistp256")
        writer.string("nistp256")
        writer.string([4] + [UInt8](repeating: 1, count: 64))
        #expect(throws: SSHSigningError.invalidPublicKey("the point is not on the nistp256 curve")) {
            try SSHPublicKey(blob: writer.bytes)
        }
    }
}
