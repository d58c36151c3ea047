import Foundation
import Testing

/// Every JSON output against its command's JSON Schema (`Schemas/output/<command>.schema.json`), by
/// jsonschema through `Scripts/check_reports.py`: the recorded fixtures, and fresh outputs of histories
/// that reach every kind of change and the optional and nullable fields. Checked closed, so that a field
/// the schemas do not document fails; the schemas themselves stay open, as format 1 promises.
@Suite("JSON output schemas")
struct OutputSchemaTests {
    static let folder = Scratch.packageRoot.appendingPathComponent("Schemas/output")

    static func schema(of command: String) -> URL { folder.appendingPathComponent("\(command).schema.json") }

    /// The commands with a schema: every file of the folder but the parts they share (`common`).
    static func commands() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".schema.json") }
            .map { String($0.dropLast(".schema.json".count)) }).subtracting(["common"])
    }

    /// The command that printed a fixture: the start of its name (`blame-cto.json` → `blame`).
    static func command(ofFixture name: String) -> String {
        String(name.split(separator: "/").last!.prefix { $0 != "-" && $0 != "." })
    }

    /// The schema an output follows: its command's, `org` for `show --org`.
    static func schemaName(of arguments: [String]) -> String { arguments.contains("--org") ? "org" : arguments[0] }

    /// Runs each command line in `directory` (exit 0 or 1; a warning on stderr may come with it) and
    /// validates what it printed against its schema. Returns the outputs by schema.
    @discardableResult
    static func expectValidOutputs(_ commandLines: [[String]], in directory: String, of scratch: Scratch,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: [String]] {
        var outputs: [String: [String]] = [:]
        for arguments in commandLines {
            let outcome = try scratch.run(Scratch.binary, arguments + ["--format", "json"], in: directory)
            #expect([0, 1].contains(outcome.status), "\(arguments): \(outcome)", sourceLocation: sourceLocation)
            outputs[schemaName(of: arguments), default: []].append(outcome.stdout)
        }
        for (command, printed) in outputs.sorted(by: { $0.key < $1.key }) {
            try ReportCheck.expectValid(printed, against: schema(of: command), closed: true, in: scratch, sourceLocation: sourceLocation)
        }
        return outputs
    }

    /// The command lines of recorded fixtures in JSON, without their `--format json`.
    static func json(_ commands: [OutputFixtureTests.Command]) -> [[String]] {
        commands.filter { $0.name.hasSuffix(".json") }.map { Array($0.arguments.dropLast(2)) }
    }

    @Test func everyRecordedFixtureValidates() throws {
        let scratch = try Scratch()
        let fixtures = OutputFixtureTests.fixtures
        let files = try FileManager.default.subpathsOfDirectory(atPath: fixtures.path).filter { $0.hasSuffix(".json") }.sorted()
        let byCommand = Dictionary(grouping: files, by: Self.command(ofFixture:))
        let commands = try Self.commands()
        for name in files where !commands.contains(Self.command(ofFixture: name)) {
            Issue.record("\(name): no schema in Schemas/output for \(Self.command(ofFixture: name))")
        }
        #expect(Set(byCommand.keys) == commands, "every schema is exercised by a fixture")
        for (command, names) in byCommand.sorted(by: { $0.key < $1.key }) where commands.contains(command) {
            try ReportCheck.expectValid(files: names.map { fixtures.appendingPathComponent($0).path }, against: Self.schema(of: command),
                                        closed: true, in: scratch)
        }
    }

    /// The sample story, a shallow clone of it (boundaries, items held before them) and its work tree
    /// edited as the fixtures edit it (a move without approval, an overlap, an unknown manager).
    @Test func theStoryValidates() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        try Self.expectValidOutputs(Self.json(OutputFixtureTests.commands), in: repository, of: scratch)
        #expect(try scratch.git("clone", "-q", "--depth", "2", "file://" + scratch.path(repository), "shallow", in: "").status == 0)
        try Self.expectValidOutputs([["log"], ["audit"], ["blame", "cpto"], ["blame", "southgate-cto"], ["who", "roadmap"], ["who", "how"]],
                                    in: "shallow", of: scratch)
        try OutputFixtureTests.editWorkTree(of: repository, in: scratch)
        try Self.expectValidOutputs(Self.json(OutputFixtureTests.editedWorkTreeCommands) + [["diff", "--role", "cpto"]],
                                    in: repository, of: scratch)
    }

    /// Every bad input committed and removed: unreadable files in log, audit, diff and review.
    @Test func aHistoryOfBadInputValidates() throws {
        let (scratch, cases) = try HostileTests.badInputHistory()
        try Self.expectValidOutputs([["log"], ["audit"], ["blame", "cto"], ["diff", "HEAD~3", "HEAD~2"], ["diff", "HEAD~1", "HEAD"],
                                     ["review", "HEAD~3..HEAD~1"], ["show", cases[0].commit], ["validate", "--rev", cases[0].commit]],
                                    in: "acme", of: scratch)
    }

    /// A commit that breaks a file and moves an item, the next that repairs it (moves across commits,
    /// files readable again), and two pull requests merged (the merges that brought a change).
    @Test func brokenAndMergedHistoriesValidate() throws {
        let (scratch, broken, fixed) = try MergeHistoryTests.brokenThenFixed()
        try Self.expectValidOutputs([["log"], ["blame", "cto"], ["diff", broken + "~1", broken], ["diff", broken, fixed],
                                     ["review", broken + "~1.." + broken], ["audit"]], in: "acme", of: scratch)
        let merged = try MergeHistoryTests.pullRequests()
        try Self.expectValidOutputs([["log"], ["blame", "cto"], ["blame", "cpo"], ["review", "HEAD~1"]], in: "acme", of: merged)
    }

    /// A company's own schema that turns a rule off, an item moved to another area, a decision right
    /// moved, an item reworded, consults, a holder and a manager changed: staged, committed with plain
    /// git, and in a repository before its first commit.
    @Test func schemaAndAreaChangesValidate() throws {
        let scratch = try ReportFormatsTests.ownSchema()
        let platform = "    - id: platform-roi\n      text: Weigh the costs and returns of platforms and solutions before the company commits to them.\n"
        try scratch.edit("acme/roles/cto.yaml", replacing: platform, with: "")
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: technology-evaluation\n", with: platform + "    - id: technology-evaluation\n")
        try scratch.edit("acme/roles/cto.yaml", replacing: "      consults: [cpo]\n", with: "")
        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer\n", with: "title: Chief Technology Officer\nholder: Dana Reyes\n")
        try scratch.edit("acme/roles/cto.yaml", replacing: "Set the strategic approach", with: "Choose the approach")
        try scratch.edit("acme/roles/cto.yaml", replacing: "    decides: [how]\n", with: "")  // strategy's, to the CPO
        try scratch.edit("acme/roles/cpo.yaml", replacing: "decides: [why, what, when]", with: "decides: [why, what, when, how]")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "reports-to: ceo\n", with: "")
        #expect(try scratch.git("add", "-A", in: "acme").status == 0)
        let diff = try Self.expectValidOutputs([["diff"], ["validate", "--staged"]], in: "acme", of: scratch)["diff"]?.first ?? ""
        let kinds = Set(diff.matches(of: /"kind": "([a-z-]+)"/).map { String($0.1) })
        #expect(kinds == ["rule-changed", "schema-changed", "field-changed", "moved", "reworded", "decision-moved", "consults-changed"], "\(diff)")
        #expect(try scratch.git("commit", "-qm", "Our own schema", in: "acme").status == 0)
        try Self.expectValidOutputs([["log"], ["audit"], ["review", "HEAD~1..HEAD"], ["blame", "cto"], ["show"], ["show", "cpo"]],
                                    in: "acme", of: scratch)

        try scratch.initRepository("unborn")
        try FileManager.default.removeItem(atPath: scratch.path("unborn/.git"))
        #expect(try scratch.git("init", "-q", ".", in: "unborn").status == 0)
        try Self.expectValidOutputs([["diff"], ["validate"]], in: "unborn", of: scratch)
    }

    /// Events whose text begins with what a regular expression's `\s` matches and Unicode's White_Space
    /// does not (U+001C, U+FEFF): charter reads them as events, and the schemas accept them.
    @Test(arguments: ["\u{1C}new", "\u{FEFF}x"]) func anEventBeginningWithAnOddCharacterValidates(_ text: String) throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: platform-roi\n", with: "    - id: hiring\n      text: Hire the engineers.\n    - id: platform-roi\n")
        try scratch.write("message.txt", "Hiring\n\nBecause.\n\nCharter-Event: hire: \(text)\nApproved-By: cto\n")
        try scratch.git("add", "-A", in: "acme")
        #expect(try scratch.git("commit", "-q", "--cleanup=verbatim", "-F", scratch.path("message.txt"), in: "acme").status == 0)
        let outputs = try Self.expectValidOutputs([["log"], ["blame", "cto"]], in: "acme", of: scratch)
        for (command, printed) in outputs {
            let strings = OutputEscapingTests.strings(in: try OutputEscapingTests.json(Outcome(status: 0, stdout: printed[0], stderr: "")))
            #expect(strings.contains("hire: \(text)"), "\(command): \(printed[0])")
        }
    }

    /// A way to break a recorded output: what it breaks, and where.
    struct Breakage: Sendable, CustomTestStringConvertible {
        var fixture: String
        var old: String
        var new: String
        var testDescription: String { "\(fixture): \(old) → \(new)" }
    }

    /// Each breaks a promise of format 1: the format, a field renamed or of another type, a value
    /// outside an enumeration, an id or a date in another form, a change without a field its kind needs.
    static let breakages: [Breakage] = [
        Breakage(fixture: "story/validate-edited.json", old: "\"format\": 1", new: "\"format\": 2"),
        Breakage(fixture: "story/validate-edited.json", old: "\"code\": \"overlap\"", new: "\"code\": \"overlapping\""),
        Breakage(fixture: "story/diff-edited.json", old: "\"kind\": \"moved\"", new: "\"kind\": \"teleported\""),
        Breakage(fixture: "story/diff-edited.json", old: "\"from\": \"cpto\",\n      \"to\": \"southgate-cto\"", new: "\"to\": \"southgate-cto\""),
        Breakage(fixture: "bad-input/log.json", old: "\"subject\":", new: "\"title\":"),
        Breakage(fixture: "bad-input/log.json", old: "\"date\": \"2020-01-15T09:00:00+01:00\"", new: "\"date\": \"15/01/2020\""),
        // {id}: the first commit id the fixture holds, {short}: its first 7 characters.
        Breakage(fixture: "story/audit.json", old: "\"commit\": \"{id}\"", new: "\"commit\": \"{short}\""),
        Breakage(fixture: "story/audit.json", old: "\"severity\": \"warning\"", new: "\"severity\": \"error\""),
        Breakage(fixture: "story/blame-cpto.json", old: "\"itemKind\": \"decision\"", new: "\"itemKind\": \"okr\""),
        Breakage(fixture: "story/show.json", old: "\"reportsTo\":", new: "\"reports-to\":"),
        Breakage(fixture: "story/review-edited.json", old: "\"valid\": false", new: "\"valid\": \"no\""),
        Breakage(fixture: "story/org.json", old: "\"kind\": \"external\"", new: "\"kind\": \"person\""),
        Breakage(fixture: "story/org.json", old: "\"title\": \"VP of Engineering\"", new: "\"title\": null"),
        Breakage(fixture: "story/org.json", old: "\"reports\": []", new: "\"reports\": null"),
    ]

    /// The schemas are not vacuous: each breakage of a recorded output fails, at the field it broke.
    @Test(arguments: breakages) func aBrokenOutputFails(_ breakage: Breakage) throws {
        let scratch = try Scratch()
        let text = try String(contentsOf: OutputFixtureTests.fixtures.appendingPathComponent(breakage.fixture), encoding: .utf8)
        var breakage = breakage
        if let match = text.firstMatch(of: /"commit": "([0-9a-f]{40})"/) {
            let id = String(match.1)
            breakage.old = breakage.old.replacingOccurrences(of: "{id}", with: id)
            breakage.new = breakage.new.replacingOccurrences(of: "{short}", with: String(id.prefix(7)))
        }
        let range = try #require(text.range(of: breakage.old), "\(breakage.fixture) does not hold \(breakage.old)")
        try scratch.write("broken.json", text.replacingCharacters(in: range, with: breakage.new))
        let outcome = try ReportCheck.run([scratch.path("broken.json")], against: Self.schema(of: Self.command(ofFixture: breakage.fixture)),
                                          in: scratch)
        #expect(outcome.status == 1 && outcome.stdout.hasPrefix(scratch.path("broken.json") + ": "), "\(outcome)")
    }

    /// A field added to an output keeps it valid (format 1 may add fields), but undocumented: the
    /// closed check, which the tests use, fails it.
    @Test func anAddedFieldIsValidButUndocumented() throws {
        let scratch = try Scratch()
        let text = try String(contentsOf: OutputFixtureTests.fixtures.appendingPathComponent("story/diff-edited.json"), encoding: .utf8)
        try scratch.write("added.json", text.replacingOccurrences(of: "\"kind\": \"moved\",", with: "\"kind\": \"moved\", \"weight\": 3,"))
        let files = [scratch.path("added.json")]
        try ReportCheck.expectValid(files: files, against: Self.schema(of: "diff"), in: scratch)
        let closed = try ReportCheck.run(files, against: Self.schema(of: "diff"), closed: true, in: scratch)
        #expect(closed.status == 1 && closed.stdout.contains("'weight' was unexpected"), "\(closed)")
    }
}
