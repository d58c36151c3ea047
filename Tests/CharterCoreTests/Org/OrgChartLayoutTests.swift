@testable import CharterCore
import Testing

/// The tidy tree layout of the org chart in the HTML report.
@Suite("Org chart layout")
struct OrgChartLayoutTests {
    /// A chart to lay out, named in the test's description.
    struct Sample: CustomTestStringConvertible, Sendable {
        var name: String
        var chart: OrgChart
        var testDescription: String { name }
    }

    static let samples: [Sample] = {
        let role = { (id: String, boss: String?) in OrgChartTests.role(id, reportsTo: boss) }
        return [
            Sample(name: "scale stage", chart: OrgChart(roles: [role("cpo", "ceo"), role("cto", "ceo"), role("vp-engineering", "cto")],
                                                        external: ["ceo", "board"])),
            Sample(name: "one role", chart: OrgChart(roles: [role("solo", nil)], external: [])),
            Sample(name: "empty", chart: OrgChart(roots: [])),
        ] + (1...20).map { Sample(name: "random roles, seed \($0)", chart: OrgChart(roles: OrgChartTests.randomRoles(seed: $0), external: ["ceo"])) }
    }()

    @Test(arguments: samples) func boxesDoNotOverlapAndFitTheDrawing(_ sample: Sample) {
        let chart = sample.chart, layout = OrgChartLayout(chart)
        #expect(layout.boxes.map(\.node.id) == chart.entries.map(\.node.id), "a box per node, in chart order")
        for (index, box) in layout.boxes.enumerated() {
            #expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= layout.width && box.y + box.height <= layout.height)
            for other in layout.boxes[(index + 1)...] {
                let apart = box.x + box.width <= other.x || other.x + other.width <= box.x
                    || box.y + box.height <= other.y || other.y + other.height <= box.y
                #expect(apart, "\(box.node.id) overlaps \(other.node.id)")
            }
        }
    }

    @Test(arguments: samples) func bossesStandAboveTheirReportsJoinedByAnEdge(_ sample: Sample) {
        let chart = sample.chart, layout = OrgChartLayout(chart)
        let boxes = Dictionary(uniqueKeysWithValues: layout.boxes.map { ($0.node.id, $0) })
        let edges = chart.entries.compactMap { entry in entry.boss.map { "\($0)>\(entry.node.id)" } }
        #expect(layout.edges.map { "\($0.boss)>\($0.report)" }.sorted() == edges.sorted())
        for edge in layout.edges {
            let boss = boxes[edge.boss]!, report = boxes[edge.report]!
            #expect(boss.y + boss.height < report.y, "\(edge.boss) above \(edge.report)")
            let start = edge.points.first!, end = edge.points.last!
            #expect(start == .init(x: boss.x + boss.width / 2, y: boss.y + boss.height))
            #expect(end == .init(x: report.x + report.width / 2, y: report.y))
            for (from, to) in zip(edge.points, edge.points.dropFirst()) {
                #expect(from.x == to.x || from.y == to.y, "orthogonal segments")
            }
        }
    }

    @Test func aBossIsCentredOverItsReports() {
        let layout = OrgChartLayout(Self.samples[0].chart)
        let x = Dictionary(uniqueKeysWithValues: layout.boxes.map { ($0.node.id, $0.x) })
        #expect(x["ceo"] == (x["cpo"]! + x["cto"]!) / 2)
        #expect(x["cto"] == x["vp-engineering"])
        #expect(x["board"]! < x["cpo"]!, "roots left to right in chart order")
        let metrics = OrgChartLayout.Metrics()
        let columns = 3.0, rows = 3.0
        #expect(layout.width == 2 * metrics.margin + columns * metrics.boxWidth + (columns - 1) * metrics.columnGap)
        #expect(layout.height == 2 * metrics.margin + rows * metrics.boxHeight + (rows - 1) * metrics.rowGap)
    }

    @Test func theSameChartGivesTheSameDrawing() {
        for sample in Self.samples { #expect(OrgChartLayout(sample.chart) == OrgChartLayout(sample.chart), "\(sample.name)") }
        #expect(OrgChartLayout(OrgChart(roots: [])).boxes.isEmpty)
    }
}
