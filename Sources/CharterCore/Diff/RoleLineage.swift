/// How roles changed shape from one version of the charters to the next: which roles a role newly
/// continues (`continues:`), and what that makes of them.
///
/// Only the names a role adds to its `continues` list count, and only in the step that adds them: a
/// role's lineage is history, not today's state, so a name kept in the list after its role is gone
/// says nothing more. A name counts when it is a role of the earlier version; the others are
/// `unknown` (an error where a commit is judged: `invalidLineage`). The shape, for a role R that newly
/// continues the roles Ps:
/// - **renamed**: R is new, continues one role P, and P is gone and continued by R alone;
/// - **split**: R continues one role P that stays, or that several roles continue;
/// - **merged**: anything else: R continues several roles, or existed already and takes in a role that is gone.
public struct RoleLineage: Sendable, Equatable {
    public enum Shape: String, Sendable, Codable {
        case renamed, merged, split
    }

    /// One role that newly continues others.
    public struct Step: Sendable, Equatable {
        /// The role that continues.
        public var role: String
        /// The roles it newly continues, in the order its file lists them.
        public var continued: [String]
        public var shape: Shape

        public init(role: String, continued: [String], shape: Shape) {
            self.role = role
            self.continued = continued
            self.shape = shape
        }
    }

    /// By the id of the role that continues, in id order.
    public var steps: [Step]
    /// The names a role newly continues that were no role of the earlier version, with where they are written.
    public var unknown: [(role: String, name: Located<String>)]

    public static func == (lhs: RoleLineage, rhs: RoleLineage) -> Bool {
        lhs.steps == rhs.steps && lhs.unknown.elementsEqual(rhs.unknown) { $0.role == $1.role && $0.name == $1.name }
    }

    /// Renamed roles: the new id by the old one.
    public var renames: [String: String] {
        Dictionary(uniqueKeysWithValues: steps.filter { $0.shape == .renamed }.map { ($0.continued[0], $0.role) })
    }

    /// The lineage from `before` to `after`. A role unreadable on a side counts as present there, and one
    /// unreadable before is taken to have declared its list already (what it said cannot be known).
    ///
    /// Between two versions several commits apart, a role may continue one that came and went in
    /// between: `through` holds, for such roles, the roles each continued in those commits (a rename
    /// cto → ctpo, then ctpo → cxo: `["ctpo": ["cto"]]`), and a name is read as the roles of `before`
    /// it leads back to.
    public static func between(_ before: CharterSet, _ after: CharterSet, through: [String: [String]] = [:]) -> RoleLineage {
        let successors = after.roles.filter { !$0.continues.isEmpty && !before.unreadableRoles.contains($0.id) }
        guard !successors.isEmpty else { return RoleLineage(steps: [], unknown: []) }
        let existedBefore = Set(before.roles.map(\.id)).union(before.unreadableRoles)
        let existsAfter = Set(after.roles.map(\.id)).union(after.unreadableRoles)

        /// The roles of `before` a name leads back to through `through`, in order, each once.
        func origins(of name: String, seen: Set<String> = []) -> [String] {
            if existedBefore.contains(name) { return [name] }
            guard !seen.contains(name) else { return [] }
            var found: [String] = []
            for earlier in through[name] ?? [] {
                for origin in origins(of: earlier, seen: seen.union([name])) where !found.contains(origin) { found.append(origin) }
            }
            return found
        }

        var newlyContinued: [(role: Role, names: [String])] = []
        var unknown: [(role: String, name: Located<String>)] = []
        for role in successors {
            let declared = Self.declared(by: role, in: before)
            var names: [String] = []
            for name in role.continues where !declared.contains(name.value) {
                let leadsTo = origins(of: name.value)
                if leadsTo.isEmpty { unknown.append((role.id, name)) }
                for origin in leadsTo where !names.contains(origin) && !declared.contains(origin) { names.append(origin) }
            }
            if !names.isEmpty { newlyContinued.append((role, names)) }
        }
        var continuedBy: [String: Int] = [:]
        for (_, names) in newlyContinued { for name in names { continuedBy[name, default: 0] += 1 } }

        let steps = newlyContinued.map { role, names -> Step in
            let shape: Shape
            if names.count == 1, let only = names.first {
                let stays = existsAfter.contains(only) || continuedBy[only, default: 0] > 1
                shape = stays ? .split : (existedBefore.contains(role.id) ? .merged : .renamed)
            } else {
                shape = .merged
            }
            return Step(role: role.id, continued: names, shape: shape)
        }
        return RoleLineage(steps: steps.sorted { $0.role < $1.role }, unknown: unknown)
    }

    /// Whether `after` declares lineage that `before` did not: a role whose `continues` list is new or
    /// changed. A comparison that read only the role files that differ must then read them all: which
    /// roles a lineage names, and whether they stay, is known only with every role read.
    public static func isDeclared(from before: CharterSet, to after: CharterSet) -> Bool {
        after.roles.contains { role in
            !role.continues.isEmpty && before.role(role.id)?.continues.map(\.value) != role.continues.map(\.value)
        }
    }

    /// The names `role` had declared before: its own list, and those of the roles it continues, which
    /// it takes over with them (cto → ctpo, then ctpo → cxo may list `[cto, ctpo]`).
    private static func declared(by role: Role, in before: CharterSet) -> Set<String> {
        var declared = Set(before.role(role.id)?.continues.map(\.value) ?? [])
        for name in role.continues {
            if let continued = before.role(name.value), continued.id != role.id { declared.formUnion(continued.continues.map(\.value)) }
        }
        return declared
    }

    /// The names `role` newly continues that were no role before, in file order.
    public func unknownNames(of role: String) -> [String] { unknown.filter { $0.role == role }.map(\.name.value) }

    /// The step that makes `role` continue others, if any.
    public func step(of role: String) -> Step? { steps.first { $0.role == role } }

    /// The findings of a lineage a commit is about to record: each name that was no role of its parent.
    public func findings(rolesBefore: Set<String>) -> [Finding] {
        unknown.map { role, name in
            let known = rolesBefore.isEmpty ? "the parent has no roles" : "roles there: " + rolesBefore.sorted().joined(separator: ", ")
            return Finding(.error, .invalidLineage, at: name.location,
                           "role '\(role)' continues '\(name.value)', which is no role of the commit before (\(known))")
        }
    }
}
