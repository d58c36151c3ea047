import CharterCore
import CharterGit

/// Text for people: a terminal, a pipe, a CI log. Every piece of repository content (titles, holders,
/// texts, commit subjects, authors, finding messages, paths) goes through `TerminalText` where it is
/// interpolated, so charter's own colour codes and line breaks are the only ones printed; colour comes
/// from the terminal written to. Long texts are cut; JSON carries them whole.
enum TextRenderer {
    // MARK: - validate

    static func render(_ result: ValidationResult, to out: Terminal) {
        let report = result.report
        let digest = result.digest ? FindingDigest(report.findings) : FindingDigest(all: report.findings)
        out.write(findings(digest, on: out, more: "--all shows them"))
        let roles = report.charters.roles.count
        let tally = Finding.tally(errors: report.findings.errorCount, warnings: report.findings.warningCount + result.warningsLeftOut)
        let summary = "\(roles) role\(roles == 1 ? "" : "s"), \(tally)" + (result.warningsLeftOut > 0 ? " (warnings not shown: --quiet)" : "")
        out.write(report.isValid ? out.success("valid: ") + summary + "\n" : out.error("invalid: ") + summary + "\n")
    }

    /// The findings a digest shows, then a line for each code whose warnings it cut short:
    /// `… and 38 more pending-integration warnings (--all shows them)`; `more` says how to see them.
    static func findings(_ digest: FindingDigest, on terminal: Terminal, more: String) -> String {
        findings(digest.shown, on: terminal) + digest.elided.map { elided in
            terminal.dim("… and \(elided.count) more \(elided.code.rawValue) warning\(elided.count == 1 ? "" : "s") (\(more))") + "\n"
        }.joined()
    }

    /// `roles/cto.yaml:10:11: error[overlap]: message`, then the related places and the hint, indented.
    static func findings(_ findings: [Finding], on terminal: Terminal) -> String {
        findings.map { finding in
            let severity = finding.severity == .error
                ? terminal.error("error[\(finding.code.rawValue)]") : terminal.warning("warning[\(finding.code.rawValue)]")
            var lines = ["\(terminal.bold(TerminalText.escaped(finding.location.description))): \(severity): \(TerminalText.escaped(finding.message))"]
            lines += finding.related.map { "  " + terminal.dim("see: \(TerminalText.escaped($0.description))") }
            lines.append("  " + terminal.accent("hint: ") + TerminalText.escaped(finding.hint))
            return lines.joined(separator: "\n") + "\n"
        }.joined()
    }

    // MARK: - diff

    static func render(_ diff: Workspace.Comparison, to out: Terminal) {
        out.write(changes(diff.changes, on: out))
        if !diff.changes.isEmpty { out.write("\n") }
        out.write(unreadable(diff.unreadable, on: out))
        // Nothing readable changed is not the same as nothing changed.
        let left = diff.unreadable.count
        let summary = left == 0 ? diff.changes.summary
            : "\(diff.changes.summary) in what could be read; \(left) file\(left == 1 ? "" : "s") left out"
        out.write(out.dim(summary + " (\(diff.from.shortLabel) → \(diff.to.shortLabel))") + "\n")
    }

    /// One line per change (`strategy  moved  roadmap  cto → cpo`), groups separated by a blank line.
    /// The moves along a merger or split are listed under it, indented, in columns of their own.
    static func changes(_ changes: [BoundaryChange], on terminal: Terminal, indent: String = "") -> String {
        changeLines(changes, on: terminal, indent: indent).map { $0.trailingSpacesTrimmed + "\n" }.joined()
    }

