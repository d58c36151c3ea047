/// Who holds what across a set of roles, as the boundary rules ask it: the claims on each
/// responsibility and KPI id, the holders of each decision right in each area, how many roles
/// have a responsibility in each area, the names roles report to and consult, and the reporting
/// cycles. Adding or removing a role costs in proportion to that role,
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

        /// Records a role's claim on `key`, or moves it to where the role now writes it.
        mutating func set(_ claim: Claim, on key: Key) {
            let count = Self.update(&byKey[key, default: []]) { claims in
                if let held = claims.firstIndex(where: { $0.role == claim.role }) {
                    claims[held].location = claim.location
                } else {
                    claims.insert(claim, at: claims.firstIndex { $0.role > claim.role } ?? claims.endIndex)
                }
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

        /// Replaces a role's claims (`old`, by key) with `new`: the keys it still claims are updated in place.
        mutating func replace(_ role: String, _ old: [(key: Key, location: SourceLocation)], with new: [(key: Key, location: SourceLocation)]) {
            for (key, location) in new { set(Claim(role: role, location: location), on: key) }
            let kept = Set(new.map(\.key))
            for (key, _) in old where !kept.contains(key) { remove(role, from: key) }
        }

        /// Changes one key's claims in place, and tells how many there are then.
        private static func update(_ claims: inout [Claim], _ change: (inout [Claim]) -> Void) -> Int {
            change(&claims)
            return claims.count
        }
    }

    /// Where a role names another: whom it consults on `item`, or (no item) whom it reports to.
    struct Reference {
        var role: String
        var item: String?
        var location: SourceLocation
    }

    /// The schema the roles were read under: it names the areas and decision rights indexed.
    let schema: Schema
    private(set) var responsibilities = Claims<String>()
    private(set) var kpis = Claims<String>()
    private(set) var deciders = Claims<Decision>()
    /// How many roles have a responsibility in each area, by area id.
    private(set) var coverage: [String: Int] = [:]
    /// The roles indexed, by id.
    private(set) var roleIDs: Set<String> = []
    /// References by the name they give.
    private(set) var reportsTo: [String: [Reference]] = [:]
    private(set) var consults: [String: [Reference]] = [:]
    /// The names referenced that are not the id of a role indexed.
    private(set) var unknownNames: Set<String> = []
    /// The roles that consult themselves on some item.
    private(set) var selfConsulting: Set<String> = []
    /// Whom each role that says reports to.
    private(set) var bosses: [String: Located<String>] = [:]
    /// The reporting cycles by their smallest role id, each the roles on it from that one on.
    private(set) var cycles: [String: [String]] = [:]
    /// For each role on a reporting cycle, the cycle's smallest role id.
    private var cycleOf: [String: String] = [:]

    init(schema: Schema) {
        self.schema = schema
    }

    init(_ charters: CharterSet) {
        self.init(schema: charters.schema)
        for role in charters.roles { replace(nil, with: role) }
    }

    /// Replaces what one role holds (`old`) with what it holds now (`new`); nil when it is not a role there.
    /// The work is in proportion to the role, and what it still holds is updated in place.
    mutating func replace(_ old: Role?, with new: Role?) {
        guard let role = (new ?? old)?.id else { return }
        precondition(old == nil || new == nil || old?.id == new?.id, "a role file gives one role id")
        responsibilities.replace(role, old.map(Self.responsibilities) ?? [], with: new.map(Self.responsibilities) ?? [])
        kpis.replace(role, old.map(Self.kpis) ?? [], with: new.map(Self.kpis) ?? [])
        deciders.replace(role, old.map(decisions) ?? [], with: new.map(decisions) ?? [])
        for area in old.map(coveredAreas) ?? [] { coverage[area]! -= 1 }
        for area in new.map(coveredAreas) ?? [] { coverage[area, default: 0] += 1 }
        if let old { forgetReferences(of: old) }
        if new == nil {
            roleIDs.remove(role)
            if reportsTo[role] != nil || consults[role] != nil { unknownNames.insert(role) }
        } else {
            roleIDs.insert(role)
            unknownNames.remove(role)
        }
        if let new { recordReferences(of: new) }
        if let anchor = cycleOf[role] {
            for id in cycles.removeValue(forKey: anchor) ?? [] { cycleOf[id] = nil }
        }
        bosses[role] = new?.reportsTo
        if let cycle = reportingCycle(through: role) {
            let anchor = cycle.min()!
            let start = cycle.firstIndex(of: anchor)!
            cycles[anchor] = Array(cycle[start...] + cycle[..<start])
            for id in cycle { cycleOf[id] = anchor }
        }
    }

    /// The roles on the reporting cycle through `role`, from it on, when there is one. A new cycle passes
    /// through a role whose `reports-to` changed, so looking from each changed role finds them all.
    private func reportingCycle(through role: String) -> [String]? {
        var path = [role]
        var current = bosses[role]?.value
        while let id = current, id != role {
            guard bosses[id] != nil, !path.contains(id) else { return nil }
            path.append(id)
            current = bosses[id]?.value
        }
        return current == nil ? nil : path
    }

    private mutating func recordReferences(of role: Role) {
        if let boss = role.reportsTo { record(Reference(role: role.id, location: boss.location), to: boss.value, in: \.reportsTo) }
        for area in role.areas {
            for item in area.responsibilities {
                for consulted in item.consults {
                    record(Reference(role: role.id, item: item.id, location: consulted.location), to: consulted.value, in: \.consults)
                    if consulted.value == role.id { selfConsulting.insert(role.id) }
                }
            }
        }
    }

    private mutating func record(_ reference: Reference, to name: String, in table: WritableKeyPath<OwnershipIndex, [String: [Reference]]>) {
        self[keyPath: table][name, default: []].append(reference)
        if !roleIDs.contains(name) { unknownNames.insert(name) }
    }

    private mutating func forgetReferences(of role: Role) {
        var names = role.reportsTo.map { [$0.value] } ?? []
        for area in role.areas { for item in area.responsibilities { names += item.consults.map(\.value) } }
        for name in names {
            reportsTo[name]?.removeAll { $0.role == role.id }
            consults[name]?.removeAll { $0.role == role.id }
            if reportsTo[name]?.isEmpty == true { reportsTo[name] = nil }
            if consults[name]?.isEmpty == true { consults[name] = nil }
            if reportsTo[name] == nil, consults[name] == nil { unknownNames.remove(name) }
        }
        selfConsulting.remove(role.id)
    }

    private static func responsibilities(of role: Role) -> [(key: String, location: SourceLocation)] {
        role.areas.flatMap { $0.responsibilities.map { ($0.id, $0.location) } }
    }

    private static func kpis(of role: Role) -> [(key: String, location: SourceLocation)] {
        role.areas.flatMap { $0.kpis.map { ($0.id, $0.location) } }
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
