import CharterCore

/// Renders validation findings as text for people, JSON for scripts, or GitHub workflow annotations.
/// Messages quote repository content (keys, ids, names, file names): each medium escapes them here.
enum FindingRenderer {
    static func text(_ findings: [Finding], on terminal: Terminal) -> String {
        findings.map { finding in
            let severity = finding.severity == .error
                ? terminal.error("error[\(finding.code.rawValue)]") : terminal.warning("warning[\(finding.code.rawValue)]")
            var lines = ["\(terminal.bold(TerminalText.escaped(finding.location.description))): \(severity): \(TerminalText.escaped(finding.message))"]
            lines += finding.related.map { "  " + terminal.dim("see: \(TerminalText.escaped($0.description))") }
            lines.append("  " + terminal.accent("hint: ") + TerminalText.escaped(finding.hint))
            return lines.joined(separator: "\n") + "\n"
        }.joined()
    }

    static func json(_ findings: [Finding], valid: Bool, source: String) -> JSONValue {
        .object([
            ("format", 1),
            ("source", .string(source)),
            ("valid", .bool(valid)),
            ("findings", .array(findings.map(json))),
        ])
    }

    static func json(_ finding: Finding) -> JSONValue {
        .object([
            ("severity", .string(finding.severity.rawValue)),
            ("code", .string(finding.code.rawValue)),
            ("file", .string(finding.location.file)),
            ("line", .int(finding.location.line)),
            ("column", .int(finding.location.column)),
            ("message", .string(finding.message)),
            ("hint", .string(finding.hint)),
            ("related", .array(finding.related.map { location in
                .object([("file", .string(location.file)), ("line", .int(location.line)), ("column", .int(location.column))])
            })),
        ])
    }

    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
    static func github(_ findings: [Finding]) -> String {
        findings.map { finding in
            let command = finding.severity == .error ? "error" : "warning"
            let properties = [
                "file=\(WorkflowCommand.property(finding.location.file))",
                "line=\(finding.location.line)",
                "col=\(finding.location.column)",
                "title=\(WorkflowCommand.property("charter \(finding.code.rawValue)"))",
            ].joined(separator: ",")
            return "::\(command) \(properties)::\(WorkflowCommand.data(finding.message + " (hint: " + finding.hint + ")"))\n"
        }.joined()
    }
}
