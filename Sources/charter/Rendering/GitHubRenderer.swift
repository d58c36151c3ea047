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
            return "::\(finding.severity.level) \(properties)::\(WorkflowCommand.data(finding.message + " (hint: " + finding.hint + ")"))\n"
        }.joined()
    }

    /// Each missing approval and audit finding, the result's findings at their file and line, and the
    /// verdict as a notice.
    static func render(_ review: ReviewReport, to out: Terminal) {
        var text = ""
        for approval in review.missing {
            text += "::error title=\(WorkflowCommand.property("charter review: approval missing"))::" + WorkflowCommand.data(approval.notApproved) + "\n"
        }
        for entry in review.audit.entries {
            text += "::\(entry.finding.severity.level) "
                + "title=\(WorkflowCommand.property("charter audit \(entry.finding.code.rawValue)"))::"
                + WorkflowCommand.data("\(entry.info.id.short) \(entry.info.subject): \(entry.finding.message)") + "\n"
        }
        text += findings(review.result.findings)
        text += "::notice title=\(WorkflowCommand.property("charter review"))::"
            + WorkflowCommand.data("\(review.heading): \(review.verdict)") + "\n"
        out.write(text)
    }
}
