import CharterCore

/// A commit of the charter history, without its trees, so that a long history fits in little memory.
public struct ChartedCommit: Sendable {
    public var info: CommitInfo
    public var message: CommitMessage
    public var changes: [BoundaryChange]
}

extension ChartedCommit {
    /// A step as a replay of the history from nothing reads it: its changes, or at the shallow boundary
    /// its charters, the state the history in the clone starts from (`info.isShallowBoundary` says which).
    init(_ step: HistoryStep) {
        self.init(info: step.info, message: step.message, changes: step.replayedChanges)
    }
}

extension Repository {
    /// The history up to `target` of the commits that touched the charters, oldest first (parents
    /// before children), each with its boundary changes: what `charter report` replays.
    public func chartedHistory(upTo target: ObjectID, firstParent: Bool, cache: DecodeCache,
                               progress: () -> Void = {}) throws -> [ChartedCommit] {
        var commits: [ChartedCommit] = []
        try HistoryEngine(self, cache: cache, firstParent: firstParent).walk(from: [target]) { step in
            progress()
            if step.touchesCharters { commits.append(ChartedCommit(step)) }
            return true
        }
        return commits
    }

    /// For every responsibility, KPI and decision right `role` holds at `target`: the commit that brought
    /// it into the role (added, granted, or moved in, from a role that gave it up in that commit or
    /// earlier), the merge that brought that commit to `target`'s line, and the item's origin, the first
    /// commit in which its id appeared. `firstParent` credits the commits of the first-parent line only.
    public func blame(_ role: Role, at target: ObjectID, firstParent: Bool, cache: DecodeCache,
                      progress: () -> Void = {}) throws -> [BlameLine] {
        var blamed: [String: [BlameLine]] = [:]
        return try blame(role, at: target, firstParent: firstParent, cache: cache, progress: progress, blamed: &blamed)
    }

    /// `blamed`: the roles blamed so far along the lineage, by `role@commit`: a role that several steps
    /// lead back to (split in two, merged again) is blamed once.
    private func blame(_ role: Role, at target: ObjectID, firstParent: Bool, cache: DecodeCache, progress: () -> Void,
                       blamed: inout [String: [BlameLine]]) throws -> [BlameLine] {
        // Arrivals: only a commit that changed the role's own file (or the schema) can bring it an item.
        var ledger = OwnershipLedger()
        let arrivals = HistoryEngine(self, cache: cache, firstParent: firstParent, focus: [role.file, CharterTree.schemaPath])
        try arrivals.walk(from: [target]) { step in
            progress()
            ledger.record(ChartedCommit(step))
            return true
        }
        var lines = ledger.explain(role, origins: try origins(of: ItemKey.all(of: role), upTo: target, firstParent: firstParent, cache: cache))
        try resolveFormerHolders(&lines, of: role.id, along: target, firstParent: firstParent, cache: cache)
        if !firstParent, arrivals.walkedMerges {
            let mergedBy = try mergesBringing(to: target)
            for index in lines.indices {
                guard let commit = lines[index].arrival?.step.info.id else { continue }
                lines[index].arrival?.mergedIn = mergedBy[commit]
            }
        }
        try follow(ledger.lineage(of: role.id), into: &lines, firstParent: firstParent, cache: cache, progress: progress, blamed: &blamed)
        return lines
    }

    /// The items that came to the role along its lineage (renamed from, merged from, split off from
    /// another role) are blamed in the role they came from, as it stood just before: their arrival is
    /// where they came into the lineage, and the step is added to their path. Each item follows the
    /// latest step that brought it (`lineage`, oldest first).
    private func follow(_ lineage: [OwnershipLedger.Lineage], into lines: inout [BlameLine], firstParent: Bool,
                        cache: DecodeCache, progress: () -> Void, blamed: inout [String: [BlameLine]]) throws {
        var claimed = Set<Int>()
        for step in lineage.reversed() {
            guard let parent = step.step.info.parents.first else { continue }
            var bySource: [String: [Int]] = [:]
            for index in lines.indices where !claimed.contains(index) {
                guard let source = step.source(of: lines[index]) else { continue }
                bySource[source, default: []].append(index)
                claimed.insert(index)
            }
            guard !bySource.isEmpty else { continue }
            let tree = try charterTree(at: parent)
            let files = Set(bySource.keys.map { String(CharterTree.roleFile($0).dropFirst(CharterTree.rolesPath.count + 1)) })
            let before = try CharterValidator.load(tree, roleFiles: files, cache: cache, read: readBlob).charters
            for (source, indices) in bySource {
                guard let role = before.role(source) else { continue }
                let key = "\(source)@\(parent)"
                let earlierLines: [BlameLine]
                if let known = blamed[key] {
                    earlierLines = known
                } else {
                    earlierLines = try blame(role, at: parent, firstParent: firstParent, cache: cache, progress: progress, blamed: &blamed)
                    blamed[key] = earlierLines
                }
                let earlier = Dictionary(earlierLines.map { ($0.key, $0) }) { first, _ in first }
                let path = BlameLine.LineageStep(shape: step.shape, from: source, to: step.role, commit: step.step.info)
                for index in indices {
                    guard var line = earlier[lines[index].key] else { continue }
                    line.lineage.append(path)
                    line.area = lines[index].area
                    lines[index] = line
                }
            }
        }
    }

