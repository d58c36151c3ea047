import Foundation
import Testing

/// `charter audit` of revisions and ranges, on HistoryTests' history, with `git rev-list` as the witness.
@Suite("charter audit of a range")
struct AuditRangeTests {
    static func audit(_ scratch: Scratch, _ arguments: [String]) throws -> (commits: Int, findings: [[String: Any]]) {
        let outcome = try scratch.run(Scratch.binary, ["audit", "--format", "json"] + arguments, in: "acme")
        #expect(outcome.status == 0 || outcome.status == 1, "\(outcome)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        return (try #require(json["commits"] as? Int), try #require(json["findings"] as? [[String: Any]]))
    }

    static func revList(_ scratch: Scratch, _ arguments: [String]) throws -> [String] {
        try scratch.run("/usr/bin/env", ["git", "rev-list"] + arguments, in: "acme").stdout.split(separator: "\n").map(String.init)
    }

    @Test func reportsOnlyTheRangeWithTheWholeHistoryAsContext() throws {
        let scratch = try HistoryTests.history()
        let whole = try Self.audit(scratch, [])
        #expect(whole.commits == (try Self.revList(scratch, ["HEAD"])).count)
        for arguments in [["HEAD~3..HEAD"], ["HEAD~5.."], ["HEAD~2...side"], ["side...HEAD~2"], ["^HEAD~4", "HEAD"],
                          ["main", "^side"], ["side", "^HEAD~3", "HEAD~1"], ["^HEAD"], ["HEAD~6"]] {
            let commits = try Self.revList(scratch, arguments)
            let audit = try Self.audit(scratch, arguments)
            #expect(audit.commits == commits.count, "\(arguments)")
            // The range's findings are the whole audit's for those commits: earlier history is context, not lost.
            let expected = whole.findings.filter { commits.contains($0["commit"] as? String ?? "") }
            #expect(audit.findings.map { "\($0["commit"] ?? "") \($0["code"] ?? "") \($0["message"] ?? "")" }
                == expected.map { "\($0["commit"] ?? "") \($0["code"] ?? "") \($0["message"] ?? "")" }, "\(arguments)")
        }
        // The commit that moved platform ROI with one approval is the one missing-approval error.
        let third = try Self.revList(scratch, ["--first-parent", "HEAD~5", "-1"])
        let range = try Self.audit(scratch, ["HEAD~6..HEAD~5"])
        #expect(range.commits == 1)
        #expect(range.findings.compactMap { $0["code"] as? String }.contains("missing-approval"))
        #expect(range.findings.allSatisfy { $0["commit"] as? String == third.first })
    }

    @Test func exitsOneOnlyForErrorsInTheRange() throws {
        let scratch = try HistoryTests.history()
        #expect(try scratch.charter("audit", in: "acme").status == 1)
        // After the invalid commits: warnings at most.
        let later = try scratch.charter("audit", "HEAD~2..HEAD", in: "acme")
        #expect(later.status == 0, "\(later)")
        #expect(later.stdout.contains("audited 3 commits"), "\(later)")
    }

    @Test(arguments: [
        (["nope..HEAD"], "error: unknown revision 'nope'\n"),
        (["HEAD", "^nope"], "error: unknown revision 'nope'\n"),
        (["HEAD...nope"], "error: unknown revision 'nope'\n"),
        (["HEAD^{tree}"], "error: 'HEAD^{tree}' does not name a commit\n"),
    ])
    func anUnreadableArgumentIsNamed(_ arguments: [String], _ message: String) throws {
        let scratch = try HistoryTests.history()
        let outcome = try scratch.run(Scratch.binary, ["audit"] + arguments, in: "acme")
        #expect(outcome.status == 3)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == message)
    }
}
