import Foundation
import Testing

/// Histories as teams make them: pull requests merged with `--no-ff`, overlaps only a merge makes,
/// conflicts resolved in the merge, and commits whose charters cannot be read. git is the witness.
@Suite("Histories with merges and unreadable commits")
struct MergeHistoryTests {
    static let paths = ["--", "charter.yaml", "schema.yaml", "roles"]

    static func on(_ day: String) -> [String: String] {
        ["GIT_AUTHOR_DATE": "\(day)T12:00:00Z", "GIT_COMMITTER_DATE": "\(day)T12:00:00Z"]
    }

    static func charterCommit(_ scratch: Scratch, _ day: String, _ arguments: String...) throws {
        let outcome = try scratch.run(Scratch.binary, ["commit"] + arguments, in: "acme", environment: on(day))
        #expect(outcome.status == 0, "\(outcome)")
    }

    static func git(_ scratch: Scratch, _ day: String, _ arguments: String...) throws -> Outcome {
        try scratch.run("/usr/bin/env", ["git"] + arguments, in: "acme", environment: on(day))
    }

    static func gitIDs(_ scratch: Scratch, _ arguments: [String]) throws -> [String] {
        try scratch.run("/usr/bin/env", ["git", "log", "--format=%H"] + arguments, in: "acme").stdout.split(separator: "\n").map(String.init)
    }

