/// Who holds what across a set of roles, as the boundary rules ask it: the claims on each
/// responsibility and KPI id, the holders of each decision right in each area, and how many roles
/// have a responsibility in each area. Adding or removing a role costs in proportion to that role,
/// so a walk through history keeps one index up to date with the roles each commit changes.
struct OwnershipIndex {
    struct Claim: Equatable {
        var role: String
        var location: SourceLocation
    }

    /// A decision right in one area.
    struct Decision: Hashable {
        var area: String
        var right: String
    }

    /// Claims by key, each key's in role id order (the order of `CharterSet.roles`). A role claims
    /// a key once at most: the decoder rejects a second claim.
    struct Claims<Key: Hashable> {
        private var byKey: [Key: [Claim]] = [:]
        /// The keys more than one role claims.
        private(set) var shared: Set<Key> = []

        subscript(key: Key) -> [Claim] { byKey[key] ?? [] }

        mutating func add(_ claim: Claim, on key: Key) {
            let count = Self.update(&byKey[key, default: []]) { claims in
                claims.insert(claim, at: claims.firstIndex { $0.role > claim.role } ?? claims.endIndex)
            }
            if count == 2 { shared.insert(key) }
        }

        mutating func remove(_ role: String, from key: Key) {
            switch Self.update(&byKey[key, default: []], { $0.removeAll { $0.role == role } }) {
            case 0: byKey[key] = nil
            case 1: shared.remove(key)
            default: break
            }
        }

        /// Changes one key's claims in place, and tells how many there are then.
        private static func update(_ claims: inout [Claim], _ change: (inout [Claim]) -> Void) -> Int {
            change(&claims)
            return claims.count
        }
    }

    /// The schema the roles were read under: it names the areas and decision rights indexed.
    let schema: Schema
    private(set) var responsibilities = Claims<String>()
    private(set) var kpis = Claims<String>()
    private(set) var deciders = Claims<Decision>()
    /// How many roles have a responsibility in each area, by area id.
    private(set) var coverage: [String: Int] = [:]

    init(schema: Schema) {
        self.schema = schema
    }

    init(_ charters: CharterSet) {
        self.init(schema: charters.schema)
        for role in charters.roles { add(role) }
    }

    mutating func add(_ role: Role) {
        for area in role.areas {
            for item in area.responsibilities { responsibilities.add(Claim(role: role.id, location: item.location), on: item.id) }
            for item in area.kpis { kpis.add(Claim(role: role.id, location: item.location), on: item.id) }
        }
        for (key, location) in decisions(of: role) { deciders.add(Claim(role: role.id, location: location), on: key) }
        for area in coveredAreas(of: role) { coverage[area, default: 0] += 1 }
    }

    mutating func remove(_ role: Role) {
        for area in role.areas {
            for item in area.responsibilities { responsibilities.remove(role.id, from: item.id) }
            for item in area.kpis { kpis.remove(role.id, from: item.id) }
        }
        for (key, _) in decisions(of: role) { deciders.remove(role.id, from: key) }
        for area in coveredAreas(of: role) { coverage[area]! -= 1 }
    }

    /// The decision rights of the schema a role holds, by key, each where the role wrote it.
    private func decisions(of role: Role) -> [(key: Decision, location: SourceLocation)] {
        schema.areas.flatMap { area in
            let decides = role.area(area.id)?.decides ?? []
            return schema.decisionRights.compactMap { right in
                decides.first { $0.value == right.id }.map { (Decision(area: area.id, right: right.id), $0.location) }
            }
        }
    }

    /// The schema areas in which a role has a responsibility.
    private func coveredAreas(of role: Role) -> [String] {
        schema.areas.map(\.id).filter { !(role.area($0)?.responsibilities.isEmpty ?? true) }
    }
}
