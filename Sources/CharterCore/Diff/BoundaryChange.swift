/// One change to the boundary between roles, as `charter diff` and `charter log` report it.
public struct BoundaryChange: Equatable, Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case roleAdded = "role-added"
        case roleRemoved = "role-removed"
        /// A role under a new id (`from` → `to`; `before`/`after` its titles): its items did not move.
        case roleRenamed = "role-renamed"
        /// Roles (`continued`) merged into `role`; the moves into it from them are part of the change.
        case rolesMerged = "roles-merged"
        /// A role (`role`) split off from another that stays (`from`); the moves between them are part of it.
        case roleSplit = "role-split"
        case moved
        case decisionMoved = "decision-moved"
        case added
        case removed
        case reworded
        case decisionGranted = "decision-granted"
        case decisionDropped = "decision-dropped"
        case consultsChanged = "consults-changed"
        case fieldChanged = "field-changed"
        /// A boundary rule's severity changed (`item` is the rule, `before`/`after` the severities).
        case ruleChanged = "rule-changed"
        /// The schema in force changed its name, version, areas or decision rights (`field` says which).
        case schemaChanged = "schema-changed"

        /// Whether the change moves something from one role to another.
        public var isMove: Bool { self == .moved || self == .decisionMoved }

        /// Whether the change is a role's lineage: renamed, merged or split (`RoleLineage`).
        public var isLineage: Bool { self == .roleRenamed || self == .rolesMerged || self == .roleSplit }

        /// Whether the change is to the schema in force rather than to a role.
        public var isSchemaChange: Bool { self == .ruleChanged || self == .schemaChanged }
    }

    public enum ItemKind: String, Sendable, Codable, CaseIterable {
        case responsibility, kpi, decision
    }

    public var kind: Kind
    /// The area it happened in; nil for changes to a role as a whole (added, removed, title, holder, reports-to).
    public var area: String?
    public var itemKind: ItemKind?
    /// The responsibility or KPI id, or the decision right (`why`, `how`).
    public var item: String?
    /// The role concerned, for changes within one role.
    public var role: String?
    /// For moves: the role that gave the item up and the role that took it.
    public var from: String?
    public var to: String?
    /// For a move across areas: the area the item left.
    public var fromArea: String?
    /// For field changes: `title`, `holder`, `reports-to` or `mandate`; for schema changes: `schema`,
    /// `version`, `areas` or `decision-rights`.
    public var field: String?
    /// The text before and after: a rewording, a field's value, a consults list (comma-separated).
    public var before: String?
    public var after: String?
    /// For a move across commits (`ItemProvenance`): the earlier commit in which the item left `from`.
    public var releasedIn: String?
    /// For roles merged: the roles `role` continues; for a `continues` field changed: the names it added
    /// that were no role before.
    public var continued: [String]?
    /// For roles merged or split: how many responsibilities and KPIs, and how many decision rights, moved
    /// along the lineage (into `role` from the roles it continues), each one of the change's moves.
    public var movedItems: Int?
    public var movedDecisions: Int?

    public init(_ kind: Kind, area: String? = nil, itemKind: ItemKind? = nil, item: String? = nil, role: String? = nil,
                from: String? = nil, to: String? = nil, fromArea: String? = nil, field: String? = nil,
                before: String? = nil, after: String? = nil, releasedIn: String? = nil, continued: [String]? = nil,
                movedItems: Int? = nil, movedDecisions: Int? = nil) {
        self.kind = kind
        self.area = area
        self.itemKind = itemKind
        self.item = item
        self.role = role
        self.from = from
        self.to = to
        self.fromArea = fromArea
        self.field = field
        self.before = before
        self.after = after
        self.releasedIn = releasedIn
        self.continued = continued
        self.movedItems = movedItems
        self.movedDecisions = movedDecisions
    }

    /// Every role the change concerns: the role itself, both sides of a move or a rename, the roles a
    /// role continues.
    public var roles: [String] { [role, from, to].compactMap { $0 } + (continued ?? []) }

    /// For a lineage change, the role that continues.
    public var continuingRole: String? {
        guard kind.isLineage else { return nil }
        return kind == .roleRenamed ? to : role
    }

    /// For a lineage change, the roles continued.
    public var continuedRoles: [String] {
        switch kind {
        case .roleRenamed, .roleSplit: [from].compactMap { $0 }
        case .rolesMerged: continued ?? []
        default: []
        }
    }

    /// Whether this is a move along `lineage`: an item or decision right moved from a role that `lineage`
    /// continues into the role that continues it.
    public func isMove(along lineage: BoundaryChange) -> Bool {
        kind.isMove && to == lineage.continuingRole && from.map(lineage.continuedRoles.contains) == true
    }

    /// Whether the change concerns `role` (as owner, giver or taker).
    public func concerns(role id: String) -> Bool { roles.contains(id) }
}
