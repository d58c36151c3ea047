import Foundation
import Testing

/// The outputs of the history commands on the sample story, byte for byte, in every format: what a
/// faster history engine must still print. `CHARTER_RECORD_FIXTURES=1 swift test --filter
/// OutputFixtureTests` records them again after an intended change (review the diff before committing).
@Suite("Output fixtures")
struct OutputFixtureTests {
    static let folder = Scratch.packageRoot.appendingPathComponent("Tests/Fixtures/outputs/story")

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
        let recording = ProcessInfo.processInfo.environment["CHARTER_RECORD_FIXTURES"] == "1"
        if recording { try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true) }
        for (name, arguments) in Self.commands {
            let outcome = try scratch.run(Scratch.binary, arguments, in: repository)
            #expect(outcome.status == 0 && outcome.stderr.isEmpty, "\(name): \(outcome)")
            let file = Self.folder.appendingPathComponent(name)
            if recording {
                try Data(outcome.stdout.utf8).write(to: file)
            } else {
                let expected = try String(contentsOf: file, encoding: .utf8)
                #expect(outcome.stdout == expected, "\(name) differs from Tests/Fixtures/outputs/story/\(name)")
            }
        }
    }
}
