import Foundation
import Testing

/// One date everywhere (issue 16): `log --since/--until` and `show --at` compare the committer date,
/// as git's filters do, so a rebased commit is found by the same dates in both, and by git; relative
/// dates and months read as documented. The git CLI is the witness: the same bounds list the same
/// commits. No commit lies on a day given bare to git, which reads a bare day at the current clock
/// time where charter reads the whole day.
@Suite("Dates in log --since/--until and show --at")
struct DateFilterTests {
    /// Commits a new CTO title (a change to the charters) with these dates; returns the commit id.
    @discardableResult
    static func retitle(_ scratch: Scratch, _ number: Int, authored: String, committed: String) throws -> String {
        let file = "acme/roles/cto.yaml"
        let lines = try scratch.read(file).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("title: ") ? "title: Chief Technology Officer \(number)" : String($0) }
        try scratch.write(file, lines.joined(separator: "\n"))
        let outcome = try scratch.charter("commit", "-m", "Retitle the CTO (\(number))", in: "acme",
                                          environment: ["GIT_AUTHOR_DATE": authored, "GIT_COMMITTER_DATE": committed])
        #expect(outcome.status == 0, "\(outcome)")
        return try scratch.head(in: "acme")
    }

    /// The commit `charter show --at` picks, from its JSON.
    static func shown(_ scratch: Scratch, at date: String, environment: [String: String] = [:]) throws -> String? {
        let outcome = try scratch.run(Scratch.binary, ["show", "--at", date, "--format", "json"], in: "acme", environment: environment)
        #expect(outcome.status == 0, "--at \(date): \(outcome)")
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        return json?["commit"] as? String
    }

    /// The commit git picks for the same date: the first on the first-parent line committed on or before it.
    static func witness(_ scratch: Scratch, at date: String) throws -> String {
        try scratch.git("rev-list", "-1", "--first-parent", "--until=\(date)", "HEAD", in: "acme").stdout.trimmingCharacters(in: .newlines)
    }

    /// `charter log` and `git log` list the same commits for each set of bounds, and `show --at` and
    /// `git rev-list --until` pick the same commit for each date.
    static func expectAgreement(_ scratch: Scratch, bounds: [[String]], at dates: [String],
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        for arguments in bounds {
            #expect(try HistoryTests.logIDs(scratch, arguments) == HistoryTests.ids(scratch, arguments), "\(arguments)",
                    sourceLocation: sourceLocation)
        }
        for date in dates {
            #expect(try shown(scratch, at: date) == witness(scratch, at: date), "--at \(date)", sourceLocation: sourceLocation)
        }
    }

    /// The founding commit (2020-01-15), then commits on 2023-03-10, one authored 2023-06-15 but
    /// committed 2024-01-20 (a rebase), and one on 2024-02-05; all at noon UTC.
    static func rebasedHistory() throws -> (scratch: Scratch, founding: String, march: String, rebased: String, february: String) {
        let scratch = try Scratch()
        try scratch.initRepository()
        let founding = try scratch.head(in: "acme")
        let march = try retitle(scratch, 1, authored: "2023-03-10T12:00:00Z", committed: "2023-03-10T12:00:00Z")
        let rebased = try retitle(scratch, 2, authored: "2023-06-15T12:00:00Z", committed: "2024-01-20T12:00:00Z")
        let february = try retitle(scratch, 3, authored: "2024-02-05T12:00:00Z", committed: "2024-02-05T12:00:00Z")
        return (scratch, founding, march, rebased, february)
    }

    @Test func aRebasedCommitIsFoundByTheSameDatesInLogAndShowAndGit() throws {
        let (scratch, founding, march, rebased, february) = try Self.rebasedHistory()
        try Self.expectAgreement(scratch, bounds: [
            ["--until", "2023-12-31"], ["--since", "2024-01-01"], ["--since", "2023-07-01", "--until", "2024-01-31"],
            ["--since", "2023-01-01", "--until", "2023-12-31"], ["--since", "2024-01-20T12:00:00Z"], ["--until", "2024-01-20T11:59:59Z"],
        ], at: ["2023-07-01", "2023-12-31", "2024-01-21", "2024-03-01", "2024-01-20T11:59:59Z", "2024-01-20T12:00:00Z"])
        // By its author date the rebased commit would be in 2023; by the date both commands use, it is not.
        #expect(try HistoryTests.logIDs(scratch, ["--until", "2023-12-31"]) == [march, founding])
        #expect(try HistoryTests.logIDs(scratch, ["--since", "2023-01-01", "--until", "2023-12-31"]) == [march])
        #expect(try HistoryTests.logIDs(scratch, ["--since", "2024-01-20", "--until", "2024-01-20"]) == [rebased])
        #expect(try HistoryTests.logIDs(scratch, ["--since", "2024-01"]) == [february, rebased])
        #expect(try Self.shown(scratch, at: "2023-07-01") == march)
        #expect(try Self.shown(scratch, at: "2024-01-20") == rebased, "a day means its end")
    }

    @Test func logShowsTheAuthorDateAndSaysWhenTheCommitLandedOnAnotherDay() throws {
        let (scratch, _, march, rebased, _) = try Self.rebasedHistory()
        let text = try scratch.charter("log", in: "acme")
        #expect(text.stdout.contains("commit \(rebased.prefix(7))  2023-06-15 (committed 2024-01-20)  Ada Founder\n"), "\(text)")
        #expect(text.stdout.contains("commit \(march.prefix(7))  2023-03-10  Ada Founder\n"), "\(text)")
        let markdown = try scratch.charter("log", "--format", "markdown", in: "acme").stdout
        #expect(markdown.contains("### `\(rebased.prefix(7))` 2023-06-15 (committed 2024-01-20) — Ada Founder: Retitle the CTO (2)\n"), "\(markdown)")
        #expect(markdown.contains("### `\(march.prefix(7))` 2023-03-10 — Ada Founder"), "\(markdown)")

        let json = try JSONSerialization.jsonObject(with: Data(try scratch.charter("log", "--format", "json", in: "acme").stdout.utf8)) as? [String: Any]
        let commits = try #require(json?["commits"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: commits.map { ($0["id"] as? String ?? "", $0) })
        #expect(byID[rebased]?["date"] as? String == "2023-06-15T12:00:00Z")
        #expect(byID[rebased]?["committed"] as? String == "2024-01-20T12:00:00Z")
        #expect(byID[march]?["date"] as? String == "2023-03-10T12:00:00Z")
        #expect(byID[march]?["committed"] as? String == "2023-03-10T12:00:00Z")

        let show = try scratch.charter("show", "--at", "2024-01-31", in: "acme").stdout
        #expect(show.hasPrefix("Boundary map: Acme Robotics (growth stage) at \(rebased.prefix(7)), committed 2024-01-20; schema four-area\n"), "\(show)")
    }

    @Test func everyHelpSaysWhichDateItCompares() throws {
        let scratch = try Scratch()
        for command in ["log", "show"] {
            let help = try scratch.charter(command, "--help").stdout.replacingOccurrences(of: "\n", with: " ")
            #expect(help.contains("compared with the committer date"), "\(command): \(help)")
            #expect(help.contains("2 weeks ago"), "\(command): \(help)")
        }
    }

    @Test func relativeDatesListWhatGitLists() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        // Dated back from the real now, each far from every boundary asked below.
        let now = Int64(Date().timeIntervalSince1970)
        let hour: Int64 = 3_600, day: Int64 = 86_400
        for (number, back) in [40 * day, 20 * day, 10 * day, 3 * day, 2 * hour].enumerated() {
            let stamp = "@\(now - back) +0000"
            try Self.retitle(scratch, number, authored: stamp, committed: stamp)
        }
        try Self.expectAgreement(scratch, bounds: [
            ["--since", "2 weeks ago"], ["--since", "2.weeks.ago"], ["--until", "2 weeks ago"], ["--since", "1 month ago"],
            ["--since", "last week"], ["--since", "5 days ago", "--until", "1 hour ago"], ["--since", "yesterday"],
            ["--since", "36 hours ago"], ["--until", "now"], ["--since", "1 year ago"], ["--since", "2 months ago", "--until", "15 days ago"],
        ], at: ["2 weeks ago", "1 week ago", "1 hour ago", "now", "30 minutes ago", "2.days.ago"])
        #expect(try HistoryTests.logIDs(scratch, ["--since", "2 weeks ago"]).count == 3)
        #expect(try HistoryTests.logIDs(scratch, ["--since", "0 seconds ago"]).isEmpty)
    }

    @Test func aMonthRunsFromItsFirstSecondToItsLastInTheLocalTimeZone() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let stamps = ["2024-02-29T23:59:59Z", "2024-03-01T00:00:00Z", "2024-03-31T23:59:59Z", "2024-04-01T00:00:00Z"]
        let ids = try stamps.enumerated().map { try Self.retitle(scratch, $0.offset, authored: $0.element, committed: $0.element) }
        #expect(try HistoryTests.logIDs(scratch, ["--since", "2024-03"]) == HistoryTests.ids(scratch, ["--since", "2024-03-01T00:00:00Z"]))
        #expect(try HistoryTests.logIDs(scratch, ["--until", "2024-03"]) == HistoryTests.ids(scratch, ["--until", "2024-03-31T23:59:59Z"]))
        #expect(try HistoryTests.logIDs(scratch, ["--since", "2024-03", "--until", "2024-03"]) == [ids[2], ids[1]])
        #expect(try Self.shown(scratch, at: "2024-03") == ids[2])
        #expect(try Self.shown(scratch, at: "2024-02") == ids[0])
        // In Tokyo (+09:00) March begins at 2024-02-29T15:00Z and ends at 2024-03-31T14:59:59Z.
        let tokyo = ["TZ": "Asia/Tokyo"]
        #expect(try HistoryTests.logIDs(scratch, ["--since", "2024-03", "--until", "2024-03"], environment: tokyo) == [ids[1], ids[0]])
        #expect(try Self.shown(scratch, at: "2024-03", environment: tokyo) == ids[1])
    }

    @Test("a bad date is a usage error that says what reads", arguments: [
        (["log", "--since", "garbage"], "give a day (2021-06-14), a month (2024-03)"),
        (["log", "--until", "2024-02-30"], "N units ago (2 weeks ago, 2.weeks.ago"),
        (["show", "--at", "next week"], "now, today, yesterday"),
        (["log", "--since", "2024"], "'2024' is a bare year; give a month (2024-01), a day (2024-01-01) or a timestamp (@2024)"),
        (["log", "--since", "99999999999 years ago"], "'99999999999 years ago' is out of range"),
        (["show", "--at", "9223372036854775807 months ago"], "is out of range"),
    ])
    func aBadDateIsAUsageError(_ arguments: [String], _ message: String) throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let outcome = try scratch.run(Scratch.binary, arguments, in: "acme")
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("'\(arguments[2])'") && outcome.stderr.contains(message), "\(outcome.stderr)")
    }
}
