@testable import CharterCore
import Testing

@Suite("Boundary diff")
struct BoundaryDiffTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var pair: String
        var expected: [String]
        var testDescription: String { pair }
    }

    /// `kind area item role from>to`, with `-` for what a change does not have.
    static func describe(_ change: BoundaryChange) -> String {
        var parts = [change.kind.rawValue, change.area ?? "-", change.item ?? "-", change.role ?? "-"]
        if change.from != nil || change.to != nil { parts.append("\(change.from ?? "")>\(change.to ?? "")") }
        if let area = change.fromArea { parts.append("from-area:\(area)") }
        if let field = change.field { parts.append("field:\(field)") }
        if change.kind != .added, change.kind != .removed, change.kind != .roleAdded, change.kind != .roleRemoved,
           change.before != nil || change.after != nil {
            parts.append("\(change.before ?? "nil")=>\(change.after ?? "nil")")
        }
        return parts.joined(separator: " ")
    }

    static let cases: [Case] = [
        Case(pair: "move", expected: ["moved strategy roadmap - cpo>cto"]),
        Case(pair: "move-and-reword", expected: [
            "moved strategy roadmap - cpo>cto Build and share the roadmap.=>Own the roadmap while the product team is rebuilt.",
        ]),
        Case(pair: "add-and-remove", expected: ["added strategy technical-roadmap cto", "removed strategy roadmap cpo"]),
        Case(pair: "reformat", expected: []),
        Case(pair: "role-split", expected: [
            "role-added - - vp-engineering",
            "moved innovation enterprise-architecture - cto>vp-engineering",
            "moved metrics cycle-time - cto>vp-engineering",
            "moved metrics usage-analysis - cto>vp-engineering",
        ]),
        Case(pair: "roles-merged", expected: [
            "role-removed - - cpo",
            "moved strategy roadmap - cpo>cto",
            "decision-moved strategy what - cpo>cto", "decision-moved strategy when - cpo>cto", "decision-moved strategy why - cpo>cto",
            "moved innovation market-direction - cpo>cto",
            "decision-moved innovation what - cpo>cto", "decision-moved innovation when - cpo>cto", "decision-moved innovation why - cpo>cto",
            "moved customers voice-of-customer - cpo>cto",
            "decision-moved customers what - cpo>cto", "decision-moved customers when - cpo>cto", "decision-moved customers why - cpo>cto",
            "consults-changed customers customer-fit-technology cto cpo=>",
            "moved metrics retention - cpo>cto",
            "decision-moved metrics what - cpo>cto", "decision-moved metrics when - cpo>cto", "decision-moved metrics why - cpo>cto",
        ]),
        Case(pair: "decision-moved", expected: ["decision-moved strategy when - cpo>cto"]),
        Case(pair: "decision-granted-and-dropped", expected: [
            "decision-dropped innovation how cto", "decision-granted metrics how cto",
        ]),
        Case(pair: "area-change", expected: ["moved customers usage-analysis - cto>cto from-area:metrics"]),
        Case(pair: "consults-changed", expected: ["consults-changed customers customer-fit-technology cto cpo=>"]),
        Case(pair: "fields-changed", expected: [
            "field-changed - - cto field:holder nil=>Dana Reyes",
            "field-changed - - cto field:reports-to ceo=>board",
            "field-changed - - cto field:title Chief Technology Officer=>CTO and co-founder",
            "field-changed strategy - cto field:mandate nil=>The how of the product.",
        ]),
        Case(pair: "kpi-moved", expected: ["moved metrics retention - cpo>cto Retention=>Customer retention"]),
        Case(pair: "unreadable-side", expected: ["removed strategy roadmap cpo"]),
    ]

    static func sides(_ pair: String) throws -> (CharterSet, CharterSet) {
        (CharterValidator.validate(try Fixtures.tree(at: Fixtures.folder.appendingPathComponent("diffs/\(pair)/before"))).charters,
         CharterValidator.validate(try Fixtures.tree(at: Fixtures.folder.appendingPathComponent("diffs/\(pair)/after"))).charters)
    }

    @Test("each fixture pair gives exactly its changes, in order", arguments: cases)
    func changes(_ testCase: Case) throws {
        let (before, after) = try Self.sides(testCase.pair)
        #expect(BoundaryDiff.changes(from: before, to: after).map(Self.describe) == testCase.expected)
    }

    @Test("the reverse diff undoes every move", arguments: cases)
    func reverse(_ testCase: Case) throws {
        let (before, after) = try Self.sides(testCase.pair)
        let forward = BoundaryDiff.changes(from: before, to: after)
        let backward = BoundaryDiff.changes(from: after, to: before)
        #expect(forward.count == backward.count)
        #expect(forward.filter { $0.kind == .moved }.map { [$0.item, $0.from, $0.to] }.sorted { "\($0)" < "\($1)" }
                == backward.filter { $0.kind == .moved }.map { [$0.item, $0.to, $0.from] }.sorted { "\($0)" < "\($1)" })
    }

    @Test func identicalSetsHaveNoChanges() throws {
        let (before, _) = try Self.sides("move")
        #expect(BoundaryDiff.changes(from: before, to: before).isEmpty)
    }

    @Test func fromNothingEveryRoleAndItemIsAdded() throws {
        let (_, after) = try Self.sides("move")
        let empty = CharterSet(company: nil, schema: .fourArea, roles: [])
        let changes = BoundaryDiff.changes(from: empty, to: after)
        #expect(changes.filter { $0.kind == .roleAdded }.compactMap(\.role) == ["cpo", "cto"])
        #expect(changes.filter { $0.kind == .added }.count == 9)
        #expect(changes.filter { $0.kind == .decisionGranted }.count == 16)
    }
}
