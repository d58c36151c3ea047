import ArgumentParser
import CharterCore
import CharterGit

extension Charter {
    struct Blame: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "For each item and decision right a role holds: the commit that brought it into the role, and its origin.",
            discussion: """
                Walks the first-parent line up to REV (default HEAD). For every responsibility, KPI and decision \
                right ROLE holds there: the commit that added it to ROLE or moved it in, with author, date, subject \
                and event; and its origin, the first commit in which its id appeared, and in which role.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The role to explain.", valueName: "role"))
        var role: String

        @Option(help: ArgumentHelp("The revision to explain (default HEAD).", valueName: "rev"))
        var rev: String?

        @Option(help: "Output format: text, json or markdown.")
        var format: OutputFormat = .text

        func validate() throws {
            try OutputFormat.check(format, allowed: [.text, .json, .markdown])
        }

        func run() throws {
            let workspace = try global.workspace()
            let target = try workspace.repository.commit(for: rev ?? "HEAD")
            let charters = try workspace.validated(.commit(target)).charters
            guard let holder = charters.role(role) else {
                throw CommandFailure.usage("no role '\(role)' at \(target.short) (roles: \(charters.roles.map(\.id).joined(separator: ", ")))")
            }
            let repository = workspace.repository
            let line = try repository.firstParentLine(from: target)
            // Arrivals: only a commit that changed the role's own file (or the schema) can bring it an item.
            var ledger = OwnershipLedger()
            for id in line.reversed()
            where try repository.touches(id, paths: [holder.file, CharterTree.schemaPath]) {
                ledger.record(try Self.chartedCommit(id, in: workspace))
            }
            let origins = try Self.origins(of: ItemKey.all(of: holder), along: line, in: workspace)
            var lines = ledger.explain(holder, origins: origins)
            try Self.resolveFormerHolders(&lines, along: target, in: workspace)
            let out = Terminal.standardOutput
            switch format {
            case .json:
                out.write(JSONValue.object([("format", 1), ("role", .string(role)), ("commit", .string(target.description)),
                                            ("items", .array(lines.map(\.json)))]).rendered() + "\n")
            case .markdown:
                out.write(BlameLine.markdown(lines, role: role, at: target.short))
            default:
                out.write(BlameLine.text(lines, on: out))
            }
        }

        private static func chartedCommit(_ id: ObjectID, in workspace: Workspace) throws -> ChartedCommit {
            let revision = try workspace.repository.charterRevision(at: id)
            return ChartedCommit(info: revision.info, message: CommitMessage(parsing: revision.info.message),
                                 changes: try workspace.repository.changes(in: revision, cache: workspace.cache))
        }

        /// An item added to the role that another role gave up earlier came from that role: its arrival
        /// is a move across commits (ItemProvenance), found by one walk back along the line.
        private static func resolveFormerHolders(_ lines: inout [BlameLine], along target: ObjectID, in workspace: Workspace) throws {
            var queries: [String: ObjectID] = [:]
            for line in lines {
                guard let arrival = line.arrival, arrival.how == "added" || arrival.how == "granted", let parent = arrival.step.info.parents.first else { continue }
                queries[line.key] = parent
            }
            guard !queries.isEmpty else { return }
            let former = try workspace.repository.formerHolders(of: queries, along: target, cache: workspace.cache)
            for index in lines.indices {
                guard let holder = former[lines[index].key] else { continue }
                lines[index].arrival?.how = "moved"
                lines[index].arrival?.from = holder.role
                lines[index].arrival?.releasedIn = holder.commit
            }
        }

        /// The first commit of the line in which each key appeared, and in which role. Most items are
        /// there from the line's first commit; only the others are looked for, commit by commit.
        private static func origins(of keys: Set<String>, along line: [ObjectID], in workspace: Workspace)
            throws -> [String: (info: CommitInfo, role: String)] {
            var origins: [String: (info: CommitInfo, role: String)] = [:]
            var remaining = keys
            for id in line.reversed() where !remaining.isEmpty {
                let commit = try chartedCommit(id, in: workspace)
                for change in commit.changes {
                    guard let key = ItemKey.of(change), remaining.contains(key),
                          let role = OwnershipLedger.arrivingRole(change) else { continue }
                    origins[key] = (commit.info, role)
                    remaining.remove(key)
                }
            }
            return origins
        }
    }
}

/// Who brought each item into its current role, built by replaying boundary changes from the
/// oldest commit on.
struct OwnershipLedger {
    struct Arrival {
        var step: ChartedCommit
        /// `added`, `moved`, `granted`.
        var how: String
        var from: String?
        /// For a move across commits: the earlier commit in which the item left `from`.
        var releasedIn: String?
    }

    /// Latest arrival of an item (`responsibility:roadmap`) in a role, by item key and role.
    private var arrivals: [String: [String: Arrival]] = [:]

    /// The role a change brings its item into, if it brings it anywhere.
    static func arrivingRole(_ change: BoundaryChange) -> String? {
        switch change.kind {
        case .added, .decisionGranted: change.role
        case .moved where change.from != change.to, .decisionMoved: change.to
        default: nil
        }
    }

    mutating func record(_ step: ChartedCommit) {
        for change in step.changes {
            guard let key = ItemKey.of(change) else { continue }
            switch change.kind {
            case .added, .decisionGranted:
                arrive(key, role: change.role, step: step, how: change.kind == .added ? "added" : "granted", from: nil)
            case .moved, .decisionMoved:
                guard change.from != change.to else { continue }  // a change of area is not an arrival
                arrivals[key]?[change.from ?? ""] = nil
                arrive(key, role: change.to, step: step, how: "moved", from: change.from)
            case .removed, .decisionDropped:
                arrivals[key]?[change.role ?? ""] = nil
            default:
                continue
            }
        }
    }

    private mutating func arrive(_ key: String, role: String?, step: ChartedCommit, how: String, from: String?) {
        guard let role else { return }
        arrivals[key, default: [:]][role] = Arrival(step: step, how: how, from: from)
    }

    /// One line per responsibility, KPI and decision right the role holds, in schema and file order.
    func explain(_ role: Role, origins: [String: (info: CommitInfo, role: String)]) -> [BlameLine] {
        role.areas.flatMap { area -> [BlameLine] in
            let items = area.decides.map { (ItemKey.decision(area: area.area, right: $0.value), BoundaryChange.ItemKind.decision, $0.value) }
                + area.responsibilities.map { (ItemKey.responsibility($0.id), .responsibility, $0.id) }
                + area.kpis.map { (ItemKey.kpi($0.id), .kpi, $0.id) }
            return items.map { key, kind, id in
                BlameLine(key: key, area: area.area, item: id, itemKind: kind, arrival: arrivals[key]?[role.id], origin: origins[key])
            }
        }
    }
}

/// One item of `charter blame`; its text and Markdown forms are in Rendering/BlameRenderer.swift.
struct BlameLine {
    /// The item's `ItemKey`.
    var key: String
    var area: String
    var item: String
    var itemKind: BoundaryChange.ItemKind
    var arrival: OwnershipLedger.Arrival?
    var origin: (info: CommitInfo, role: String)?

    var label: String {
        switch itemKind {
        case .decision: "decides \(item)"
        case .kpi: "\(item) [kpi]"
        case .responsibility: item
        }
    }

    var how: String {
        guard let arrival else { return "" }
        return arrival.from.map { "moved from \($0)" } ?? arrival.how
    }

    var json: JSONValue {
        let info = arrival?.step.info
        return .object([
            ("item", .string(item)),
            ("itemKind", .string(itemKind.rawValue)),
            ("area", .string(area)),
            ("commit", JSONValue(info?.id.description)),
            ("date", JSONValue(info?.author.time.iso8601)),
            ("author", JSONValue(info?.author.name)),
            ("subject", JSONValue(arrival?.step.message.subject)),
            ("event", JSONValue(arrival?.step.message.event?.description)),
            ("how", JSONValue(arrival?.how)),
            ("from", JSONValue(arrival?.from)),
            ("releasedIn", JSONValue(arrival?.releasedIn)),
            ("origin", origin.map { .object([("commit", .string($0.info.id.description)), ("role", .string($0.role))]) } ?? .null),
        ])
    }
}
