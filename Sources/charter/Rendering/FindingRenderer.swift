import CharterCore

/// Renders validation findings as text for people, JSON for scripts, or GitHub workflow annotations.
enum FindingRenderer {
    static func text(_ findings: [Finding], on terminal: Terminal) -> String {
        findings.map { finding in
            let severity = finding.severity == .error
                ? terminal.error("error[\(finding.code.rawValue)]") : terminal.warning("warning[\(finding.code.rawValue)]")
            var lines = ["\(terminal.bold(finding.location.description)): \(severity): \(finding.message)"]
            lines += finding.related.map { "  " + terminal.dim("see: \($0)") }
            lines.append("  " + terminal.accent("hint: ") + finding.hint)
            return lines.joined(separator: "\n") + "\n"
        }.joined()
    }

    /// `2 errors, 1 warning`.
    static func tally(_ findings: [Finding]) -> String {
        tally(errors: findings.errorCount, warnings: findings.warningCount)
    }

    static func tally(errors: Int, warnings: Int) -> String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
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
                "file=\(escapeProperty(finding.location.file))",
                "line=\(finding.location.line)",
                "col=\(finding.location.column)",
                "title=\(escapeProperty("charter \(finding.code.rawValue)"))",
            ].joined(separator: ",")
            return "::\(command) \(properties)::\(escapeData(finding.message + " (hint: " + finding.hint + ")"))\n"
        }.joined()
    }

    private static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
