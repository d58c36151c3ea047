import Foundation
import Testing

/// The outputs of every command on the sample story (its history, and a work tree edited to break the
/// rules), and of the history commands on a history of bad input (every file of the hostile corpus
/// committed and removed), byte for byte, in every format: what a faster history engine or another
/// renderer must still print. `CHARTER_RECORD_FIXTURES=1 swift test --filter OutputFixtureTests`
/// records them again after an intended change (review the diff before committing).
@Suite("Output fixtures")
struct OutputFixtureTests {
    static let fixtures = Scratch.packageRoot.appendingPathComponent("Tests/Fixtures/outputs")

    typealias Command = (name: String, arguments: [String])

    /// Each fixture's name and the command that prints it.
    static let commands: [Command] = {
        var commands: [Command] = []
        for format in ["text", "json", "markdown"] {
            commands += [
                ("log.\(format)", ["log", "--format", format]),
                ("log-first-parent.\(format)", ["log", "--first-parent", "--format", format]),
                ("audit.\(format)", ["audit", "--format", format]),
                ("blame-cpto.\(format)", ["blame", "cpto", "--format", format]),
                ("blame-cpo-first-parent.\(format)", ["blame", "cpo", "--rev", "HEAD~1", "--first-parent", "--format", format]),
                ("diff-founding.\(format)", ["diff", "HEAD~7", "HEAD~1", "--format", format]),
                ("diff-import.\(format)", ["diff", "HEAD~5..HEAD~3", "--format", format]),
                ("diff-merger.\(format)", ["diff", "HEAD~1", "HEAD", "--format", format]),
                ("show.\(format)", ["show", "--format", format]),
                ("show-cpo-2019.\(format)", ["show", "--at", "2019-01-01", "cpo", "--format", format]),
                ("who-roadmap.\(format)", ["who", "roadmap", "--format", format]),
                ("who-strategy-what-2016.\(format)", ["who", "strategy/what", "--at", "2016-06-01", "--format", format]),
            ]
        }
        for format in ["text", "json", "markdown", "mermaid", "dot"] {
            commands.append(("org.\(format)", ["show", "--org", "--format", format]))
        }
        commands += [("log-events.text", ["log", "--events"]), ("log-role-cpo.json", ["log", "--role", "cpo", "--format", "json"]),
                     ("org-2019.text", ["show", "--org", "--at", "2019-01-01", "--format", "text"]),
                     ("org-cpto.json", ["show", "--org", "cpto", "--format", "json"])]
        for format in ["text", "json", "github", "junit", "sarif"] {
            commands += [("validate.\(format)", ["validate", "--format", format]),
                         ("validate-import.\(format)", ["validate", "--rev", "HEAD~4", "--format", format])]
        }
        for format in ["text", "json", "markdown", "github", "junit", "sarif"] {
            commands.append(("review.\(format)", ["review", "HEAD~5..HEAD", "--format", format]))
        }
        for format in ["junit", "sarif"] {
            commands.append(("audit.\(format)", ["audit", "--format", format]))
        }
        return commands
    }()

    /// What the commands print once the story's work tree moves an item without approvals, gives an
    /// item a second owner and names a manager who does not exist: findings (exit 1 for validate).
    static let editedWorkTreeCommands: [Command] = {
        var commands: [Command] = ["text", "json", "github", "junit", "sarif"].map { ("validate-edited.\($0)", ["validate", "--format", $0]) }
        commands += ["text", "json", "markdown"].map { ("diff-edited.\($0)", ["diff", "--format", $0]) }
        commands += ["text", "json", "markdown", "github", "junit", "sarif"].map {
            ("review-edited.\($0)", ["review", "HEAD~1", "--work-tree", "--format", $0])
        }
        return commands
    }()

    @Test func commandsPrintWhatTheyPrinted() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        try Self.expectOutputs(Self.commands, of: repository, in: scratch, folder: "story")
        try Self.editWorkTree(of: repository, in: scratch)
        try Self.expectOutputs(Self.editedWorkTreeCommands, of: repository, in: scratch, folder: "story", statuses: [0, 1])
    }

    /// `roadmap` moves from the CPTO to the head of sensor engineering, the VP of Engineering takes
    /// `product-vision` too (an overlap) and reports to a `cfo` nobody knows.
    static func editWorkTree(of repository: String, in scratch: Scratch) throws {
        let roadmap = "    - id: roadmap\n      text: Build the product roadmap and share it across the company.\n"
        try scratch.edit("\(repository)/roles/cpto.yaml", replacing: roadmap, with: "")
        let calibration = "    - id: sensor-calibration\n"
        try scratch.edit("\(repository)/roles/southgate-cto.yaml", replacing: calibration, with: roadmap + calibration)
        try scratch.edit("\(repository)/roles/vp-engineering.yaml", replacing: "reports-to: cpto", with: "reports-to: cfo")
        try scratch.edit("\(repository)/roles/vp-engineering.yaml", replacing: "  strategy:\n    responsibilities: []\n",
                         with: "  strategy:\n    responsibilities:\n    - id: product-vision\n      text: Keep the vision.\n")
    }

    /// The HTML report, written to a file: the same bytes.
    @Test func reportWritesWhatItWrote() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        let outcome = try scratch.charter("report", "--html", scratch.path("report.html"), in: repository)
        #expect(outcome.status == 0 && outcome.stderr.isEmpty, "\(outcome)")
        let file = Self.fixtures.appendingPathComponent("story/report.html")
        let written = try Data(contentsOf: URL(fileURLWithPath: scratch.path("report.html")))
        if ProcessInfo.processInfo.environment["CHARTER_RECORD_FIXTURES"] == "1" {
            try written.write(to: file)
        } else {
            let expected = try Data(contentsOf: file)
            #expect(written == expected, "report.html differs from \(file.path)")
        }
    }

    @Test func historyCommandsPrintWhatTheyPrintedOnBadInput() throws {
        let (scratch, _) = try HostileTests.badInputHistory()
        let commands = ["text", "json", "markdown"].flatMap { format in
            [("log.\(format)", ["log", "--format", format]), ("audit.\(format)", ["audit", "--format", format]),
             ("blame-cto.\(format)", ["blame", "cto", "--format", format])]
        } + ["junit", "sarif"].map { ("audit.\($0)", ["audit", "--format", $0]) }
        try Self.expectOutputs(commands, of: "acme", in: scratch, folder: "bad-input", statuses: [0, 1])
    }

    /// Runs each command and compares what it prints with its fixture in `folder`, or records it.
    static func expectOutputs(_ commands: [Command], of repository: String, in scratch: Scratch,
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
