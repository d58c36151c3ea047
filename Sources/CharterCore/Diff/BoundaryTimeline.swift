/// How the boundary stood after each commit of a history, rebuilt by replaying boundary changes
/// from the first commit: per area, how many items each role held and who held each decision right.
public struct BoundaryTimeline: Sendable {
    /// The boundary after one commit.
    public struct Point: Sendable {
        /// Seconds since the epoch.
        public var time: Int64
        public var commit: String
        public var subject: String
        public var event: String?
        /// Items (responsibilities and KPIs) per area, per role.
        public var items: [String: [String: Int]]
        /// The holders of each decision right, per area.
        public var decisions: [String: [String: Set<String>]]
    }

    public private(set) var points: [Point] = []
    private var items: [String: [String: Int]] = [:]
    private var decisions: [String: [String: Set<String>]] = [:]

    public init() {}

    /// Applies one commit's changes, oldest commit first.
    public mutating func record(time: Int64, commit: String, subject: String, event: String?, changes: [BoundaryChange]) {
        for change in changes {
            let area = change.area ?? ""
            switch change.kind {
            case .added where change.itemKind != .decision:
                items[area, default: [:]][change.role ?? "", default: 0] += 1
            case .removed where change.itemKind != .decision:
                items[area, default: [:]][change.role ?? "", default: 0] -= 1
            case .moved:
                items[change.fromArea ?? area, default: [:]][change.from ?? "", default: 0] -= 1
                items[area, default: [:]][change.to ?? "", default: 0] += 1
            case .decisionGranted:
                decisions[area, default: [:]][change.item ?? "", default: []].insert(change.role ?? "")
            case .decisionDropped:
                decisions[area, default: [:]][change.item ?? "", default: []].remove(change.role ?? "")
            case .decisionMoved:
                decisions[area, default: [:]][change.item ?? "", default: []].remove(change.from ?? "")
                decisions[area, default: [:]][change.item ?? "", default: []].insert(change.to ?? "")
            default:
                continue
            }
        }
        items = items.mapValues { $0.filter { $0.value > 0 } }
        points.append(Point(time: time, commit: commit, subject: subject, event: event, items: items, decisions: decisions))
    }

    /// Every role that held anything at some point, in order of first appearance.
    public var roles: [String] {
        var seen: [String] = []
        for point in points {
            let now = point.items.values.flatMap(\.keys) + point.decisions.values.flatMap { $0.values.flatMap { $0 } }
            for role in now.sorted() where !seen.contains(role) { seen.append(role) }
        }
        return seen
    }
}
