import ArgumentParser
import CharterCore
import CharterGit

extension Charter {
    struct SchemaCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema",
            abstract: "Print the schema in force: the repository's schema.yaml, else the built-in four-area schema.",
            discussion: "Outside a charter repository, prints the built-in schema.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print the JSON Schema for role charters that editors use (charter.schema.json).")
        var jsonSchema = false

        func run() throws {
            let tree = (try? global.workspace()).flatMap { try? $0.workTreeCharters() } ?? CharterTree()
            let out = Terminal.standardOutput
            guard tree.entries[CharterTree.schemaPath] != nil else {
                out.write(jsonSchema ? JSONSchemaGenerator.roleSchema(for: .fourArea).rendered() + "\n" : Schema.fourAreaText)
                return
            }
            let report = CharterValidator.validate(tree)
            let schemaFindings = report.findings.filter { $0.location.file == CharterTree.schemaPath }
            guard !schemaFindings.contains(where: { $0.severity == .error }) else {
                Terminal.standardError.write(FindingRenderer.text(schemaFindings, on: .standardError))
                throw CommandFailure.findingsReported
            }
            if jsonSchema {
                out.write(JSONSchemaGenerator.roleSchema(for: report.charters.schema).rendered() + "\n")
            } else if case .file(let bytes)? = tree.entries[CharterTree.schemaPath] {
                out.write(String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}
