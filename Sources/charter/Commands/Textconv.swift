import ArgumentParser
import CharterCore
import CharterGit
import Foundation

extension Charter {
    struct Textconv: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a role file in canonical form: git's diff driver for role files (charter hook install --diff).",
            discussion: """
                Areas in the schema's order, keys in a fixed order, one line per value, comments and layout \
                left out, so that git diff and git log -p show what changed and nothing of a reformat. The \
                schema is the one in force where charter runs. A file that does not read as a role under it \
                (broken YAML, x- keys, another schema) is printed as it is, and the exit is 0: git's diff \
                never fails on a role file. A file that cannot be opened is exit 3.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The role file (git gives a temporary copy of each side).", valueName: "file"))
        var file: String

        func run() throws {
            let path = global.path(file)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure(status: .repository, message: "cannot read \(file)")
            }
            let canonical = CharterWriter.canonicalRole([UInt8](data), schema: schemaInForce())
            if isatty(STDOUT_FILENO) == 1 {
                // On a terminal, as text output: no control character from the file reaches it.
                let text = canonical ?? String(decoding: data, as: UTF8.self)
                Terminal.standardOutput.write(text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { TerminalText.escaped(String($0)) }.joined(separator: "\n"))
            } else if let canonical {
                Terminal.standardOutput.write(canonical)
            } else {
                FileHandle.standardOutput.write(data)
            }
        }

        /// The schema of the charter repository charter runs in (its work tree's, or HEAD's when it is
        /// bare), else the built-in one: git hands a diff driver a file, not the revision it comes from.
        /// From a work tree only schema.yaml is read: git runs the driver once for every file it shows.
        private func schemaInForce() -> Schema {
            guard let workspace = try? global.workspace(),
                  let tree = try? workspace.repository.charterDirectory.map({ root throws in
                      try WorkTree.charterTree(at: root, only: [CharterTree.schemaPath])
                  }) ?? workspace.tree(try workspace.head()),
                  let report = try? CharterValidator.load(tree, roleFiles: [], cache: workspace.cache, read: workspace.repository.readBlob),
                  report.schemaReadable else { return .fourArea }
            return report.charters.schema
        }
    }
}
