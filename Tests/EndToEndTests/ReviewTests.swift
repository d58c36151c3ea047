import Foundation
import Testing

/// `charter review` on a pull-request branch: a move of platform ROI from the CTO to the CPO,
/// approved by one role, then by both. git is the witness for the merge base and the range.
@Suite("charter review")
struct ReviewTests {
    /// A repository whose roles have holders, and a branch `feature` that moves platform ROI to the
    /// CPO with the approvals given.
    static func branch(approvedBy approvers: [String], cpoHolder: String = "Ines Duarte") throws -> Scratch {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cpo.yaml", replacing: "title: Chief Product Officer\n",
                         with: "title: Chief Product Officer\nholder: \"\(cpoHolder)\"\n")
        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer\n",
                         with: "title: Chief Technology Officer\nholder: Maya Lindqvist\n")
        let named = try scratch.charter("commit", "-m", "Name the holders", in: "acme")
        #expect(named.status == 0, "\(named)")
        try scratch.git("checkout", "-qb", "feature", in: "acme")
        try CommitTests.movePlatformROI(scratch)
        let moved = try scratch.run(Scratch.binary, ["commit", "-m", "Platform ROI to the CPO", "-m", "Platform bets are product bets."]
                                        + approvers.flatMap { ["--approved-by", $0] }, in: "acme")
        #expect(moved.status == 0, "\(moved)")
        return scratch
    }

    static func json(_ outcome: Outcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome)")
    }

    @Test func aMoveApprovedByOneRoleIsNotReadyThenByBothItIs() throws {
        let scratch = try Self.branch(approvedBy: ["cto"])
        let review = try scratch.charter("review", "--exit-code", in: "acme")
        #expect(review.status == 1, "\(review)")
        #expect(review.stdout.contains("cpo  Ines Duarte     missing"), "\(review)")
        #expect(review.stdout.contains("cto  Maya Lindqvist  approved in \(try scratch.head(in: "acme").prefix(7))"), "\(review)")
        #expect(review.stdout.contains("not ready: 1 approval missing (cpo); 1 audit error"), "\(review)")
        #expect(try scratch.charter("review", in: "acme").status == 0, "without --exit-code the review only reports")

        // The same change, approved by both.
        try scratch.git("reset", "-q", "--hard", "main", in: "acme")
        try CommitTests.movePlatformROI(scratch)
        #expect(try scratch.charter("commit", "-m", "Platform ROI to the CPO", "-m", "Platform bets are product bets.",
                                    "--approved-by", "cpo", "--approved-by", "cto", in: "acme").status == 0)
        let approved = try scratch.charter("review", "--exit-code", in: "acme")
        #expect(approved.status == 0, "\(approved)")
        #expect(approved.stdout.hasSuffix("\nready to merge\n"), "\(approved)")
    }

    @Test func theBaseIsTheMergeBaseWithTheUpstreamElseMain() throws {
        let scratch = try Self.branch(approvedBy: ["cpo", "cto"])
        // main moves on after the branch: the review still starts at the merge base, as git computes it.
        try scratch.git("checkout", "-q", "main", in: "acme")
        try scratch.edit("acme/charter.yaml", replacing: "company:", with: "# reviewed\ncompany:")
        try scratch.git("commit", "-qam", "A comment", in: "acme")
        try scratch.git("checkout", "-q", "feature", in: "acme")
        let mergeBase = try scratch.git("merge-base", "main", "feature", in: "acme").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let review = try Self.json(try scratch.charter("review", "--format", "json", in: "acme"))
        #expect((review["base"] as? [String: Any])?["commit"] as? String == mergeBase)
        #expect((review["base"] as? [String: Any])?["name"] as? String == "main")
        #expect(review["commits"] as? [String] == [try scratch.head(in: "acme")])
        #expect(review["ready"] as? Bool == true, "\(review)")

        // A clone's branch tracking origin/main is reviewed against its upstream.
        #expect(try scratch.git("clone", "-q", "acme", "clone", in: "").status == 0)
        try scratch.git("checkout", "-q", "-b", "work", "--track", "origin/feature", in: "clone")
        let tracked = try Self.json(try scratch.charter("review", "--format", "json", in: "clone"))
        #expect((tracked["base"] as? [String: Any])?["name"] as? String == "origin/feature")
        #expect((tracked["commits"] as? [Any])?.isEmpty == true)

        // Explicit ranges, as git reads them.
        for (range, base) in [("main...feature", mergeBase), ("main..feature", try scratch.git("rev-parse", "main", in: "acme").stdout)] {
            let explicit = try Self.json(try scratch.charter("review", range, "--format", "json", in: "acme"))
            #expect((explicit["base"] as? [String: Any])?["commit"] as? String == base.trimmingCharacters(in: .whitespacesAndNewlines), "\(range)")
        }
        #expect(try scratch.charter("review", "^main", in: "acme").status == 2)
    }

    /// After a criss-cross merge the change has two merge bases with main; its own commits are still
    /// those git rev-list main..feature lists, and the work tree joins only a review of HEAD.
    @Test func theChangesOwnCommitsAreThoseGitListsAfterACrissCross() throws {
        let scratch = try Self.branch(approvedBy: ["cpo", "cto"])
        let first = try scratch.head(in: "acme")
        try scratch.git("checkout", "-q", "main", in: "acme")
        try scratch.edit("acme/charter.yaml", replacing: "company:", with: "# main\ncompany:")
        try scratch.git("commit", "-qam", "On main", in: "acme")
        try scratch.git("checkout", "-q", "feature", in: "acme")
        try scratch.git("merge", "-q", "main", "-m", "Main into feature", in: "acme")
        try scratch.git("checkout", "-q", "main", in: "acme")
        try scratch.git("merge", "-q", first, "-m", "The first feature commit into main", in: "acme")
        try scratch.git("checkout", "-q", "feature", in: "acme")
        try scratch.edit("acme/roles/cto.yaml", replacing: "role: cto\n", with: "# reviewed\nrole: cto\n")
        try scratch.git("commit", "-qam", "A comment", in: "acme")
        #expect(try scratch.git("merge-base", "--all", "main", "feature", in: "acme").stdout.split(separator: "\n").count == 2)
        let review = try Self.json(try scratch.charter("review", "main...feature", "--format", "json", in: "acme"))
        let git = try scratch.git("rev-list", "main..feature", in: "acme").stdout.split(separator: "\n").map(String.init)
        #expect(review["commits"] as? [String] == git, "\(review)")
        #expect(try scratch.charter("review", "main..HEAD~1", "--work-tree", in: "acme").status == 2)
    }

    @Test func uncommittedWorkIsReviewedWhenAsked() throws {
        let scratch = try Self.branch(approvedBy: ["cpo", "cto"])
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: technology-evaluation\n",
                         with: "    - id: roadmap\n      text: Own the roadmap too.\n    - id: technology-evaluation\n")
        let committed = try scratch.charter("review", "--exit-code", in: "acme")
        #expect(committed.status == 0, "\(committed)")
        let withWork = try scratch.charter("review", "--work-tree", "--exit-code", in: "acme")
        #expect(withWork.status == 1, "\(withWork)")
        #expect(withWork.stdout.contains("result (work tree): invalid"), "\(withWork)")
        #expect(withWork.stdout.contains("error[overlap]"), "\(withWork)")
    }

    @Test func everyFormatParsesAndEscapesTheRepositorysText() throws {
        let scratch = try Self.branch(approvedBy: ["cto"], cpoHolder: "Ines | Duarte, 100%: lead")
        let json = try Self.json(try scratch.charter("review", "--format", "json", in: "acme"))
        #expect(json["format"] as? Int == 1)
        let approvals = try #require(json["approvals"] as? [[String: Any]])
        #expect(approvals.map { $0["role"] as? String } == ["cpo", "cto"])
        #expect(approvals.first?["holder"] as? String == "Ines | Duarte, 100%: lead")
        #expect(approvals.map { $0["approved"] as? Bool } == [false, true])
        #expect(json["ready"] as? Bool == false)

        let markdown = try scratch.charter("review", "--format", "markdown", in: "acme").stdout
        #expect(markdown.hasPrefix("### Charter review\n\n**Not ready**: 1 approval missing (cpo); 1 audit error\n"), "\(markdown)")
        let row = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| `cpo` |") })
        #expect(row == "| `cpo` | Ines \\| Duarte, 100%: lead | missing | platform-roi cto → cpo |")
        // Every table row has as many cells as its header (escaped pipes are text, not separators).
        let lines = markdown.split(separator: "\n").map { $0.replacingOccurrences(of: "\\|", with: "") }
        var columns: Int?
        for (index, line) in lines.enumerated() {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).count
            if line.hasPrefix("|---") { columns = lines[index - 1].split(separator: "|", omittingEmptySubsequences: false).count }
            if !line.hasPrefix("|") { columns = nil }
            if let columns, line.hasPrefix("|") { #expect(cells == columns, "\(line)") }
        }

        let github = try scratch.charter("review", "--format", "github", in: "acme").stdout
        let missing = try #require(github.split(separator: "\n").first { $0.hasPrefix("::error title=charter review%3A approval missing::") })
        #expect(missing == "::error title=charter review%3A approval missing::cpo (Ines | Duarte, 100%25: lead) has not approved: platform-roi cto → cpo")
        #expect(github.hasSuffix("not ready: 1 approval missing (cpo); 1 audit error\n"))

        // A line break in the repository's text cannot end an annotation early.
        let broken = try Self.branch(approvedBy: ["cto"], cpoHolder: "Ines\\r\\nDuarte")
        let annotations = try broken.charter("review", "--format", "github", in: "acme").stdout
        #expect(annotations.contains("::cpo (Ines%0D%0ADuarte) has not approved: platform-roi cto → cpo\n"), "\(annotations)")
        #expect(annotations.split(separator: "\n").allSatisfy { $0.hasPrefix("::") }, "\(annotations)")
    }
}
