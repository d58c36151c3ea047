@testable import CharterCore
import Testing

/// Keys in charters, the statement an approval signs, and the notes entries that keep approvals.
@Suite("Keys and approval records")
struct ApprovalTests {
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlky3AOu9urTH9XJOJqfMAbQpnjGLwGj87LpefIfLXD dana@acme"
    static let p256 = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKH9YzRx49l+Kxi7WJHL8BBJTwl3RjkcwgFvjkdLcpzsbzL3XZKlU/JgA7jIUGbkUSHXOV9OSu6V7X74uvQkHMM= sam@acme"

    @Test func keyLinesOfTheTwoTypesParseAndOthersSayWhy() throws {
        let dana = try PublicKeyLine.parse(Self.ed25519).get()
        #expect(dana.algorithm == "ssh-ed25519" && dana.comment == "dana@acme" && !dana.key.contains("dana"))
        #expect(try PublicKeyLine.parse(Self.p256).get().algorithm == "ecdsa-sha2-nistp256")
        let p384 = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQ="
        #expect(PublicKeyLine.parse(p384) == .failure(.unsupportedType("ecdsa-sha2-nistp384")))
        #expect(PublicKeyLine.parse("ssh-rsa AAAAB3NzaC1yc2E=") == .failure(.unsupportedType("ssh-rsa")))
        #expect(PublicKeyLine.parse("dana's key") == .failure(.unsupportedType("dana's")))
        #expect(PublicKeyLine.parse("ssh-ed25519") == .failure(.notAKeyLine))
        // The blob names another type, or is no base64 at all, or is cut short.
        #expect(PublicKeyLine.parse(Self.p256.replacingOccurrences(of: "ecdsa-sha2-nistp256 ", with: "ssh-ed25519 ")) == .failure(.badBlob("ssh-ed25519")))
        #expect(PublicKeyLine.parse("ssh-ed25519 !!!!") == .failure(.badBlob("ssh-ed25519")))
        #expect(PublicKeyLine.parse("ssh-ed25519 AAAA") == .failure(.badBlob("ssh-ed25519")))
    }

    static func load(role extra: String, company: String = "company: A\nstage: growth\n") -> ValidationReport {
        let role = "role: cto\ntitle: CTO\n\(extra)areas:\n" + ["strategy", "innovation", "customers", "metrics"]
            .map { "  \($0):\n    responsibilities: []\n" }.joined()
        return CharterValidator.load(CharterTree(entries: [CharterTree.companyPath: .file(Array(company.utf8)), CharterTree.rolesPath: .directory,
                                                           "roles/cto.yaml": .file(Array(role.utf8))]))
    }

