@testable import CharterCore
import Foundation
import Testing

@Suite("Schema")
struct SchemaTests {
    @Test func builtinSchemaIsTheFileInSchemas() throws {
        let file = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Schemas/four-area.yaml"), encoding: .utf8)
        #expect(file == Schema.fourAreaText, "Schemas/four-area.yaml and BuiltinSchema.swift have drifted apart")
    }

    @Test func committedJSONSchemaMatchesTheGenerator() throws {
        let file = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Schemas/charter.schema.json"), encoding: .utf8)
        #expect(file == JSONSchemaGenerator.roleSchema(for: .fourArea).rendered() + "\n",
                "Schemas/charter.schema.json is stale: regenerate it with `charter schema --json-schema > Schemas/charter.schema.json`")
    }

    @Test func fourAreaSchema() {
        let schema = Schema.fourArea
        #expect(schema.id == "four-area")
        #expect(schema.areas.map(\.id) == ["strategy", "innovation", "customers", "metrics"])
        #expect(schema.areas.filter(\.allowsKPIs).map(\.id) == ["metrics"])
        #expect(schema.decisionRights.map(\.id) == ["why", "what", "when", "how"])
        #expect(schema.areas.allSatisfy { !$0.questions.isEmpty })
        #expect(Rule.allCases.allSatisfy { schema.rules[$0] != nil })
        #expect(schema.severity(of: .undecidedRight) == .warning)
        #expect(schema.severity(of: .singleOwner) == .error)
    }

    @Test func jsonSchemaFollowsACustomSchema() throws {
        let tree = try Fixtures.repository("custom-schema")
        let schema = CharterValidator.validate(tree).charters.schema
        let json = JSONSchemaGenerator.roleSchema(for: schema).rendered()
        #expect(json.contains("\"security\""))
        #expect(json.contains("five-area"))
    }
}