    private static func changeLines(_ changes: [BoundaryChange], on terminal: Terminal, indent: String) -> [String] {
        let (listed, members) = changes.groupedByLineage
        let areaWidth = max(8, listed.map { shown($0.group).count }.max() ?? 0)
        let kindWidth = listed.map(\.kind.rawValue.count).max() ?? 0
        let itemWidth = listed.map { shown($0.itemLabel).count }.max() ?? 0
        var lines: [String] = []
        var previousGroup: String?
        for change in listed {
            if let previousGroup, previousGroup != change.group { lines.append("") }
            previousGroup = change.group
            let area = shown(change.group).padded(to: areaWidth)
            let kind = change.kind.rawValue.padded(to: kindWidth)
            let item = shown(change.itemLabel).padded(to: itemWidth)
            // The lines of a multi-line text go on under the details column.
            let continuation = indent + String(repeating: " ", count: areaWidth + kindWidth + itemWidth + 6)
            // The moves a merger or split counts follow it; a filter may have left some out.
            let total = (change.movedItems ?? 0) + (change.movedDecisions ?? 0), shown = members[change]?.count ?? 0
            let listed = total == 0 ? "" : shown == 0 ? " (none shown)" : (shown < total ? " (\(shown) shown)" : "") + ":"
            lines.append("\(indent)\(terminal.bold(area))  \(colour(kind, change.kind, terminal))  \(item)  \(details(change, among: changes, continuation: continuation))\(listed)")
            // One block: no blank line between the areas of the moves along a lineage.
            if let moves = members[change] { lines += changeLines(moves, on: terminal, indent: indent + "    ").filter { !$0.isEmpty } }
        }
        return lines
    }

    /// One line per file a side could not read: `unreadable: roles/cto.yaml:2:8 in work tree: reason`.
    private static func unreadable(_ files: [Workspace.UnreadableFile], on terminal: Terminal) -> String {
        files.map { file in
            terminal.warning("unreadable: ") + "\(TerminalText.escaped(file.finding.location.description)) in \(file.snapshot.shortLabel), "
                + "left out of the diff: \(TerminalText.escaped(file.finding.message))\n"
        }.joined()
    }

    /// What a change did. An item's text (a responsibility's text, a KPI's name, an area's mandate) may
    /// be a YAML block scalar: its lines go on under the details column, each beginning with `continuation`. A title,
    /// a holder or another field is one line, a line break in it shown as `\n`.
    private static func details(_ change: BoundaryChange, among changes: [BoundaryChange], continuation: String) -> String {
        func text(_ text: String?) -> String { quoted(text, continuation: continuation) }
        let role = shown(change.role)
        let from = shown(change.from), to = shown(change.to)
        switch change.kind {
        case .roleAdded:
            return quoted(change.after) + takenItems(by: change.role ?? "", among: changes)
        case .roleRemoved:
            return quoted(change.before)
        case .roleRenamed:
            // The old title is unknown when the old role could not be read.
            return "\(from) → \(to)" + (change.before == nil || change.before == change.after ? ": \(quoted(change.after))"
                : ": \(quoted(change.before)) → \(quoted(change.after))")
        case .rolesMerged, .roleSplit:
            let sources = change.kind == .rolesMerged ? (change.continued ?? []).map { shown($0) }.joined(separator: " + ") : from
            let verb = change.kind == .rolesMerged ? "merged into" : "split off as"
            return "\(sources) \(verb) \(role)" + (change.after.map { ": \(quoted($0))" } ?? "") + "; " + lineageMoves(change)
        case .moved:
            let route = change.from == change.to ? "\(to) (from \(change.fromArea.map { shown($0) } ?? "another area"))"
                : "\(from) → \(to)" + (change.fromArea.map { " (from \(shown($0)))" } ?? "")
            return route + (change.before != nil ? ", reworded: \(text(change.before)) → \(text(change.after))" : "")
                + released(change)
        case .decisionMoved: return "\(from) → \(to)" + released(change)
        case .decisionGranted: return "nobody → \(role)"
        case .decisionDropped: return "\(role) → nobody"
        case .added: return "\(role): \(text(change.after))"
        case .removed: return "\(role): \(text(change.before))"
        case .ruleChanged, .schemaChanged:
            return "\(TerminalText.excerpt(change.before ?? "(none)")) → \(TerminalText.excerpt(change.after ?? "(none)"))"
        case .reworded: return "\(role): \(text(change.before)) → \(text(change.after))"
        case .fieldChanged where change.field == "mandate": return "\(text(change.before)) → \(text(change.after))"
        case .fieldChanged: return "\(quoted(change.before)) → \(quoted(change.after))"
        case .consultsChanged:
            return "\(role) consults: \(change.before?.nonEmpty.map { shown($0) } ?? "nobody") → \(change.after?.nonEmpty.map { shown($0) } ?? "nobody")"
        }
    }

