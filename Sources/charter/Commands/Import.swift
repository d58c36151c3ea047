import ArgumentParser
import CharterCore
import CharterGit
import Foundation

extension Charter {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Bring an acquired company's charters in, with their history, as roles <prefix>-<id>.",
            discussion: """
                REPO is a path or any URL libgit2 can fetch. Its commits are rewritten so that its roles live at \
                roles/<prefix>-<id>.yaml (references to its own roles renamed too), each keeping its author, date \
                and message and recording Imported-From: <original id>; a merge commit joins them to the current \
                branch with Charter-Event: acquisition, and charter.yaml records the import. Item ids are kept, so \
                responsibilities both companies hold show up as pending-integration warnings: the to-do list this \
                command prints. Nothing from REPO is run. A prefix that collides with existing roles, and the \
                repository itself (or a clone of it), are refused (exit 2); an import whose result would not \
                validate is refused with its findings (exit 1). Nothing is written when an import is refused.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The acquired company's charter repository: a path or a URL.", valueName: "repo"))
        var repository: String

        @Option(help: ArgumentHelp("The prefix for the imported role ids (globex makes cto globex-cto).", valueName: "prefix"))
        var prefix: String

        @Option(help: ArgumentHelp("The event's text (default: the acquired company's name).", valueName: "text"))
        var event: String?

        @Option(help: ArgumentHelp("Override the author of the merge, as \"Name <email>\".", valueName: "author"))
        var author: String?

        func validate() throws {
            guard Identifier.isValid(prefix), prefix.count <= 40 else {
                throw ValidationError("--prefix must be an id of at most 40 characters: a-z, 0-9 and '-', starting with a letter")
            }
            if let event {
                if CommitMessage.firstControlCharacter(in: event) != nil {
                    throw ValidationError("--event must be one line, without control characters")
                }
                guard !event.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--event needs a text") }
            }
        }

        func run() throws {
            let workspace = try global.workspace()
            let source = repository.contains("://") || repository.hasPrefix("/") ? repository
                : (global.directory as NSString).appendingPathComponent(repository)
            let (author, committer) = try Identity.resolve(author: author, in: workspace.repository)
            let result: ImportResult
            do {
                result = try workspace.repository.importCharters(from: source, prefix: prefix, event: event ?? prefix,
                                                                 author: author, committer: committer)
            } catch let error as ImportError {
                switch error {
                case .prefixInUse, .importingItself, .shallowSource: throw CommandFailure.usage(error.description)
                case .wouldNotValidate(let report):
                    let stderr = Terminal.standardError
                    stderr.write(TextRenderer.findings(report.findings.filter { $0.severity == .error }, on: stderr))
                    stderr.write(stderr.error("import refused: ") + error.description + "\n")
                    throw CommandFailure.findingsReported
                default: throw CommandFailure(status: .repository, message: error.description)
                }
            }
            let out = Terminal.standardOutput
            let branch = result.branch.map { $0.hasPrefix("refs/heads/") ? String($0.dropFirst(11)) : $0 } ?? "detached HEAD"
            let company = TerminalText.escaped(result.company)
            out.write("Imported \(result.importedCommits) commit\(result.importedCommits == 1 ? "" : "s") of \(out.bold(company)) as \(TerminalText.escaped(result.roles.joined(separator: ", ")))\n")
            out.write("[\(TerminalText.escaped(branch)) \(out.accent(result.merge.short))] Import the charters of \(company) as \(prefix)-*\n")
            let report = workspace.locatedInRepository(try workspace.validated(.commit(result.merge)))
            let todo = report.findings.filter { $0.code == .pendingIntegration }
            let other = report.findings.filter { $0.code != .pendingIntegration }
            if todo.isEmpty {
                out.write("\nNo overlaps: the two companies' boundaries do not meet.\n")
            } else {
                out.write("\nIntegration to-do (\(todo.count)): each item below has two owners until one role keeps it.\n")
                out.write(TextRenderer.findings(todo, on: out))
            }
            if !other.isEmpty {
                out.write("\nOther findings after the import (\(other.tally)):\n")
                out.write(TextRenderer.findings(other, on: out))
            }
        }
    }
}

extension Charter.Import: WorkTreeCommand {
    static let bareRepositoryHint = "import in a clone with a work tree, then push"
}
