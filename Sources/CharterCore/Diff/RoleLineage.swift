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

    /// Whether any role newly continues another.
    public var isEmpty: Bool { steps.isEmpty && unknown.isEmpty }

    /// The lineage from `before` to `after`. A role unreadable on a side counts as present there.
    public static func between(_ before: CharterSet, _ after: CharterSet) -> RoleLineage {
        let successors = after.roles.filter { !$0.continues.isEmpty }
        guard !successors.isEmpty else { return RoleLineage(steps: [], unknown: []) }
        let existedBefore = Set(before.roles.map(\.id)).union(before.unreadableRoles)
        let existsAfter = Set(after.roles.map(\.id)).union(after.unreadableRoles)

        var newlyContinued: [(role: Role, names: [String])] = []
        var unknown: [(role: String, name: Located<String>)] = []
        for role in successors {
            let declared = Set(before.role(role.id)?.continues.map(\.value) ?? [])
            var names: [String] = []
            for name in role.continues where !declared.contains(name.value) {
                if existedBefore.contains(name.value) { names.append(name.value) } else { unknown.append((role.id, name)) }
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