    /// `25 items and 16 decisions moved along it`, or `nothing moved along it`.
    private static func lineageMoves(_ change: BoundaryChange) -> String {
        let items = change.movedItems ?? 0, decisions = change.movedDecisions ?? 0
        let parts = [items > 0 ? "\(items) item\(items == 1 ? "" : "s")" : nil,
                     decisions > 0 ? "\(decisions) decision\(decisions == 1 ? "" : "s")" : nil].compactMap { $0 }
        return parts.isEmpty ? "nothing moved along it" : parts.joined(separator: " and ") + " moved along it"
    }

    /// ` (left cpo in 1a2b3c4)` for a move across commits.
    private static func released(_ change: BoundaryChange) -> String {
        change.releasedIn.map { " (left \(shown(change.from)) in \($0.prefix(7)))" } ?? ""
    }

    /// `; 7 items and 3 decisions moved from cto` for a new role that took them from others.
    private static func takenItems(by role: String, among changes: [BoundaryChange]) -> String {
        let sources = Dictionary(grouping: changes.filter { $0.kind.isMove && $0.to == role && $0.from != role }) { $0.from ?? "" }
        guard !sources.isEmpty else { return "" }
        return "; " + sources.keys.sorted().map { source in
            let items = sources[source]!.count { $0.kind == .moved }, decisions = sources[source]!.count { $0.kind == .decisionMoved }
            let parts = [items > 0 ? "\(items) item\(items == 1 ? "" : "s")" : nil,
                         decisions > 0 ? "\(decisions) decision\(decisions == 1 ? "" : "s")" : nil].compactMap { $0 }
            return parts.joined(separator: " and ") + " moved from \(shown(source))"
        }.joined(separator: ", ")
    }

    private static func colour(_ text: String, _ kind: BoundaryChange.Kind, _ terminal: Terminal) -> String {
        switch kind {
        case .moved, .decisionMoved: terminal.accent(text)
        case .added, .roleAdded, .decisionGranted, .roleRenamed, .rolesMerged, .roleSplit: terminal.success(text)
        case .removed, .roleRemoved, .decisionDropped: terminal.error(text)
        default: terminal.warning(text)
        }
    }

    // MARK: - show

    /// Every line begins with charter's own words (`Boundary map`, `area:`) or an indent.
    static func render(_ map: MapReport, to out: Terminal) {
        let charters = map.charters
        var text = "Boundary map"
        if let company = charters.company {
            text += ": " + out.bold(shown(company.name)) + " (\(company.stage.rawValue) stage)"
        }
        text += " at \(map.commit.id.short), committed \(map.commit.committer.time.day); schema \(shown(charters.schema.id))\n"
        let roles = map.roles
        let width = max(8, roles.map { shown($0.id).count }.max() ?? 0)
        for area in charters.schema.areas {
            text += "\n" + out.bold("area: " + shown(area.title)) + "\n"
            let decisions = charters.schema.decisionRights.compactMap { right -> String? in
                let holders = map.holders(of: right.id, in: area.id)
                guard map.role == nil || holders.contains(map.role!) else { return nil }
                return "\(shown(right.id)): \(holders.isEmpty ? out.warning("nobody") : shown(holders.joined(separator: "+")))"
            }
            if !decisions.isEmpty {
                text += "  " + "decides".padded(to: width) + "  " + decisions.joined(separator: "  ") + "\n"
            }
            for holder in roles {
                guard let part = holder.area(area.id), !(part.responsibilities.isEmpty && part.kpis.isEmpty) else { continue }
                var items = part.responsibilities.map { shown($0.id) }.joined(separator: ", ")
                if !part.kpis.isEmpty {
                    items += (items.isEmpty ? "" : "; ") + "KPIs: " + part.kpis.map { shown($0.id) }.joined(separator: ", ")
                }
                text += "  " + out.accent(shown(holder.id).padded(to: width)) + "  " + items + "\n"
            }
        }
        out.write(text)
    }

