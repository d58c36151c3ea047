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
                keeps the commits with a Charter-Event trailer. A role, area or item the history read never \
                held is a usage error (exit 2) with the closest names. Paths after -- keep the changes they \
                concern, as git log -- PATH: roles/<id>.yaml those of the role (as --role, lineage followed), \
                roles/ those of any role, charter.yaml and schema.yaml those that concern no role; nothing \
                after -- is taken for a revision. An item added to a role that another role gave \
                up in an earlier commit is shown as the move it is: "moved roadmap cpo → cto (left cpo in 1a2b3c4)". \
                Each commit shows its author date, as git log does, followed by "(committed DAY)" when it was \
                committed on another day; JSON gives both, "date" (author) and "committed".
                """ + "\n\n" + DateArgument.help)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Revisions and ranges: REV, A..B, A...B, ^REV (default HEAD); paths go after --.", valueName: "rev|range"))
        var revisions: [String] = []

        @OptionGroup var pathArguments: PathArguments

        @Option(help: ArgumentHelp("Only changes that concern this role.", valueName: "role"), completion: .roles) var role: String?
        @Option(help: ArgumentHelp("Only changes in this area.", valueName: "area")) var area: String?
        @Option(help: ArgumentHelp("Only changes to this item (a responsibility, KPI or decision right).", valueName: "id"))
        var item: String?
        @Option(help: ArgumentHelp("Only commits committed on or after this date (2021-06-14, 2 weeks ago, ...).", valueName: "date"),
                transform: DateArgument.option) var since: DateArgument?
        @Option(help: ArgumentHelp("Only commits committed on or before this date.", valueName: "date"),
                transform: DateArgument.option) var until: DateArgument?
        @Flag(help: "Only commits that record a company event (Charter-Event).") var events = false
        @Flag(help: "Follow only the first parent of each commit: what landed on the branch, and when.") var firstParent = false
        @Option(name: [.customShort("n", allowingJoined: true), .long],
                help: ArgumentHelp("At most this many commits: -n 3, -n3 or -3, as git log.", valueName: "n"))
        var maxCount: Int?
        static let formats: OutputFormats<LogListing> = [
            .text: TextRenderer.render, .json: JSONRenderer.render, .markdown: MarkdownRenderer.render,
        ]

        @Option(help: formats.help, completion: formats.completion) var format: OutputFormat = .text

        func validate() throws {
            try Self.formats.check(format)
            if let maxCount, maxCount < 0 { throw ValidationError("--max-count must be zero or more") }
        }

        func run() throws {
            let workspace = try global.workspace()
            let range = try workspace.repository.revisionRange(revisions)
            workspace.warnWithoutCharters()
            let paths = try pathArguments.filter(global: global, workspace: workspace)
            // Without a commit to leave out, every commit walked is in the range.
            let inRange = range.hidden.isEmpty ? nil : Set(try workspace.repository.commits(in: range))
            let dates = DateRange(since: since, until: until)
            let filtering = role != nil || area != nil || item != nil || paths != nil
            let followsLineage = role != nil || paths?.roles.isEmpty == false
            let engine = HistoryEngine(workspace.repository, cache: workspace.cache, firstParent: firstParent)
            // Oldest first, as walked; each commit's lineage changes are kept even when the commit is not shown.
            var walked: [(entry: LogEntry?, lineage: [BoundaryChange])] = []
            // Every name the history holds, to tell a filter that finds nothing from a typo.
            var known = KnownNames()
            let progress = Progress(label: "reading history")
            try engine.walk(from: range.tips) { step in
                progress.tick()
                if filtering { known.note(step.replayedChanges) }
                let lineage = followsLineage ? step.changes.filter(\.kind.isLineage) : []
                walked.append((shown(step, inRange: inRange, dates: dates), lineage))
                if walked.last?.entry == nil, lineage.isEmpty { walked.removeLast() }
                return true
            }
            progress.done()
            if filtering { try check(known, paths: paths, tips: range.tips, in: workspace) }
            // Newest first: a role's lineage reaches further back at each commit that made it continue others.
            var roles = Set(role.map { [$0] } ?? [])
            var pathRoles = Set(paths?.roles.map(\.role) ?? [])
            var entries: [LogEntry] = []
            for (entry, lineage) in walked.reversed() {
                if let maxCount, entries.count == maxCount { break }
                if var entry {
                    entry.changes = entry.changes.keeping { keep($0, roles: roles) && paths?.keeps($0, roles: pathRoles) != false }
                    entry.unreadable = entry.unreadable.filter {
                        keep(file: $0.location.file, roles: roles) && paths?.keeps(file: $0.location.file, roles: pathRoles) != false
                    }
                    entry.readableAgain = entry.readableAgain.filter {
                        keep(file: $0.file, roles: roles) && paths?.keeps(file: $0.file, roles: pathRoles) != false
                    }
                    if !filtering || !entry.changes.isEmpty || !entry.unreadable.isEmpty || !entry.readableAgain.isEmpty
                        || entry.info.isShallowBoundary {
                        entries.append(entry)
                    }
                }
                for change in lineage {
                    if change.continuingRole.map(roles.contains) == true { roles.formUnion(change.continuedRoles) }
                    if change.continuingRole.map(pathRoles.contains) == true { pathRoles.formUnion(change.continuedRoles) }
                }
            }
            try Self.addSignedApprovals(to: &entries, in: workspace)
            Self.formats.render(LogListing(entries: entries, summaries: events), as: format)
        }

        /// Refuses a role, area or item (or a role file after `--`) that the history never held: a typo
        /// would otherwise list nothing. The walk's changes name nearly every one; the tips' charters and
        /// schemas are read only when one is missing (an area no role ever had items in, a role file that
        /// never could be read).
        private func check(_ walked: KnownNames, paths: PathFilter?, tips: [ObjectID], in workspace: Workspace) throws {
            var known = walked
            let files = paths?.roles ?? []
            if !known.knows(role: role, area: area, item: item, files: files) {
                for tip in tips { known.note(try workspace.charters(.commit(tip))) }
            }
            try known.check(role: role, area: area, item: item, files: files, scope: "in the history read",
                            areaScope: "in the schema in force or the history read")
        }

        /// Each entry's signed approvals that hold, read from the approvals notes and verified.
        static func addSignedApprovals(to entries: inout [LogEntry], in workspace: Workspace) throws {
            let notes = try workspace.repository.approvalNoteBlobs()
            guard !notes.isEmpty else { return }
            for index in entries.indices {
                let info = entries[index].info
                guard let note = notes[info.id] else { continue }
                let parent = try workspace.charters(info.parents.first.map(Workspace.Snapshot.commit) ?? .empty)
                entries[index].signed = try workspace.repository.judgeApprovals(of: info.id, note: note, parent: parent).valid
            }
        }

        /// The commit as the log may show it, before --role, --area and --item; nil when the range, the dates
        /// or --events leave it out.
        private func shown(_ step: HistoryStep, inRange: Set<ObjectID>?, dates: DateRange) -> LogEntry? {
            if let inRange, !inRange.contains(step.info.id) { return nil }
            guard step.touchesCharters || (events && step.message.event != nil) else { return nil }
            if !dates.contains(step.info) { return nil }
            // The shallow boundary stays through the other filters: the history shown stops there.
            if events, step.message.event == nil, !step.isShallowBoundary { return nil }
            return LogEntry(info: step.info, message: step.message, changes: step.changes, unreadable: step.unreadable,
                            readableAgain: step.readableAgain)
        }

        /// Whether a change concerns `roles` (the role asked for and those it continues, at that point of the
        /// history), the area and the item asked for.
        private func keep(_ change: BoundaryChange, roles: Set<String>) -> Bool {
            (role == nil || change.roles.contains(where: roles.contains)) && (area.map { change.area == $0 } ?? true)
                && (item.map { change.item == $0 } ?? true)
        }

        /// A file that could not be read concerns every area and item it holds; with --role, only its roles'.
        private func keep(file: String, roles: Set<String>) -> Bool {
            role == nil || roles.contains { file == CharterTree.roleFile($0) }
        }
    }
}

extension Charter.Log {
    /// git log's `-<n>` (`charter log -3`), a name the argument parser cannot declare, read as `-n3`
    /// when the command is `log`; after `--` nothing is an option.
    static func expandingCountShorthand(_ arguments: [String]) -> [String] {
        guard arguments.first == _commandName else { return arguments }
        let options = arguments.firstIndex(of: "--") ?? arguments.endIndex
        return arguments[..<options].map { argument in
            let digits = argument.dropFirst()
            guard argument.first == "-", !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return argument }
            return "-n" + digits
        } + arguments[options...]
    }
}

/// The commits `charter log` lists, newest first; each renderer writes them one by one.
struct LogListing {
    var entries: [LogEntry]
    /// With `--events`, text shows each commit's summary line rather than every change: the story at a glance.
    var summaries: Bool
}

/// One commit as `charter log` shows it.
struct LogEntry {
    var info: CommitInfo
    var message: CommitMessage
    var changes: [BoundaryChange]
    /// The charter files the commit could not read, and those readable again in it.
    var unreadable: [Finding] = []
    var readableAgain: [ReadableAgain] = []
    /// The signed approvals of the commit that hold (`Repository.judgeApprovals`).
    var signed: [SignedApproval] = []
}
