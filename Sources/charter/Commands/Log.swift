import ArgumentParser
import CharterCore
import CharterGit

extension Charter {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The history of the charters, newest first: each commit with its event, approvals and boundary changes.",
            discussion: """
                Lists every commit reachable from REV (default HEAD), as git log does; A..B lists B's commits \
                not reachable from A, A...B those of either side not reachable from both, ^REV leaves REV's \
                history out (the history before is still read: a move across commits is seen across the \
                range's edge). Each commit's changes are \
                against its parent, and a merge shows only what it changes beyond both parents (a conflict \
                resolution, or an overlap that neither branch had alone). --first-parent follows only the first \
                parents: what landed on the branch, and when, a merge then showing all it brought. Commits that \
                touch no charter file are left out. A commit whose charter files cannot be read is shown with \
                the file, line, column and reason; what it changed appears in the commit that makes the file \
                readable again, compared with its last readable version. --role, --area and --item keep the \
                commits (and the changes) that concern them; --events \
                keeps the commits with a Charter-Event trailer. An item added to a role that another role gave \
                up in an earlier commit is shown as the move it is: "moved roadmap cpo → cto (left cpo in 1a2b3c4)". \
                Each commit shows its author date, as git log does, followed by "(committed DAY)" when it was \
                committed on another day; JSON gives both, "date" (author) and "committed".
                """ + "\n\n" + DateArgument.help)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Revisions and ranges: REV, A..B, A...B, ^REV (default HEAD).", valueName: "rev|range"))
        var revisions: [String] = []

        @Option(help: ArgumentHelp("Only changes that concern this role.", valueName: "role")) var role: String?
        @Option(help: ArgumentHelp("Only changes in this area.", valueName: "area")) var area: String?
        @Option(help: ArgumentHelp("Only changes to this item (a responsibility, KPI or decision right).", valueName: "id"))
        var item: String?
        @Option(help: ArgumentHelp("Only commits committed on or after this date (2021-06-14, 2 weeks ago, ...).", valueName: "date"),
                transform: DateArgument.option) var since: DateArgument?
        @Option(help: ArgumentHelp("Only commits committed on or before this date.", valueName: "date"),
                transform: DateArgument.option) var until: DateArgument?
        @Flag(help: "Only commits that record a company event (Charter-Event).") var events = false
        @Flag(help: "Follow only the first parent of each commit: what landed on the branch, and when.") var firstParent = false
        @Option(name: [.customShort("n"), .long], help: ArgumentHelp("At most this many commits.", valueName: "n"))
        var maxCount: Int?
        @Option(help: "Output format: text, json or markdown.") var format: OutputFormat = .text

        func validate() throws {
            try OutputFormat.check(format, allowed: [.text, .json, .markdown])
            if let maxCount, maxCount < 0 { throw ValidationError("--max-count must be zero or more") }
        }

        func run() throws {
            let workspace = try global.workspace()
            let range = try workspace.repository.revisionRange(revisions)
            // Without a commit to leave out, every commit walked is in the range.
            let inRange = range.hidden.isEmpty ? nil : Set(try workspace.repository.commits(in: range))
            let dates = DateRange(since: since, until: until)
            let filtering = role != nil || area != nil || item != nil
            let engine = HistoryEngine(workspace.repository, cache: workspace.cache, firstParent: firstParent)
            var entries: [LogEntry] = []
            let progress = Progress(label: "reading history")
            try engine.walk(from: range.tips) { step in
                progress.tick()
                if let inRange, !inRange.contains(step.info.id) { return true }
                guard step.touchesCharters || (events && step.message.event != nil) else { return true }
                if !dates.contains(step.info) { return true }
                // The shallow boundary stays through the other filters: the history shown stops there.
                if events, step.message.event == nil, !step.isShallowBoundary { return true }
                let entry = LogEntry(info: step.info, message: step.message, changes: step.changes.filter(keep),
                                     unreadable: step.unreadable.filter(keep), readableAgain: step.readableAgain.filter { keep(file: $0.file) })
                if filtering, entry.changes.isEmpty, entry.unreadable.isEmpty, entry.readableAgain.isEmpty, !step.isShallowBoundary { return true }
                entries.append(entry)
                return true
            }
            progress.done()
            let output = LogOutput(format: format, summaries: events)
            for entry in entries.reversed().prefix(maxCount ?? entries.count) { output.write(entry) }
            output.finish()
        }

        private func keep(_ change: BoundaryChange) -> Bool {
            (role.map(change.concerns(role:)) ?? true) && (area.map { change.area == $0 } ?? true)
                && (item.map { change.item == $0 } ?? true)
        }

        /// A file that could not be read concerns every area and item it holds; with --role, only its role's.
        private func keep(file: String) -> Bool {
            role.map { file == CharterTree.roleFile($0) } ?? true
        }

        private func keep(_ finding: Finding) -> Bool { keep(file: finding.location.file) }
    }
}

/// Writes log entries one by one in the chosen format.
final class LogOutput {
    private let format: OutputFormat
    private let out = Terminal.standardOutput
    private var count = 0

    /// With `--events`, text shows each commit's summary line rather than every change: the story at a glance.
    private let summaries: Bool

    init(format: OutputFormat, summaries: Bool) {
        self.format = format
        self.summaries = summaries
        if format == .json { out.write("{\n  \"format\": 1,\n  \"commits\": [") }
    }

    func write(_ entry: LogEntry) {
        switch format {
        case .json: out.write((count == 0 ? "\n    " : ",\n    ") + entry.json.rendered(indent: 4))
        case .markdown: out.write((count == 0 ? "" : "\n") + entry.markdown)
        default: out.write((count == 0 ? "" : "\n") + entry.text(on: out, summaryOnly: summaries))
        }
        count += 1
    }

    func finish() {
        if format == .json { out.write(count == 0 ? "]\n}\n" : "\n  ]\n}\n") }
    }
}

/// One commit as `charter log` shows it; its text and Markdown forms are in Rendering/LogRenderer.swift.
struct LogEntry {
    var info: CommitInfo
    var message: CommitMessage
    var changes: [BoundaryChange]
    /// The charter files the commit could not read, and those readable again in it.
    var unreadable: [Finding] = []
    var readableAgain: [ReadableAgain] = []

    var json: JSONValue {
        .object([
            ("id", .string(info.id.description)),
            ("parents", .array(info.parents.map { .string($0.description) })),
            ("date", .string(info.author.time.iso8601)),
            ("committed", .string(info.committer.time.iso8601)),
            ("author", .string(info.author.name)),
            ("email", .string(info.author.email)),
            ("subject", .string(message.subject)),
            ("body", .string(message.body)),
            ("event", message.event.map { .string($0.description) } ?? .null),
            ("approvals", .array(message.approvals.map(JSONValue.string))),
            ("changes", .array(changes.map(ChangeRenderer.json))),
            ("unreadable", .array(unreadable.map(FindingRenderer.json))),
            ("readableAgain", .array(readableAgain.map { .object([("file", .string($0.file)),
                                                                   ("unreadableSince", .string($0.unreadableSince.description))]) })),
            ("shallowBoundary", .bool(info.isShallowBoundary)),
        ])
    }
}
