import Foundation
import Testing

/// `charter who` on the sample story: an exact id, words, a decision right, a past date, a revision,
/// nothing matching and usage errors; git is the witness for the commits it names.
@Suite("charter who")
struct WhoTests {
    /// The story, and the matches `who ARGUMENTS --format json` prints there (exit 0).
    static func matches(_ arguments: [String], in scratch: Scratch, _ repository: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> (commit: String, matches: [[String: Any]]) {
        let outcome = try scratch.run(Scratch.binary, ["who"] + arguments + ["--format", "json"], in: repository)
        #expect(outcome.status == 0 && outcome.stderr.isEmpty, "\(outcome)", sourceLocation: sourceLocation)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any],
                                sourceLocation: sourceLocation)
        return (json["commit"] as? String ?? "", json["matches"] as? [[String: Any]] ?? [])
    }

    /// The full id of the latest commit of HEAD's history whose message holds `words`, by git.
    static func commit(_ words: String, in scratch: Scratch, _ repository: String) throws -> String {
        try scratch.git("log", "-1", "--format=%H", "--fixed-strings", "--grep", words, "HEAD", in: repository).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anExactIDSaysWhoOwnsItSinceWhenAndItsLastChange() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        let (commit, matches) = try Self.matches(["roadmap"], in: scratch, repository)
        #expect(commit == (try scratch.head(in: repository)))
        let match = try #require(matches.first)
        #expect(matches.count == 1 && match["itemKind"] as? String == "responsibility" && match["match"] as? String == "exact")
        let owner = match["owner"] as? [String: Any]
        #expect(owner?["role"] as? String == "cpto" && owner?["holder"] as? String == "Lena Novak")
        let since = try #require(match["since"] as? [String: Any])
        #expect(since["commit"] as? String == (try Self.commit("Hire Ines Duarte", in: scratch, repository)))
        #expect(since["how"] as? String == "moved" && since["from"] as? String == "cto" && since["event"] as? String == "hire: first CPO")
        let founding = try scratch.git("rev-list", "--max-parents=0", "--first-parent", "HEAD", in: repository).stdout
        #expect((match["origin"] as? [String: Any])?["commit"] as? String == founding.trimmingCharacters(in: .whitespacesAndNewlines))
        // It came to the CPO, then along the merger of the CPO and the CTO into the CPTO, in HEAD.
        let lineage = (match["lineage"] as? [[String: Any]])?.map { "\($0["kind"] as? String ?? "") \($0["from"] as? String ?? "") \($0["to"] as? String ?? "") \($0["commit"] as? String ?? "")" }
        #expect(lineage == ["merged cpo cpto \(commit)"])
        // The last commit whose diff of roles/ adds or removes roadmap's entry: the merger, which moved it to the CPTO.
        let last = try #require(match["lastChange"] as? [String: Any])
        let witness = try scratch.git("log", "-1", "--no-renames", "--format=%H", "-G", "id: roadmap$", "--", "roles", in: repository).stdout
        #expect(last["commit"] as? String == witness.trimmingCharacters(in: .whitespacesAndNewlines))
        let change = (last["changes"] as? [[String: Any]])?.first
        #expect(change?["kind"] as? String == "moved" && change?["from"] as? String == "cpo" && change?["to"] as? String == "cpto")

        let text = try scratch.charter("who", "roadmap", in: repository)
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.hasPrefix("1 match for \"roadmap\" at \(commit.prefix(7)), committed 2026-01-12\n\nresponsibility roadmap in strategy\n"))
        #expect(text.stdout.contains("\n    owner     cpto (Chief Product and Technology Officer), held by Lena Novak\n"), "\(text.stdout)")
        #expect(text.stdout.contains("\n    path      origin \(founding.prefix(7)) in cto → cpo merged into cpto 2026-01-12\n"), "\(text.stdout)")
        #expect(text.stdout.contains("\n    last      \(commit.prefix(7)) 2026-01-12  Maya Lindqvist  moved cpo → cpto  "), "\(text.stdout)")
    }

    @Test func everyWordMustMatchAnIDOrText() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        // Before the merger, the CTO consulted the CPO on it.
        let (_, matches) = try Self.matches(["Customers", "INTERACT", "--rev", "HEAD~1"], in: scratch, repository)
        #expect(matches.map { $0["item"] as? String } == ["customer-fit-technology"])
        let match = try #require(matches.first)
        #expect(match["match"] as? String == "text" && (match["owner"] as? [String: Any])?["role"] as? String == "cto")
        #expect((match["consults"] as? [[String: Any]])?.map { "\($0["role"] as? String ?? "") \($0["holder"] as? String ?? "")" } == ["cpo Lena Novak"])
        // Ids that hold every word come before texts that do.
        let (_, calibration) = try Self.matches(["calibration"], in: scratch, repository)
        #expect(calibration.map { $0["item"] as? String } == ["sensor-calibration"])
        let since = calibration.first?["since"] as? [String: Any]
        #expect(since?["commit"] as? String == (try Self.commit("Calibration becomes the CTO's", in: scratch, repository)))
        #expect(since?["mergedIn"] as? String == (try Self.commit("Import the charters of Southgate", in: scratch, repository)))
        let (_, kpi) = try Self.matches(["product", "defects"], in: scratch, repository)
        #expect(kpi.map { "\($0["itemKind"] as? String ?? "") \($0["item"] as? String ?? "")" } == ["kpi defect-rate"])
    }

    @Test func aDecisionRightSaysWhoDecides() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        let (_, matches) = try Self.matches(["strategy/what"], in: scratch, repository)
        let match = try #require(matches.first)
        #expect(matches.count == 1 && match["itemKind"] as? String == "decision" && match["item"] as? String == "what")
        #expect((match["owner"] as? [String: Any])?["role"] as? String == "cpto")
        let deciders = (match["deciders"] as? [[String: Any]])?.map { "\($0["right"] as? String ?? ""): \(($0["roles"] as? [String])?.joined() ?? "")" }
        #expect(deciders == ["why: cpto", "what: cpto", "when: cpto", "how: cpto"])
        #expect((match["since"] as? [String: Any])?["commit"] as? String == (try Self.commit("Hire Ines Duarte", in: scratch, repository)))
        // A right alone: every area's first, each held by the CPTO.
        let (_, how) = try Self.matches(["how"], in: scratch, repository)
        #expect(how.prefix(4).map { "\($0["area"] as? String ?? "")/\($0["item"] as? String ?? "")" }
                == ["strategy/how", "innovation/how", "customers/how", "metrics/how"])
        #expect(how.prefix(4).allSatisfy { ($0["owner"] as? [String: Any])?["role"] as? String == "cpto" && $0["match"] as? String == "exact" })
        let text = try scratch.charter("who", "strategy/what", in: repository).stdout
        #expect(text.contains("\ndecision strategy/what\n    meaning   \"What gets built"), "\(text)")
    }

    @Test func aPastDateGivesTheOwnerAsItWasThen() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        let (commit, matches) = try Self.matches(["roadmap", "--at", "2016-06-01"], in: scratch, repository)
        let witness = try scratch.git("rev-list", "-1", "--first-parent", "--before=2016-06-01T23:59:59Z", "HEAD", in: repository).stdout
        #expect(commit == witness.trimmingCharacters(in: .whitespacesAndNewlines))
        let owner = matches.first?["owner"] as? [String: Any]
        #expect(owner?["role"] as? String == "cto" && owner?["holder"] is NSNull)
        #expect((matches.first?["since"] as? [String: Any])?["how"] as? String == "added")
        let (_, later) = try Self.matches(["roadmap", "--at", "2019-01-01"], in: scratch, repository)
        #expect((later.first?["owner"] as? [String: Any])?["holder"] as? String == "Ines Duarte")
        let before = try scratch.charter("who", "roadmap", "--at", "2010-01-01", in: repository)
        #expect(before.status == 1 && before.stdout.isEmpty && before.stderr.contains("no commit on or before 2010-01-01"), "\(before)")
    }

    @Test func aRevisionAnswersForEachOwnerOfAnOverlap() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        // Right after the acquisition, both companies' CPOs hold the roadmap: a match for each.
        let (commit, matches) = try Self.matches(["roadmap", "--rev", "HEAD~4"], in: scratch, repository)
        #expect(commit == (try scratch.git("rev-parse", "HEAD~4", in: repository).stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(matches.map { ($0["owner"] as? [String: Any])?["role"] as? String } == ["cpo", "southgate-cpo"])
    }

    @Test func nothingMatchingExitsOneWithTheClosestIDs() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        let typo = try scratch.charter("who", "roadmpa", in: repository)
        #expect(typo.status == 1 && typo.stdout.isEmpty, "\(typo)")
        #expect(typo.stderr.contains("error: no responsibility, KPI or decision right matches 'roadmpa' at "), "\(typo)")
        #expect(typo.stderr.hasSuffix("hint: the closest ids: roadmap\n"), "\(typo)")
        let right = try scratch.charter("who", "strategy/wat", "--format", "json", in: repository)
        #expect(right.status == 1 && right.stdout.isEmpty && right.stderr.contains("the closest ids: strategy/what"), "\(right)")
        let nothing = try scratch.charter("who", "roadmap", "quantum", in: repository)
        #expect(nothing.status == 1 && nothing.stderr.hasSuffix("hint: charter show lists who holds what\n"), "\(nothing)")
        // A revision that does not exist is a repository error, as for blame.
        let unknown = try scratch.charter("who", "roadmap", "--rev", "no-such-rev", in: repository)
        #expect(unknown.status == 3 && unknown.stderr == "error: unknown revision 'no-such-rev'\n", "\(unknown)")
    }

    @Test(arguments: [["who"], ["who", ""], ["who", "  "], ["who", "roadmap", "--at", "2019-01-01", "--rev", "HEAD"],
                      ["who", "roadmap", "--at", "2024"], ["who", "roadmap", "--format", "sarif"]])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        let outcome = try scratch.run(Scratch.binary, arguments, in: repository)
        #expect(outcome.status == 2 && outcome.stdout.isEmpty && !outcome.stderr.isEmpty, "\(outcome)")
    }

    /// The JSON of every kind of answer against `Schemas/output/who.schema.json`, closed: a right nobody
    /// holds (committed with plain git), a consults list, an overlap, a past date.
    @Test func theJSONValidates() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        try OutputSchemaTests.expectValidOutputs([["who", "roadmap"], ["who", "how"], ["who", "customer"], ["who", "sensor"],
                                                  ["who", "strategy/what", "--at", "2016-06-01"], ["who", "roadmap", "--rev", "HEAD~4"]],
                                                 in: repository, of: scratch)
        try scratch.edit("\(repository)/roles/cpto.yaml", replacing: "development process.'\n    decides:\n    - why\n    - what\n    - when\n",
                         with: "development process.'\n    decides:\n    - why\n    - what\n")
        #expect(try scratch.git("commit", "-qam", "Nobody decides when in metrics", in: repository).status == 0)
        let outputs = try OutputSchemaTests.expectValidOutputs([["who", "metrics/when"]], in: repository, of: scratch)
        let json = try #require(try JSONSerialization.jsonObject(with: Data((outputs["who"]?.first ?? "").utf8)) as? [String: Any])
        let match = (json["matches"] as? [[String: Any]])?.first
        #expect(match?["owner"] is NSNull && match?["since"] is NSNull, "\(json)")
        #expect((match?["lastChange"] as? [String: Any])?["commit"] as? String == (try scratch.head(in: repository)))
        let text = try scratch.charter("who", "metrics/when", in: repository).stdout
        #expect(text.contains("\n    owner     nobody\n") && text.contains("  dropped by cpto  Nobody decides when in metrics"), "\(text)")
    }
}