    // MARK: - show --org

    /// The heading, then the tree drawn under it with box characters: every line after the heading
    /// begins with the tree's own lines, so no content begins a line.
    static func render(_ org: OrgReport, to out: Terminal) {
        let roots = org.chart.roots
        out.write("Org chart: \(shown(org.subject))\n" + roots.enumerated().map { index, root in
            branch(root, prefix: "", isLast: index == roots.count - 1, on: out)
        }.joined())
    }

    /// `├─ cto  Chief Technology Officer (Dana Reyes)`, then its reports one level in.
    private static func branch(_ node: OrgChart.Node, prefix: String, isLast: Bool, on terminal: Terminal) -> String {
        var line = terminal.accent(shown(node.id)) + "  "
        switch node.kind {
        case .external: line += terminal.dim("(external)")
        case .role: line += TerminalText.excerpt(node.title ?? "") + (node.holder.map { " (\(TerminalText.excerpt($0)))" } ?? "")
        }
        if let note = node.detachmentNote { line += "  " + terminal.warning("[\(shown(note))]") }
        let inner = prefix + (isLast ? "   " : "│  ")
        return prefix + (isLast ? "└─ " : "├─ ") + line + "\n" + node.reports.enumerated().map { index, report in
            branch(report, prefix: inner, isLast: index == node.reports.count - 1, on: terminal)
        }.joined()
    }

    // MARK: - log

    static func render(_ log: LogListing, to out: Terminal) {
        for (index, entry) in log.entries.enumerated() {
            out.write((index == 0 ? "" : "\n") + self.entry(entry, on: out, summaryOnly: log.summaries))
        }
    }

    /// `commit 1a2b3c4  2021-06-14  Author`, then indented: the subject (cut after 200 characters),
    /// the event, the approvals and the boundary changes or their summary.
    private static func entry(_ entry: LogEntry, on terminal: Terminal, summaryOnly: Bool) -> String {
        let info = entry.info, message = entry.message
        var out = terminal.warning("commit \(info.id.short)") + "  \(entry.day)  \(shown(info.author.name))\n"
        out += "    " + terminal.bold(TerminalText.excerpt(message.subject)) + "\n"
        if info.parents.count > 1 { out += "    merge: \(info.parents.map(\.short).joined(separator: " "))\n" }
        if let event = message.event { out += "    event: \(terminal.accent(shown(event.description)))\n" }
        if !entry.approvalList.isEmpty { out += "    approved by: \(entry.approvalList.map { shown($0) }.joined(separator: ", "))\n" }
        if info.isShallowBoundary {
            out += "    " + terminal.dim("note: " + LogEntry.shallowBoundaryNote) + "\n"
        } else if entry.changes.isEmpty || summaryOnly {
            out += "    " + terminal.dim(entry.changes.summary) + "\n"
        } else {
            out += changes(entry.changes, on: terminal, indent: "    ")
        }
        for finding in entry.unreadable {
            out += "    " + terminal.error("unreadable") + " \(shown(finding.location.description)): \(shown(finding.message))\n"
        }
        for file in entry.readableAgain { out += "    " + terminal.dim("note: " + entry.readableAgainNote(file)) + "\n" }
        return out
    }

    // MARK: - blame

