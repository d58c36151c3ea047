import ArgumentParser
import CharterCore

extension Charter {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the charters of the work tree, the index or any revision against the schema and the boundary rules.",
            discussion: """
                Reports every finding at once. Exit 0 when valid (warnings allowed), 1 when any error is found. \
                Text shows every error; when more than \(FindingDigest.threshold) warnings share a code, it shows \
                the first \(FindingDigest.examples) and counts the rest in one line (--all shows them all). \
                The last line counts the roles, errors and warnings. --quiet leaves the warnings out, in every \
                format (the count still says how many there are in text); json, github, junit and sarif \
                otherwise carry every finding.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Validate this revision instead of the work tree.", valueName: "rev"))
        var rev: String?

        @Flag(help: "Validate what is staged for the next commit (the index) instead of the work tree, as a pre-commit hook does.")
        var staged = false

        static let formats: OutputFormats<ValidationResult> = [
            .text: TextRenderer.render, .json: JSONRenderer.render, .github: GitHubRenderer.render,
            .junit: JUnitRenderer.render, .sarif: SARIFRenderer.render,
        ]

        @Flag(name: .shortAndLong, help: "Errors only: leave the warnings out.")
        var quiet = false

        @Flag(help: "In text, show every warning, however many share a code.")
        var all = false

        @Option(help: formats.help, completion: formats.completion)
        var format: OutputFormat = .text

        func validate() throws {
            try Self.formats.check(format)
            if staged, rev != nil { throw ValidationError("--staged and --rev name two things to validate; give one") }
            if quiet, all { throw ValidationError("--quiet leaves the warnings out and --all shows every one; give one") }
        }

        func run() throws {
            let workspace = try global.workspace()
            let snapshot = try rev.map(workspace.snapshot) ?? (staged ? .index : .workTree)
            var report = workspace.locatedInRepository(try workspace.lineageChecked(workspace.validated(snapshot), of: snapshot))
            let warnings = report.findings.warningCount
            if quiet { report.findings.removeAll { $0.severity != .error } }
            Self.formats.render(ValidationResult(source: snapshot, report: report, warningsLeftOut: quiet ? warnings : 0,
                                                 digest: !all), as: format)
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
    /// The findings to report: with --quiet, the errors only.
    var report: ValidationReport
    /// The warnings --quiet left out of `report`, which text still counts.
    var warningsLeftOut = 0
    /// Whether text cuts the warnings of a code to a few when there are many (`FindingDigest`).
    var digest = true
}
