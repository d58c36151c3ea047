import ArgumentParser
import CharterCore

extension Charter {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the charters of the work tree, the index or any revision against the schema and the boundary rules.",
            discussion: "Reports every finding at once. Exit 0 when valid (warnings allowed), 1 when any error is found.")

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Validate this revision instead of the work tree.", valueName: "rev"))
        var rev: String?

        @Flag(help: "Validate what is staged for the next commit (the index) instead of the work tree, as a pre-commit hook does.")
        var staged = false

        static let formats: OutputFormats<ValidationResult> = [
            .text: TextRenderer.render, .json: JSONRenderer.render, .github: GitHubRenderer.render,
            .junit: JUnitRenderer.render, .sarif: SARIFRenderer.render,
        ]

        @Option(help: formats.help, completion: formats.completion)
        var format: OutputFormat = .text

        func validate() throws {
            try Self.formats.check(format)
            if staged, rev != nil { throw ValidationError("--staged and --rev name two things to validate; give one") }
        }

        func run() throws {
            let workspace = try global.workspace()
            let snapshot = try rev.map(workspace.snapshot) ?? (staged ? .index : .workTree)
            let report = workspace.locatedInRepository(try workspace.lineageChecked(workspace.validated(snapshot), of: snapshot))
            Self.formats.render(ValidationResult(source: snapshot, report: report), as: format)
            if !report.isValid { throw CommandFailure.findingsReported }
        }
    }
}

extension Charter.Validate: WorkTreeCommand {
    static let bareRepositoryHint = "use --rev REV"
}

/// What `charter validate` found, and where it read the charters.
struct ValidationResult {
    var source: Workspace.Snapshot
    var report: ValidationReport
}