    /// `area  item  1a2b3c4 2021-06-14  Author  how  subject [event] (origin …)`, one line per item.
    static func render(_ blame: BlameReport, to out: Terminal) {
        let lines = blame.lines
        let areaWidth = lines.map { shown($0.area).count }.max() ?? 0
        let itemWidth = lines.map { shown($0.label).count }.max() ?? 0
        let authorWidth = lines.map { $0.arrival.map { shown($0.step.info.author.name).count } ?? 0 }.max() ?? 0
        let howWidth = lines.map { shown($0.how).count }.max() ?? 0
        out.write(lines.map { line in
            let area = out.bold(shown(line.area).padded(to: areaWidth))
            let item = shown(line.label).padded(to: itemWidth)
            guard let arrival = line.arrival else { return "\(area)  \(item)  (\(line.notFound))\n" }
            let info = arrival.step.info
            var text = "\(area)  \(item)  \(out.warning(info.id.short)) \(info.author.time.day)  "
            text += shown(info.author.name).padded(to: authorWidth) + "  "
            text += out.accent(shown(line.how).padded(to: howWidth)) + "  "
            text += TerminalText.excerpt(arrival.step.message.subject)
            if let event = arrival.step.message.event { text += out.dim(" [\(shown(event.description))]") }
            if let merge = arrival.mergedIn { text += out.dim(" (merged in \(merge.short))") }
            if let path = line.path { text += out.dim(" (\(shown(path)))") }
            return text + "\n"
        }.joined())
    }

    // MARK: - who

    /// The headline, then a block per match: its heading (`responsibility roadmap in strategy`), then
    /// indented lines, each beginning with charter's own word (`owner`, `since`, ...).
    static func render(_ who: WhoReport, to out: Terminal) {
        var text = shown(who.headline) + "\n"
        for answer in who.answers {
            let match = answer.match
            text += "\n" + out.bold(shown(match.heading)) + "\n"
            var lines: [(String, String)] = [(match.textLabel, TerminalText.quoted(match.text, continuation: String(repeating: " ", count: 14)))]
            lines.append(("owner", match.owner.map { out.accent(shown(who.describe(role: $0.id))) } ?? out.warning("nobody")))
            lines.append(("deciders", shown(match.decidersPhrase)))
            if match.itemKind == .responsibility {
                lines.append(("consults", match.consults.isEmpty ? "nobody" : match.consults.map { shown(who.describe(role: $0)) }.joined(separator: "; ")))
            }
            if let since = answer.history.since {
                lines.append(("since", since.arrival.map { arrival in
                    commit(arrival.step.info, arrival.step.message, what: since.how, on: out)
                        + (arrival.mergedIn.map { out.dim(" (merged in \($0.short))") } ?? "")
                } ?? out.dim("(\(since.notFound))")))
                if let path = since.path { lines.append(("path", out.dim(shown(path)))) }
            }
            lines.append(("last", answer.history.lastChange.map { commit($0.info, $0.message, what: $0.phrase, on: out) }
                ?? out.dim("(no change in the history)")))
            text += lines.map { "    " + $0.0.padded(to: 8) + "  " + $0.1 + "\n" }.joined()
        }
        out.write(text)
    }

    /// `1a2b3c4 2021-06-14  Author  what  subject [event]`: a commit and what it did.
    private static func commit(_ info: CommitInfo, _ message: CommitMessage, what: String, on out: Terminal) -> String {
        "\(out.warning(info.id.short)) \(info.author.time.day)  \(shown(info.author.name))  \(out.accent(shown(what)))  "
            + TerminalText.excerpt(message.subject) + (message.event.map { out.dim(" [\(shown($0.description))]") } ?? "")
    }

    // MARK: - audit

    static func render(_ audit: HistoryAudit, to out: Terminal) {
        out.write(self.audit(audit, on: out))
    }

