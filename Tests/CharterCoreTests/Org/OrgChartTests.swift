@testable import CharterCore
import Testing

/// The reporting tree built from charters, valid or not.
@Suite("Org chart")
struct OrgChartTests {
    /// A role with no areas: the chart reads only id, title, holder and reports-to.
    static func role(_ id: String, reportsTo boss: String? = nil, holder: String? = nil) -> Role {
        let file = CharterTree.roleFile(id)
        return Role(id: id, file: file, location: CharterCore.SourceLocation(file: file), title: "Title of \(id)", holder: holder,
                    reportsTo: boss.map { Located($0, at: CharterCore.SourceLocation(file: file, line: 4)) }, areas: [])
    }

    /// Forty roles `r0`…`r39` with bosses drawn at random: none, another role or themselves, the external
    /// `ceo`, or an unknown name; cycles come with it. The same `seed`, the same roles.
    static func randomRoles(seed: UInt64) -> [Role] {
        var generator = FastParserTests.Seeded(state: seed)
        let ids = (0..<40).map { "r\($0)" }
        let names = ids + ["ceo", "nobody"]
        return ids.map { id in role(id, reportsTo: Bool.random(using: &generator) && Bool.random(using: &generator) ? nil
                                                      : names.randomElement(using: &generator)) }
    }

    /// `id(detachment)[reports…]` for each root, for compact comparisons.
    static func outline(_ nodes: [OrgChart.Node]) -> String {
        nodes.map { node in
            node.id + (node.detachment.map { "(\($0.rawValue))" } ?? "") + (node.reports.isEmpty ? "" : "[\(outline(node.reports))]")
        }.joined(separator: " ")
    }

    @Test func rolesHangUnderTheirBossesExternalNamesFirst() {
        let chart = OrgChart(roles: [Self.role("vp-engineering", reportsTo: "cto"), Self.role("cto", reportsTo: "ceo", holder: "Dana Reyes"),
                                     Self.role("cpo", reportsTo: "ceo"), Self.role("advisor")],
                             external: ["ceo", "board"])
        #expect(Self.outline(chart.roots) == "board ceo[cpo cto[vp-engineering]] advisor")
        let cto = chart.roots[1].reports[1]
        #expect(cto == OrgChart.Node(id: "cto", kind: .role, title: "Title of cto", holder: "Dana Reyes", reportsTo: "ceo",
                                     reports: [chart.roots[1].reports[1].reports[0]]))
        #expect(chart.roots[0] == OrgChart.Node(id: "board", kind: .external))
        #expect(chart.entries.map { "\($0.boss ?? "-")>\($0.node.id)" } == ["->board", "->ceo", "ceo>cpo", "ceo>cto", "cto>vp-engineering", "->advisor"])
    }

    @Test func aRoleReportingToAnUnknownOrUnreadableNameIsAMarkedRoot() {
        let chart = OrgChart(roles: [Self.role("cto", reportsTo: "cfo"), Self.role("cpo", reportsTo: "coo"), Self.role("pm", reportsTo: "cpo")],
                             external: ["ceo"], unreadable: ["coo"])
        #expect(Self.outline(chart.roots) == "ceo cpo(unreadable-boss)[pm] cto(unknown-boss)")
        #expect(chart.roots[2].reportsTo == "cfo")
    }

    @Test func anExternalNameThatIsAlsoARoleIsTheRole() {
        let chart = OrgChart(roles: [Self.role("ceo"), Self.role("cto", reportsTo: "ceo")], external: ["ceo", "ceo"])
        #expect(Self.outline(chart.roots) == "ceo[cto]")
        #expect(chart.roots[0].kind == .role)
    }

    @Test("a reporting cycle is cut at its smallest id, once", arguments: [
        ([("b", "c"), ("c", "a"), ("a", "b"), ("d", "b")], "a(reporting-cycle)[c[b[d]]]"),
        ([("cto", "cto")], "cto(reporting-cycle)"),
        ([("x", "y"), ("y", "x"), ("p", "q"), ("q", "p"), ("ok", "ceo")], "ceo[ok] p(reporting-cycle)[q] x(reporting-cycle)[y]"),
    ])
    func cyclesAreCut(_ bosses: [(String, String)], _ expected: String) {
        let chart = OrgChart(roles: bosses.map { Self.role($0.0, reportsTo: $0.1) }, external: ["ceo"])
        #expect(Self.outline(chart.roots.filter { !($0.kind == .external && $0.reports.isEmpty) }) == expected)
    }

    /// Any assignment of bosses, cycles and unknown names included, places every role exactly once.
    @Test(arguments: 1...50 as ClosedRange<UInt64>) func everyRoleIsPlacedOnce(seed: UInt64) {
        let roles = Self.randomRoles(seed: seed)
        let chart = OrgChart(roles: roles, external: ["ceo"])
        #expect(chart.entries.map(\.node.id).sorted() == (roles.map(\.id) + ["ceo"]).sorted())
        #expect(chart == OrgChart(roles: roles.reversed(), external: ["ceo"]), "the order of the roles given changes nothing")
        for (node, boss) in chart.entries where node.kind == .role {
            #expect(boss == nil ? node.reportsTo == nil || node.detachment != nil : boss == node.reportsTo, "\(node.id) under \(boss ?? "nothing")")
        }
    }

    @Test func aSubtreeIsThePartUnderANameOrNothing() {
        let chart = OrgChart(roles: [Self.role("cto", reportsTo: "ceo"), Self.role("vp", reportsTo: "cto"), Self.role("cpo", reportsTo: "ceo")],
                             external: ["ceo"])
        #expect(chart.subtree(of: "cto").map { Self.outline($0.roots) } == "cto[vp]")
        #expect(chart.subtree(of: "ceo") == chart)
        #expect(chart.subtree(of: "cfo") == nil)
    }
}
