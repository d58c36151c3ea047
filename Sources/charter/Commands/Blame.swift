import ArgumentParser
import CharterCore
import CharterGit

extension Charter {
    struct Blame: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "For each item and decision right a role holds: the commit that brought it into the role, and its origin.",
            discussion: """
                Reads every commit reachable from REV (default HEAD). For every responsibility, KPI and decision \
                right ROLE holds there: the commit that added it to ROLE or moved it in, with author, date, subject \
                and event; when that commit was made on a branch, the merge that brought it to REV's line; and its \
                origin, the first commit in which its id appeared, and in which role. --first-parent credits the \
                commits of REV's first-parent line only (a merge then brought what its branch made).
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The role to explain: its id, or its file (roles/cto.yaml).", valueName: "role"), completion: .roles)
        var role: String

        @Option(help: ArgumentHelp("The revision to explain (default HEAD).", valueName: "rev"))
        var rev: String?

        @Flag(help: "Follow only the first parent of each commit: what landed on the branch, and when.") var firstParent = false

        static let formats: OutputFormats<BlameReport> = [
            .text: TextRenderer.render, .json: JSONRenderer.render, .markdown: MarkdownRenderer.render,
        ]

        @Option(help: formats.help, completion: formats.completion)
        var format: OutputFormat = .text

        func validate() throws {
            try Self.formats.check(format)
        }

        func run() throws {
            let workspace = try global.workspace()
            let role = PathArguments.role(named: self.role, global: global, workspace: workspace)
            let target = try workspace.repository.commit(for: rev ?? "HEAD")
            // Only the role's own file is read; all of them only to say which roles there are.
            let tree = try workspace.repository.charterTree(at: target)
            let name = String(CharterTree.roleFile(role).dropFirst(CharterTree.rolesPath.count + 1))
            guard let holder = try CharterValidator.load(tree, roleFiles: [name], cache: workspace.cache,
                                                         read: workspace.repository.readBlob).charters.role(role) else {
                let charters = try workspace.validated(.commit(target)).charters
                throw UnknownName(.role, role, scope: "at \(target.short)", among: charters.roles.map(\.id))
            }
            let progress = Progress(label: "reading history")
            let lines = try workspace.repository.blame(holder, at: target, firstParent: firstParent, cache: workspace.cache,
                                                       progress: progress.tick)
            progress.done()
            Self.formats.render(BlameReport(role: role, commit: target, lines: lines), as: format)
        }
    }
}

/// What `charter blame` explains: each item and decision right a role holds at a commit.
struct BlameReport {
    var role: String
    var commit: ObjectID
    var lines: [BlameLine]
}
