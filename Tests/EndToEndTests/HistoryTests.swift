import Foundation
import Testing

/// `charter log`, `blame` and `audit` on a history the test builds with fixed dates:
///
/// 1. 2019-01-10 founding (emerging: the CTO owns everything)
/// 2. 2020-02-01 the first CPO is hired: product items and why/what/when move to the CPO (approved by both)
/// 3. 2020-06-01 platform ROI moves to the CPO, approved by the CTO only, no rationale
/// 4. 2020-09-01 an overlap committed with plain git (invalid under the four-area schema)
/// 5. 2020-09-02 the overlap removed, with plain git
/// 6. 2021-01-01 a schema of the company's own: single-owner becomes a warning
/// 7. 2021-03-01 the overlap again, now valid under the company's schema
/// 8. 2021-05-01 on a side branch: retention moves to the CTO (approved by both)
/// 9. 2021-06-01 the side branch merged into main
@Suite("charter log, blame and audit")
struct HistoryTests {
    static func dates(_ day: String) -> [String: String] {
        ["GIT_AUTHOR_DATE": "\(day)T12:00:00Z", "GIT_COMMITTER_DATE": "\(day)T12:00:00Z"]
    }

    static func commit(_ scratch: Scratch, _ day: String, _ arguments: String...) throws {
        let outcome = try scratch.run(Scratch.binary, ["commit"] + arguments, in: "acme", environment: dates(day))
        #expect(outcome.status == 0, "\(outcome)")
    }

    static func gitCommit(_ scratch: Scratch, _ day: String, _ message: String) throws {
        try scratch.git("add", "-A", in: "acme")
        let outcome = try scratch.run("/usr/bin/env", ["git", "commit", "-qm", message], in: "acme", environment: dates(day))
        #expect(outcome.status == 0, "\(outcome)")
    }

