import Foundation
import Testing
@testable import CharterSigning

@Suite struct AllowedSignersTests {
    static let ed = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
    static let ec = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBMv8p4flRNI1vKodewWAvxqID3P5g/OMyJTkhzbQw5J2uI4TzQ9OrHdQdS3JMwVDR5S9sof5FjxLUarZPdGIP6k="

    @Test func readsCommentsOptionsPrincipalsAndNamespaces() throws {
        let text = """
        # Signers of charter approvals

        alice@example.com,alice@corp.example \(Self.ed) alice's laptop
           bob@example.com namespaces="charter-approval,git" \(Self.ec)
        *@ops.example valid-after="20240101",valid-before="20991231235959Z" \(Self.ed)
        "carol@example.com" cert-authority \(Self.ec)
        dave@example.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ
        erin@example.com NAMESPACES="a, b",Valid-Before="203001011200" \(Self.ed)
        """
        let signers = try AllowedSigners(text: text)
        let ed = try SSHPublicKey(line: Self.ed), ec = try SSHPublicKey(line: Self.ec)
        #expect(signers.entries.map(\.line) == [3, 4, 5, 6, 8])
        #expect(signers.entries[0].principals == ["alice@example.com", "alice@corp.example"])
        #expect(signers.entries[0].key.comment == "alice's laptop")
        #expect(signers.entries[0].namespaces == nil)
        #expect(signers.entries[1].namespaces == ["charter-approval", "git"])
        #expect(signers.entries[2].validBefore == Date(timeIntervalSince1970: 4_102_444_799))
        #expect(signers.entries[3].isCertificateAuthority)
        #expect(signers.entries[4].namespaces == ["a", "b"])
        #expect(signers.ignored == [AllowedSigners.Ignored(line: 7, keyType: "ssh-rsa")])

        #expect(signers.keys(for: "alice@corp.example", namespace: "charter-approval") == [ed])
        #expect(signers.keys(for: "bob@example.com", namespace: "charter-approval") == [ec])
        #expect(signers.keys(for: "bob@example.com", namespace: "file").isEmpty)
        #expect(signers.keys(for: "ops1@ops.example", namespace: "charter-approval") == [ed])
        #expect(signers.keys(for: "ops1@ops.example", namespace: "x", at: Date(timeIntervalSince1970: 0)).isEmpty)
        #expect(signers.keys(for: "carol@example.com", namespace: "charter-approval").isEmpty, "a CA key signs certificates only")
        #expect(signers.keys(for: "mallory@example.com", namespace: "charter-approval").isEmpty)
        #expect(signers.allows(ec, for: "bob@example.com", namespace: "git"))
    }

    @Test(arguments: [
        ("alice@example.com ssh-ed25519 !!!!", 1, "the public key is not valid base64"),
        ("# ok\nalice@example.com", 2, "no key after the principals"),
        ("\n\nalice@example.com frobnicate \(ed)", 3, "unknown option 'frobnicate'"),
        ("alice@example.com namespaces=\"a,b \(ed)", 1, "unterminated quote in the options"),
        ("alice@example.com namespaces=a \(ed)", 1, "the value of option 'namespaces' must be in double quotes"),
        ("alice@example.com valid-after=\"2024\" \(ed)", 1, "option 'valid-after': '2024' is not YYYYMMDD[HHMM[SS]][Z]"),
        ("alice@example.com valid-after=\"20241301\" \(ed)", 1, "option 'valid-after': '20241301' is not YYYYMMDD[HHMM[SS]][Z]"),
        ("a@x \(ed)\n,b@x \(ed)", 2, "an empty principal"),
        ("alice@example.com namespaces=\"a\",namespaces=\"b\" \(ed)", 1, "option 'namespaces' given twice"),
        ("alice@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJ", 1, "the public key is not valid base64"),
    ])
    func errorsNameTheLine(text: String, line: Int, reason: String) {
        #expect(throws: SSHSigningError.allowedSigners(line: line, reason: reason)) { try AllowedSigners(text: text) }
    }

    @Test func patternsMatchAsOpenSSHs() {
        #expect(Pattern.matchList("alice@example.com", ["*@example.com"]))
        #expect(Pattern.matchList("al@example.com", ["a?@example.com"]))
        #expect(!Pattern.matchList("bob@example.com", ["!bob@example.com", "*@example.com"]))
        #expect(!Pattern.matchList("Alice@example.com", ["alice@example.com"]), "case-sensitive")
        #expect(!Pattern.matchList("x", ["!y"]), "only negations allow nothing")
        #expect(Pattern.match(String(repeating: "a", count: 200), Substring(String(repeating: "*a", count: 100))))
        #expect(!Pattern.match(String(repeating: "a", count: 200) + "b", Substring(String(repeating: "*a", count: 100))))
    }

    /// Who may sign, checked against `ssh-keygen -Y verify` on the same file.
    @Test(arguments: [
        ("alice@example.com", "charter-approval", true),
        ("bob@example.com", "charter-approval", false),
        ("ops7@ops.example", "charter-approval", true),
        ("ops7@ops.example", "git", false),
        ("root@ops.example", "charter-approval", false),
        ("carol@example.com", "charter-approval", false),
    ])
    func agreesWithSSHKeygen(principal: String, namespace: String, allowed: Bool) throws {
        let scratch = try Scratch()
        let keyPath = try OpenSSH.keygen("ed25519", in: scratch, name: "id")
        let key = try OpenSSH.publicKey(keyPath).line
        let file = """
        # who signs
        alice@example.com,bob@other.example \(key)
        !root@ops.example,*@ops.example namespaces="charter-approval,file" \(key)
        carol@example.com cert-authority \(key)
        bob@example.com valid-before="20000101Z" \(key)
        """
        let message = "approve\n"
        let armored = try OpenSSH.sign(message, key: keyPath, namespace: namespace, in: scratch)
        let openssh = try OpenSSH.verifies(armored, message: message, principal: principal, namespace: namespace, allowed: file, in: scratch)
        let signature = try SSHSignature(armored: armored)
        let signers = try AllowedSigners(text: file)
        let module = signature.verifies(Array(message.utf8), namespace: namespace)
            && signers.allows(signature.publicKey, for: principal, namespace: namespace, at: Date())
        #expect(openssh == allowed)
        #expect(module == allowed)
    }
}
