import Foundation
import Testing

/// Roles that change shape, on a history the test builds, git as the witness for the commit ids:
///
/// 1. 2019-01-10 founding, growth stage: cpo and cto
/// 2. 2019-06-01 cto renamed ctpo (`continues: [cto]`), approved by ctpo
/// 3. 2020-03-01 ctpo's platform-roi reworded, with plain git
/// 4. 2021-01-01 cpo and ctpo merged into cpto (`continues: [cpo, ctpo]`), approved by cpto
@Suite("Role lineage: renamed and merged roles in diff, log, blame and audit")
struct LineageTests {
    static let merged = Scratch.packageRoot.appendingPathComponent("Tests/Fixtures/lineage/cpto.yaml")

    static func history() throws -> (scratch: Scratch, commits: [String]) {
        let scratch = try Scratch()
        #expect(try scratch.charter("init", "acme", "--company", "Acme", "--stage", "growth", environment: HistoryTests.dates("2019-01-10")).status == 0)
        try rename(scratch)
        try HistoryTests.commit(scratch, "2019-06-01", "-m", "The CTO takes the product side's title", "-m", "Ahead of the merger.",
                                "--approved-by", "ctpo")
        try scratch.edit("acme/roles/ctpo.yaml", replacing: "Weigh the costs and returns", with: "Weigh the costs and the returns")
        try HistoryTests.gitCommit(scratch, "2020-03-01", "Reword platform ROI\n\nClearer.")
        try scratch.write("acme/roles/cpto.yaml", try String(contentsOf: merged, encoding: .utf8))
        try scratch.git("rm", "-q", "roles/cpo.yaml", "roles/ctpo.yaml", in: "acme")
        try HistoryTests.commit(scratch, "2021-01-01", "-m", "One product and technology leader", "-m", "The board merged the roles.",
                                "--event", "reorganisation: CPO and CTO merged", "--approved-by", "cpto")
        let log = try scratch.git("log", "--format=%H", in: "acme").stdout.split(separator: "\n").map(String.init)
        #expect(log.count == 4)
        return (scratch, log.reversed())
    }

    /// cto becomes ctpo: the file, its id, its title and what names it.
    static func rename(_ scratch: Scratch) throws {
        try scratch.git("mv", "roles/cto.yaml", "roles/ctpo.yaml", in: "acme")
        try scratch.edit("acme/roles/ctpo.yaml", replacing: "role: cto\ntitle: Chief Technology Officer\n",
                         with: "role: ctpo\ntitle: Chief Technology and Product Officer\ncontinues: [cto]\n")
    }

    static func json(_ outcome: Outcome) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    @Test func diffSaysRenamedAndMergedWithTheMovesUnderTheMerger() throws {
        let (scratch, commits) = try Self.history()
        let rename = try scratch.charter("diff", commits[0], commits[1], in: "acme")
        #expect(rename.status == 0)
        #expect(rename.stdout.hasPrefix("roles     role-renamed  ctpo  cto → ctpo: \"Chief Technology Officer\" → \"Chief Technology and Product Officer\"\n"),
                "\(rename)")
        #expect(rename.stdout.hasSuffix("1 change: 1 role renamed (\(commits[0].prefix(7)) → \(commits[1].prefix(7)))\n"))

