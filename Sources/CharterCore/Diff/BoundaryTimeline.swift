/// How the boundary stood over a history, rebuilt by replaying boundary changes from the first
/// commit: per area, how many items each role held and who held each decision right. States are
/// kept at a bounded resolution (the last state in each slice of time), so a history of ten thousand
/// commits draws as quickly, and weighs as little, as one of a hundred; events are all kept.
public struct BoundaryTimeline: Sendable {
    /// The boundary at one moment.
    public struct Point: Sendable {
        /// Seconds since the epoch.
        public var time: Int64
        /// Items (responsibilities and KPIs) per area, per role.
        public var items: [String: [String: Int]]
        /// The holders of each decision right, per area.
        public var decisions: [String: [String: Set<String>]]
    }

    public struct Event: Sendable {
        public var time: Int64
        public var text: String
    }

    public private(set) var points: [Point] = []
    public private(set) var events: [Event] = []
    /// Every role that held anything at some point, in order of first appearance.
    public private(set) var roles: [String] = []
    private let start: Int64
    private let end: Int64
    private let resolution: Int
    private var lastSlice: Int?
    private var items: [String: [String: Int]] = [:]
    private var decisions: [String: [String: Set<String>]] = [:]

    /// A timeline over `start...end` (seconds), keeping at most `resolution` states.
    public init(from start: Int64, to end: Int64, resolution: Int = 400) {
        self.start = start
        self.end = end
        self.resolution = max(resolution, 1)
    }

    /// Applies one commit's changes, oldest commit first.
    public mutating func record(time: Int64, event: String?, changes: [BoundaryChange]) {
        for change in changes {
            let area = change.area ?? ""
            switch change.kind {
            case .added where change.itemKind != .decision:
                add(1, area, change.role)
            case .removed where change.itemKind != .decision:
                add(-1, area, change.role)
            case .moved:
                add(-1, change.fromArea ?? area, change.from)
                add(1, area, change.to)
            case .decisionGranted:
                decisions[area, default: [:]][change.item ?? "", default: []].insert(change.role ?? "")
                noteRole(change.role)
            case .decisionDropped:
                decisions[area, default: [:]][change.item ?? "", default: []].remove(change.role ?? "")
            case .decisionMoved:
                decisions[area, default: [:]][change.item ?? "", default: []].remove(change.from ?? "")
                decisions[area, default: [:]][change.item ?? "", default: []].insert(change.to ?? "")
                noteRole(change.to)
            case .roleRenamed:
                guard let was = change.from, let now = change.to else { continue }
                for area in items.keys {
                    if let count = items[area]?.removeValue(forKey: was) { items[area]![now, default: 0] += count }
                }
                for (area, rights) in decisions {
                    for (right, holders) in rights where holders.contains(was) {
                        decisions[area]![right] = holders.subtracting([was]).union([now])
                    }
                }
                noteRole(now)
            default:
                continue
            }
        }
        if let event { events.append(Event(time: time, text: event)) }
        // In Double: any two Int64 times differ by more than Int64 holds, and a slice needs no more precision.
        let span = max(Double(end) - Double(start), 1)
        let slice = Int(min(max(Double(time) - Double(start), 0), span) / span * Double(resolution))
        let point = Point(time: time, items: items.mapValues { $0.filter { $0.value > 0 } }, decisions: decisions)
        if slice == lastSlice, !points.isEmpty {
            points[points.count - 1] = point
        } else {
            points.append(point)
        }
        lastSlice = slice
    }

    private mutating func add(_ delta: Int, _ area: String, _ role: String?) {
        items[area, default: [:]][role ?? "", default: 0] += delta
        noteRole(role)
    }

    private mutating func noteRole(_ role: String?) {
        if let role, !roles.contains(role) { roles.append(role) }
    }
}
