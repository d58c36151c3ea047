import Foundation
import Testing

/// The rules cannot be switched off quietly: an `imports:` entry must be a fact of the history, and
/// approvals follow the item, even when a move is split over two commits.
@Suite("Trust: forged imports and laundered moves")
struct TrustTests {
    static let roadmap = "    - id: roadmap\n      text: Build the product roadmap and share it across the company.\n"

    // MARK: - Imports

    /// The repro: a copy of the CPO as `evil-cpo`, and an `imports:` entry written by hand.
    static func forgedImport(_ scratch: Scratch) throws {
        try scratch.initRepository()
        let cpo = try scratch.read("acme/roles/cpo.yaml").replacingOccurrences(of: "role: cpo\n", with: "role: evil-cpo\n")
        try scratch.write("acme/roles/evil-cpo.yaml", cpo)
        let charter = try scratch.read("acme/charter.yaml")
        try scratch.write("acme/charter.yaml", charter + "imports:\n- prefix: evil\n  company: 'Nobody'\n")
    }

    @Test func aHandWrittenImportSwitchesNothingOff() throws {
        let scratch = try Scratch()
        try Self.forgedImport(scratch)
        let head = try scratch.head(in: "acme")
        let lines = try scratch.read("acme/charter.yaml").split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.hasPrefix("- prefix: evil") }) + 1

        let validate = try scratch.charter("validate", in: "acme")
        #expect(validate.status == 1)
        #expect(validate.stdout.contains("charter.yaml:\(line):11: error[unrecorded-import]: charter.yaml lists an import with prefix 'evil', but the history holds no `charter import` of it\n"), "\(validate)")
        #expect(validate.stdout.contains("error[overlap]: responsibility 'roadmap' is owned by both cpo and evil-cpo\n"))
        #expect(!validate.stdout.contains("pending-integration"))

        let commit = try scratch.charter("commit", "-m", "Add a second product role", "-m", "Why not.", "--approved-by", "evil-cpo", in: "acme")
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.stderr.contains("commit refused"))
        #expect(try scratch.head(in: "acme") == head)

        // Committed with plain git, the audit finds it, located.
        try scratch.git("add", "-A", in: "acme")
        try scratch.git("commit", "-qm", "Add a second product role", in: "acme")
        let audit = try scratch.charter("audit", "--format", "json", in: "acme")
        #expect(audit.status == 1, "\(audit)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let invalid = try #require(findings.first { $0["code"] as? String == "invalid-commit" })
        #expect(invalid["commit"] as? String == (try scratch.head(in: "acme")))
        let details = try #require(invalid["details"] as? [[String: Any]])
        let forged = try #require(details.first { $0["code"] as? String == "unrecorded-import" })
        #expect(forged["file"] as? String == "charter.yaml")
        #expect(forged["line"] as? Int == line)
        #expect(!findings.contains { $0["code"] as? String == "pending-integration" })
        #expect(try scratch.charter("validate", "--rev", "HEAD", in: "acme").status == 1)
        try scratch.expectFsckClean("acme")
    }

    @Test func aRealImportStaysIntegrationWorkButNothingAddedUnderItsPrefixLater() throws {
        let scratch = try ImportTests.companies()
        #expect(try scratch.charter("import", "../globex", "--prefix", "globex", in: "acme").status == 0)
        let validate = try scratch.charter("validate", in: "acme")
        #expect(validate.status == 0, "\(validate)")
        #expect(validate.stdout.contains("warning[pending-integration]"))

        // A role written later under the import's prefix did not come with the import.
        let cpo = try scratch.read("acme/roles/cpo.yaml").replacingOccurrences(of: "role: cpo\n", with: "role: globex-cpo2\n")
        try scratch.write("acme/roles/globex-cpo2.yaml", cpo)
        let later = try scratch.charter("validate", in: "acme")
        #expect(later.status == 1)
        #expect(later.stdout.contains("error[overlap]: responsibility 'roadmap' is owned by both cpo and globex-cpo2\n"), "\(later)")
        try FileManager.default.removeItem(atPath: scratch.path("acme/roles/globex-cpo2.yaml"))

        // An imported role taking an item it did not bring: an overlap, not integration work.
        try scratch.edit("acme/roles/globex-cto.yaml", replacing: "    - id: delivery-approach\n",
                         with: "    - id: growth-loops\n      text: Ours now.\n    - id: delivery-approach\n")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: roadmap\n",
                         with: "    - id: growth-loops\n      text: Find the loops.\n    - id: roadmap\n")
        let taken = try scratch.charter("validate", in: "acme")
        #expect(taken.status == 1)
        #expect(taken.stdout.contains("error[overlap]: responsibility 'growth-loops' is owned by both cpo and globex-cto\n"), "\(taken)")
    }

    // MARK: - Moves across commits

    /// The repro: one commit takes the roadmap from the CPO ("tidy"), the next gives it to the CTO.
    static func laundered(_ scratch: Scratch, approvals: [String] = []) throws -> (removal: String, arrival: String) {
        try scratch.initRepository()
        try scratch.edit("acme/roles/cpo.yaml", replacing: roadmap, with: "")
        let first = try scratch.run(Scratch.binary, ["commit", "-m", "Tidy", "-m", "Housekeeping."] + approvals.flatMap { ["--approved-by", $0] }, in: "acme")
        #expect(first.status == 0, "\(first)")
        let removal = try scratch.head(in: "acme")
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n", with: roadmap + "    - id: delivery-approach\n")
        let diff = try scratch.charter("diff", in: "acme")
        #expect(diff.stdout.contains("moved  roadmap  cpo → cto (left cpo in \(removal.prefix(7)))"), "\(diff)")
        let second = try scratch.run(Scratch.binary, ["commit", "-m", "Engineering plans too", "-m", "Faster."] + approvals.flatMap { ["--approved-by", $0] }, in: "acme")
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("moved  roadmap  cpo → cto (left cpo in \(removal.prefix(7)))"), "\(second)")
        return (removal, try scratch.head(in: "acme"))
    }

    @Test func aMoveSplitOverTwoCommitsNeedsBothApprovals() throws {
        let scratch = try Scratch()
        let (removal, arrival) = try Self.laundered(scratch)
        let audit = try scratch.charter("audit", "--format", "json", in: "acme")
        #expect(audit.status == 1, "\(audit)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let missing = findings.filter { $0["code"] as? String == "missing-approval" }
            .map { "\(($0["commit"] as? String) == removal ? "removal" : ($0["commit"] as? String) == arrival ? "arrival" : "?") \($0["message"]!)" }
        #expect(missing.sorted() == [
            "arrival no Approved-By: cpo for 1 change it is part of: roadmap cpo → cto (left cpo in \(removal.prefix(7)))",
            "arrival no Approved-By: cto for 1 change it is part of: roadmap cpo → cto (left cpo in \(removal.prefix(7)))",
            "removal no Approved-By: cpo for 1 change it is part of: roadmap removed from cpo",
        ])

        // log and blame tell the same story; diff across both commits is one plain move.
        let log = try scratch.charter("log", "--format", "json", "-n", "1", in: "acme")
        let commits = try #require((try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any])?["commits"] as? [[String: Any]])
        let change = try #require((commits.first?["changes"] as? [[String: Any]])?.first)
        #expect(change["kind"] as? String == "moved")
        #expect(change["from"] as? String == "cpo" && change["to"] as? String == "cto")
        #expect(change["releasedIn"] as? String == removal)
        let text = try scratch.charter("log", "--item", "roadmap", in: "acme")
        #expect(text.stdout.contains("    strategy  moved  roadmap  cpo → cto (left cpo in \(removal.prefix(7)))\n"), "\(text)")
        let blame = try scratch.charter("blame", "cto", "--format", "json", in: "acme")
        let items = try #require((try JSONSerialization.jsonObject(with: Data(blame.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        let item = try #require(items.first { $0["item"] as? String == "roadmap" })
        #expect(item["commit"] as? String == arrival)
        #expect(item["how"] as? String == "moved")
        #expect(item["from"] as? String == "cpo")
        #expect(item["releasedIn"] as? String == removal)
        let pair = try scratch.charter("diff", "HEAD~2", "HEAD", "--format", "json", in: "acme")
        #expect(pair.stdout.contains("\"kind\": \"moved\"") && !pair.stdout.contains("releasedIn"), "\(pair)")
        let last = try scratch.charter("diff", "HEAD~1", "HEAD", "--format", "json", in: "acme")
        #expect(last.stdout.contains("\"releasedIn\": \"\(removal)\""), "\(last)")
    }

    @Test func approvedByBothTheSplitMoveIsClean() throws {
        let scratch = try Scratch()
        _ = try Self.laundered(scratch, approvals: ["cpo", "cto"])
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 0, "\(audit)")
    }

    @Test func anItemBackInItsOwnRoleIsNoMove() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cpo.yaml", replacing: Self.roadmap, with: "")
        #expect(try scratch.charter("commit", "-m", "Drop the roadmap", "-m", "For now.", "--approved-by", "cpo", in: "acme").status == 0)
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: product-plan\n", with: Self.roadmap + "    - id: product-plan\n")
        let back = try scratch.charter("commit", "-m", "Roadmap again", "-m", "We missed it.", in: "acme")
        #expect(back.stdout.contains("added  roadmap  cpo: "), "\(back)")
        #expect(try scratch.charter("audit", in: "acme").status == 0)
    }

    // MARK: - The schema

    @Test func aSchemaThatKeepsTheBuiltInNameButSwitchesRulesOffIsSeen() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        var schema = try String(contentsOf: Scratch.packageRoot.appendingPathComponent("Schemas/four-area.yaml"), encoding: .utf8)
        for rule in ["single-owner", "one-decider", "kpi-owner"] {
            schema = schema.replacingOccurrences(of: "  \(rule): error\n", with: "  \(rule): off\n")
        }
        try scratch.write("acme/schema.yaml", schema)
        let diff = try scratch.charter("diff", in: "acme")
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("schema    rule-changed  single-owner  error → off\n"), "\(diff)")
        #expect(diff.stdout.contains("schema    rule-changed  one-decider   error → off\n"))
        #expect(diff.stdout.contains("schema    rule-changed  kpi-owner     error → off\n"))
        let commit = try scratch.charter("commit", "-m", "Simplify the schema", "-m", "Fewer rules.", in: "acme")
        #expect(commit.status == 0, "\(commit)")
        let log = try scratch.charter("log", "-n", "1", "--format", "json", in: "acme")
        #expect(log.stdout.contains("\"kind\": \"rule-changed\""), "\(log)")
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 1, "\(audit)")
        #expect(audit.stdout.contains("error[altered-builtin-schema]: schema.yaml calls itself 'four-area' version 1, the built-in schema's name, but differs from it: single-owner off (built-in: error), one-decider off (built-in: error), kpi-owner off (built-in: error)\n"), "\(audit)")
        #expect(audit.stdout.contains("error[unapproved-rule-change]: rule one-decider weakened: error → off; no Approved-By\n"))
    }

    // MARK: - Found in review

    static let platformROI = "    - id: platform-roi\n      text: Weigh the costs and returns of platforms and solutions before the company commits to them.\n"

    @Test func anImportedFromTrailerExcusesNothing() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try CommitTests.movePlatformROI(scratch)
        let commit = try scratch.charter("commit", "-m", "Take platform ROI", "-m", "Because.\n\nImported-From: nowhere", in: "acme")
        #expect(commit.status == 0, "\(commit)")
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 1, "\(audit)")
        #expect(audit.stdout.contains("error[missing-approval]: no Approved-By: cpo for 1 change it is part of: platform-roi cto → cpo"))
    }

    @Test func anImportDoesNotSoftenAnOverlapBetweenTwoOtherRoles() throws {
        let scratch = try ImportTests.companies()
        // "acme" sorts before "cpo": the imported role is the first holder of the roadmap.
        #expect(try scratch.charter("import", "../globex", "--prefix", "a", in: "acme").status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n", with: Self.roadmap + "    - id: delivery-approach\n")
        // --all: the import's forty-odd pending-integration warnings are otherwise cut to three.
        let validate = try scratch.charter("validate", "--all", in: "acme")
        #expect(validate.status == 1, "\(validate)")
        #expect(validate.stdout.contains("error[overlap]: responsibility 'roadmap' is owned by both cpo and cto\n"), "\(validate)")
        #expect(validate.stdout.contains("warning[pending-integration]: responsibility 'roadmap' is owned by both a-cpo and cpo since the import\n"))
    }

    @Test func aDecisionRightDroppedThenGrantedIsAMove() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: "  innovation:\n    mandate: Which technologies and ways of working make the team better at solving real problems.\n    decides: [how]\n",
                         with: "  innovation:\n    mandate: Which technologies and ways of working make the team better at solving real problems.\n")
        #expect(try scratch.charter("commit", "-m", "Nobody decides how we innovate", "-m", "For a while.", "--approved-by", "cto", in: "acme").status == 0)
        let drop = try scratch.head(in: "acme")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    decides: [why, what, when]\n    responsibilities:\n    - id: market-direction",
                         with: "    decides: [why, what, when, how]\n    responsibilities:\n    - id: market-direction")
        let commit = try scratch.charter("commit", "-m", "The CPO decides how we innovate", "-m", "Product-led.", "--approved-by", "cpo", in: "acme")
        #expect(commit.stdout.contains("decision-moved  how  cto → cpo (left cto in \(drop.prefix(7)))"), "\(commit)")
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("error[missing-approval]: no Approved-By: cto for 1 change it is part of: innovation/how cto → cpo (left cto in \(drop.prefix(7)))"), "\(audit)")
    }

    @Test func theFormerHolderApprovesEvenWhenItsRoleIsGone() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: Self.platformROI, with: "")
        let sales = try scratch.read("acme/roles/cto.yaml").replacingOccurrences(of: "role: cto\n", with: "role: sales\n")
        try scratch.write("acme/roles/sales.yaml", sales.components(separatedBy: "areas:")[0]
            + "areas:\n  strategy:\n    responsibilities:\n" + Self.platformROI
            + "  innovation:\n    responsibilities: []\n  customers:\n    responsibilities: []\n  metrics:\n    responsibilities: []\n")
        let hire = try scratch.charter("commit", "-m", "A sales role weighs platforms", "-m", "Deals first.", "--approved-by", "cto", "--approved-by", "sales", in: "acme")
        #expect(hire.status == 0, "\(hire)")
        try FileManager.default.removeItem(atPath: scratch.path("acme/roles/sales.yaml"))
        #expect(try scratch.charter("commit", "-m", "No sales role", "-m", "Merged into the CPO's team.", "--approved-by", "sales", in: "acme").status == 0)
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: roadmap\n", with: Self.platformROI + "    - id: roadmap\n")
        let commit = try scratch.charter("commit", "-m", "The CPO weighs platforms", "-m", "Product bets.", "--approved-by", "sales", "--approved-by", "cpo", in: "acme")
        #expect(commit.status == 0, "\(commit)")
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 0, "\(audit)")
    }

    @Test func aReleaseOnAnotherBranchExplainsNoArrival() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let lab = "    - id: gpu-lab\n      text: Run the GPU lab.\n"
        try scratch.git("checkout", "-qb", "side", in: "acme")
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n", with: lab + "    - id: delivery-approach\n")
        #expect(try scratch.charter("commit", "-m", "A GPU lab", "-m", "Research.", "--approved-by", "cto", in: "acme").status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: lab, with: "")
        #expect(try scratch.charter("commit", "-m", "No GPU lab", "-m", "Too dear.", "--approved-by", "cto", in: "acme").status == 0)
        try scratch.git("checkout", "-q", "main", in: "acme")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: roadmap\n", with: lab.replacingOccurrences(of: "Run", with: "Sponsor") + "    - id: roadmap\n")
        let commit = try scratch.charter("commit", "-m", "The CPO sponsors a GPU lab", "-m", "Customers ask.", "--approved-by", "cpo", in: "acme")
        #expect(commit.stdout.contains("added  gpu-lab  cpo: "), "\(commit)")
        let merge = try scratch.run("/usr/bin/env", ["git", "merge", "-q", "--no-ff", "side", "-m", "Merge the lab experiment"], in: "acme")
        #expect(merge.status == 0, "\(merge)")
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 0, "\(audit)")
        let log = try scratch.charter("log", "--item", "gpu-lab", "--format", "json", in: "acme")
        #expect(!log.stdout.contains("releasedIn"), "\(log)")
    }

    @Test func anEscapedIdIsFoundByTheBackwardSearchToo() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: "- id: platform-roi", with: "- id: \"platform\\x2droi\"")
        #expect(try scratch.charter("commit", "-m", "Spell it out", "-m", "Same id.", in: "acme").status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: \"platform\\x2droi\"\n      text: Weigh the costs and returns of platforms and solutions before the company commits to them.\n", with: "")
        #expect(try scratch.charter("commit", "-m", "Drop platform ROI", "-m", "For now.", "--approved-by", "cto", in: "acme").status == 0)
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: roadmap\n", with: Self.platformROI + "    - id: roadmap\n")
        let diff = try scratch.charter("diff", "--format", "json", in: "acme")
        #expect(diff.stdout.contains("\"releasedIn\""), "\(diff)")
    }
}
