/// Where an item was before it arrived. Approvals follow the item, not the commit: a responsibility,
/// KPI or decision right that one role gives up in one commit and another role takes in a later one
/// has moved between them, as surely as if both happened at once. `ItemProvenance` turns such an
/// arrival (`added`, `decision-granted`) into the move it is (`moved`, `decision-moved`), naming the
/// commit the item left its former holder in.
///
/// An arrival is a move when no role holds the item just before it and the last role that held it
/// is another one; an item that comes back to the role that gave it up is an addition.
public enum ItemProvenance {
    /// The role that last gave an item up, and the commit in which it did.
    public struct FormerHolder: Sendable, Equatable {
        public var role: String
        public var commit: String

        public init(role: String, commit: String) {
            self.role = role
            self.commit = commit
        }
    }

    /// The keys (`ItemKey`) of what `changes` bring into a role from nowhere: the arrivals whose former
    /// holder, if any, is to be found in earlier commits.
    public static func arrivals(in changes: [BoundaryChange]) -> Set<String> {
        Set(changes.compactMap { $0.kind == .added || $0.kind == .decisionGranted ? ItemKey.of($0) : nil })
    }

    /// `changes` with each arrival whose item another role gave up earlier turned into a move from that role.
    public static func resolve(_ changes: [BoundaryChange], formerHolders: [String: FormerHolder]) -> [BoundaryChange] {
        guard !formerHolders.isEmpty else { return changes }
        return changes.map { change in
            guard change.kind == .added || change.kind == .decisionGranted, let key = ItemKey.of(change),
                  let former = formerHolders[key], former.role != change.role else { return change }
            return BoundaryChange(change.kind == .added ? .moved : .decisionMoved, area: change.area, itemKind: change.itemKind,
                                  item: change.item, from: former.role, to: change.role, after: change.after,
                                  releasedIn: former.commit)
        }
    }
}

/// Replays a history's boundary changes oldest first, remembering who holds each item and decision
/// right and who gave it up, so that each commit's arrivals can be resolved as it comes.
public struct ItemLedger: Sendable {
    private var holders: [String: Set<String>] = [:]
    /// The releases of each key since it was last held, oldest first.
    private var releases: [String: [ItemProvenance.FormerHolder]] = [:]

    public init() {}

    /// One commit's changes, with arrivals of items nobody holds but some other role held before turned
    /// into moves (`ItemProvenance.resolve`); the ledger then records them. `reaches` says whether a
    /// release happened among the commit's ancestors: a history walked across parallel branches passes
    /// it, so that a release on one branch does not explain an arrival on another.
    public mutating func replay(_ changes: [BoundaryChange], commit: String,
                                reaches: (String) -> Bool = { _ in true }) -> [BoundaryChange] {
        var formerHolders: [String: ItemProvenance.FormerHolder] = [:]
        for key in ItemProvenance.arrivals(in: changes) where holders[key, default: []].isEmpty {
            formerHolders[key] = releases[key]?.last { reaches($0.commit) }
        }
        let resolved = ItemProvenance.resolve(changes, formerHolders: formerHolders)
        for change in resolved {
            // A renamed role holds what it held under its old id (the diff reports its items' changes under the new one).
            if change.kind == .roleRenamed, let was = change.from, let now = change.to {
                for (key, roles) in holders where roles.contains(was) { holders[key] = roles.subtracting([was]).union([now]) }
                continue
            }
            guard let key = ItemKey.of(change) else { continue }
            switch change.kind {
            case .added, .decisionGranted:
                if let role = change.role { hold(key, role) }
            case .removed, .decisionDropped:
                guard let role = change.role else { continue }
                holders[key]?.remove(role)
                releases[key, default: []].append(ItemProvenance.FormerHolder(role: role, commit: commit))
            case .moved where change.from != change.to, .decisionMoved:
                if let from = change.from { holders[key]?.remove(from) }
                if let to = change.to { hold(key, to) }
            default:
                continue
            }
        }
        return resolved
    }

    /// A role takes the key: its earlier releases no longer explain a later arrival.
    private mutating func hold(_ key: String, _ role: String) {
        holders[key, default: []].insert(role)
        releases[key] = nil
    }
}
