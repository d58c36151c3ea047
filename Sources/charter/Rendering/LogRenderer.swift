import CharterCore
import CharterGit

/// How `charter log` shows one commit: a block of lines for people; in Markdown a heading, a list and
/// the changes' tables, those of `charter diff`. Commit subjects, author names, events and approvals
/// come from the repository and are escaped here for each medium; the JSON form (`LogEntry.json`)
/// carries them exactly.
extension LogEntry {
    /// The day shown: the author date, as `git log` shows it, then ` (committed 2024-01-20)` when the
    /// commit was committed on another day (a rebase, a cherry-pick), the date `--since` compares.
    var day: String {
        let committed = info.committer.time.day
        return info.author.time.day + (committed == info.author.time.day ? "" : " (committed \(committed))")
    }

    /// `commit 1a2b3c4  2021-06-14  Author`, then indented: the subject (cut after 200 characters),
    /// the event, the approvals and the boundary changes or their summary.
    func text(on terminal: Terminal, summaryOnly: Bool = false) -> String {
        let shown = TerminalText.escaped
        var out = terminal.warning("commit \(info.id.short)") + "  \(day)  \(shown(info.author.name))\n"
        out += "    " + terminal.bold(TerminalText.excerpt(message.subject)) + "\n"
        if info.parents.count > 1 { out += "    merge: \(info.parents.map(\.short).joined(separator: " "))\n" }
        if let event = message.event { out += "    event: \(terminal.accent(shown(event.description)))\n" }
        if !message.approvals.isEmpty { out += "    approved by: \(message.approvals.map(shown).joined(separator: ", "))\n" }
        if info.isShallowBoundary {
            out += "    " + terminal.dim("note: " + Self.shallowBoundaryNote) + "\n"
        } else if changes.isEmpty || summaryOnly {
            out += "    " + terminal.dim(ChangeRenderer.summary(changes)) + "\n"
        } else {
            out += ChangeRenderer.text(changes, on: terminal, indent: "    ")
        }
        for finding in unreadable {
            out += "    " + terminal.error("unreadable") + " \(shown(finding.location.description)): \(shown(finding.message))\n"
        }
        for file in readableAgain { out += "    " + terminal.dim("note: " + readableAgainNote(file)) + "\n" }
        return out
    }

    /// What a commit at the boundary of a shallow clone shows in place of its changes, which cannot be known.
    static let shallowBoundaryNote = "shallow history: the commits before this one are not in this clone (git fetch --unshallow)"

    /// Why a file's changes appear in this commit rather than in the one that made them.
    func readableAgainNote(_ file: ReadableAgain) -> String {
        "\(file.file) is readable again (unreadable since \(file.unreadableSince.short)): its changes are against its last readable version"
    }

    var markdown: String {
        let shown = MarkdownText.escaped
        var out = "### \(MarkdownText.code(info.id.short)) \(day) — \(shown(info.author.name)): \(shown(message.subject))\n\n"
        if let event = message.event { out += "- event: \(shown(event.description))\n" }
        if info.parents.count > 1 { out += "- merge: \(info.parents.map { MarkdownText.code($0.short) }.joined(separator: " "))\n" }
        if !message.approvals.isEmpty { out += "- approved by: \(message.approvals.map(shown).joined(separator: ", "))\n" }
        out += "- \(info.isShallowBoundary ? "note: " + shown(Self.shallowBoundaryNote) : ChangeRenderer.summary(changes))\n"
        for finding in unreadable {
            out += "- unreadable: \(MarkdownText.code(finding.location.description)): \(shown(finding.message))\n"
        }
        for file in readableAgain { out += "- note: \(shown(readableAgainNote(file)))\n" }
        return out + ChangeRenderer.markdownTables(changes)
    }
}
