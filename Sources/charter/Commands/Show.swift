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
                that role's part; after --, ROLE (its id or its file, roles/cto.yaml) is never taken for a revision. The date shown is the commit's committer date.

                With --org, the reporting tree instead: each role under the role or external name its \
                reports-to names, the external names (charter.yaml external:) at the top, ordered by id. A role \
                reporting to nobody, to an unknown name or to an unreadable role is a root of its own, marked; \
                a reporting cycle is cut at its smallest role id, marked. With ROLE (or an external name), the \
                part of the tree under it. Formats: a tree (text), nested lists (json, markdown), a Mermaid \
                flowchart (mermaid) or a Graphviz digraph (dot).
                """ + "\n\n" + DateArgument.help)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("A revision and/or a role id.", valueName: "rev-or-role"), completion: .roles)
        var arguments: [String] = []

        @OptionGroup var pathArguments: PathArguments

        @Option(help: ArgumentHelp("The map as it stood at this date (2021-06-14, yesterday, 2 weeks ago, ...).", valueName: "date"),
                transform: DateArgument.option)
        var at: DateArgument?

        @Flag(help: "Show the reporting tree: each role under the role or external name it reports to.")
        var org = false

        static let formats: OutputFormats<MapReport> = [
            .text: TextRenderer.render, .json: JSONRenderer.render, .markdown: MarkdownRenderer.render,
        ]

        static let orgFormats: OutputFormats<OrgReport> = [
            .text: TextRenderer.render, .json: JSONRenderer.render, .markdown: MarkdownRenderer.render,
            .mermaid: MermaidRenderer.render, .dot: DOTRenderer.render,
        ]

        @Option(help: ArgumentHelp("Output format: \(formats.phrase); with --org, \(orgFormats.phrase)."),
                completion: .list(orgFormats.names))
        var format: OutputFormat = .text

        func validate() throws {
            if !org, Self.orgFormats.offers(format), !Self.formats.offers(format) {
                throw ValidationError("--format \(format.rawValue) draws the reporting tree: add --org")
            }
            try (org ? Self.orgFormats.check(format) : Self.formats.check(format))
            guard arguments.count <= 2 else { throw ValidationError("give at most a revision and a role") }
            if at != nil, arguments.count > 1 { throw ValidationError("with --at, give at most a role") }
            if !pathArguments.paths.isEmpty {
                if pathArguments.paths.count > 1 { throw ValidationError("give at most one role after --") }
                if arguments.count > (at == nil ? 1 : 0) {
                    throw ValidationError("the role goes after --, a revision before it: give at most a revision and a role")
                }
            }
        }

        func run() throws {
            let workspace = try global.workspace()
            let (commit, role) = try resolve(in: workspace)
            let report = try workspace.validated(.commit(commit))
            let info = try workspace.repository.commitInfo(commit)
            if org {
                Self.orgFormats.render(try OrgReport(charters: report.charters, headedBy: role, commit: info), as: format)
            } else {
                if let role {
                    try UnknownName.check(.role, role, scope: "at \(commit.short)", among: report.charters.roles.map(\.id))
                }
                Self.formats.render(MapReport(charters: report.charters, role: role, commit: info), as: format)
            }
            if report.charters.roles.isEmpty, report.charters.unreadableRoles.isEmpty {
                Terminal.standardError.write(Terminal.standardError.warning("warning: ") + "\(commit.short) holds no role charters\n")
            }
            for finding in report.unreadable {
                Terminal.standardError.write(Terminal.standardError.warning("warning: ") + "could not read \(TerminalText.escaped(finding.location.file)), left out of the map: \(TerminalText.escaped(finding.message))\n")
            }
        }

        /// The commit to show and the role to keep. A lone argument is a revision if it names one, else a role;
        /// after `--`, a role (its id or its file), never a revision.
        private func resolve(in workspace: Workspace) throws -> (ObjectID, String?) {
            let repository = workspace.repository
            if let path = pathArguments.paths.first {
                let role = PathArguments.role(named: path, global: global, workspace: workspace)
                if let at { return (try workspace.lastCommit(at: at), role) }
                return (try repository.commit(for: arguments.first ?? "HEAD"), role)
            }
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

/// The reporting tree `charter show --org` prints: the chart at a commit, or the part under one name.
struct OrgReport {
    var chart: OrgChart
    var company: Company?
    var commit: CommitInfo

    /// The chart of `charters`, or its part under `head` (a role or an external name): a usage error when
    /// the chart holds no such name.
    init(charters: CharterSet, headedBy head: String?, commit: CommitInfo) throws {
        let chart = OrgChart(charters)
        if let head {
            guard let part = chart.subtree(of: head) else {
                throw UnknownName(.roleOrExternalName, head, scope: "at \(commit.id.short)", among: chart.entries.map(\.node.id))
            }
            self.chart = part
        } else {
            self.chart = chart
        }
        company = charters.company
        self.commit = commit
    }
}
