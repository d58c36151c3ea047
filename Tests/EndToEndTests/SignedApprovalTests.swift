import Foundation
import Testing

/// Signed approvals, end to end: keys made by ssh-keygen at test time, approvals signed by charter and
/// by `ssh-keygen -Y sign`, verified by charter and by `ssh-keygen -Y verify` (the independent witness),
/// and the attacks audit must catch.
///
/// The history: founding (growth stage); the holders' keys (cpo: Ed25519, cto: ECDSA P-256), the
/// history's first keys; the roadmap moves from the CPO to the CTO, approved by both.
@Suite("Signed approvals")
struct SignedApprovalTests {
    static let namespace = "charter-approval"

    /// A key pair made by ssh-keygen in the scratch folder: `keys/NAME` and `keys/NAME.pub`.
    static func key(_ scratch: Scratch, _ name: String, type: String = "ed25519") throws -> String {
        let path = scratch.path("keys/\(name)")
        try FileManager.default.createDirectory(atPath: scratch.path("keys"), withIntermediateDirectories: true)
        let arguments = ["ssh-keygen", "-q", "-t", type] + (type == "ecdsa" ? ["-b", "256"] : []) + ["-N", "", "-C", "\(name)@acme", "-f", path]
        #expect(try scratch.run("/usr/bin/env", arguments).status == 0)
        return try scratch.read("keys/\(name).pub").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `role`'s charter given `keys` (replacing any).
    static func setKeys(_ scratch: Scratch, _ role: String, _ keys: [String], in repository: String = "acme") throws {
        var text = try scratch.read("\(repository)/roles/\(role).yaml")
        if let start = text.range(of: "keys:\n") {
            let end = text.range(of: "areas:\n", range: start.upperBound..<text.endIndex)!.lowerBound
            text.removeSubrange(start.lowerBound..<end)
        }
        if !keys.isEmpty { text = text.replacingOccurrences(of: "areas:\n", with: "keys:\n" + keys.map { "- \($0)\n" }.joined() + "areas:\n") }
        try scratch.write("\(repository)/roles/\(role).yaml", text)
    }

    static let roadmap = "    - id: roadmap\n      text: Build the product roadmap and share it across the company.\n"

    static func history(_ repository: String = "acme", in existing: Scratch? = nil) throws -> Scratch {
        let scratch = try existing ?? Scratch()
        #expect(try scratch.charter("init", repository, "--company", "Acme", "--stage", "growth").status == 0)
        try setKeys(scratch, "cpo", [try key(scratch, "\(repository)-cpo")], in: repository)
        try setKeys(scratch, "cto", [try key(scratch, "\(repository)-cto", type: "ecdsa")], in: repository)
        #expect(try scratch.charter("commit", "-m", "The holders' keys", "-m", "So that approvals can be signed.", in: repository).status == 0)
        try scratch.edit("\(repository)/roles/cpo.yaml", replacing: roadmap, with: "")
        try scratch.edit("\(repository)/roles/cto.yaml", replacing: "    - id: delivery-approach\n", with: roadmap + "    - id: delivery-approach\n")
        #expect(try scratch.charter("commit", "-m", "The roadmap to the CTO", "-m", "Engineering plans the releases.",
                                    "--approved-by", "cpo", "--approved-by", "cto", in: repository).status == 0)
        return scratch
    }

    static func statement(_ scratch: Scratch, _ revision: String, role: String, in repository: String = "acme") throws -> String {
        func parse(_ spec: String) throws -> String {
            try scratch.git("rev-parse", spec, in: repository).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let parents = try scratch.git("log", "-1", "--format=%P", revision, in: repository).stdout
            .split(whereSeparator: \.isWhitespace).map { "parent \($0)\n" }.joined()
        return "charter approval 1\ncommit \(try parse(revision))\ntree \(try parse(revision + "^{tree}"))\n\(parents)role \(role)\n"
    }

    /// `ssh-keygen -Y sign` of `text` with `key`: the armoured signature.
    static func sshKeygenSign(_ scratch: Scratch, _ text: String, key: String) throws -> String {
        try scratch.write("message", text)
        try? FileManager.default.removeItem(atPath: scratch.path("message.sig"))
        let signed = try scratch.run("/usr/bin/env", ["ssh-keygen", "-q", "-Y", "sign", "-f", scratch.path("keys/\(key)"), "-n", namespace, scratch.path("message")])
        #expect(signed.status == 0, "\(signed)")
        return try scratch.read("message.sig")
    }

    /// Adds an entry (`git notes append`) with plain git.
    static func addNote(_ scratch: Scratch, _ text: String, to revision: String, in repository: String = "acme") throws {
        try scratch.write("note", text)
        #expect(try scratch.git("notes", "--ref", "charter-approvals", "append", "-F", scratch.path("note"), revision, in: repository).status == 0)
    }

    static func audit(_ scratch: Scratch, _ arguments: String..., in repository: String = "acme") throws -> (status: Int32, findings: [String], signed: [String]) {
        let outcome = try scratch.run(Scratch.binary, ["audit", "--format", "json"] + arguments, in: repository)
        let json = try #require(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome)")
        let findings = (json["findings"] as? [[String: Any]] ?? []).map { "\($0["code"]!): \($0["message"]!)" }
        let signed = (json["signedApprovals"] as? [[String: Any]] ?? []).map { "\($0["role"]!) \($0["key"]!)" }
        return (outcome.status, findings, signed)
    }

    static func fingerprint(_ scratch: Scratch, _ key: String) throws -> String {
        let listed = try scratch.run("/usr/bin/env", ["ssh-keygen", "-l", "-E", "sha256", "-f", scratch.path("keys/\(key).pub")])
        return String(listed.stdout.split(separator: " ")[1])
    }

    // MARK: - Both ways with ssh-keygen

    @Test func charterSignsWhatSSHKeygenVerifiesAndVerifiesWhatItSigns() throws {
        let scratch = try Self.history()
        let before = try Self.audit(scratch)
        #expect(before.status == 0 && before.findings.count { $0.hasPrefix("unsigned-approval") } == 2, "\(before)")

        // cpo signs with charter (Ed25519, a key file); ssh-keygen verifies the signature in the entry.
        let approve = try scratch.charter("approve", "HEAD", "--role", "cpo", "--key", "../keys/acme-cpo", in: "acme")
        #expect(approve.status == 0 && approve.stdout.hasPrefix("approved "), "\(approve)")
        let entry = try scratch.git("notes", "--ref", "charter-approvals", "show", "HEAD", in: "acme").stdout
        #expect(entry.hasPrefix("Charter-Approval: cpo\n-----BEGIN SSH SIGNATURE-----\n"), "\(entry)")
        try scratch.write("cpo.sig", String(entry.dropFirst("Charter-Approval: cpo\n".count)))
        try scratch.write("statement", try Self.statement(scratch, "HEAD", role: "cpo"))
        try scratch.write("allowed", "cpo " + (try scratch.read("keys/acme-cpo.pub")))
        let verified = try scratch.run("/bin/sh", ["-c", "ssh-keygen -Y verify -f allowed -I cpo -n \(Self.namespace) -s cpo.sig < statement"])
        #expect(verified.status == 0, "\(verified)")

        // cto signs with ssh-keygen (ECDSA P-256); charter verifies it.
        let signature = try Self.sshKeygenSign(scratch, try Self.statement(scratch, "HEAD", role: "cto"), key: "acme-cto")
        try Self.addNote(scratch, "Charter-Approval: cto\n" + signature, to: "HEAD")
        let after = try Self.audit(scratch)
        #expect(after.status == 0 && after.findings.isEmpty, "\(after)")
        let cpoKey = try Self.fingerprint(scratch, "acme-cpo")
        let ctoKey = try Self.fingerprint(scratch, "acme-cto")
        #expect(after.signed == ["cpo \(cpoKey)", "cto \(ctoKey)"])
        let text = try scratch.charter("audit", in: "acme")
        #expect(text.stdout.contains("signed approvals\n") && text.stdout.contains("  cto  \(ctoKey)"), "\(text)")
    }

    @Test func commitSignsTheCommittersOwnRoleThroughSSHAgent() throws {
        let scratch = try Self.history()
        let socket = scratch.path("agent.sock")
        let agent = try scratch.start("/usr/bin/env", ["ssh-agent", "-D", "-a", socket])
        // SIGTERM may be blocked in a child started from a test thread: SIGKILL, then wait.
        defer {
            kill(agent.process.processIdentifier, SIGKILL)
            agent.process.waitUntilExit()
        }
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { usleep(20_000) }
        let environment = ["SSH_AUTH_SOCK": socket]
        #expect(try scratch.run("/usr/bin/env", ["ssh-add", "-q", scratch.path("keys/acme-cto")], environment: environment).status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: Self.roadmap, with: "")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: product-plan\n", with: Self.roadmap + "    - id: product-plan\n")
        let commit = try scratch.charter("commit", "-m", "The roadmap back", "-m", "Product plans again.", "--sign-approval", "cto",
                                         in: "acme", environment: environment)
        let ctoKey = try Self.fingerprint(scratch, "acme-cto")
        #expect(commit.status == 0 && commit.stdout.contains("signed the approval of cto with \(ctoKey)"), "\(commit)")
        #expect(try scratch.git("log", "-1", "--format=%(trailers:key=Approved-By,valueonly)", in: "acme").stdout.contains("cto"))
        let audit = try Self.audit(scratch)
        #expect(audit.signed.first == "cto \(ctoKey)", "\(audit)")
        // Without a key the role has, nothing is written.
        let head = try scratch.head(in: "acme")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "title: Chief Product Officer", with: "title: CPO")
        let refused = try scratch.charter("commit", "-m", "Shorter", "--sign-approval", "cpo", in: "acme", environment: environment)
        #expect(refused.status == 2 && refused.stderr.contains("ssh-agent holds none of cpo's keys"), "\(refused)")
        #expect(try scratch.head(in: "acme") == head)
    }

    // MARK: - Attacks

    @Test func aSignatureByAKeyThatIsNotTheRolesIsForged() throws {
        let scratch = try Self.history()
        _ = try Self.key(scratch, "mallory")
        try Self.addNote(scratch, "Charter-Approval: cpo\n" + (try Self.sshKeygenSign(scratch, try Self.statement(scratch, "HEAD", role: "cpo"), key: "mallory")),
                         to: "HEAD")
        let audit = try Self.audit(scratch)
        #expect(audit.status == 1 && audit.signed.isEmpty)
        let malloryKey = try Self.fingerprint(scratch, "mallory")
        #expect(audit.findings.contains { $0.hasPrefix("forged-approval: the approval of cpo (entry line 1) is signed with \(malloryKey), not a key of cpo") },
                "\(audit)")
        // And charter itself will not sign with it.
        let refused = try scratch.charter("approve", "HEAD", "--role", "cpo", "--key", "../keys/mallory", in: "acme")
        #expect(refused.status == 2 && refused.stderr.contains("which is not one of cpo's keys"), "\(refused)")
    }

    @Test func aValidSignatureCopiedOntoAnotherCommitOrAnAlteredStatementIsForged() throws {
        let scratch = try Self.history()
        #expect(try scratch.charter("approve", "HEAD", "--role", "cpo", "--key", "../keys/acme-cpo", in: "acme").status == 0)
        let entry = try scratch.git("notes", "--ref", "charter-approvals", "show", "HEAD", in: "acme").stdout
        try Self.addNote(scratch, entry, to: "HEAD~1")
        // A statement altered after signing: the same commit, another tree.
        let altered = try Self.statement(scratch, "HEAD", role: "cto").replacingOccurrences(of: "tree ", with: "tree 0")
        try Self.addNote(scratch, "Charter-Approval: cto\n" + (try Self.sshKeygenSign(scratch, String(altered.prefix(while: { $0 != "\n" })) + "\n", key: "acme-cto")),
                         to: "HEAD")
        let audit = try Self.audit(scratch)
        #expect(audit.status == 1)
        #expect(audit.findings.contains { $0.hasPrefix("forged-approval: the approval of cpo (entry line 1) does not verify for this commit") }, "\(audit)")
        #expect(audit.findings.contains { $0.hasPrefix("forged-approval: the approval of cto") && $0.contains("does not verify for this commit") }, "\(audit)")
        let cpoKey = try Self.fingerprint(scratch, "acme-cpo")
        #expect(audit.signed == ["cpo \(cpoKey)"], "the genuine one still holds: \(audit)")
    }

    @Test func aKeyAddedInTheCommitItApprovesDoesNotApproveIt() throws {
        let scratch = try Self.history()
        let added = try Self.key(scratch, "new-cpo")
        try Self.setKeys(scratch, "cpo", [try scratch.read("keys/acme-cpo.pub").trimmingCharacters(in: .whitespacesAndNewlines), added])
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: product-plan\n", with: "    - id: pricing\n      text: Set the prices.\n    - id: product-plan\n")
        #expect(try scratch.charter("commit", "-m", "Pricing, and a second key", "-m", "Why.", in: "acme").status == 0)
        try Self.addNote(scratch, "Charter-Approval: cpo\n" + (try Self.sshKeygenSign(scratch, try Self.statement(scratch, "HEAD", role: "cpo"), key: "new-cpo")),
                         to: "HEAD")
        let audit = try Self.audit(scratch)
        let newKey = try Self.fingerprint(scratch, "new-cpo")
        #expect(audit.findings.contains { $0.hasPrefix("forged-approval: the approval of cpo (entry line 1) is signed with \(newKey), not a key of cpo before the commit") },
                "\(audit)")
        #expect(audit.findings.contains { $0.hasPrefix("unapproved-key-change: the keys of cpo changed (1 added, 0 removed)") }, "\(audit)")
    }

    @Test func aHoldersKeySwappedNeedsTheOldKeyOrTheManager() throws {
        let scratch = try Self.history()
        try Self.setKeys(scratch, "cto", [try Self.key(scratch, "new-cto")])
        #expect(try scratch.charter("commit", "-m", "New laptop", "-m", "The old key is retired.", in: "acme").status == 0)
        let unapproved = try Self.audit(scratch)
        // No approval was ever signed here: audit says where signatures would be.
        #expect(unapproved.status == 1 && unapproved.findings.filter { $0.hasPrefix("unapproved-key-change") }
                == ["unapproved-key-change: the keys of cto changed (1 added, 1 removed) with no signed approval by cto's keys before it or by ceo"
                    + " (this repository has no refs/notes/charter-approvals: git fetch origin refs/notes/charter-approvals:refs/notes/charter-approvals)"],
                "\(unapproved)")
        // The new key cannot approve its own arrival; the old one can.
        #expect(try scratch.charter("approve", "HEAD", "--role", "cto", "--key", "../keys/new-cto", in: "acme").status == 2)
        #expect(try scratch.charter("approve", "HEAD", "--role", "cto", "--key", "../keys/acme-cto", in: "acme").status == 0)
        #expect(try Self.audit(scratch).findings.allSatisfy { $0.hasPrefix("unsigned-approval") })
    }

    @Test func aHistoryRewrittenWithOtherFoundingKeysFailsAgainstTrust() throws {
        let scratch = try Self.history()
        try scratch.write("trusted", ["cpo", "cto"].map { "\($0) " + ((try? scratch.read("keys/acme-\($0).pub")) ?? "") }.joined())
        #expect(try Self.audit(scratch, "--trust", "../trusted").findings.filter { $0.hasPrefix("untrusted") }.isEmpty)
        // The same story with keys of someone else's making.
        _ = try Self.history("forged", in: scratch)
        let audit = try Self.audit(scratch, "--trust", "../trusted", in: "forged")
        #expect(audit.status == 1)
        #expect(audit.findings.filter { $0.hasPrefix("untrusted-key:") }.count == 2, "\(audit)")
        let forgedKey = try Self.fingerprint(scratch, "forged-cto")
        #expect(audit.findings.contains { $0.contains("give cto \(forgedKey), which the trusted signers do not name for cto") })
        let unreadable = try scratch.charter("audit", "--trust", "../nowhere", in: "acme")
        #expect(unreadable.status == 2 && unreadable.stderr.contains("--trust: cannot read ../nowhere"))
    }

    @Test("a damaged entry is a finding, never a crash",
          arguments: ["garbage", "Charter-Approval: cpo\n-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAA\n",
                      "Charter-Approval: cpo\n-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n",
                      String(repeating: "\u{1}\u{0}é", count: 2000)])
    func damagedEntries(_ entry: String) throws {
        let scratch = try Self.history()
        try Self.addNote(scratch, entry, to: "HEAD")
        let audit = try Self.audit(scratch)
        #expect(audit.status == 1 && audit.findings.contains { $0.hasPrefix("forged-approval: ") }, "\(audit)")
    }

    @Test func approvalsSignedMakesEveryUnsignedApprovalAnError() throws {
        let scratch = try Self.history()
        try scratch.edit("acme/charter.yaml", replacing: "stage: growth\n", with: "stage: growth\napprovals: signed\n")
        #expect(try scratch.charter("commit", "-m", "Approvals are signed from now on", "-m", "The board asked.", in: "acme").status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: Self.roadmap, with: "")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: product-plan\n", with: Self.roadmap + "    - id: product-plan\n")
        #expect(try scratch.charter("commit", "-m", "The roadmap back", "-m", "Why.", "--approved-by", "cto", "--approved-by", "cpo", in: "acme").status == 0)
        let json = try scratch.charter("audit", "--format", "json", in: "acme")
        let findings = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
        let unsigned = findings.filter { $0["code"] as? String == "unsigned-approval" }
        #expect(unsigned.count == 4 && unsigned.prefix(2).allSatisfy { $0["severity"] as? String == "error" }
                && unsigned.suffix(2).allSatisfy { $0["severity"] as? String == "warning" }, "\(findings)")
        #expect(json.status == 1)
        #expect(try scratch.charter("approve", "HEAD", "--role", "cpo", "--key", "../keys/acme-cpo", in: "acme").status == 0)
        #expect(try scratch.charter("approve", "HEAD", "--role", "cto", "--key", "../keys/acme-cto", in: "acme").status == 0)
        #expect(try Self.audit(scratch).findings.filter { $0.hasPrefix("unsigned-approval: Approved-By: c") && $0.contains("approvals: signed") }.isEmpty)
    }

    // MARK: - Attacks an independent review found

    static func git(_ scratch: Scratch, _ arguments: String...) throws -> String {
        let outcome = try scratch.run("/usr/bin/env", ["git"] + arguments, in: "acme", environment: HistoryTests.dates("2022-01-01"))
        #expect(outcome.status == 0, "\(arguments): \(outcome)")
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func keysSwappedThroughAMergeWithAnUnrelatedRootAreFoundedAgainAndCaught() throws {
        let scratch = try Self.history()
        try Self.setKeys(scratch, "cpo", [try Self.key(scratch, "att")])
        try Self.setKeys(scratch, "cto", [try Self.key(scratch, "att2")])
        _ = try Self.git(scratch, "add", "-A")
        let tree = try Self.git(scratch, "write-tree")
        let root = try Self.git(scratch, "commit-tree", tree, "-m", "Import archived charters")
        let merge = try Self.git(scratch, "commit-tree", tree, "-p", "HEAD", "-p", root, "-m", "Merge branch 'archive'")
        _ = try Self.git(scratch, "reset", "-q", "--hard", merge)
        let audit = try Self.audit(scratch)
        #expect(audit.status == 1 && audit.findings.contains { $0.hasPrefix("unapproved-key-change: keys are founded again (cpo, cto)") }, "\(audit)")
    }

    @Test func aRootCommitsKeysAreCheckedAgainstTrust() throws {
        let scratch = try Scratch()
        #expect(try scratch.charter("init", "acme", "--company", "Acme", "--stage", "growth").status == 0)
        try Self.setKeys(scratch, "cpo", [try Self.key(scratch, "att")])
        _ = try Self.git(scratch, "commit", "-q", "-a", "--amend", "--no-edit")
        try scratch.write("trusted", "cpo " + (try Self.key(scratch, "real")))
        let audit = try Self.audit(scratch, "--trust", "../trusted")
        #expect(audit.status == 1 && audit.findings.contains { $0.hasPrefix("untrusted-key: the history's first keys give cpo") }, "\(audit)")
    }

    @Test func whoARoleReportsToCannotBeChangedToApproveItsOwnKeys() throws {
        let scratch = try Self.history()
        // In one commit: cto reports to cpo, and takes an attacker's key, signed by the real cpo.
        try scratch.edit("acme/roles/cto.yaml", replacing: "reports-to: ceo\n", with: "reports-to: cpo\n")
        try Self.setKeys(scratch, "cto", [try Self.key(scratch, "att")])
        #expect(try scratch.charter("commit", "-m", "The CTO under the CPO", "-m", "Why.", in: "acme").status == 0)
        #expect(try scratch.charter("approve", "HEAD", "--role", "cpo", "--key", "../keys/acme-cpo", in: "acme").status == 0)
        let audit = try Self.audit(scratch)
        #expect(audit.findings.contains { $0.hasPrefix("unapproved-key-change: the keys of cto changed (1 added, 1 removed) with no signed approval by cto's keys before it or by ceo") },
                "\(audit)")
        #expect(audit.findings.contains { $0.hasPrefix("unapproved-key-change: cto, which has keys, now reports to cpo (was ceo)") }, "\(audit)")
    }

    @Test func turningSignedApprovalsOffIsJudgedSignedAndShown() throws {
        let scratch = try Self.history()
        try scratch.edit("acme/charter.yaml", replacing: "stage: growth\n", with: "stage: growth\napprovals: signed\n")
        #expect(try scratch.charter("commit", "-m", "Signed approvals", "-m", "Why.", in: "acme").status == 0)
        try scratch.edit("acme/charter.yaml", replacing: "approvals: signed\n", with: "")
        try scratch.edit("acme/roles/cto.yaml", replacing: Self.roadmap, with: "")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: product-plan\n", with: Self.roadmap + "    - id: product-plan\n")
        #expect(try scratch.charter("commit", "-m", "Back, typed", "-m", "Why.", "--approved-by", "cpo", "--approved-by", "cto", in: "acme").status == 0)
        let json = try scratch.charter("audit", "--format", "json", in: "acme")
        let findings = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
        #expect(findings.prefix(2).allSatisfy { $0["code"] as? String == "unsigned-approval" && $0["severity"] as? String == "error" }, "\(findings)")
        let diff = try scratch.charter("diff", "HEAD~1", "HEAD", in: "acme")
        #expect(diff.stdout.contains("schema-changed  approvals") && diff.stdout.contains("signed → typed"), "\(diff)")
    }

    @Test func keysWipedAndAddedAgainNeedTheirPredecessorsSignature() throws {
        let scratch = try Self.history()
        try Self.setKeys(scratch, "cpo", [])
        try Self.setKeys(scratch, "cto", [])
        #expect(try scratch.charter("commit", "-m", "No more keys", "-m", "Why.", in: "acme").status == 0)
        #expect(try scratch.charter("approve", "HEAD", "--role", "cpo", "--key", "../keys/acme-cpo", in: "acme").status == 0)
        #expect(try scratch.charter("approve", "HEAD", "--role", "cto", "--key", "../keys/acme-cto", in: "acme").status == 0)
        try Self.setKeys(scratch, "cpo", [try Self.key(scratch, "att")])
        #expect(try scratch.charter("commit", "-m", "New keys", "-m", "Why.", in: "acme").status == 0)
        let audit = try Self.audit(scratch)
        #expect(audit.status == 1 && audit.findings.contains { $0.hasPrefix("unapproved-key-change: keys are founded again (cpo)") }, "\(audit)")
    }

    @Test func anEntryThatIsNoBlobIsAFindingNotAFailure() throws {
        let scratch = try Self.history()
        // The notes tree gives HEAD's entry as a submodule link to a commit.
        let head = try Self.git(scratch, "rev-parse", "HEAD")
        try scratch.write("notes-tree", "160000 commit \(head)\t\(head)\n")
        let tree = try scratch.run("/bin/sh", ["-c", "git mktree < ../notes-tree"], in: "acme").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try Self.git(scratch, "commit-tree", tree, "-m", "Notes")
        _ = try Self.git(scratch, "update-ref", "refs/notes/charter-approvals", commit)
        let audit = try Self.audit(scratch)
        #expect(audit.status == 1 && audit.findings.contains { $0.hasPrefix("forged-approval: the approvals entry of") }, "\(audit)")
        #expect(try scratch.charter("log", "-1", in: "acme").status == 0)
    }

    @Test func anExternalNamesKeysAreInTheDiff() throws {
        let scratch = try Self.history()
        try scratch.edit("acme/charter.yaml", replacing: "external: [ceo, board]\n", with: "external: [ceo, board]\nkeys:\n  ceo:\n  - \(try Self.key(scratch, "ceo"))\n")
        let diff = try scratch.charter("diff", in: "acme")
        #expect(diff.stdout.contains("field-changed  ceo keys") && diff.stdout.contains("(none) → \"ssh-ed25519 AAAA"), "\(diff)")
    }
}
