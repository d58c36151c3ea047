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
                in the output (file, line, column, reason) and left out; with --exit-code it counts as a \
                difference (exit 1). Only a revision that does not exist is an error (exit 3). An item added to a role \
                that another role gave up in an earlier commit of the first side's history is a move across \
                commits: "moved roadmap cpo → cto (left cpo in 1a2b3c4)". A role or area that neither side \
                holds is a usage error (exit 2) with the closest names. Paths after -- keep the changes they \
                concern: roles/<id>.yaml those of the role, roles/ those of any role, charter.yaml and \
                schema.yaml those that concern no role; nothing after -- is taken for a revision.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Zero, one or two revisions, or A..B; paths go after --.", valueName: "revision"))
        var revisions: [String] = []

        @OptionGroup var pathArguments: PathArguments

        @Option(help: ArgumentHelp("Only changes that concern this role.", valueName: "role"), completion: .roles)
        var role: String?

        @Option(help: ArgumentHelp("Only changes in this area.", valueName: "area"))
        var area: String?

        @Flag(help: "Exit 1 when there are changes or a side could not be read, 0 when there are none.")
        var exitCode = false

        static let formats: OutputFormats<Workspace.Comparison> = [
            .text: TextRenderer.render, .json: JSONRenderer.render, .markdown: MarkdownRenderer.render,
        ]

        @Option(help: formats.help, completion: formats.completion)
        var format: OutputFormat = .text

        func validate() throws {
            try Self.formats.check(format)
            guard revisions.count <= 2 else { throw ValidationError("at most two revisions, or A..B") }
            if revisions.count == 2, revisions.contains(where: { $0.contains("..") }) {
                throw ValidationError("give either two revisions or one A..B range")
            }
        }

        func run() throws {
            let workspace = try global.workspace()
            let (from, to) = try resolve(in: workspace)
            let paths = try pathArguments.filter(global: global, workspace: workspace)
            var comparison = try workspace.boundaryChanges(from: from, to: to)
            if role != nil || area != nil || paths != nil { try check(comparison, paths: paths, in: workspace) }
            let pathRoles = Set(paths?.roles.map(\.role) ?? [])
            comparison.changes = comparison.changes.keeping { change in
                (role.map(change.concerns(role:)) ?? true) && (area.map { change.area == $0 } ?? true)
                    && paths?.keeps(change, roles: pathRoles) != false
            }
            Self.formats.render(comparison, as: format)
            // A side that could not be read may hide changes: not the same as none.
            if exitCode, !comparison.changes.isEmpty || !comparison.unreadable.isEmpty { throw CommandFailure.findingsReported }
        }

        /// Refuses a role or an area (or a role file after `--`) that neither side holds: a typo would
        /// otherwise read as "no boundary changes". The sides' role files and schemas are read only when
        /// the changes do not name it already.
        private func check(_ comparison: Workspace.Comparison, paths: PathFilter?, in workspace: Workspace) throws {
            var known = KnownNames()
            known.note(comparison.changes)
            let files = paths?.roles ?? []
            if !known.knows(role: role, area: area, files: files) {
                for side in [comparison.from, comparison.to] {
                    let tree = try workspace.tree(side)
                    known.roles.formUnion(tree.roleIDs)
                    known.note(try CharterValidator.load(tree, roleFiles: [], cache: workspace.cache, read: workspace.repository.readBlob).charters.schema)
                }
            }
            try known.check(role: role, area: area, item: nil, files: files,
                            scope: "on either side (\(comparison.from.shortLabel), \(comparison.to.shortLabel))",
                            areaScope: "in the schema of either side")
        }

        /// The two snapshots the arguments name.
        private func resolve(in workspace: Workspace) throws -> (Workspace.Snapshot, Workspace.Snapshot) {
            switch revisions.count {
            case 0:
                return (try workspace.head(), .workTree)
            case 1:
                switch try workspace.repository.revisionArgument(revisions[0]) {
                case .commit(let id): return (.commit(id), .workTree)
                case .range(let from, let to): return (.commit(from), .commit(to))
                case .symmetric(_, let to, let mergeBases):
                    guard let base = mergeBases.first else {
                        throw RepositoryError.revisionNotFound("\(revisions[0]) (no common ancestor)")
                    }
                    return (.commit(base), .commit(to))
                case .excluded: throw CommandFailure.usage("diff compares two snapshots: give A B, A..B or A...B, not ^REV")
                }
            default:
                return (try workspace.snapshot(revisions[0]), try workspace.snapshot(revisions[1]))
            }
        }
    }
}

extension Charter.Diff: WorkTreeCommand {
    static let bareRepositoryHint = "compare two revisions: A B, A..B or A...B"
}