    static func history() throws -> Scratch {
        let scratch = try Scratch()
        #expect(try scratch.charter("init", "acme", "--company", "Acme Robotics", "--stage", "emerging",
                                    environment: dates("2019-01-10")).status == 0)
        // 2: the growth starter's CPO and CTO replace the emerging CTO.
        #expect(try scratch.charter("init", "growth", "--company", "Acme Robotics", "--stage", "growth").status == 0)
        for role in ["cpo", "cto"] { try scratch.write("acme/roles/\(role).yaml", try scratch.read("growth/roles/\(role).yaml")) }
        try commit(scratch, "2020-02-01", "-m", "Hire the first CPO", "-m", "Two product lines need a product leader.",
                   "--event", "hire: first CPO", "--approved-by", "cto", "--approved-by", "cpo")
        // 3
        try CommitTests.movePlatformROI(scratch)
        try commit(scratch, "2020-06-01", "-m", "Platform ROI to the CPO", "--approved-by", "cto")
        // 4 and 5
        let overlap = "    - id: roadmap\n      text: Own the roadmap too.\n    - id: delivery-approach\n"
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n", with: overlap)
        try gitCommit(scratch, "2020-09-01", "Claim the roadmap for engineering")
        try scratch.edit("acme/roles/cto.yaml", replacing: overlap, with: "    - id: delivery-approach\n")
        try gitCommit(scratch, "2020-09-02", "Give the roadmap back\n\nThe CPO owns it; engineering consults.")
        // 6
        let schema = try String(contentsOf: Scratch.packageRoot.appendingPathComponent("Schemas/four-area.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "schema: four-area", with: "schema: acme-areas")
            .replacingOccurrences(of: "single-owner: error", with: "single-owner: warning")
        try scratch.write("acme/schema.yaml", schema)
        try scratch.edit("acme/charter.yaml", replacing: "schema: four-area", with: "schema: acme-areas")
        try commit(scratch, "2021-01-01", "-m", "Adopt our own schema", "-m", "Shared ownership is a warning while we reorganise.")
        // 7
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n", with: overlap)
        try commit(scratch, "2021-03-01", "-m", "Share the roadmap during the reorganisation", "-m", "Temporary, see the board minutes.",
                   "--approved-by", "cpo", "--approved-by", "cto")
        // 8 and 9
        try scratch.git("checkout", "-qb", "side", in: "acme")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: retention\n      name: Retention\n", with: "")
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: cycle-time\n", with: "    - id: retention\n      name: Retention\n    - id: cycle-time\n")
        try commit(scratch, "2021-05-01", "-m", "Retention is a product-performance metric", "-m", "Churn follows outages.",
                   "--approved-by", "cpo", "--approved-by", "cto")
        try scratch.git("checkout", "-q", "main", in: "acme")
        let merge = try scratch.run("/usr/bin/env", ["git", "merge", "-q", "--no-ff", "side", "-m", "Merge the metrics review"],
                                    in: "acme", environment: dates("2021-06-01"))
        #expect(merge.status == 0, "\(merge)")
        return scratch
    }

    static func ids(_ scratch: Scratch, _ arguments: String...) throws -> [String] { try ids(scratch, arguments) }

    /// The commits `git log` lists in acme, newest first: the witness.
    static func ids(_ scratch: Scratch, _ arguments: [String]) throws -> [String] {
        try scratch.run("/usr/bin/env", ["git", "log", "--format=%H"] + arguments, in: "acme").stdout.split(separator: "\n").map(String.init)
    }

    static func logIDs(_ scratch: Scratch, _ arguments: String...) throws -> [String] { try logIDs(scratch, arguments) }

    /// The commits `charter log --format json` lists in acme, newest first.
    static func logIDs(_ scratch: Scratch, _ arguments: [String], environment: [String: String] = [:]) throws -> [String] {
        let outcome = try scratch.run(Scratch.binary, ["log", "--format", "json"] + arguments, in: "acme", environment: environment)
        #expect(outcome.status == 0, "\(arguments): \(outcome)")
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        return (json?["commits"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
    }

    @Test func logListsTheCommitsGitLists() throws {
        let scratch = try Self.history()
        // Every commit reachable, the side branch's included; the merge changes nothing beyond the side
        // branch (main did not move meanwhile), so git leaves it out of a path-limited log, as charter does.
        let head = try Self.ids(scratch, "-1")[0]
        let git = try Self.ids(scratch, "--", "charter.yaml", "schema.yaml", "roles")
        #expect(try Self.logIDs(scratch) == git)
        #expect(git.count == 8 && !git.contains(head))
        // --first-parent: what landed on main, the merge included and the side branch's commit not.
        let firstParent = try Self.ids(scratch, "--first-parent", "--", "charter.yaml", "schema.yaml", "roles")
        #expect(try Self.logIDs(scratch, "--first-parent") == firstParent)
        #expect(firstParent.count == 8 && firstParent[0] == head)
    }

    @Test func logText() throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("log", "--first-parent", "--max-count", "2", in: "acme")
        let ids = try Self.ids(scratch, "--first-parent", "-2")
        #expect(outcome.stdout == """
            commit \(ids[0].prefix(7))  2021-06-01  Ada Founder
                Merge the metrics review
                merge: \(ids[1].prefix(7)) \(try Self.ids(scratch, "-1", "HEAD^2")[0].prefix(7))
                metrics   moved  retention [kpi]  cpo → cto

            commit \(ids[1].prefix(7))  2021-03-01  Ada Founder
                Share the roadmap during the reorganisation
                approved by: cpo, cto
                strategy  added  roadmap  cto: "Own the roadmap too."

            """)
    }

    /// Every way git users write a count gives the same log, with -C before or after the command.
    @Test func theCountAsGitWritesIt() throws {
        let scratch = try Self.history()
        let expected = try scratch.charter("log", "--max-count", "3", in: "acme")
        #expect(expected.status == 0 && expected.stdout.components(separatedBy: "\ncommit ").count == 3, "\(expected)")
        for arguments in [["log", "-n3"], ["log", "-n", "3"], ["log", "-3"], ["log", "--max-count=3"], ["log", "-3", "HEAD"],
                          ["-C", "acme", "log", "-3"], ["log", "-C", "acme", "-n3"]] {
            let outcome = try scratch.run(Scratch.binary, arguments, in: arguments.contains("-C") ? "" : "acme")
            #expect(outcome.status == 0 && outcome.stdout == expected.stdout, "\(arguments): \(outcome)")
        }
        #expect(try scratch.charter("log", "-0", in: "acme").stdout.isEmpty)
        // After --, -3 is no option: a revision that does not exist.
        #expect(try scratch.charter("log", "--", "-3", in: "acme").status != 0)
    }

    @Test func eventsTellTheStoryAtAGlance() throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("log", "--events", in: "acme")
        let ids = try Self.ids(scratch, "--reverse", "--topo-order")
        #expect(outcome.stdout == """
            commit \(ids[1].prefix(7))  2020-02-01  Ada Founder
                Hire the first CPO
                event: hire: first CPO
                approved by: cto, cpo
                31 changes: 1 role added, 13 moved, 12 decisions moved, 1 consults list changed, 4 fields changed

            commit \(ids[0].prefix(7))  2019-01-10  Ada Founder
                Found the role charters of Acme Robotics
                event: founding: Acme Robotics at the emerging stage
                42 changes: 1 role added, 25 added, 16 decisions granted

            """)
    }

    @Test func logJSON() throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("log", "--events", "--format", "json", in: "acme")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? Int == 1)
        let commits = try #require(json["commits"] as? [[String: Any]])
        #expect(commits.map { $0["event"] as? String } == ["hire: first CPO", "founding: Acme Robotics at the emerging stage"])
        let hire = commits[0]
        #expect(hire["date"] as? String == "2020-02-01T12:00:00Z")
        #expect(hire["author"] as? String == "Ada Founder")
        #expect(hire["subject"] as? String == "Hire the first CPO")
        #expect(hire["approvals"] as? [String] == ["cto", "cpo"])
        let changes = try #require(hire["changes"] as? [[String: Any]])
        #expect(changes.first?["kind"] as? String == "role-added")
        let roadmap = changes.first { $0["item"] as? String == "roadmap" }
        #expect(roadmap?["kind"] as? String == "moved")
        #expect(roadmap?["from"] as? String == "cto")
        #expect(roadmap?["to"] as? String == "cpo")
    }

    @Test("filters keep the commits whose changes concern them", arguments: [
        (["--item", "roadmap"], [7, 5, 4, 2, 1]), (["--item", "retention"], [8, 2, 1]), (["--area", "metrics"], [8, 2, 1]),
        (["--role", "cpo"], [8, 3, 2]), (["--since", "2020-06-01", "--until", "2021-01-01"], [6, 5, 4, 3]),
        (["--since", "2021-02-01"], [8, 7]), (["--events"], [2, 1]), (["--max-count", "3"], [8, 7, 6]),
        (["--item", "roadmap", "--first-parent"], [7, 5, 4, 2, 1]), (["--item", "retention", "--first-parent"], [9, 2, 1]),
    ] as [([String], [Int])])
    func filters(_ arguments: [String], _ commits: [Int]) throws {
        let scratch = try Self.history()
        // Commit numbers as in the suite's documentation, oldest first.
        let numbered = Array(try Self.ids(scratch, "--reverse", "--topo-order").enumerated().map { ($0.offset + 1, $0.element) })
        let byNumber = Dictionary(uniqueKeysWithValues: numbered)
        let outcome = try scratch.run(Scratch.binary, ["log", "--format", "json"] + arguments, in: "acme")
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let ids = (json?["commits"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        #expect(ids == commits.compactMap { byNumber[$0] }, "\(arguments)")
    }

    @Test func blameExplainsEachItem() throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("blame", "cpo", "--format", "json", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["role"] as? String == "cpo")
        let items = try #require(json["items"] as? [[String: Any]])
        let ids = try Self.ids(scratch, "--reverse", "--topo-order")
        func item(_ id: String, _ kind: String = "responsibility") -> [String: Any]? {
            items.first { $0["item"] as? String == id && $0["itemKind"] as? String == kind }
        }
        let roadmap = try #require(item("roadmap"))
        #expect(roadmap["commit"] as? String == ids[1])
        #expect(roadmap["how"] as? String == "moved")
        #expect(roadmap["from"] as? String == "cto")
        #expect(roadmap["event"] as? String == "hire: first CPO")
        #expect((roadmap["origin"] as? [String: Any])?["commit"] as? String == ids[0])
        #expect((roadmap["origin"] as? [String: Any])?["role"] as? String == "cto")
        let platform = try #require(item("platform-roi"))
        #expect(platform["commit"] as? String == ids[2])
        let why = try #require(item("why", "decision"))
        #expect(why["area"] as? String == "strategy")
        #expect(why["commit"] as? String == ids[1])
        #expect(item("retention", "kpi") == nil, "retention moved to the CTO in the merge")
        // The side branch's commit made the move; the merge brought it to main.
        let cto = try scratch.charter("blame", "cto", in: "acme")
        #expect(cto.stdout.contains("retention [kpi]"))
        #expect(cto.stdout.contains("\(ids[7].prefix(7)) 2021-05-01  Ada Founder  moved from cpo  Retention is a product-performance metric (merged in \(ids[8].prefix(7)))"), "\(cto)")
        let landed = try scratch.charter("blame", "cto", "--first-parent", in: "acme")
        #expect(landed.stdout.contains("\(ids[8].prefix(7)) 2021-06-01  Ada Founder  moved from cpo  Merge the metrics review"), "\(landed)")
        let before = try scratch.charter("blame", "cpo", "--rev", "HEAD~1", "--format", "json", in: "acme")
        #expect(before.stdout.contains("\"item\": \"retention\""))
        #expect(try scratch.charter("blame", "cfo", in: "acme").status == 2)
    }

    @Test func auditJudgesEachCommitByItsOwnSchema() throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("audit", "--format", "json", in: "acme")
        #expect(outcome.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let ids = try Self.ids(scratch, "--reverse", "--topo-order")
        #expect(json["format"] as? Int == 1)
        #expect(json["commits"] as? Int == 9)
        let findings = try #require(json["findings"] as? [[String: Any]])
        let summary = findings.map { "\(ids.firstIndex(of: $0["commit"] as? String ?? "").map { $0 + 1 } ?? 0) \($0["code"]!)" }
        // 5 gives the roadmap back: it leaves the CTO, which must approve (approvals follow the item).
        // 6 adopts a schema that makes single-owner a warning, and nobody approved it.
        #expect(summary.sorted() == ["3 missing-approval", "3 no-rationale", "4 invalid-commit", "4 no-rationale", "5 missing-approval",
                                     "6 unapproved-rule-change"])
        let weakened = try #require(findings.first { $0["code"] as? String == "unapproved-rule-change" })
        #expect(weakened["severity"] as? String == "error")
        #expect(weakened["message"] as? String == "rule single-owner weakened: error → warning; no Approved-By")
        let missing = try #require(findings.first { $0["code"] as? String == "missing-approval" && $0["commit"] as? String == ids[2] })
        #expect(missing["severity"] as? String == "error")
        #expect((missing["message"] as? String)?.hasPrefix("no Approved-By: cpo for 1 change it is part of: platform-roi cto → cpo") == true)
        let removal = try #require(findings.first { $0["code"] as? String == "missing-approval" && $0["commit"] as? String == ids[4] })
        #expect(removal["message"] as? String == "no Approved-By: cto for 1 change it is part of: roadmap removed from cto")
        let invalid = try #require(findings.first { $0["code"] as? String == "invalid-commit" })
        #expect((invalid["details"] as? [[String: Any]])?.first?["code"] as? String == "overlap")
        #expect((json["summary"] as? [String: Int]) == ["invalid-commit": 1, "missing-approval": 2, "no-rationale": 2, "unapproved-rule-change": 1])
    }

    @Test func auditText() throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("audit", in: "acme")
        #expect(outcome.status == 1)
        #expect(outcome.stdout.hasSuffix("""
            audited 9 commits (8 touching the charters, 80 boundary changes): 4 errors, 2 warnings
              invalid-commit: 1, missing-approval: 2, no-rationale: 2, unapproved-rule-change: 1

            """))
        #expect(outcome.stderr.isEmpty, "no progress on stderr when it is not a terminal")
    }

    @Test func aCleanHistoryPassesTheAudit() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try CommitTests.movePlatformROI(scratch)
        #expect(try scratch.charter("commit", "-m", "Platform ROI to the CPO", "-m", "Platform bets are product bets.",
                                    "--approved-by", "cpo", "--approved-by", "cto", in: "acme").status == 0)
        let outcome = try scratch.charter("audit", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "audited 2 commits (2 touching the charters, 44 boundary changes): 0 errors, 0 warnings\n")
    }
}
