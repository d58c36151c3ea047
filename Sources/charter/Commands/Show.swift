import ArgumentParser
import CharterCore
import CharterGit

extension Charter {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the boundary map as it stood: per area, who holds which decisions, responsibilities and KPIs.",
            discussion: """
                REV defaults to HEAD. --at DATE takes the last commit committed on or before DATE on the \
                first-parent line of HEAD (a day, 2021-06-14, or a month, 2024-03, means its end). With ROLE, only \
                that role's part. The date shown is the commit's committer date.
                """ + "\n\n" + DateArgument.help)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("A revision and/or a role id.", valueName: "rev-or-role"))
        var arguments: [String] = []

        @Option(help: ArgumentHelp("The map as it stood at this date (2021-06-14, yesterday, 2 weeks ago, ...).", valueName: "date"),
                transform: DateArgument.option)
        var at: DateArgument?

        @Option(help: "Output format: text, json or markdown.")
        var format: OutputFormat = .text

        func validate() throws {
            try OutputFormat.check(format, allowed: [.text, .json, .markdown])
            guard arguments.count <= 2 else { throw ValidationError("give at most a revision and a role") }
            if at != nil, arguments.count > 1 { throw ValidationError("with --at, give at most a role") }
        }

        func run() throws {
            let workspace = try global.workspace()
            let (commit, role) = try resolve(in: workspace)
            let report = try workspace.validated(.commit(commit))
            if let role, report.charters.role(role) == nil {
                throw CommandFailure.usage("no role '\(role)' at \(commit.short) (roles: \(report.charters.roles.map(\.id).joined(separator: ", ")))")
            }
            let info = try workspace.repository.commitInfo(commit)
            let out = Terminal.standardOutput
            switch format {
            case .json:
                out.write(MapRenderer.json(report.charters, role: role, snapshot: commit.description,
                                           date: info.committer.time.iso8601).rendered() + "\n")
            case .markdown:
                out.write(MapRenderer.markdown(report.charters, role: role, heading: .init(snapshot: commit.short, committed: info.committer.time.day)))
            default:
                out.write(MapRenderer.text(report.charters, role: role, heading: .init(snapshot: commit.short, committed: info.committer.time.day), on: out))
            }
            if report.charters.roles.isEmpty, report.charters.unreadableRoles.isEmpty {
                Terminal.standardError.write(Terminal.standardError.warning("warning: ") + "\(commit.short) holds no role charters\n")
            }
            for finding in report.unreadable {
                Terminal.standardError.write(Terminal.standardError.warning("warning: ") + "could not read \(TerminalText.escaped(finding.location.file)), left out of the map: \(TerminalText.escaped(finding.message))\n")
            }
        }

        /// The commit to show and the role to keep. A lone argument is a revision if it names one, else a role.
        private func resolve(in workspace: Workspace) throws -> (ObjectID, String?) {
            let repository = workspace.repository
            if let at {
                guard let head = try repository.head().commit,
                      let commit = try repository.lastCommit(onOrBefore: at.last, from: head) else {
                    let shallow = repository.shallowBoundary.isEmpty ? "" : " in this shallow clone: the commits before its boundary are not in it (git fetch --unshallow)"
                    throw CommandFailure(status: .findings, message: "no commit on or before \(at.text)" + shallow)
                }
                return (commit, arguments.first)
            }
            switch arguments.count {
            case 0: return (try repository.commit(for: "HEAD"), nil)
            case 2: return (try repository.commit(for: arguments[0]), arguments[1])
            default:
                if let commit = try? repository.commit(for: arguments[0]) { return (commit, nil) }
                let head = try repository.commit(for: "HEAD")
                guard Identifier.isValid(arguments[0]) else { throw RepositoryError.revisionNotFound(arguments[0]) }
                return (head, arguments[0])
            }
        }
    }
}
