import ArgumentParser
import CharterCore
import CharterGit

extension Charter {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how the boundary between roles moved: responsibilities, KPIs and decision rights, area by area.",
            discussion: """
                With no revision: HEAD against the work tree. One revision: it against the work tree. Two, or A..B: \
                the first against the second; A...B compares B with the merge base of A and B. Revisions are \
                read as git reads them (HEAD~2, tags, short ids). An unreadable charter on either side is named \
                and left out; only a revision that does not exist is an error (exit 3). An item added to a role \
                that another role gave up in an earlier commit of the first side's history is a move across \
                commits: "moved roadmap cpo → cto (left cpo in 1a2b3c4)".
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Zero, one or two revisions, or A..B.", valueName: "revision"))
        var revisions: [String] = []

        @Option(help: ArgumentHelp("Only changes that concern this role.", valueName: "role"))
        var role: String?

        @Option(help: ArgumentHelp("Only changes in this area.", valueName: "area"))
        var area: String?

        @Flag(help: "Exit 1 when there are changes, 0 when there are none.")
        var exitCode = false

        @Option(help: "Output format: text, json or markdown.")
        var format: OutputFormat = .text

        func validate() throws {
            try OutputFormat.check(format, allowed: [.text, .json, .markdown])
            guard revisions.count <= 2 else { throw ValidationError("at most two revisions, or A..B") }
            if revisions.count == 2, revisions.contains(where: { $0.contains("..") }) {
                throw ValidationError("give either two revisions or one A..B range")
            }
        }

        func run() throws {
            let workspace = try global.workspace()
            let (from, to) = try resolve(in: workspace)
            let comparison = try workspace.boundaryChanges(from: from, to: to)
            let changes = comparison.changes.filter { change in
                (role.map(change.concerns(role:)) ?? true) && (area.map { change.area == $0 } ?? true)
            }
            let unreadable = comparison.unreadable.before.map { (side: "from", $0.file, $0.reason) }
                + comparison.unreadable.after.map { (side: "to", $0.file, $0.reason) }
            let out = Terminal.standardOutput
            switch format {
            case .json:
                out.write(JSONValue.object([
                    ("format", 1), ("from", .string(from.label)), ("to", .string(to.label)),
                    ("changes", .array(changes.map(ChangeRenderer.json))),
                    ("unreadable", .array(unreadable.map { .object([("side", .string($0.side)), ("file", .string($0.1)),
                                                                    ("reason", .string($0.2))]) })),
                ]).rendered() + "\n")
            case .markdown:
                out.write(ChangeRenderer.markdown(changes, title: "Boundary diff: `\(from.shortLabel)` → `\(to.shortLabel)`"))
            default:
                out.write(ChangeRenderer.text(changes, on: out))
                if !changes.isEmpty { out.write("\n") }
                out.write(out.dim(ChangeRenderer.summary(changes) + " (\(from.shortLabel) → \(to.shortLabel))") + "\n")
            }
            let stderr = Terminal.standardError
            for (side, file, reason) in unreadable {
                let snapshot = side == "from" ? from : to
                stderr.write(stderr.warning("warning: ") + "could not read \(TerminalText.escaped(file)) in \(snapshot.shortLabel), left out of the diff: \(TerminalText.escaped(reason))\n")
            }
            if exitCode, !changes.isEmpty { throw CommandFailure.findingsReported }
        }

        /// The two snapshots the arguments name.
        private func resolve(in workspace: Workspace) throws -> (Workspace.Snapshot, Workspace.Snapshot) {
            switch revisions.count {
            case 0:
                return (try workspace.head(), .workTree)
            case 1 where revisions[0].contains("..."):
                let parts = revisions[0].components(separatedBy: "...")
                let a = try workspace.repository.commit(for: parts[0].isEmpty ? "HEAD" : parts[0])
                let b = try workspace.repository.commit(for: parts[1].isEmpty ? "HEAD" : parts[1])
                return (.commit(try workspace.repository.mergeBase(a, b)), .commit(b))
            case 1 where revisions[0].contains(".."):
                let parts = revisions[0].components(separatedBy: "..")
                return (try workspace.snapshot(parts[0].isEmpty ? "HEAD" : parts[0]),
                        try workspace.snapshot(parts[1].isEmpty ? "HEAD" : parts[1]))
            case 1:
                return (try workspace.snapshot(revisions[0]), .workTree)
            default:
                return (try workspace.snapshot(revisions[0]), try workspace.snapshot(revisions[1]))
            }
        }
    }
}
