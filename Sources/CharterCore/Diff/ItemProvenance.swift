/// Where an item was before it arrived. Approvals follow the item, not the commit: a responsibility
/// or KPI that one role gives up in one commit and another role takes in a later one has moved
/// between them, as surely as if both happened at once. `ItemProvenance` turns such an arrival,
/// an `added` change, into a `moved` one that names the commit the item left its former holder in.
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

    /// The keys (`ItemKey`) of the responsibilities and KPIs `changes` bring into a role from nowhere:
    /// the arrivals whose former holder, if any, is to be found in earlier commits.
    public static func arrivals(in changes: [BoundaryChange]) -> Set<String> {
        Set(changes.compactMap { $0.kind == .added && $0.itemKind != .decision ? ItemKey.of($0) : nil })
    }

    /// `changes` with each arrival whose item another role gave up earlier turned into a move from that role.
    public static func resolve(_ changes: [BoundaryChange], formerHolders: [String: FormerHolder]) -> [BoundaryChange] {
        guard !formerHolders.isEmpty else { return changes }
        return changes.map { change in
            guard change.kind == .added, change.itemKind != .decision, let key = ItemKey.of(change),
                  let former = formerHolders[key], former.role != change.role else { return change }
            return BoundaryChange(.moved, area: change.area, itemKind: change.itemKind, item: change.item,
                                  from: former.role, to: change.role, after: change.after, releasedIn: former.commit)
        }
    }
}

/// Replays a history's boundary changes oldest first, remembering who holds each responsibility and
/// KPI and who last gave it up, so that each commit's arrivals can be resolved as it comes.
public struct ItemLedger: Sendable {
    private var holders: [String: Set<String>] = [:]
    private var released: [String: ItemProvenance.FormerHolder] = [:]

    public init() {}

    /// One commit's changes, with arrivals of items nobody holds but someone held before turned into
    /// moves (`ItemProvenance.resolve`); the ledger then records them.
    public mutating func replay(_ changes: [BoundaryChange], commit: String) -> [BoundaryChange] {
        var formerHolders: [String: ItemProvenance.FormerHolder] = [:]
        for key in ItemProvenance.arrivals(in: changes) where holders[key, default: []].isEmpty {
            formerHolders[key] = released[key]
        }
        let resolved = ItemProvenance.resolve(changes, formerHolders: formerHolders)
        for change in resolved where change.itemKind != .decision {
            guard let key = ItemKey.of(change) else { continue }
            switch change.kind {
            case .added:
                holders[key, default: []].insert(change.role ?? "")
            case .removed:
                holders[key]?.remove(change.role ?? "")
                released[key] = ItemProvenance.FormerHolder(role: change.role ?? "", commit: commit)
            case .moved where change.from != change.to:
                holders[key]?.remove(change.from ?? "")
                holders[key, default: []].insert(change.to ?? "")
            default:
                continue
            }
        }
        return resolved
    }
}
