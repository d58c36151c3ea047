import ArgumentParser
import CharterCore
import CharterGit

extension Charter {
    struct SchemaCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema",
            abstract: "Print the schema in force: the repository's schema.yaml, else the built-in four-area schema.",
            discussion: "Reads the work tree; in a bare repository, HEAD. Outside a charter repository, prints the built-in schema.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print the JSON Schema for role charters that editors use (charter.schema.json).")
        var jsonSchema = false

        func run() throws {
            let workspace = try? global.workspace()
            let snapshot = (try? workspace?.current()) ?? .empty
            let tree = (try? workspace?.tree(snapshot)) ?? CharterTree()
            let out = Terminal.standardOutput
            guard let workspace, let entry = tree.entries[CharterTree.schemaPath] else {
                out.write(jsonSchema ? JSONSchemaGenerator.roleSchema(for: .fourArea).rendered() + "\n" : Schema.fourAreaText)
                return
            }
            let report = try workspace.validated(snapshot)
            let schemaFindings = report.findings.filter { $0.location.file == CharterTree.schemaPath }
            guard !schemaFindings.contains(where: { $0.severity == .error }) else {
                Terminal.standardError.write(TextRenderer.findings(schemaFindings, on: .standardError))
                throw CommandFailure.findingsReported
            }
            if jsonSchema {
                out.write(JSONSchemaGenerator.roleSchema(for: report.charters.schema).rendered() + "\n")
            } else if let bytes = try Self.bytes(of: entry, in: workspace.repository) {
                out.write(String(decoding: bytes, as: UTF8.self))
            }
        }

        /// A file's bytes, from the work tree or from git; nil for anything but a regular file within the limits.
        private static func bytes(of entry: CharterTree.Entry, in repository: Repository) throws -> [UInt8]? {
            switch entry {
            case .file(let bytes): return bytes
            case .blob(let id):
                guard case .bytes(let bytes) = try repository.readBlob(id, maxBytes: InputLimits.standard.maxBytes) else { return nil }
                return bytes
            default: return nil
            }
        }
    }
}
