import Foundation
import Testing

@Suite("charter schema and the JSON Schema for editors")
struct SchemaCommandTests {
    static let schemas = Scratch.packageRoot.appendingPathComponent("Schemas")

    @Test func printsTheBuiltInSchema() throws {
        let scratch = try Scratch()
        let outcome = try scratch.charter("schema")
        #expect(outcome.status == 0)
        #expect(outcome.stdout == (try String(contentsOf: Self.schemas.appendingPathComponent("four-area.yaml"), encoding: .utf8)))
    }

    @Test func jsonSchemaIsTheCommittedFileAndTheOneInitWrites() throws {
        let scratch = try Scratch()
        let committed = try String(contentsOf: Self.schemas.appendingPathComponent("charter.schema.json"), encoding: .utf8)
        #expect(try scratch.charter("schema", "--json-schema").stdout == committed)
        try scratch.initRepository()
        #expect(try scratch.read("acme/charter.schema.json") == committed)
    }

    @Test func printsTheRepositorysOwnSchema() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let own = try String(contentsOf: Self.schemas.appendingPathComponent("four-area.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "schema: four-area", with: "schema: acme-areas")
        try scratch.write("acme/schema.yaml", own)
        #expect(try scratch.charter("schema", in: "acme").stdout == own)
        let json = try scratch.charter("schema", "--json-schema", in: "acme")
        #expect(json.stdout.contains("from the schema 'acme-areas'"))
        // charter.yaml still names four-area: the mismatch is a finding.
        let validate = try scratch.charter("validate", in: "acme")
        #expect(validate.status == 1)
        #expect(validate.stdout.contains("charter.yaml:3:9: error[schema-mismatch]"))
    }

    /// Python's jsonschema, a real JSON Schema validator, accepts every valid charter and rejects
    /// the invalid ones that a single file can show.
    @Test func aRealValidatorAgrees() throws {
        let scratch = try Scratch()
        var arguments = [Scratch.packageRoot.appendingPathComponent("Tests/EndToEndTests/Scripts/check_json_schema.py").path,
                         Self.schemas.appendingPathComponent("charter.schema.json").path]
        for stage in ["emerging", "growth", "scale"] {
            try scratch.initRepository(stage, stage: stage)
            for name in try FileManager.default.contentsOfDirectory(atPath: scratch.path("\(stage)/roles")) {
                arguments.append("valid:" + scratch.path("\(stage)/roles/\(name)"))
            }
        }
        let fixtures = Scratch.packageRoot.appendingPathComponent("Tests/CharterCoreTests/Fixtures")
        for name in ["cpo", "cto"] {
            arguments.append("valid:" + fixtures.appendingPathComponent("repos/valid/roles/\(name).yaml").path)
        }
        let invalid = ["unknown-key", "missing-title", "number-title", "bool-title", "null-title", "areas-list", "area-list",
                       "responsibility-text", "responsibility-missing-text", "decides-scalar", "unknown-decision-right",
                       "unknown-area", "missing-area", "kpis-in-strategy", "invalid-item-id", "path-role-id",
                       "consults-scalar", "empty-id"]
        arguments += invalid.map { "invalid:" + fixtures.appendingPathComponent("bad-input/\($0).yaml").path }
        let outcome = try scratch.run("/usr/bin/env", ["python3"] + arguments)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.hasSuffix("checked \(arguments.count - 2) files against \(arguments[1])\n"))
    }
}
