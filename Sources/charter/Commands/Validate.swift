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

        @Option(help: "Output format: text, json or github (workflow annotations).")
        var format: OutputFormat = .text

        func validate() throws {
            try OutputFormat.check(format, allowed: [.text, .json, .github])
            if staged, rev != nil { throw ValidationError("--staged and --rev name two things to validate; give one") }
        }

        func run() throws {
            let workspace = try global.workspace()
            let snapshot = try rev.map(workspace.snapshot) ?? (staged ? .index : .workTree)
            let report = try workspace.validated(snapshot)
            let source = snapshot.label
            let out = Terminal.standardOutput
            switch format {
            case .json:
                out.write(FindingRenderer.json(report.findings, valid: report.isValid, source: source).rendered() + "\n")
            case .github:
                out.write(FindingRenderer.github(report.findings))
            default:
                out.write(FindingRenderer.text(report.findings, on: out))
                let roles = report.charters.roles.count
                let summary = "\(roles) role\(roles == 1 ? "" : "s"), \(report.findings.tally)"
                out.write(report.isValid ? out.success("valid: ") + summary + "\n" : out.error("invalid: ") + summary + "\n")
            }
            if !report.isValid { throw CommandFailure.findingsReported }
        }
    }
}

extension Charter.Validate: WorkTreeCommand {
    static let bareRepositoryHint = "use --rev REV"
}
