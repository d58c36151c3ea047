import Foundation
import Testing
@testable import CharterSigning

/// Seeded random damage to valid signatures, in the armour text and in the blob under it:
/// always an error or a signature, never a crash, and nothing that differs from the original
/// ever verifies.
@Suite struct SSHSignatureMutationTests {
    @Test(arguments: ["ed25519", "ecdsa"])
    func mutatedSignaturesNeverCrashNorVerify(type: String) throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen(type, in: scratch, name: "id")
        let message = Array("approve: role platform-lead\n".utf8)
        let armored = try SSHSig.sign(message, namespace: OpenSSH.namespace, with: SSHKeyFile(path: keyPath))
        let blob = try SSHSignature(armored: armored).blob
        var random = SeededGenerator(seed: type == "ed25519" ? 0x5EED : 0xEC0)

        var parsed = 0
        for round in 0..<400 {
            let input: String
            var mutatedBlob: [UInt8]?
            if round % 2 == 0 {
                var text = Array(armored.utf8)
                for _ in 0..<Int.random(in: 1...3, using: &random) { mutate(&text, using: &random) }
                input = String(decoding: text, as: UTF8.self)
            } else {
                var bytes = blob
                for _ in 0..<Int.random(in: 1...3, using: &random) { mutate(&bytes, using: &random) }
                mutatedBlob = bytes
                input = "-----BEGIN SSH SIGNATURE-----\n" + Base64.wrapped(bytes, width: 70) + "-----END SSH SIGNATURE-----\n"
            }
            guard let signature = try? SSHSignature(armored: input) else { continue }
            parsed += 1
            if signature.verifies(message, namespace: OpenSSH.namespace) {
                #expect(signature.blob == blob, "round \(round): a changed signature verifies")
            }
            if let mutatedBlob { #expect(signature.blob == mutatedBlob, "round \(round): parsing is not exact") }
        }
        #expect(parsed > 0, "some mutations (of the base64 line breaks, say) still parse")
    }

    @Test func hostileLengthsAreRefused() {
        var writer = SSHWireWriter()
        writer.raw(Array("SSHSIG".utf8))
        writer.uint32(1)
        writer.uint32(0xFFFF_FFFF)  // a public key "string" of 4 GiB
        let armored = "-----BEGIN SSH SIGNATURE-----\n" + Base64.wrapped(writer.bytes, width: 70) + "-----END SSH SIGNATURE-----\n"
        #expect(throws: SSHSigningError.truncated("the signature's public key")) { try SSHSignature(armored: armored) }
        let huge = "-----BEGIN SSH SIGNATURE-----\n" + String(repeating: "QUFB\n", count: 20_000) + "-----END SSH SIGNATURE-----\n"
        #expect(throws: SSHSigningError.inputTooLarge("the SSH signature", limit: 65_536)) { try SSHSignature(armored: huge) }
    }

    private func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
        guard !bytes.isEmpty else { bytes = [0]; return }
        let at = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
        case 1: bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 2: bytes.remove(at: at)
        case 3: bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
        default: bytes.removeLast(Int.random(in: 0...(bytes.count - at), using: &random))
        }
    }
}
