import CharterCore
import CharterGit

/// How `charter audit` shows its findings: one entry per finding for people, a table in Markdown.
/// Finding messages quote repository content (approver names, validation messages) and commit
/// subjects are the repository's: both are escaped here.
extension HistoryAudit {
    /// `1a2b3c4 2021-06-14  error[code]: message`, the commit's subject indented below, then the tally.
    func text(on terminal: Terminal) -> String {
        var out = entries.map { entry in
            let severity = entry.finding.severity == .error
                ? terminal.error("error[\(entry.finding.code.rawValue)]") : terminal.warning("warning[\(entry.finding.code.rawValue)]")
            return "\(terminal.warning(entry.info.id.short)) \(entry.info.author.time.day)  \(severity): \(TerminalText.escaped(entry.finding.message))\n"
                + "    \(terminal.dim(TerminalText.excerpt(entry.info.subject)))\n"
        }.joined()
        if !entries.isEmpty { out += "\n" }
        out += headline + "\n"
        if !byCode.isEmpty { out += "  " + byCode.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "\n" }
        return out
    }

    var markdown: String {
        var out = "### Charter audit\n\n\(headline)\n"
        if !entries.isEmpty {
            out += "\n| commit | date | severity | code | finding |\n|---|---|---|---|---|\n"
            for entry in entries {
                out += "| \(MarkdownText.code(entry.info.id.short)) | \(entry.info.author.time.day) | \(entry.finding.severity.rawValue) | "
                    + "\(entry.finding.code.rawValue) | \(MarkdownText.escaped(entry.finding.message)) |\n"
            }
        }
        return out
    }
}