    /// `1a2b3c4 2021-06-14  error[code]: message`, the commit's subject indented below, then the tally.
    private static func audit(_ audit: HistoryAudit, on terminal: Terminal) -> String {
        var out = audit.entries.map { entry in
            let severity = entry.finding.severity == .error
                ? terminal.error("error[\(entry.finding.code.rawValue)]") : terminal.warning("warning[\(entry.finding.code.rawValue)]")
            return "\(terminal.warning(entry.info.id.short)) \(entry.info.author.time.day)  \(severity): \(shown(entry.finding.message))\n"
                + "    \(terminal.dim(TerminalText.excerpt(entry.info.subject)))\n"
        }.joined()
        if !audit.entries.isEmpty { out += "\n" }
        if !audit.signedApprovals.isEmpty {
            out += terminal.bold("signed approvals") + "\n" + audit.signedApprovals.map { info, approval in
                "  \(terminal.warning(info.id.short)) \(info.author.time.day)  \(terminal.success(shown(approval.role)))"
                    + (approval.holder.map { " (\(shown($0)))" } ?? "") + "  \(approval.fingerprint)\n"
            }.joined() + "\n"
        }
        out += audit.headline + "\n"
        if !audit.byCode.isEmpty { out += "  " + audit.byCode.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "\n" }
        return out
    }

    // MARK: - review

    static func render(_ review: ReviewReport, to out: Terminal) {
        var text = out.bold(shown(review.heading)) + "\n\n"
        text += out.bold("boundary changes") + " (\(review.base.commit.short) → \(review.tipLabel))\n"
        text += review.comparison.changes.isEmpty ? "    " + out.dim("no boundary changes") + "\n"
            : changes(review.comparison.changes, on: out, indent: "    ")
        text += unreadable(review.comparison.unreadable, on: out)
        text += "\n" + out.bold("approvals needed") + "\n"
        let approvals = review.approvals
        if approvals.isEmpty { text += "    " + out.dim("none: nothing leaves or moves between roles") + "\n" }
        let roleWidth = approvals.map { shown($0.role).count }.max() ?? 0
        let holderWidth = approvals.map { shown($0.holder ?? "(no holder)").count }.max() ?? 0
        for approval in approvals {
            let state = ReviewReport.state(approval)
            text += "    " + shown(approval.role).padded(to: roleWidth) + "  "
                + shown(approval.holder ?? "(no holder)").padded(to: holderWidth) + "  "
                + (approval.isPresent ? out.accent(state) : out.error(state))
                + out.dim("  \(approval.changes.count) change\(approval.changes.count == 1 ? "" : "s"): "
                    + shown(approval.changes.prefix(3).map(AuditRules.describe).joined(separator: ", "))
                    + (approval.changes.count > 3 ? " and \(approval.changes.count - 3) more" : "")) + "\n"
        }
        text += "\n" + out.bold("audit of the range's commits") + "\n"
        text += audit(review.audit, on: out).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
        let result = review.result
        text += "\n" + out.bold("result") + " (\(review.tipLabel)): "
            + (result.isValid ? "valid" : out.error("invalid")) + " (\(result.findings.tally))\n"
        if !result.isValid { text += findings(result.findings.filter { $0.severity == .error }, on: out) }
        text += "\n" + (review.isReady ? out.accent(review.verdict) : out.error(shown(review.verdict))) + "\n"
        out.write(text)
    }

    // MARK: - Escaping

    /// Repository text for one line of text output.
    private static func shown(_ text: String?) -> String { TerminalText.escaped(text ?? "") }

    /// A title, holder or field in quotes, on one line, escaped, cut after 200 characters; `(none)` when absent.
    private static func quoted(_ text: String?) -> String { text.map { TerminalText.quoted($0) } ?? "(none)" }

    /// An item's text in quotes, escaped, cut after 200 characters or 10 lines, its lines after the first
    /// beginning with `continuation`; `(none)` when absent.
    private static func quoted(_ text: String?, continuation: String) -> String {
        text.map { TerminalText.quoted($0, continuation: continuation) } ?? "(none)"
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }

    /// The text followed by spaces up to `width` characters; a longer text is left whole, so a column
    /// never cuts what it shows.
    func padded(to width: Int) -> String {
        let missing = width - count
        return missing > 0 ? self + String(repeating: " ", count: missing) : self
    }

    var trailingSpacesTrimmed: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
