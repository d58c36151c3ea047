import CharterCore
import CharterGit

/// How `charter review` shows a change: sections for people, a pull-request comment in Markdown,
/// workflow annotations for GitHub, and JSON for scripts. Role holders, commit subjects and finding
/// messages come from the repository and are escaped for each medium.
extension ReviewReport {
    /// `review of HEAD against main (merge base 1a2b3c4): 2 commits`.
    var heading: String {
        "review of \(tip.name) against \(base.name) (\(base.isMergeBase ? "merge base " : "")\(base.commit.short)): "
            + "\(commits.count) commit\(commits.count == 1 ? "" : "s")"
    }

    /// The approval as a reviewer reads it: `approved in 5e6f7a8` or `missing`.
    static func state(_ approval: Approval) -> String {
        approval.approvedIn.isEmpty ? "missing" : "approved in " + approval.approvedIn.map(\.short).joined(separator: ", ")
    }

    // MARK: - Text

    func text(on terminal: Terminal) -> String {
        let shown = TerminalText.escaped
        var out = terminal.bold(shown(heading)) + "\n\n"
        out += terminal.bold("boundary changes") + " (\(base.commit.short) → \(workTree ? "work tree" : tip.commit.short))\n"
        out += comparison.changes.isEmpty ? "    " + terminal.dim("no boundary changes") + "\n"
            : ChangeRenderer.text(comparison.changes, on: terminal, indent: "    ")
        out += ChangeRenderer.text(comparison.unreadable, on: terminal)
        out += "\n" + terminal.bold("approvals needed") + "\n"
        if approvals.isEmpty { out += "    " + terminal.dim("none: nothing leaves or moves between roles") + "\n" }
        let roleWidth = approvals.map { shown($0.role).count }.max() ?? 0
        let holderWidth = approvals.map { shown($0.holder ?? "(no holder)").count }.max() ?? 0
        for approval in approvals {
            let state = Self.state(approval)
            out += "    " + shown(approval.role).padded(to: roleWidth) + "  "
                + shown(approval.holder ?? "(no holder)").padded(to: holderWidth) + "  "
                + (approval.isPresent ? terminal.accent(state) : terminal.error(state))
                + terminal.dim("  \(approval.changes.count) change\(approval.changes.count == 1 ? "" : "s"): "
                    + shown(approval.changes.prefix(3).map(AuditRules.describe).joined(separator: ", "))
                    + (approval.changes.count > 3 ? " and \(approval.changes.count - 3) more" : "")) + "\n"
        }
        out += "\n" + terminal.bold("audit of the range's commits") + "\n"
        out += audit.text(on: terminal).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
        out += "\n" + terminal.bold("result") + " (\(workTree ? "work tree" : tip.commit.short)): "
            + (result.isValid ? "valid" : terminal.error("invalid")) + " (\(result.findings.tally))\n"
        if !result.isValid { out += FindingRenderer.text(result.findings.filter { $0.severity == .error }, on: terminal) }
        out += "\n" + (isReady ? terminal.accent(verdict) : terminal.error(shown(verdict))) + "\n"
        return out
    }

    // MARK: - Markdown

    /// A pull-request comment: the verdict first, then each section.
    var markdown: String {
        let shown = MarkdownText.escaped
        var out = "### Charter review\n\n**\(isReady ? "Ready to merge" : "Not ready")**"
            + (isReady ? "" : ": " + shown(blockers.joined(separator: "; "))) + "\n\n" + shown(heading) + "\n\n"
        out += ChangeRenderer.markdown(comparison.changes, unreadable: comparison.unreadable,
                                       title: "Boundary changes: \(MarkdownText.code(base.commit.short)) → \(MarkdownText.code(workTree ? "work tree" : tip.commit.short))")
        out += "\n### Approvals needed\n\n"
        if approvals.isEmpty {
            out += "None: nothing leaves or moves between roles.\n"
        } else {
            out += "| role | holder | approval | changes |\n|---|---|---|---|\n"
            for approval in approvals {
                out += "| \(MarkdownText.code(approval.role)) | \(shown(approval.holder ?? "")) | \(shown(Self.state(approval))) | "
                    + "\(shown(approval.changes.map(AuditRules.describe).joined(separator: ", "))) |\n"
            }
        }
        out += "\n" + audit.markdown.replacingOccurrences(of: "### Charter audit", with: "### Audit of the range's commits")
        out += "\n### Result\n\n\(result.isValid ? "Valid" : "**Invalid**") (\(result.findings.tally)).\n"
        let errors = result.findings.filter { $0.severity == .error }
        if !errors.isEmpty {
            out += "\n| file | line | code | finding |\n|---|---|---|---|\n"
            for finding in errors {
                out += "| \(MarkdownText.code(finding.location.file)) | \(finding.location.line):\(finding.location.column) | "
                    + "\(finding.code.rawValue) | \(shown(finding.message)) |\n"
            }
        }
        return out
    }

    // MARK: - GitHub

    /// Workflow annotations: each missing approval and audit finding, the result's findings at their
    /// file and line, and the verdict as a notice.
    var github: String {
        var out = ""
        for approval in missing {
            let holder = approval.holder.map { " (\($0))" } ?? ""
            out += "::error title=\(WorkflowCommand.property("charter review: approval missing"))::"
                + WorkflowCommand.data("\(approval.role)\(holder) has not approved: "
                    + approval.changes.map(AuditRules.describe).joined(separator: ", ")) + "\n"
        }
        for entry in audit.entries {
            out += "::\(entry.finding.severity == .error ? "error" : "warning") "
                + "title=\(WorkflowCommand.property("charter audit \(entry.finding.code.rawValue)"))::"
                + WorkflowCommand.data("\(entry.info.id.short) \(entry.info.subject): \(entry.finding.message)") + "\n"
        }
        out += FindingRenderer.github(result.findings)
        out += "::notice title=\(WorkflowCommand.property("charter review"))::" + WorkflowCommand.data("\(heading): \(verdict)") + "\n"
        return out
    }

    // MARK: - JSON

    var json: JSONValue {
        .object([
            ("format", 1),
            ("base", .object([("name", .string(base.name)), ("commit", .string(base.commit.description))])),
            ("tip", .object([("name", .string(tip.name)), ("commit", .string(tip.commit.description)), ("workTree", .bool(workTree))])),
            ("commits", .array(commits.map { .string($0.id.description) })),
            ("changes", .array(comparison.changes.map(ChangeRenderer.json))),
            ("unreadable", .array(comparison.unreadable.map(ChangeRenderer.json))),
            ("approvals", .array(approvals.map { approval in
                .object([
                    ("role", .string(approval.role)),
                    ("holder", JSONValue(approval.holder)),
                    ("approved", .bool(approval.isPresent)),
                    ("approvedIn", .array(approval.approvedIn.map { .string($0.description) })),
                    ("changes", .array(approval.changes.map(ChangeRenderer.json))),
                ])
            })),
            ("audit", audit.json),
            ("result", FindingRenderer.json(result.findings, valid: result.isValid, source: workTree ? "worktree" : tip.commit.description)),
            ("ready", .bool(isReady)),
            ("blockers", .array(blockers.map(JSONValue.string))),
        ])
    }
}
