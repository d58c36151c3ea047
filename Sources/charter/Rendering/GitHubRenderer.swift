import CharterCore
import CharterGit

/// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), which the runner
/// turns into annotations. Repository content goes through `WorkflowCommand`, the runner's own escaping.
enum GitHubRenderer {
    static func render(_ result: ValidationResult, to out: Terminal) {
        out.write(findings(result.report.findings))
    }

    private static func findings(_ findings: [Finding]) -> String {
        findings.map { finding in
            let properties = [
                "file=\(WorkflowCommand.property(finding.location.file))",
                "line=\(finding.location.line)",
                "col=\(finding.location.column)",
                "title=\(WorkflowCommand.property("charter \(finding.code.rawValue)"))",
            ].joined(separator: ",")
            return "::\(command(finding.severity)) \(properties)::\(WorkflowCommand.data(finding.message + " (hint: " + finding.hint + ")"))\n"
        }.joined()
    }

    /// Each missing approval and audit finding, the result's findings at their file and line, and the
    /// verdict as a notice.
    static func render(_ review: ReviewReport, to out: Terminal) {
        var text = ""
        for approval in review.missing {
            let holder = approval.holder.map { " (\($0))" } ?? ""
            text += "::error title=\(WorkflowCommand.property("charter review: approval missing"))::"
                + WorkflowCommand.data("\(approval.role)\(holder) has not approved: "
                    + approval.changes.map(AuditRules.describe).joined(separator: ", ")) + "\n"
        }
        for entry in review.audit.entries {
            text += "::\(command(entry.finding.severity)) "
                + "title=\(WorkflowCommand.property("charter audit \(entry.finding.code.rawValue)"))::"
                + WorkflowCommand.data("\(entry.info.id.short) \(entry.info.subject): \(entry.finding.message)") + "\n"
        }
        text += findings(review.result.findings)
        text += "::notice title=\(WorkflowCommand.property("charter review"))::"
            + WorkflowCommand.data("\(review.heading): \(review.verdict)") + "\n"
        out.write(text)
    }

    private static func command(_ severity: Severity) -> String { severity == .error ? "error" : "warning" }
}
