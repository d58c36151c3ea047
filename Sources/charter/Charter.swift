import ArgumentParser
import CharterCore
import CharterGit
import Foundation

@main
struct Charter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charter",
        abstract: "Role charters under version control: validate, commit and review the boundaries between roles.",
        discussion: """
            A charter repository is an ordinary git repository holding charter.yaml, an optional \
            schema.yaml and one roles/<role-id>.yaml per role. Exit codes: 0 ok, 1 findings, \
            2 usage, 3 repository or I/O error.
            """,
        version: "0.1.0",
        subcommands: [Init.self, Validate.self, Commit.self, Diff.self, Show.self, Log.self, Blame.self, Who.self, Audit.self, Approve.self, Review.self, Import.self, Report.self, SchemaCommand.self,
                      Hook.self,
                      Textconv.self,
                      Completions.self]
    )

    /// Runs the command line, mapping every outcome to PRODUCT.md's exit codes in one place. Error
    /// messages may quote repository content (a revision, a path, a name): they are escaped as text
    /// output is; the argument parser's own messages (usage, help) quote only the command line.
    static func main() {
        let arguments = Log.expandingCountShorthand(GlobalOptions.movingLeadingDirectoryOptions(Array(CommandLine.arguments.dropFirst())))
        let status: ExitStatus
        var parsed: ParsableCommand.Type?
        do {
            try checkSubcommand(arguments)
            var command = try parseAsRoot(try PathArguments.separatingPaths(arguments))
            parsed = type(of: command)
            try command.run()
            status = .ok
        } catch {
            status = report(error, from: parsed)
        }
        Foundation.exit(status.rawValue)
    }

    /// A first word that names no command is a misspelt one (charter itself takes no arguments): a usage
    /// error with the closest commands, as the argument parser suggests for a misspelt option.
    static func checkSubcommand(_ arguments: [String]) throws(UnknownName) {
        guard let word = arguments.first, !word.hasPrefix("-") else { return }
        let names = configuration.subcommands.flatMap { [$0._commandName] + $0.configuration.aliases } + ["help"]
        try UnknownName.check(.command, word, scope: "", among: names)
    }

    private static let damagedHint = "hint: the repository may be damaged; `git fsck` lists what is broken\n"

    private static func report(_ error: Error, from command: ParsableCommand.Type?) -> ExitStatus {
        let stderr = Terminal.standardError
        switch error {
        case let failure as CommandFailure:
            if let message = failure.message { stderr.write(stderr.error("error: ") + TerminalText.escaped(message) + "\n") }
            return failure.status
        case let error as UnknownName:
            stderr.write(stderr.error("error: ") + TerminalText.escaped(error.description) + "\n")
            if let hint = error.hint { stderr.write(stderr.accent("hint: ") + hint + "\n") }
            return .usage
        case let error as PathFilter.NotACharterPath:
            stderr.write(stderr.error("error: ") + TerminalText.escaped(error.description) + "\n")
            return .usage
        case RepositoryError.bareRepository:
            // A form that needs a work tree, run where there is none: a usage error, with what to do instead.
            let name = "charter" + (command.map { " " + $0._commandName } ?? "")
            let hint = (command as? WorkTreeCommand.Type).map { "; " + $0.bareRepositoryHint } ?? ""
            stderr.write(stderr.error("error: ") + "this is a bare repository: `\(name)` needs a work tree\(hint)\n")
            return .usage
        case let error as RepositoryError:
            stderr.write(stderr.error("error: ") + TerminalText.escaped(error.description) + "\n")
            if case .git = error { stderr.write(damagedHint) }
            if error.isUsage { return .usage }
            return error == .nothingToCommit ? .findings : .repository
        case let error as CharterFolderError:
            stderr.write(stderr.error("error: ") + TerminalText.escaped(error.description) + "\n")
            return .usage
        case let error as IdentityError:
            stderr.write(stderr.error("error: ") + TerminalText.escaped(error.description) + "\n")
            if case .unknown = error { return .repository }
            return .usage
        case let error as GitError:
            stderr.write(stderr.error("error: ") + TerminalText.escaped(error.description) + "\n" + damagedHint)
            return .repository
        case let error as UnreadableBlob:
            stderr.write(stderr.error("error: ") + TerminalText.escaped(error.description) + "\n" + damagedHint)
            return .repository
        default:
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                return .ok
            }
            stderr.write(fullMessage(for: error) + "\n")
            return .usage
        }
    }
}

/// PRODUCT.md's exit codes.
enum ExitStatus: Int32 {
    case ok = 0
    /// Findings: invalid charters, differences with `--exit-code`, audit findings.
    case findings = 1
    case usage = 2
    /// A repository or I/O error.
    case repository = 3
}

/// A command's own failure: the status to exit with and, unless already printed, a message.
struct CommandFailure: Error {
    var status: ExitStatus
    var message: String?

    /// Findings were printed already; exit 1 without another word.
    static let findingsReported = CommandFailure(status: .findings, message: nil)

    static func usage(_ message: String) -> CommandFailure { CommandFailure(status: .usage, message: message) }
}