    @Test func aRoleCarriesItsHoldersKeysAndABadOneIsAFindingAtItsPlace() throws {
        let good = Self.load(role: "keys:\n- \(Self.ed25519)\n- '\(Self.p256)'\n")
        #expect(good.findings.isEmpty, "\(good.findings)")
        #expect(good.charters.role("cto")?.keys.map(\.value) == [Self.ed25519, Self.p256])
        let bad = Self.load(role: "keys:\n- \(Self.ed25519)\n- ssh-rsa AAAAB3NzaC1yc2E= old@laptop\n")
        #expect(Fixtures.summary(bad.findings) == ["invalid-key@roles/cto.yaml:5:3"])
        #expect(bad.findings.first?.message == "key type 'ssh-rsa' is not one charter verifies (ssh-ed25519, ecdsa-sha2-nistp256)")
        // The canonical writer keeps them, and both readers read the same role back.
        let role = try #require(good.charters.role("cto"))
        let yaml = CharterWriter.yaml(for: role)
        #expect(CanonicalRoleScanner.role(in: Array(yaml.utf8), file: "roles/cto.yaml", fileStem: "cto", schema: .fourArea,
                                          limits: .standard) == nil, "keys take the full reader")
        let reread = CharterValidator.load(CharterTree(entries: [CharterTree.rolesPath: .directory, "roles/cto.yaml": .file(Array(yaml.utf8)),
                                                                 CharterTree.companyPath: .file(Array("company: A\nstage: growth\n".utf8))]))
        #expect(reread.charters.role("cto")?.keys.map(\.value) == role.keys.map(\.value))
    }

    @Test func charterYAMLCarriesTheExternalNamesKeysAndTheApprovalPolicy() throws {
        let company = "company: A\nstage: growth\nexternal: [ceo, board]\nkeys:\n  ceo:\n  - \(Self.ed25519)\napprovals: signed\n"
        let report = Self.load(role: "", company: company)
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.charters.company?.keys["ceo"]?.map(\.value) == [Self.ed25519])
        #expect(report.charters.company?.approvals == .signed)
        let written = CharterWriter.yaml(for: try #require(report.charters.company))
        #expect(written.contains("approvals: signed\n") && written.contains("  ceo:\n  - \(Self.ed25519)\n"), "\(written)")
        let wrong = Self.load(role: "", company: "company: A\nstage: growth\nexternal: [ceo]\nkeys:\n  cfo: []\napprovals: maybe\n")
        #expect(Fixtures.summary(wrong.findings) == ["unknown-reference@charter.yaml:5:3", "invalid-value@charter.yaml:6:12"])
    }

    @Test func aChangeOfKeysIsAFieldChangeWithoutTheComments() {
        let before = Self.load(role: "keys:\n- \(Self.ed25519)\n").charters
        let after = Self.load(role: "keys:\n- \(Self.p256.replacingOccurrences(of: " sam@acme", with: " sam@new-laptop"))\n").charters
        let changes = BoundaryDiff.changes(from: before, to: after)
        #expect(changes.map(\.field) == ["keys"])
        #expect(changes.first?.before == String(Self.ed25519.dropLast(" dana@acme".count)))
        #expect(changes.first?.after?.hasPrefix("ecdsa-sha2-nistp256 AAAA") == true && changes.first?.after?.contains("sam@") == false)
        // A comment alone changing is no change of keys.
        let recommented = Self.load(role: "keys:\n- \(Self.ed25519.replacingOccurrences(of: "dana@acme", with: "dana@home"))\n").charters
        #expect(BoundaryDiff.changes(from: before, to: recommented).isEmpty)
    }

    @Test func theStatementNamesTheCommitItsTreeItsParentsAndTheRole() {
        let text = ApprovalStatement.text(commit: String(repeating: "a", count: 40), tree: String(repeating: "b", count: 40),
                                          parents: [String(repeating: "c", count: 40), String(repeating: "d", count: 40)], role: "cpo")
        #expect(text == "charter approval 1\ncommit \(String(repeating: "a", count: 40))\ntree \(String(repeating: "b", count: 40))\n"
            + "parent \(String(repeating: "c", count: 40))\nparent \(String(repeating: "d", count: 40))\nrole cpo\n")
    }

    static let signature = "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n"

    @Test func anEntryKeepsEachApprovalOnceAndReadsBackInOrder() {
        var entry = ApprovalNote.adding(ApprovalRecord(role: "cpo", signature: Self.signature), to: nil)
        entry = ApprovalNote.adding(ApprovalRecord(role: "cto", signature: Self.signature), to: entry)
        entry = ApprovalNote.adding(ApprovalRecord(role: "cpo", signature: Self.signature), to: entry)
        let (records, problems) = ApprovalNote.parse(entry)
        #expect(problems.isEmpty)
        #expect(records.map(\.role) == ["cpo", "cto"] && records.map(\.line) == [1, 6])
        #expect(records.allSatisfy { $0.signature == Self.signature })
    }

    @Test("a damaged entry is problems to report, and the records around them still read",
          arguments: [
            ("garbage\nCharter-Approval: cpo\n\(signature)", ["line 1: expected 'Charter-Approval: ROLE', found 'garbage'"], ["cpo"]),
            ("Charter-Approval: cpo\n-----BEGIN SSH SIGNATURE-----\nU1NI\n", ["line 1: the signature of cpo's approval is cut short (no '-----END SSH SIGNATURE-----')"], []),
            ("Charter-Approval: Not A Role\n\(signature)", ["line 1: 'Not A Role' is not a role id", "line 2: expected 'Charter-Approval: ROLE', found '-----BEGIN SSH SIGNATURE-----'"], []),
            ("Charter-Approval: cpo\nCharter-Approval: cto\n\(signature)", ["line 1: the approval of cpo has no signature"], ["cto"]),
            ("\u{0}\u{1}\u{2}", ["line 1: expected 'Charter-Approval: ROLE', found '\u{0}\u{1}\u{2}'"], []),
          ])
    func damagedEntries(_ text: String, _ problems: [String], _ roles: [String]) {
        let parsed = ApprovalNote.parse(text)
        #expect(parsed.problems == problems)
        #expect(parsed.records.map(\.role) == roles)
    }
}
