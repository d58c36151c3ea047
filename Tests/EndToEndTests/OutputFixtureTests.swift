import Foundation
import Testing

/// The outputs of the history commands on the sample story and on a history of bad input (every file
/// of the hostile corpus committed and removed), byte for byte, in every format: what a faster history
/// engine must still print. `CHARTER_RECORD_FIXTURES=1 swift test --filter
/// OutputFixtureTests` records them again after an intended change (review the diff before committing).
@Suite("Output fixtures")
struct OutputFixtureTests {
    static let fixtures = Scratch.packageRoot.appendingPathComponent("Tests/Fixtures/outputs")

    /// Each fixture's name and the command that prints it.
    static let commands: [(name: String, arguments: [String])] = ["text", "json", "markdown"].flatMap { format in
        [
            ("log.\(format)", ["log", "--format", format]),
            ("log-first-parent.\(format)", ["log", "--first-parent", "--format", format]),
            ("audit.\(format)", ["audit", "--format", format]),
            ("blame-cto.\(format)", ["blame", "cto", "--format", format]),
            ("blame-cpo-first-parent.\(format)", ["blame", "cpo", "--first-parent", "--format", format]),
        ]
    } + [("log-events.text", ["log", "--events"]), ("log-role-cpo.json", ["log", "--role", "cpo", "--format", "json"])]

    @Test func historyCommandsPrintWhatTheyPrinted() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        try Self.expectOutputs(Self.commands, of: repository, in: scratch, folder: "story")
    }

    @Test func historyCommandsPrintWhatTheyPrintedOnBadInput() throws {
        let (scratch, _) = try HostileTests.badInputHistory()
        let commands = ["text", "json", "markdown"].flatMap { format in
            [("log.\(format)", ["log", "--format", format]), ("audit.\(format)", ["audit", "--format", format]),
             ("blame-cto.\(format)", ["blame", "cto", "--format", format])]
        }
        try Self.expectOutputs(commands, of: "acme", in: scratch, folder: "bad-input", statuses: [0, 1])
    }

    /// Runs each command and compares what it prints with its fixture in `folder`, or records it.
    static func expectOutputs(_ commands: [(name: String, arguments: [String])], of repository: String, in scratch: Scratch,
                              folder name: String, statuses: Set<Int32> = [0]) throws {
        let folder = fixtures.appendingPathComponent(name)
        let recording = ProcessInfo.processInfo.environment["CHARTER_RECORD_FIXTURES"] == "1"
        if recording { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        for (name, arguments) in commands {
            let outcome = try scratch.run(Scratch.binary, arguments, in: repository)
            #expect(statuses.contains(outcome.status) && outcome.stderr.isEmpty, "\(name): \(outcome)")
            let file = folder.appendingPathComponent(name)
            if recording {
                try Data(outcome.stdout.utf8).write(to: file)
            } else {
                let expected = try String(contentsOf: file, encoding: .utf8)
                #expect(outcome.stdout == expected, "\(name) differs from \(file.path)")
            }
        }
    }
}
