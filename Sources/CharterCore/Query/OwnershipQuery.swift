/// A question `charter who` answers: which responsibilities, KPIs and decision rights a query names,
/// and who holds them.
///
/// The query's words (split on white space, compared case-insensitively) must all appear, each
/// anywhere, in a responsibility's id or text, or a KPI's id or name. A decision right is named by
/// its id, `AREA/RIGHT` (`strategy/what`), or by the right alone (`what`, in every area); a word
/// matches within that id (`strategy` names the area's four rights), never the right's meaning.
/// Matches rank: the exact id first (`roadmap`, `strategy/what`, `what`), then those whose id holds
/// every word, then those whose text does; in each rank, in schema order of the areas, each area's
/// decision rights before the roles' responsibilities and KPIs, roles by id, items in file order.
public struct OwnershipQuery: Sendable, Equatable {
    /// The query as given, trimmed.
    public let text: String
    /// Its words, lower-cased.
    public let words: [String]

    public init(_ text: String) throws(OwnershipQueryError) {
        let words = text.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
        guard !words.isEmpty else { throw .empty }
        self.text = text.trimmed
        self.words = words
    }

    /// Everything the query names in `charters`, best first: one match per holder (an item two roles
    /// hold, invalid as that is, is answered for each), and one with no holder for a decision right
    /// nobody holds in its area.
    public func matches(in charters: CharterSet) -> [OwnershipMatch] {
        var found: [OwnershipMatch] = []
        for area in charters.schema.areas {
            let holders = charters.schema.decisionRights.map { right in charters.roles.filter { $0.holds(right.id, in: area.id) } }
            let deciders = zip(charters.schema.decisionRights, holders).map { OwnershipMatch.Decider(right: $0.id, roles: $1.map(\.id)) }
            for (right, roles) in zip(charters.schema.decisionRights, holders) {
                guard let rank = rank(decision: right.id, in: area.id) else { continue }
                let owners: [Role?] = roles.isEmpty ? [nil] : roles
                for owner in owners {
                    found.append(OwnershipMatch(rank: rank, itemKind: .decision, item: right.id, area: area.id, text: right.meaning,
                                                owner: owner, consults: [], deciders: deciders))
                }
            }
            for role in charters.roles {
                guard let part = role.area(area.id) else { continue }
                for item in part.responsibilities {
                    guard let rank = rank(id: item.id, text: item.text) else { continue }
                    found.append(OwnershipMatch(rank: rank, itemKind: .responsibility, item: item.id, area: area.id, text: item.text,
                                                owner: role, consults: item.consults.map(\.value), deciders: deciders))
                }
                for kpi in part.kpis {
                    guard let rank = rank(id: kpi.id, text: kpi.name) else { continue }
                    found.append(OwnershipMatch(rank: rank, itemKind: .kpi, item: kpi.id, area: area.id, text: kpi.name,
                                                owner: role, consults: [], deciders: deciders))
                }
            }
        }
        // A stable sort: each rank keeps the order above.
        return found.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element)
    }

    /// The ids closest to the query (`EditDistance`), for a query that matches nothing: every
    /// responsibility and KPI id, and `AREA/RIGHT` for each area and decision right of the schema.
    public func closestIDs(in charters: CharterSet, limit: Int = 3) -> [String] {
        let items = charters.roles.flatMap { role in role.areas.flatMap { $0.responsibilities.map(\.id) + $0.kpis.map(\.id) } }
        let decisions = charters.schema.areas.flatMap { area in charters.schema.decisionRights.map { "\(area.id)/\($0.id)" } }
        return EditDistance.closest(to: words.joined(separator: "-"), among: items + decisions, limit: limit)
    }

    private func rank(decision right: String, in area: String) -> OwnershipMatch.Rank? {
        let id = "\(area)/\(right)"
        if words == [id] || words == [right] { return .exact }
        return words.allSatisfy(id.contains) ? .id : nil
    }

    private func rank(id: String, text: String) -> OwnershipMatch.Rank? {
        let id = id.lowercased()
        if words == [id] { return .exact }
        if words.allSatisfy(id.contains) { return .id }
        let text = text.lowercased()
        return words.allSatisfy { id.contains($0) || text.contains($0) } ? .text : nil
    }
}

/// A query `charter who` cannot ask: a usage error.
public enum OwnershipQueryError: Error, Equatable, CustomStringConvertible {
    /// Nothing but white space.
    case empty

    public var description: String {
        switch self {
        case .empty: "give an id, words to find, or a decision right (strategy/what)"
        }
    }
}

/// A responsibility, KPI or decision right a query named, and who holds it.
public struct OwnershipMatch: Sendable, Equatable {
    /// How well it matched, best first.
    public enum Rank: Int, Comparable, Sendable, CaseIterable {
        /// The query is its id (`roadmap`, `strategy/what`), or the right of a decision right (`what`).
        case exact
        /// Its id holds every word.
        case id
        /// Its id or text holds every word.
        case text

        public static func < (lhs: Rank, rhs: Rank) -> Bool { lhs.rawValue < rhs.rawValue }

        /// As JSON names it.
        public var name: String {
            switch self {
            case .exact: "exact"
            case .id: "id"
            case .text: "text"
            }
        }
    }

    /// A decision right of the area and the roles that hold it there: one, none (undecided) or several (a conflict).
    public struct Decider: Sendable, Equatable {
        public var right: String
        public var roles: [String]
    }

    public var rank: Rank
    public var itemKind: BoundaryChange.ItemKind
    /// The responsibility or KPI id, or the decision right (`what`).
    public var item: String
    public var area: String
    /// The responsibility's text, the KPI's name, or what holding the decision right means (the schema's words).
    public var text: String
    /// The role that holds it; nil for a decision right nobody holds in the area.
    public var owner: Role?
    /// The roles the owner consults on a responsibility.
    public var consults: [String]
    /// Who decides in the area: each decision right of the schema.
    public var deciders: [Decider]

    /// The item's `ItemKey`: what blame and the history know it by.
    public var key: String {
        switch itemKind {
        case .decision: ItemKey.decision(area: area, right: item)
        case .kpi: ItemKey.kpi(item)
        case .responsibility: ItemKey.responsibility(item)
        }
    }

    /// `roadmap`, `retention`, or `strategy/what` for a decision right.
    public var label: String { itemKind == .decision ? "\(area)/\(item)" : item }
}

extension Role {
    /// Whether the role holds decision right `right` in `area`.
    func holds(_ right: String, in area: String) -> Bool {
        self.area(area)?.decides.contains { $0.value == right } ?? false
    }
}
