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

        @Argument(help: ArgumentHelp("The role to explain.", valueName: "role"))
        var role: String

        @Option(help: ArgumentHelp("The revision to explain (default HEAD).", valueName: "rev"))
        var rev: String?

        @Flag(help: "Follow only the first parent of each commit: what landed on the branch, and when.") var firstParent = false

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
            // Arrivals: only a commit that changed the role's own file (or the schema) can bring it an item.
            var ledger = OwnershipLedger()
            let arrivals = HistoryEngine(workspace.repository, cache: workspace.cache, firstParent: firstParent,
                                         focus: [holder.file, CharterTree.schemaPath])
            let progress = Progress(label: "reading history")
            try arrivals.walk(from: [target]) { step in
                progress.tick()
                ledger.record(ChartedCommit(step))
                return true
            }
            progress.done()
            var lines = ledger.explain(holder, origins: try Self.origins(of: ItemKey.all(of: holder), upTo: target, firstParent: firstParent, in: workspace))
            try Self.resolveFormerHolders(&lines, along: target, firstParent: firstParent, in: workspace)
            if !firstParent, arrivals.walkedMerges {
                let mergedBy = try workspace.repository.mergesBringing(to: target)
                for index in lines.indices {
                    guard let commit = lines[index].arrival?.step.info.id else { continue }
                    lines[index].arrival?.mergedIn = mergedBy[commit]
                }
            }
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

        /// An item added to the role that another role gave up earlier came from that role: its arrival
        /// is a move across commits (ItemProvenance), found by one walk back through the arrival's ancestors.
        private static func resolveFormerHolders(_ lines: inout [BlameLine], along target: ObjectID, firstParent: Bool,
                                                 in workspace: Workspace) throws {
            var queries: [String: ObjectID] = [:]
            for line in lines {
                guard let arrival = line.arrival, arrival.how == "added" || arrival.how == "granted",
                      let parent = arrival.step.info.parents.first else { continue }
                queries[line.key] = parent
            }
            guard !queries.isEmpty else { return }
            let former = try workspace.repository.formerHolders(of: queries, along: target, firstParent: firstParent, cache: workspace.cache)
            for index in lines.indices {
                guard let holder = former[lines[index].key] else { continue }
                lines[index].arrival?.how = "moved"
                lines[index].arrival?.from = holder.role
                lines[index].arrival?.releasedIn = holder.commit
            }
        }

        /// The first commit in which each key appeared, and in which role; a shallow boundary for one
        /// there already (its origin is not in the clone). Most items are there from the first commit:
        /// the walk stops when every key is found.
        private static func origins(of keys: Set<String>, upTo target: ObjectID, firstParent: Bool, in workspace: Workspace)
            throws -> [String: (info: CommitInfo, role: String)] {
            var origins: [String: (info: CommitInfo, role: String)] = [:]
            let engine = HistoryEngine(workspace.repository, cache: workspace.cache, firstParent: firstParent)
            // It mostly stops within the first commits: a second thread reading the later half would be wasted.
            engine.readAheadThreshold = nil
            try engine.walk(from: [target]) { step in
                for change in step.replayedChanges {
                    guard let key = ItemKey.of(change), keys.contains(key), origins[key] == nil,
                          let role = OwnershipLedger.arrivingRole(change) else { continue }
                    origins[key] = (step.info, role)
                }
                return origins.count < keys.count
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
        /// For a commit made on a branch: the merge that brought it to the line blamed.
        var mergedIn: ObjectID?
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
                arrive(key, role: change.role, step: step, how: change.kind == .added ? "added" : "granted", from: nil, releasedIn: nil)
            case .moved, .decisionMoved:
                guard change.from != change.to else { continue }  // a change of area is not an arrival
                arrivals[key]?[change.from ?? ""] = nil
                arrive(key, role: change.to, step: step, how: "moved", from: change.from, releasedIn: change.releasedIn)
            case .removed, .decisionDropped:
                arrivals[key]?[change.role ?? ""] = nil
            default:
                continue
            }
        }
    }

    private mutating func arrive(_ key: String, role: String?, step: ChartedCommit, how: String, from: String?, releasedIn: String?) {
        guard let role else { return }
        arrivals[key, default: [:]][role] = Arrival(step: step, how: how, from: from, releasedIn: releasedIn)
    }

    /// One line per responsibility, KPI and decision right the role holds, in schema and file order.
    func explain(_ role: Role, origins: [String: (info: CommitInfo, role: String)]) -> [BlameLine] {
        role.areas.flatMap { area -> [BlameLine] in
            let items = area.decides.map { (ItemKey.decision(area: area.area, right: $0.value), BoundaryChange.ItemKind.decision, $0.value) }
                + area.responsibilities.map { (ItemKey.responsibility($0.id), .responsibility, $0.id) }
                + area.kpis.map { (ItemKey.kpi($0.id), .kpi, $0.id) }
            return items.map { key, kind, id in
                // Held at a shallow boundary and not brought since: it arrived before the clone's history begins.
                let arrival = arrivals[key]?[role.id], boundary = arrival?.step.info.isShallowBoundary == true
                return BlameLine(key: key, area: area.area, item: id, itemKind: kind, arrival: boundary ? nil : arrival,
                                 beforeShallowBoundary: boundary ? arrival?.step.info.id : nil,
                                 origin: origins[key].flatMap { $0.info.isShallowBoundary ? nil : $0 })
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
    /// For an item the role already held at the boundary of a shallow clone: that boundary commit.
    var beforeShallowBoundary: ObjectID?
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
            ("mergedIn", JSONValue(arrival?.mergedIn?.description)),
            ("beforeShallowBoundary", .bool(beforeShallowBoundary != nil)),
            ("shallowBoundary", JSONValue(beforeShallowBoundary?.description)),
            ("origin", origin.map { .object([("commit", .string($0.info.id.description)), ("role", .string($0.role))]) } ?? .null),
        ])
    }
}
