/// The names a history or a comparison holds, collected as it is read, to check the filters given on
/// the command line (`--role`, `--area`, `--item`) without a second walk: every role, item
/// (responsibility, KPI or decision right) and area that a change names, and those of the charters and
/// schemas noted.
public struct KnownNames: Sendable, Equatable {
    public var roles: Set<String> = []
    public var items: Set<String> = []
    public var areas: Set<String> = []

    public init() {}

    /// The names `changes` mention: the roles they concern, their items, their areas (both of a move
    /// across areas).
    public mutating func note(_ changes: some Sequence<BoundaryChange>) {
        for change in changes {
            roles.formUnion(change.roles)
            if let item = change.item, !change.kind.isSchemaChange { items.insert(item) }
            if let area = change.area { areas.insert(area) }
            if let area = change.fromArea { areas.insert(area) }
        }
    }

    /// The names `charters` hold: its roles (those that could not be read too), their items and decision
    /// rights, and the areas of its schema.
    public mutating func note(_ charters: CharterSet) {
        roles.formUnion(charters.roles.map(\.id))
        roles.formUnion(charters.unreadableRoles)
        for role in charters.roles {
            for area in role.areas {
                items.formUnion(area.responsibilities.map(\.id))
                items.formUnion(area.kpis.map(\.id))
                items.formUnion(area.decides.map(\.value))
            }
        }
        note(charters.schema)
    }

    /// The areas of `schema`, and its decision rights as items.
    public mutating func note(_ schema: Schema) {
        areas.formUnion(schema.areas.map(\.id))
        items.formUnion(schema.decisionRights.map(\.id))
    }

    /// Whether every name given is known: by option, or as the role files after `--` name them.
    public func knows(role: String? = nil, area: String? = nil, item: String? = nil,
                      files: [(path: String, role: String)] = []) -> Bool {
        (role.map(roles.contains) ?? true) && (area.map(areas.contains) ?? true) && (item.map(items.contains) ?? true)
            && files.allSatisfy { roles.contains($0.role) }
    }

    /// Refuses the first name given that is unknown, with the option (or the path after `--`) that gave
    /// it; `scope` says where the names were looked for (`in the history read`), `areaScope` where the areas were.
    public func check(role: String?, area: String?, item: String?, files: [(path: String, role: String)] = [],
                      scope: String, areaScope: String) throws(UnknownName) {
        if let area { try UnknownName.check(.area, area, option: "--area", scope: areaScope, among: areas) }
        if let role { try UnknownName.check(.role, role, option: "--role", scope: scope, among: roles) }
        if let item { try UnknownName.check(.item, item, option: "--item", scope: scope, among: items) }
        for (path, id) in files { try UnknownName.check(.role, id, option: "-- \(path)", scope: scope, among: roles) }
    }
}