    static func json(_ outcome: Outcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome)")
    }

    static func logIDs(_ scratch: Scratch, _ arguments: String...) throws -> [String] {
        let log = try json(try scratch.run(Scratch.binary, ["log", "--format", "json"] + arguments, in: "acme"))
        return (log["commits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    static func rev(_ scratch: Scratch, _ name: String) throws -> String {
        try scratch.git("rev-parse", name, in: "acme").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let gpuLab = "    - id: gpu-lab\n      text: Run the GPU lab.\n"
    static let roadmap = "    - id: roadmap\n      text: Build the product roadmap and share it across the company.\n"

    /// A repository whose branch `b`, checked out, starts from the founding commit.
    static func branched() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.initRepository()
        #expect(try git(scratch, "2022-01-01", "checkout", "-qb", "b").status == 0)
        return scratch
    }

    /// The roadmap leaves the CPO's file; with `arriving`, it arrives in the CTO's.
    static func moveRoadmap(_ scratch: Scratch, leaving: Bool = true, arriving: Bool = true) throws {
        if leaving { try scratch.edit("acme/roles/cpo.yaml", replacing: roadmap, with: "") }
        if arriving { try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n", with: roadmap + "    - id: delivery-approach\n") }
    }

    /// Two pull requests from main, each merged with `--no-ff`: platform ROI moves to the CPO on `a`,
    /// the CTO takes a GPU lab on `b`.
    static func pullRequests() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.initRepository()
        #expect(try git(scratch, "2022-01-01", "checkout", "-qb", "a").status == 0)
        try CommitTests.movePlatformROI(scratch)
        try charterCommit(scratch, "2022-01-10", "-m", "Platform ROI to the CPO", "-m", "Platform bets are product bets.",
                          "--approved-by", "cpo", "--approved-by", "cto")
        #expect(try git(scratch, "2022-01-01", "checkout", "-qb", "b", "main").status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: technology-evaluation\n", with: gpuLab + "    - id: technology-evaluation\n")
        try charterCommit(scratch, "2022-01-11", "-m", "A GPU lab for the CTO", "-m", "Training needs it.")
        #expect(try git(scratch, "2022-01-01", "checkout", "-q", "main").status == 0)
        #expect(try git(scratch, "2022-01-12", "merge", "-q", "--no-ff", "a", "-m", "Merge pull request #1").status == 0)
        #expect(try git(scratch, "2022-01-13", "merge", "-q", "--no-ff", "b", "-m", "Merge pull request #2").status == 0)
        return scratch
    }

    @Test func pullRequestsMergedWithNoFastForwardKeepTheirStory() throws {
        let scratch = try Self.pullRequests()
        let all = try Self.gitIDs(scratch, Self.paths)
        #expect(try Self.logIDs(scratch) == all)
        #expect(try Self.logIDs(scratch, "--first-parent") == (try Self.gitIDs(scratch, ["--first-parent"] + Self.paths)))
        let a = try Self.rev(scratch, "a"), b = try Self.rev(scratch, "b")
        #expect(all.contains(a) && all.contains(b), "the branch commits are listed")
        // The second merge joins two lines that each changed the charters: it is listed, with nothing of its own.
        let log = try scratch.charter("log", "-n", "1", in: "acme")
        #expect(log.stdout.contains("Merge pull request #2") && log.stdout.contains("no boundary changes"), "\(log)")

        // Blame credits the branch commit that made the change, and names the merge that brought it.
        let blame = try Self.json(try scratch.charter("blame", "cto", "--format", "json", in: "acme"))
        let lab = try #require((blame["items"] as? [[String: Any]])?.first { $0["item"] as? String == "gpu-lab" })
        #expect(lab["commit"] as? String == b)
        #expect(lab["mergedIn"] as? String == (try Self.rev(scratch, "HEAD")))
        let cpo = try Self.json(try scratch.charter("blame", "cpo", "--format", "json", in: "acme"))
        let roi = try #require((cpo["items"] as? [[String: Any]])?.first { $0["item"] as? String == "platform-roi" })
        #expect(roi["commit"] as? String == a)
        #expect(roi["how"] as? String == "moved")
        #expect(roi["mergedIn"] as? String == (try Self.rev(scratch, "HEAD^1")))
        let landed = try Self.json(try scratch.charter("blame", "cpo", "--first-parent", "--format", "json", in: "acme"))
        let roiLanded = try #require((landed["items"] as? [[String: Any]])?.first { $0["item"] as? String == "platform-roi" })
        #expect(roiLanded["commit"] as? String == (try Self.rev(scratch, "HEAD^1")))
        #expect(roiLanded["mergedIn"] is NSNull)

        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 0, "\(audit)")
        #expect(audit.stdout.hasPrefix("audited 5 commits"), "\(audit)")
    }

    @Test func logReadsRangesAsGitDoes() throws {
        let scratch = try Self.pullRequests()
        for arguments in [["a..b"], ["a...b"], ["HEAD~1..HEAD"], ["^a", "HEAD"], ["b", "^a"], ["--first-parent", "HEAD~1..HEAD"]] {
            let charter = try scratch.run(Scratch.binary, ["log", "--format", "json"] + arguments, in: "acme")
            let ids = ((try Self.json(charter))["commits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == (try Self.gitIDs(scratch, arguments + Self.paths)), "\(arguments)")
        }
        #expect(try scratch.charter("log", "main..nope", in: "acme").status != 0)
    }

    @Test func anOverlapOnlyTheMergeMakesIsReportedAtTheMerge() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        #expect(try Self.git(scratch, "2022-01-01", "checkout", "-qb", "a").status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: technology-evaluation\n", with: Self.gpuLab + "    - id: technology-evaluation\n")
        try Self.charterCommit(scratch, "2022-01-10", "-m", "The CTO runs a GPU lab", "-m", "Training needs it.")
        #expect(try Self.git(scratch, "2022-01-01", "checkout", "-qb", "b", "main").status == 0)
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: roadmap\n", with: Self.gpuLab + "    - id: roadmap\n")
        try Self.charterCommit(scratch, "2022-01-11", "-m", "The CPO runs a GPU lab", "-m", "Customers ask for it.")
        #expect(try Self.git(scratch, "2022-01-01", "checkout", "-q", "a").status == 0)
        #expect(try Self.git(scratch, "2022-01-12", "merge", "-q", "--no-ff", "b", "-m", "Merge b").status == 0)
        let merge = try Self.rev(scratch, "HEAD")

        let log = try Self.json(try scratch.charter("log", "-n", "1", "--format", "json", in: "acme"))
        let entry = try #require((log["commits"] as? [[String: Any]])?.first)
        #expect(entry["id"] as? String == merge)
        let changes = entry["changes"] as? [[String: Any]] ?? []
        #expect(changes.count == 1 && changes.first?["item"] as? String == "gpu-lab", "\(changes)")

        let audit = try scratch.charter("audit", "--format", "json", in: "acme")
        #expect(audit.status == 1)
        let findings = try Self.json(audit)["findings"] as? [[String: Any]] ?? []
        let invalid = findings.filter { $0["code"] as? String == "invalid-commit" }
        #expect(invalid.map { $0["commit"] as? String } == [merge], "\(findings)")
    }

    @Test func aConflictResolvedInTheMergeIsTheMergesOwnChange() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let text = "Weigh the costs and returns of platforms and solutions before the company commits to them."
        #expect(try Self.git(scratch, "2022-01-01", "checkout", "-qb", "a").status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: text, with: "Weigh platform costs.")
        try Self.charterCommit(scratch, "2022-01-10", "-m", "Shorter", "-m", "Brevity.")
        #expect(try Self.git(scratch, "2022-01-01", "checkout", "-q", "main").status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: text, with: "Weigh platform returns.")
        try Self.charterCommit(scratch, "2022-01-11", "-m", "Returns first", "-m", "Focus.")
        #expect(try Self.git(scratch, "2022-01-12", "merge", "-q", "a", "-m", "Merge a").status != 0, "the merge conflicts")
        let resolved = try scratch.read("acme/roles/cto.yaml")
            .replacingOccurrences(of: #"<<<<<<< HEAD\n.*\n=======\n.*\n>>>>>>> a\n"#, with: "      text: Weigh platform costs and returns.\n",
                                  options: .regularExpression)
        try scratch.write("acme/roles/cto.yaml", resolved)
        #expect(try Self.git(scratch, "2022-01-12", "commit", "-qam", "Merge a").status == 0)
        #expect(try scratch.git("rev-list", "--parents", "-n", "1", "HEAD", in: "acme").stdout.split(separator: " ").count == 3)

        let log = try Self.json(try scratch.charter("log", "-n", "1", "--format", "json", in: "acme"))
        let changes = (log["commits"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]] ?? []
        #expect(changes.map { $0["kind"] as? String } == ["reworded"], "\(changes)")
        #expect(changes.first?["after"] as? String == "Weigh platform costs and returns.")
    }

    @Test func aResolutionThatRewordsWhatTheBranchMovedIsARewording() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        #expect(try Self.git(scratch, "2022-01-01", "checkout", "-qb", "b").status == 0)
        try CommitTests.movePlatformROI(scratch)
        try Self.charterCommit(scratch, "2022-01-10", "-m", "Platform ROI to the CPO", "-m", "Product bets.",
                               "--approved-by", "cpo", "--approved-by", "cto")
        let moved = try Self.rev(scratch, "HEAD")
        #expect(try Self.git(scratch, "2022-01-01", "checkout", "-q", "main").status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: "Weigh the costs and returns of platforms and solutions before the company commits to them.",
                         with: "Weigh platform costs.")
        try Self.charterCommit(scratch, "2022-01-11", "-m", "Shorter", "-m", "Brevity.")
        #expect(try Self.git(scratch, "2022-01-12", "merge", "-q", "b", "-m", "Merge b").status != 0, "the merge conflicts")
        // The resolution keeps the branch's move and main's wording.
        #expect(try Self.git(scratch, "2022-01-12", "checkout", "--theirs", "roles/cto.yaml").status == 0)
        try scratch.edit("acme/roles/cpo.yaml", replacing: "Weigh the costs and returns of platforms and solutions.", with: "Weigh platform costs.")
        #expect(try Self.git(scratch, "2022-01-12", "commit", "-qam", "Merge b").status == 0)
        let merge = try Self.rev(scratch, "HEAD")

        let log = try Self.json(try scratch.charter("log", "-n", "1", "--format", "json", in: "acme"))
        let changes = (log["commits"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]] ?? []
        #expect(changes.map { "\($0["kind"]!) \($0["item"]!) \($0["role"] ?? "")" } == ["reworded platform-roi cpo"], "\(changes)")
        let audit = try scratch.charter("audit", "--format", "json", in: "acme")
        let atMerge = (try Self.json(audit)["findings"] as? [[String: Any]] ?? []).filter { $0["commit"] as? String == merge }
        #expect(atMerge.allSatisfy { $0["code"] as? String != "missing-approval" }, "\(atMerge)")
        let blame = try Self.json(try scratch.charter("blame", "cpo", "--format", "json", in: "acme"))
        let roi = try #require((blame["items"] as? [[String: Any]])?.first { $0["item"] as? String == "platform-roi" })
        #expect(roi["commit"] as? String == moved && roi["mergedIn"] as? String == merge, "\(roi)")
    }

    @Test func aFileBrokenOnABranchKeepsItsStoryThroughTheMerge() throws {
        let scratch = try Self.branched()
        try Self.moveRoadmap(scratch)
        try Self.charterCommit(scratch, "2022-01-10", "-m", "Roadmap to engineering", "-m", "Rebuild.", "--approved-by", "cpo", "--approved-by", "cto")
        let good = try scratch.read("acme/roles/cto.yaml")
        try scratch.write("acme/roles/cto.yaml", good.replacingOccurrences(of: "decides: [how]", with: "decides: [how"))
        #expect(try Self.git(scratch, "2022-01-11", "commit", "-qam", "Break it").status == 0)
        let broken = try Self.rev(scratch, "HEAD")
        #expect(try Self.git(scratch, "2022-01-01", "checkout", "-q", "main").status == 0)
        #expect(try Self.git(scratch, "2022-01-12", "merge", "-q", "--no-ff", "b", "-m", "Merge b").status == 0)
        try scratch.write("acme/roles/cto.yaml", good)
        #expect(try Self.git(scratch, "2022-01-13", "commit", "-qam", "Repair", "-m", "Indentation.").status == 0)

        let log = try Self.json(try scratch.charter("log", "--format", "json", in: "acme"))
        let commits = log["commits"] as? [[String: Any]] ?? []
        let repair = try #require(commits.first)
        #expect((repair["changes"] as? [Any])?.isEmpty == true, "the move was shown where it was made: \(repair)")
        #expect((repair["readableAgain"] as? [[String: Any]])?.first?["unreadableSince"] as? String == broken, "\(repair)")
        #expect(commits.filter { ($0["unreadable"] as? [Any])?.isEmpty == false }.map { $0["id"] as? String } == [broken])
        let audit = try scratch.charter("audit", "--format", "json", in: "acme")
        let codes = (try Self.json(audit)["findings"] as? [[String: Any]] ?? []).map { "\($0["commit"]!) \($0["code"]!)" }
        #expect(codes == ["\(broken) invalid-commit"], "\(codes)")
    }

    @Test func blameFollowsAMoveMadeAcrossTwoCommitsOfABranch() throws {
        let scratch = try Self.branched()
        try Self.moveRoadmap(scratch, arriving: false)
        #expect(try Self.git(scratch, "2022-01-10", "commit", "-qam", "Tidy").status == 0)
        let released = try Self.rev(scratch, "HEAD")
        try Self.moveRoadmap(scratch, leaving: false)
        #expect(try Self.git(scratch, "2022-01-11", "commit", "-qam", "Roadmap to engineering").status == 0)
        #expect(try Self.git(scratch, "2022-01-01", "checkout", "-q", "main").status == 0)
        #expect(try Self.git(scratch, "2022-01-12", "merge", "-q", "--no-ff", "b", "-m", "Merge b").status == 0)
        let blame = try Self.json(try scratch.charter("blame", "cto", "--format", "json", in: "acme"))
        let item = try #require((blame["items"] as? [[String: Any]])?.first { $0["item"] as? String == "roadmap" })
        #expect(item["how"] as? String == "moved" && item["from"] as? String == "cpo" && item["releasedIn"] as? String == released, "\(item)")
    }

    /// A commit made with plain git moves the roadmap from the CPO to the CTO and breaks cto.yaml; the
    /// next commit repairs it.
    static func brokenThenFixed() throws -> (Scratch, broken: String, fixed: String) {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.moveRoadmap(scratch)
        let good = try scratch.read("acme/roles/cto.yaml")
        try scratch.write("acme/roles/cto.yaml", good.replacingOccurrences(of: "decides: [how]", with: "decides: [how"))
        #expect(try Self.git(scratch, "2022-02-01", "commit", "-qam", "Roadmap to engineering").status == 0)
        let broken = try Self.rev(scratch, "HEAD")
        try scratch.write("acme/roles/cto.yaml", good)
        #expect(try Self.git(scratch, "2022-02-02", "commit", "-qam", "Fix the indentation").status == 0)
        return (scratch, broken, try Self.rev(scratch, "HEAD"))
    }

    @Test func nothingAnUnreadableCommitDidIsLost() throws {
        let (scratch, broken, fixed) = try Self.brokenThenFixed()
        let log = try scratch.charter("log", "-n", "2", in: "acme")
        #expect(log.status == 0, "\(log)")
        #expect(log.stdout.contains("unreadable roles/cto.yaml:"), "\(log)")
        #expect(log.stdout.contains("moved  roadmap  cpo → cto (left cpo in \(broken.prefix(7)))"), "\(log)")
        #expect(log.stdout.contains("note: roles/cto.yaml is readable again (unreadable since \(broken.prefix(7)))"), "\(log)")

        let json = try Self.json(try scratch.charter("log", "-n", "2", "--format", "json", in: "acme"))
        let commits = json["commits"] as? [[String: Any]] ?? []
        #expect(commits.map { $0["id"] as? String } == [fixed, broken])
        let unreadable = commits.last?["unreadable"] as? [[String: Any]] ?? []
        #expect(unreadable.first?["file"] as? String == "roles/cto.yaml")
        #expect((unreadable.first?["line"] as? Int ?? 0) > 1)
        let again = commits.first?["readableAgain"] as? [[String: Any]] ?? []
        #expect(again.first?["unreadableSince"] as? String == broken)

        // The history before a range is read: the move is seen across the range's edge.
        let range = try scratch.charter("log", "HEAD~1..HEAD", in: "acme")
        #expect(range.stdout.contains("moved  roadmap  cpo → cto (left cpo in \(broken.prefix(7)))"), "\(range)")

        let blame = try Self.json(try scratch.charter("blame", "cto", "--format", "json", in: "acme"))
        let roadmap = try #require((blame["items"] as? [[String: Any]])?.first { $0["item"] as? String == "roadmap" })
        #expect(roadmap["commit"] as? String == fixed)
        #expect(roadmap["how"] as? String == "moved")
        #expect(roadmap["from"] as? String == "cpo")

        // The audit flags the broken commit and asks both roles to approve the move.
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("\(broken.prefix(7)) 2022-02-01  error[invalid-commit]"), "\(audit)")
        #expect(audit.stdout.contains("\(fixed.prefix(7)) 2022-02-02  error[missing-approval]"), "\(audit)")
    }
}
