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

        @Argument(help: ArgumentHelp("A revision and/or a role id.", valueName: "rev-or-role"), completion: .roles)
        var arguments: [String] = []

        @Option(help: ArgumentHelp("The map as it stood at this date (2021-06-14, yesterday, 2 weeks ago, ...).", valueName: "date"),
                transform: DateArgument.option)
        var at: DateArgument?

        static let formats: OutputFormats<MapReport> = [
            .text: TextRenderer.render, .json: JSONRenderer.render, .markdown: MarkdownRenderer.render,
        ]

        @Option(help: formats.help, completion: formats.completion)
        var format: OutputFormat = .text

        func validate() throws {
            try Self.formats.check(format)
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
            Self.formats.render(MapReport(charters: report.charters, role: role, commit: try workspace.repository.commitInfo(commit)), as: format)
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
            if let at { return (try workspace.lastCommit(at: at), arguments.first) }
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

/// The boundary map `charter show` prints: the charters at a commit, or one role's part of them.
struct MapReport {
    var charters: CharterSet
    /// The role to show, or nil for all.
    var role: String?
    var commit: CommitInfo

    /// The roles shown.
    var roles: [Role] { charters.roles.filter { role == nil || $0.id == role } }

    /// The roles that hold a decision right in an area, whichever are shown.
    func holders(of right: String, in area: String) -> [String] {
        charters.roles.filter { $0.area(area)?.decides.contains { $0.value == right } ?? false }.map(\.id)
    }
}
