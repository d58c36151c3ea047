@testable import CharterCore
import Testing

@Suite("Boundary rules across roles")
struct BoundaryRulesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var repository: String
        var expected: [String]
        var testDescription: String { repository }
    }

    static let cases: [Case] = [
        Case(repository: "valid", expected: []),
        Case(repository: "overlap", expected: ["overlap@roles/cto.yaml:8:13"]),
        Case(repository: "decider-conflict", expected: ["decider-conflict@roles/cto.yaml:6:20"]),
        Case(repository: "undecided", expected: ["warning undecided@roles/cpo.yaml:20:3"]),
        Case(repository: "uncovered", expected: ["uncovered-area@roles/cpo.yaml:10:3"]),
        Case(repository: "kpi-overlap", expected: ["kpi-overlap@roles/cto.yaml:26:13"]),
        Case(repository: "unknown-reference", expected: [
            "unknown-reference@roles/cto.yaml:3:13", "unknown-reference@roles/cto.yaml:20:25",
            "unknown-reference@roles/cto.yaml:20:30",
        ]),
        Case(repository: "reporting-cycle", expected: ["reporting-cycle@roles/cpo.yaml:3:13"]),
        Case(repository: "schema-mismatch", expected: ["schema-mismatch@charter.yaml:4:9"]),
        Case(repository: "custom-schema", expected: ["warning overlap@roles/cto.yaml:8:13"]),
        Case(repository: "missing-company", expected: ["missing-file@charter.yaml:1:1"]),
        Case(repository: "invalid-schema", expected: [
            "invalid-id@schema.yaml:1:9", "wrong-type@schema.yaml:2:10", "invalid-value@schema.yaml:1:1",
            "unknown-key@schema.yaml:8:5", "invalid-value@schema.yaml:10:17", "unknown-key@schema.yaml:11:3",
        ]),
        Case(repository: "structure", expected: [
            "wrong-type@roles/cpo.yaml:2:8", "unknown-key@roles/cpo.yaml:3:1",
            "unknown-decision-right@roles/cpo.yaml:6:20", "invalid-id@roles/cpo.yaml:8:13",
            "missing-key@roles/cpo.yaml:10:9", "kpis-not-allowed@roles/cpo.yaml:12:5",
            "wrong-type@roles/cpo.yaml:15:23", "wrong-type@roles/cpo.yaml:16:14", "unknown-area@roles/cpo.yaml:17:3",
            "missing-area@roles/cpo.yaml:4:1",
        ]),
    ]

    @Test("each rule reports what it should, where it should", arguments: cases)
    func findings(_ testCase: Case) throws {
        let report = CharterValidator.validate(try Fixtures.repository(testCase.repository))
        #expect(Set(Fixtures.summary(report.findings)) == Set(testCase.expected))
    }

    @Test func overlapNamesBothFiles() throws {
        let report = CharterValidator.validate(try Fixtures.repository("overlap"))
        let overlap = try #require(report.findings.first)
        #expect(overlap.message == "responsibility 'roadmap' is owned by both cpo and cto")
        #expect(overlap.related == [SourceLocation(file: "roles/cpo.yaml", line: 8, column: 13)])
        #expect(!report.isValid)
    }

    @Test func cycleIsNamedInOrder() throws {
        let report = CharterValidator.validate(try Fixtures.repository("reporting-cycle"))
        #expect(report.findings.map(\.message) == ["reporting cycle: cpo → cto → cpo"])
    }

    @Test func warningsLeaveTheCharterValid() throws {
        #expect(CharterValidator.validate(try Fixtures.repository("undecided")).isValid)
        #expect(CharterValidator.validate(try Fixtures.repository("custom-schema")).isValid)
    }

    @Test func customSchemaIsInForce() throws {
        let report = CharterValidator.validate(try Fixtures.repository("custom-schema"))
        #expect(report.charters.schema.id == "five-area")
        #expect(report.charters.schema.areas.map(\.id) == ["strategy", "innovation", "customers", "metrics", "security"])
        #expect(report.charters.schema.severity(of: .undecidedRight) == .off)
    }

    @Test func aRuleSetToOffIsSilent() throws {
        var tree = try Fixtures.repository("custom-schema")
        tree.entries["roles/cpo.yaml"] = try Fixtures.repository("undecided").entries["roles/cpo.yaml"].map { entry in
            guard case .file(let bytes) = entry else { return entry }
            return .file(bytes + Array("  security: {}\n".utf8))
        }
        let report = CharterValidator.validate(tree)
        #expect(!report.findings.contains { $0.code == .undecided })
    }
}
