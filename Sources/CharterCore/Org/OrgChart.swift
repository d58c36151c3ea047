/// The reporting tree: every role under the role or external name its `reports-to` names.
///
/// Built from any charters, valid or not, and always a forest: the roots are the external names
/// (charter.yaml `external:`), then the roles that report to nobody, to a name nobody knows or to a
/// role that cannot be read, then one role of each reporting cycle (its smallest id), where the
/// cycle is cut. Each role appears exactly once. Roots and reports are ordered by id, externals first.
public struct OrgChart: Sendable, Equatable {
    public var roots: [Node]

    /// A role or an external name, with the roles that report to it.
    public struct Node: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            case external, role
        }

        public var id: String
        public var kind: Kind
        /// A role's title; nil for an external name.
        public var title: String?
        public var holder: String?
        /// The name a role's charter reports to, as written; nil without `reports-to` and for an external name.
        public var reportsTo: String?
        /// Why a role that names a boss stands at the top instead, if it does.
        public var detachment: Detachment?
        /// The roles that report to this one, by id.
        public var reports: [Node]

        public init(id: String, kind: Kind, title: String? = nil, holder: String? = nil, reportsTo: String? = nil,
                    detachment: Detachment? = nil, reports: [Node] = []) {
            self.id = id
            self.kind = kind
            self.title = title
            self.holder = holder
            self.reportsTo = reportsTo
            self.detachment = detachment
            self.reports = reports
        }
    }

    /// Why a role is a root although its `reports-to` names someone.
    public enum Detachment: String, Sendable, CaseIterable {
        /// `reports-to` names neither a role nor an external name.
        case unknownBoss = "unknown-boss"
        /// `reports-to` names a role whose charter cannot be read.
        case unreadableBoss = "unreadable-boss"
        /// The role is on a reporting cycle, cut here: its own boss is drawn below it.
        case reportingCycle = "reporting-cycle"
    }

    public init(roots: [Node]) { self.roots = roots }

    /// The chart of a revision's charters.
    public init(_ charters: CharterSet) {
        self.init(roles: charters.roles, external: charters.company?.external.map(\.value) ?? [],
                  unreadable: charters.unreadableRoles)
    }

    /// The chart of `roles`; `external` are the names outside the charters, `unreadable` the ids of
    /// role files that could not be read (a boss among them is named, but not drawn).
    public init(roles: [Role], external: [String], unreadable: Set<String> = []) {
        var builder = Builder(roles: roles)
        // A name that is also a role id is the role (the rules report the clash).
        let externals = Set(external).subtracting(builder.roles.keys).sorted()
        let known = Set(externals).union(builder.roles.keys)
        var roots = externals.map { builder.external($0) }
        for id in builder.ids {
            guard let boss = builder.roles[id]!.reportsTo?.value else {
                roots.append(builder.node(id))
                continue
            }
            if !known.contains(boss) {
                roots.append(builder.node(id, detachment: unreadable.contains(boss) ? .unreadableBoss : .unknownBoss))
            }
        }
        // Whatever is left hangs off a reporting cycle: follow the bosses to it, cut it at its smallest id.
        for id in builder.ids where !builder.placed.contains(id) {
            var path: [String] = [], current = id
            while !path.contains(current) {
                path.append(current)
                current = builder.roles[current]!.reportsTo!.value
            }
            let cycle = path[path.firstIndex(of: current)!...]
            roots.append(builder.node(cycle.min()!, detachment: .reportingCycle))
        }
        self.roots = roots
    }

    /// The part of the chart headed by `id`, a role or an external name; nil when it is neither.
    public func subtree(of id: String) -> OrgChart? {
        var pending = roots
        while let node = pending.popLast() {
            if node.id == id { return OrgChart(roots: [node]) }
            pending += node.reports
        }
        return nil
    }

    /// Every node once, depth-first in chart order, with the id of the node it sits under.
    public var entries: [(node: Node, boss: String?)] {
        var out: [(node: Node, boss: String?)] = []
        func visit(_ node: Node, boss: String?) {
            out.append((node, boss))
            for report in node.reports { visit(report, boss: node.id) }
        }
        for root in roots { visit(root, boss: nil) }
        return out
    }

    /// Places each role once, under its boss.
    private struct Builder {
        let roles: [String: Role]
        let ids: [String]
        /// The ids of the roles reporting to each name, sorted.
        let reports: [String: [String]]
        var placed: Set<String> = []

        init(roles list: [Role]) {
            var roles: [String: Role] = [:]
            for role in list where roles[role.id] == nil { roles[role.id] = role }
            self.roles = roles
            ids = roles.keys.sorted()
            var reports: [String: [String]] = [:]
            for id in ids {
                if let boss = roles[id]!.reportsTo?.value { reports[boss, default: []].append(id) }
            }
            self.reports = reports
        }

        mutating func external(_ name: String) -> Node {
            Node(id: name, kind: .external, reports: reportNodes(of: name))
        }

        /// The role's node with every role under it not placed yet.
        mutating func node(_ id: String, detachment: Detachment? = nil) -> Node {
            placed.insert(id)
            let role = roles[id]!
            return Node(id: id, kind: .role, title: role.title, holder: role.holder, reportsTo: role.reportsTo?.value,
                        detachment: detachment, reports: reportNodes(of: id))
        }

        private mutating func reportNodes(of boss: String) -> [Node] {
            var nodes: [Node] = []
            for id in reports[boss] ?? [] where !placed.contains(id) { nodes.append(node(id)) }
            return nodes
        }
    }
}
