import CharterCore
import Foundation
import Testing

/// The enumerations of the JSON output schemas (`Schemas/output`) are those of the Swift enums that
/// the outputs print, value for value.
@Suite("Output schemas' enumerations")
struct OutputSchemaEnumTests {
    /// The `enum` at `path` in `Schemas/output/<file>.schema.json`, without `null`.
    static func enumeration(_ file: String, _ path: String...) throws -> [String] {
        let url = Fixtures.packageRoot.appendingPathComponent("Schemas/output/\(file).schema.json")
        var node = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        for key in path + ["enum"] {
            node = try #require((node as? [String: Any])?[key], "\(file): no \(key) in \(path)")
        }
        return try #require(node as? [Any]).compactMap { $0 as? String }
    }

    @Test func changeAndItemKinds() throws {
        #expect(try Self.enumeration("common", "$defs", "changeKind") == BoundaryChange.Kind.allCases.map(\.rawValue))
        #expect(try Self.enumeration("common", "$defs", "itemKind") == BoundaryChange.ItemKind.allCases.map(\.rawValue))
    }

    @Test func findingCodesAndSeverities() throws {
        #expect(try Self.enumeration("common", "$defs", "findingCode") == FindingCode.allCases.map(\.rawValue))
        #expect(try Self.enumeration("common", "$defs", "severity") == Severity.allCases.filter { $0 != .off }.map(\.rawValue),
                "off only silences a rule: no finding has it")
    }

    @Test func auditCodesAndTheirSeverities() throws {
        #expect(try Self.enumeration("common", "$defs", "auditCode") == AuditRules.Code.allCases.map(\.rawValue))
        let errors = try Self.enumeration("audit", "properties", "findings", "items", "if", "properties", "code")
        #expect(errors == AuditRules.Code.allCases.filter { $0.severity == .error }.map(\.rawValue))
        #expect(AuditRules.Code.allCases.allSatisfy { $0.severity == .error || $0.severity == .warning }, "the schema's else: warning")
    }

    @Test func whoMatchRanks() throws {
        #expect(try Self.enumeration("who", "properties", "matches", "items", "properties", "match") == OwnershipMatch.Rank.allCases.map(\.name))
    }

    @Test func orgChartNodes() throws {
        #expect(try Self.enumeration("org", "$defs", "node", "properties", "kind") == OrgChart.Node.Kind.allCases.map(\.rawValue))
        #expect(try Self.enumeration("org", "$defs", "node", "properties", "detached") == OrgChart.Detachment.allCases.map(\.rawValue))
    }

    @Test func companyStages() throws {
        #expect(try Self.enumeration("show", "properties", "stage") == Company.Stage.allCases.map(\.rawValue))
    }
}