    /// An item added to the role that another role gave up earlier came from that role: its arrival
    /// is a move across commits (ItemProvenance), found by one walk back through the arrival's ancestors.
    /// One the role itself gave up earlier is an addition, as `ItemProvenance` has it.
    private func resolveFormerHolders(_ lines: inout [BlameLine], of role: String, along target: ObjectID, firstParent: Bool,
                                      cache: DecodeCache) throws {
        var queries: [String: ObjectID] = [:]
        for line in lines {
            guard let arrival = line.arrival, arrival.how == "added" || arrival.how == "granted",
                  let parent = arrival.step.info.parents.first else { continue }
            queries[line.key] = parent
        }
        guard !queries.isEmpty else { return }
        let former = try formerHolders(of: queries, along: target, firstParent: firstParent, cache: cache)
        for index in lines.indices {
            guard let holder = former[lines[index].key], holder.role != role else { continue }
            lines[index].arrival?.how = "moved"
            lines[index].arrival?.from = holder.role
            lines[index].arrival?.releasedIn = holder.commit
        }
    }

    /// The first commit in which each key appeared, and in which role; a shallow boundary for one
    /// there already (its origin is not in the clone). Most items are there from the first commit:
    /// the walk stops when every key is found.
    private func origins(of keys: Set<String>, upTo target: ObjectID, firstParent: Bool, cache: DecodeCache)
        throws -> [String: (info: CommitInfo, role: String)] {
        var origins: [String: (info: CommitInfo, role: String)] = [:]
        let engine = HistoryEngine(self, cache: cache, firstParent: firstParent)
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

/// Who brought each item into its current role, built by replaying boundary changes from the
/// oldest commit on.
public struct OwnershipLedger: Sendable {
    public struct Arrival: Sendable {
        public var step: ChartedCommit
        /// `added`, `moved`, `granted`.
        public var how: String
        public var from: String?
        /// For a move across commits: the earlier commit in which the item left `from`.
        public var releasedIn: String?
        /// For a commit made on a branch: the merge that brought it to the line blamed.
        public var mergedIn: ObjectID?
    }

    /// Latest arrival of an item (`responsibility:roadmap`) in a role, by item key and role.
    private var arrivals: [String: [String: Arrival]] = [:]

    /// The steps that made a role continue others, oldest first, by the role that continues.
    private var lineages: [String: [Lineage]] = [:]

    /// A commit that made a role continue others (`BoundaryChange.Kind.isLineage`).
    public struct Lineage: Sendable {
        public var step: ChartedCommit
        public var change: BoundaryChange
        public var role: String { change.continuingRole ?? "" }

        public var shape: RoleLineage.Shape {
            switch change.kind {
            case .roleRenamed: .renamed
            case .rolesMerged: .merged
            default: .split
            }
        }

        /// The continued role a line's item came from along this lineage: every item not brought since,
        /// for a rename; the items moved in from a continued role in this commit, for a merger or a split.
        func source(of line: BlameLine) -> String? {
            guard let arrival = line.arrival else { return change.kind == .roleRenamed && line.beforeShallowBoundary == nil ? change.from : nil }
            guard arrival.step.info.id == step.info.id, arrival.how == "moved", let from = arrival.from, change.continuedRoles.contains(from)
            else { return nil }
            return from
        }
    }

    /// The lineage steps of `role`, oldest first.
    func lineage(of role: String) -> [Lineage] { lineages[role] ?? [] }

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
            // What a renamed role holds unchanged has no arrival in it: `Lineage.source` finds it in the old
            // role. The old name's arrivals end with it (a later role of that name starts afresh).
            if let role = change.continuingRole {
                lineages[role, default: []].append(Lineage(step: step, change: change))
                if change.kind == .roleRenamed, let was = change.from {
                    for key in arrivals.keys { arrivals[key]?[was] = nil }
                }
                continue
            }
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

/// One item a role holds, as `charter blame` explains it: the commit that brought it into the role,
/// and its origin. The renderers of the command give it its text, Markdown and JSON forms.
public struct BlameLine: Sendable {
    /// The item's `ItemKey`.
    public var key: String
    public var area: String
    public var item: String
    public var itemKind: BoundaryChange.ItemKind
    public var arrival: OwnershipLedger.Arrival?
    /// For an item the role already held at the boundary of a shallow clone: that boundary commit.
    public var beforeShallowBoundary: ObjectID?
    public var origin: (info: CommitInfo, role: String)?
    /// The steps by which the item came from the role it arrived in to the role blamed, oldest first:
    /// `renamed ctpo`, then `merged into cpto`. Empty when it arrived in the role itself.
    public var lineage: [LineageStep] = []

    /// A role renamed, merged into another, or split off, carrying the item along.
    public struct LineageStep: Sendable {
        public var shape: RoleLineage.Shape
        /// The role the item was in, and the one it was in after the step.
        public var from: String
        public var to: String
        public var commit: CommitInfo
    }

    public var label: String {
        switch itemKind {
        case .decision: "decides \(item)"
        case .kpi: "\(item) [kpi]"
        case .responsibility: item
        }
    }

    public var how: String {
        guard let arrival else { return "" }
        return arrival.from.map { "moved from \($0)" } ?? arrival.how
    }
}
