/// Where each box of an org chart goes in a drawing: a tidy tree, top-down.
///
/// Every leaf takes a column of its own, left to right in chart order; a boss is centred over the
/// first and last of its reports, one row above them. A subtree thus spans its own run of columns,
/// so no two boxes overlap, and the same chart always gives the same drawing. Edges are orthogonal:
/// down from the boss, across at mid-gap, down to the report.
public struct OrgChartLayout: Sendable, Equatable {
    /// The sizes the layout works with, in the drawing's units (SVG pixels).
    public struct Metrics: Sendable, Equatable {
        public var boxWidth: Double
        public var boxHeight: Double
        /// Between two columns.
        public var columnGap: Double
        /// Between two rows, where the edges turn.
        public var rowGap: Double
        /// Around the whole drawing.
        public var margin: Double

        public init(boxWidth: Double = 196, boxHeight: Double = 58, columnGap: Double = 16, rowGap: Double = 40, margin: Double = 4) {
            self.boxWidth = boxWidth
            self.boxHeight = boxHeight
            self.columnGap = columnGap
            self.rowGap = rowGap
            self.margin = margin
        }
    }

    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
    }

    /// A node's box; `x` and `y` are its top left corner.
    public struct Box: Sendable, Equatable {
        public var node: OrgChart.Node
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
    }

    /// The line from a boss's box to a report's.
    public struct Edge: Sendable, Equatable {
        public var boss: String
        public var report: String
        public var points: [Point]
    }

    /// In chart order, depth-first.
    public var boxes: [Box]
    public var edges: [Edge]
    public var width: Double
    public var height: Double

    public init(_ chart: OrgChart, metrics: Metrics = Metrics()) {
        var placement = Placement(metrics: metrics)
        for root in chart.roots { _ = placement.place(root, depth: 0) }
        boxes = placement.boxes
        edges = placement.edges
        let columns = Double(placement.columns), rows = Double(placement.rows)
        width = 2 * metrics.margin + max(columns * metrics.boxWidth + (columns - 1) * metrics.columnGap, 0)
        height = 2 * metrics.margin + max(rows * metrics.boxHeight + (rows - 1) * metrics.rowGap, 0)
    }

    private struct Placement {
        let metrics: Metrics
        var boxes: [Box] = []
        var edges: [Edge] = []
        /// The columns the leaves took so far.
        var columns = 0
        var rows = 0

        /// Places `node` and everything under it; returns the centre of its box.
        mutating func place(_ node: OrgChart.Node, depth: Int) -> Point {
            rows = max(rows, depth + 1)
            let index = boxes.count
            let top = metrics.margin + Double(depth) * (metrics.boxHeight + metrics.rowGap)
            boxes.append(Box(node: node, x: 0, y: top, width: metrics.boxWidth, height: metrics.boxHeight))
            let centres = node.reports.map { place($0, depth: depth + 1) }
            let centre: Double
            if let first = centres.first, let last = centres.last {
                centre = (first.x + last.x) / 2
            } else {
                centre = metrics.margin + Double(columns) * (metrics.boxWidth + metrics.columnGap) + metrics.boxWidth / 2
                columns += 1
            }
            boxes[index].x = centre - metrics.boxWidth / 2
            let bottom = top + metrics.boxHeight, turn = bottom + metrics.rowGap / 2
            for (report, end) in zip(node.reports, centres) {
                let points = [Point(x: centre, y: bottom), Point(x: centre, y: turn), Point(x: end.x, y: turn),
                              Point(x: end.x, y: end.y - metrics.boxHeight / 2)]
                edges.append(Edge(boss: node.id, report: report.id, points: end.x == centre ? [points[0], points[3]] : points))
            }
            return Point(x: centre, y: top + metrics.boxHeight / 2)
        }
    }
}