        let merger = try scratch.charter("diff", "HEAD~1", "HEAD", in: "acme")
        let lines = merger.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("roles     roles-merged  cpto  cpo + ctpo merged into cpto: \"Chief Product and Technology Officer\"; ") == true,
                "\(merger)")
        #expect(lines.first?.hasSuffix("items and 16 decisions moved along it:") == true)
        // The moves are the merger's block, indented; nothing is a role added or removed.
        #expect(lines.dropFirst().prefix(while: { !$0.isEmpty }).allSatisfy { $0.hasPrefix("    ") && ($0.contains("cpo → cpto") || $0.contains("ctpo → cpto")) })
        #expect(!merger.stdout.contains("role-added") && !merger.stdout.contains("role-removed"))

        let json = try Self.json(try scratch.charter("diff", "HEAD~1", "HEAD", "--format", "json", in: "acme"))
        let changes = try #require(json["changes"] as? [[String: Any]])
        let first = try #require(changes.first)
        #expect(first["kind"] as? String == "roles-merged" && first["role"] as? String == "cpto")
        #expect(first["continued"] as? [String] == ["cpo", "ctpo"])
        let moved = changes.count { ($0["kind"] as? String)?.hasSuffix("moved") == true && $0["to"] as? String == "cpto" }
        #expect((first["movedItems"] as? Int ?? 0) + (first["movedDecisions"] as? Int ?? 0) == moved)

        let markdown = try scratch.charter("diff", "HEAD~1", "HEAD", "--format", "markdown", in: "acme")
        #expect(markdown.stdout.contains("| roles-merged | `cpto` | cpo + ctpo → cpto |"), "\(markdown)")
        #expect(markdown.stdout.contains("#### Moves along roles-merged `cpto`"))
    }

    @Test func logFollowsTheRoleBackThroughTheMergerAndTheRename() throws {
        let (scratch, commits) = try Self.history()
        for (role, expected) in [("cpto", commits.reversed()), ("ctpo", commits.reversed()), ("cpo", [commits[3], commits[0]]),
                                 ("cto", [commits[1], commits[0]])] {
            let json = try Self.json(try scratch.charter("log", "--role", role, "--format", "json", in: "acme"))
            let ids = try #require(json["commits"] as? [[String: Any]]).compactMap { $0["id"] as? String }
            #expect(ids == Array(expected), "log --role \(role)")
        }
        // With a date filter that leaves the merger out, the lineage is still followed.
        let since = try Self.json(try scratch.charter("log", "--role", "cpto", "--until", "2020-12-31", "--format", "json", in: "acme"))
        #expect(try #require(since["commits"] as? [[String: Any]]).compactMap { $0["id"] as? String } == [commits[2], commits[1], commits[0]])
    }

    @Test func blameGivesEachItemItsPathFromTheRoleItBeganIn() throws {
        let (scratch, commits) = try Self.history()
        let json = try Self.json(try scratch.charter("blame", "cpto", "--format", "json", in: "acme"))
        let items = try #require(json["items"] as? [[String: Any]])
        func item(_ id: String) throws -> [String: Any] { try #require(items.first { $0["item"] as? String == id }) }
        func path(_ line: [String: Any]) -> [String] {
            (line["lineage"] as? [[String: Any]] ?? []).map { "\($0["kind"]!) \($0["from"]!)>\($0["to"]!) \(String(describing: $0["commit"]!).prefix(7))" }
        }
        let roadmap = try item("roadmap")
        #expect(roadmap["commit"] as? String == commits[0] && roadmap["how"] as? String == "added")
        #expect(path(roadmap) == ["merged cpo>cpto \(commits[3].prefix(7))"])
        let platform = try item("platform-roi")
        #expect(platform["commit"] as? String == commits[0])
        #expect(path(platform) == ["renamed cto>ctpo \(commits[1].prefix(7))", "merged ctpo>cpto \(commits[3].prefix(7))"])
        #expect((platform["origin"] as? [String: Any])?["role"] as? String == "cto")
        #expect(items.allSatisfy { !path($0).isEmpty }, "every item of cpto came along its lineage")

        let text = try scratch.charter("blame", "cpto", in: "acme")
        #expect(text.status == 0)
        let line = try #require(text.stdout.split(separator: "\n").first { $0.contains("platform-roi") })
        #expect(line.hasSuffix("(origin \(commits[0].prefix(7)) in cto → renamed ctpo 2019-06-01 → merged into cpto 2021-01-01)"), "\(line)")
        let ctpo = try scratch.charter("blame", "ctpo", "--rev", "HEAD~1", in: "acme")
        #expect(ctpo.stdout.contains("(origin \(commits[0].prefix(7)) in cto → renamed ctpo 2019-06-01)"), "\(ctpo)")
    }

    @Test func auditAcceptsTheApprovalOfTheRoleThatContinues() throws {
        let (scratch, _) = try Self.history()
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 0, "\(audit)")
        #expect(!audit.stdout.contains("missing-approval"))
    }

    @Test func aMergerWithoutTheContinuingRolesApprovalIsMissingIt() throws {
        let scratch = try Scratch()
        #expect(try scratch.charter("init", "acme", "--company", "Acme", "--stage", "growth").status == 0)
        try Self.rename(scratch)
        try HistoryTests.gitCommit(scratch, "2019-06-01", "Rename the CTO\n\nAhead of the merger.\n\nApproved-By: cto")
        try scratch.write("acme/roles/cpto.yaml", try String(contentsOf: Self.merged, encoding: .utf8))
        try scratch.git("rm", "-q", "roles/cpo.yaml", "roles/ctpo.yaml", in: "acme")
        try HistoryTests.gitCommit(scratch, "2021-01-01", "Merge\n\nThe board merged the roles.\n\nApproved-By: cpo")
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 1)
        // The rename: cto's own approval counts as ctpo's. The merger: cpo alone is not cpto.
        let errors = audit.stdout.split(separator: "\n").filter { $0.contains("error[") }
        #expect(errors.count == 1 && errors.first?.contains("error[missing-approval]: no Approved-By: cpto for ") == true, "\(audit)")

        // Review agrees: the rename's approval was given as cto, the merger's is missing.
        let rename = try Self.json(try scratch.charter("review", "HEAD~2..HEAD~1", "--format", "json", in: "acme"))
        let renameApprovals = try #require(rename["approvals"] as? [[String: Any]])
        #expect(renameApprovals.map { "\($0["role"]!) \($0["approved"]!)" } == ["ctpo 1"], "\(renameApprovals)")
        let renameCommit = try scratch.git("rev-parse", "HEAD~1", in: "acme").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(renameApprovals.first?["approvedIn"] as? [String] == [renameCommit])
        let merger = try scratch.charter("review", "HEAD~1..HEAD", "--exit-code", in: "acme")
        #expect(merger.status == 1 && merger.stdout.contains("cpto  (no holder)  missing"), "\(merger)")
    }

    @Test func aContinuedNameThatWasNoRoleIsRefusedAndAudited() throws {
        let scratch = try Scratch()
        #expect(try scratch.charter("init", "acme", "--company", "Acme", "--stage", "growth").status == 0)
        let head = try scratch.head(in: "acme")
        try scratch.edit("acme/roles/cto.yaml", replacing: "role: cto\n", with: "role: cto\ncontinues: [cfo]\n")
        let validate = try scratch.charter("validate", in: "acme")
        #expect(validate.status == 1)
        #expect(validate.stdout.contains("roles/cto.yaml:3:13: error[invalid-lineage]: role 'cto' continues 'cfo', which is no role of the commit before (roles there: cpo, cto)"),
                "\(validate)")
        let commit = try scratch.charter("commit", "-m", "Lineage", in: "acme")
        #expect(commit.status == 1 && commit.stderr.contains("error[invalid-lineage]") && commit.stderr.contains("nothing was written"), "\(commit)")
        #expect(try scratch.head(in: "acme") == head)

        // Committed with plain git, audit is the backstop.
        try HistoryTests.gitCommit(scratch, "2021-01-01", "Lineage\n\nWhy not.")
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 1 && audit.stdout.contains("error[invalid-lineage]: role cto continues cfo, which is no role of the commit before"),
                "\(audit)")
        // A commit later, the name kept in the list is history: validate says nothing of it.
        #expect(try scratch.charter("validate", in: "acme").status == 0)
    }

    // MARK: - Histories that tried it harder

    static let platformROI = "    - id: platform-roi\n      text: Weigh the costs and returns of platforms and solutions before the company commits to them.\n"

    static func renamed() throws -> Scratch {
        let scratch = try Scratch()
        #expect(try scratch.charter("init", "acme", "--company", "Acme", "--stage", "growth", environment: HistoryTests.dates("2019-01-10")).status == 0)
        try rename(scratch)
        try HistoryTests.gitCommit(scratch, "2019-06-01", "Rename the CTO\n\nAhead of the merger.\n\nApproved-By: ctpo")
        return scratch
    }

    @Test func aRoleRenamedThenTakingAnotherInIsBlamedThroughBothSteps() throws {
        let scratch = try Self.renamed()
        let roadmap = "    - id: roadmap\n      text: Build the product roadmap and share it across the company.\n"
        try scratch.edit("acme/roles/ctpo.yaml", replacing: "continues: [cto]\n", with: "continues: [cto, cpo]\n")
        try scratch.edit("acme/roles/ctpo.yaml", replacing: "    - id: delivery-approach\n", with: roadmap + "    - id: delivery-approach\n")
        try scratch.git("rm", "-q", "roles/cpo.yaml", in: "acme")
        try HistoryTests.gitCommit(scratch, "2021-01-01", "The CTPO takes the CPO in\n\nOne leader.\n\nApproved-By: ctpo")
        let commits = try scratch.git("log", "--format=%h", in: "acme").stdout.split(separator: "\n").map(String.init)
        let blame = try scratch.charter("blame", "ctpo", in: "acme")
        #expect(blame.status == 0 && !blame.stdout.contains("not found"), "\(blame)")
        let lines = blame.stdout.split(separator: "\n")
        #expect(lines.first { $0.contains(" roadmap ") }?.hasSuffix("(origin \(commits[2]) in cpo → merged into ctpo 2021-01-01)") == true, "\(blame)")
        #expect(lines.first { $0.contains(" platform-roi ") }?.hasSuffix("(origin \(commits[2]) in cto → renamed ctpo 2019-06-01)") == true, "\(blame)")
    }

    @Test func aRoleRenamedBackToItsOldNameStartsAfreshUnderIt() throws {
        let scratch = try Self.renamed()
        try scratch.edit("acme/roles/ctpo.yaml", replacing: Self.platformROI, with: "")
        try HistoryTests.gitCommit(scratch, "2020-01-01", "Drop platform ROI\n\nNobody asked.\n\nApproved-By: ctpo")
        try scratch.edit("acme/roles/ctpo.yaml", replacing: "    - id: delivery-approach\n",
                         with: "    - id: platform-roi\n      text: Weigh platforms again.\n    - id: delivery-approach\n")
        try HistoryTests.gitCommit(scratch, "2020-06-01", "Platform ROI again\n\nThe board asked.\n\nApproved-By: ctpo")
        try scratch.git("mv", "roles/ctpo.yaml", "roles/cto.yaml", in: "acme")
        try scratch.edit("acme/roles/cto.yaml", replacing: "role: ctpo\n", with: "role: cto\n")
        try scratch.edit("acme/roles/cto.yaml", replacing: "continues: [cto]\n", with: "continues: [ctpo]\n")
        try HistoryTests.gitCommit(scratch, "2021-01-01", "The old name again\n\nShorter.\n\nApproved-By: cto")
        let commits = try scratch.git("log", "--format=%h", in: "acme").stdout.split(separator: "\n").map(String.init)
        let lines = try scratch.charter("blame", "cto", in: "acme").stdout.split(separator: "\n")
        let platform = try #require(lines.first { $0.contains(" platform-roi ") })
        // Re-added in ctpo (not moved from it: it gave it up itself), then renamed cto.
        #expect(platform.contains("\(commits[1]) 2020-06-01  Ada Founder  added ")
                && platform.hasSuffix("(origin \(commits[4]) in cto → ctpo renamed cto 2021-01-01)"), "\(platform)")
        let delivery = try #require(lines.first { $0.contains(" delivery-approach ") })
        #expect(delivery.contains("\(commits[4]) 2019-01-10")
                && delivery.hasSuffix("(origin \(commits[4]) in cto → renamed ctpo 2019-06-01 → renamed cto 2021-01-01)"), "\(delivery)")
    }

    @Test func aShallowCloneCannotSayWhatItsBoundaryCommitDeclared() throws {
        let (scratch, _) = try Self.history()
        #expect(try scratch.git("clone", "-q", "--depth", "1", "file://" + scratch.path("acme"), "shallow", in: "").status == 0)
        let validate = try scratch.charter("validate", "--rev", "HEAD", in: "shallow")
        #expect(validate.status == 0 && !validate.stdout.contains("invalid-lineage"), "\(validate)")
    }

    @Test func aMergeMayContinueARoleOfItsOtherParent() throws {
        let scratch = try Scratch()
        #expect(try scratch.charter("init", "acme", "--company", "Acme", "--stage", "growth").status == 0)
        try scratch.git("checkout", "-q", "-b", "split", in: "acme")
        let vp = try scratch.read("acme/roles/cpo.yaml")
            .replacingOccurrences(of: "role: cpo\ntitle: Chief Product Officer\n", with: "role: vp-engineering\ntitle: VP of Engineering\ncontinues: [cto]\n")
        try scratch.write("acme/roles/vp-engineering.yaml", Self.emptyAreas(vp))
        // A split that moves nothing yet: cto is not even read by the comparison.
        try HistoryTests.commit(scratch, "2020-01-01", "-m", "A VP of Engineering", "-m", "Delivery grows.", "--approved-by", "cto")
        try scratch.git("checkout", "-q", "main", in: "acme")
        try Self.rename(scratch)
        try HistoryTests.commit(scratch, "2020-02-01", "-m", "Rename the CTO", "-m", "Why.", "--approved-by", "ctpo")
        #expect(try scratch.git("merge", "-q", "--no-commit", "split", in: "acme").status == 0)
        let commit = try scratch.charter("commit", "-m", "Merge the VP of Engineering", in: "acme")
        #expect(commit.status == 0, "\(commit)")
        #expect(try scratch.charter("validate", "--rev", "HEAD", in: "acme").status == 0)
        let audit = try scratch.charter("audit", in: "acme")
        #expect(!audit.stdout.contains("invalid-lineage"), "\(audit)")
        let split = try scratch.charter("diff", "split~1", "split", in: "acme")
        #expect(split.stdout.contains("role-split  vp-engineering  cto split off as vp-engineering: \"VP of Engineering\"; nothing moved along it"),
                "\(split)")
    }

    /// A role file's areas all emptied, its other lines kept.
    static func emptyAreas(_ yaml: String) -> String {
        let head = yaml.components(separatedBy: "areas:\n")[0]
        return head + "areas:\n" + ["strategy", "innovation", "customers", "metrics"].map { "  \($0):\n    responsibilities: []\n" }.joined()
    }

    @Test func aReviewAcrossAChainOfRenamesSeesOneRename() throws {
        let scratch = try Self.renamed()
        try scratch.git("mv", "roles/ctpo.yaml", "roles/cxo.yaml", in: "acme")
        try scratch.edit("acme/roles/cxo.yaml", replacing: "role: ctpo\n", with: "role: cxo\n")
        try scratch.edit("acme/roles/cxo.yaml", replacing: "continues: [cto]\n", with: "continues: [ctpo]\n")
        try HistoryTests.gitCommit(scratch, "2021-01-01", "Rename again\n\nShorter.\n\nApproved-By: cxo")
        let review = try Self.json(try scratch.charter("review", "HEAD~2..HEAD", "--format", "json", in: "acme"))
        let changes = try #require((review["diff"] as? [String: Any])?["changes"] as? [[String: Any]] ?? review["changes"] as? [[String: Any]])
        #expect(changes.map { "\($0["kind"]!) \($0["from"] ?? "") \($0["to"] ?? "")" } == ["role-renamed cto cxo"], "\(changes)")
        let approvals = try #require(review["approvals"] as? [[String: Any]])
        #expect(approvals.map { "\($0["role"]!) \($0["approved"]!)" } == ["cxo 1"], "\(approvals)")
        #expect(try scratch.charter("review", "HEAD~2..HEAD", "--exit-code", in: "acme").status == 0)
    }

    @Test func aFilterKeepsTheMergerItsMovesBelongTo() throws {
        let (scratch, _) = try Self.history()
        let diff = try scratch.charter("diff", "HEAD~1", "HEAD", "--area", "metrics", in: "acme")
        let lines = diff.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("roles     roles-merged  cpto  cpo + ctpo merged into cpto") == true, "\(diff)")
        #expect(lines.first?.contains("moved along it (") == true && lines.first?.hasSuffix(" shown):") == true, "\(diff)")
        #expect(lines.dropFirst().prefix { !$0.isEmpty }.allSatisfy { $0.hasPrefix("    metrics") }, "\(diff)")
    }
}
