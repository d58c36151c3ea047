import CharterCore
import CharterGit

/// Markdown for pull-request comments and wiki pages: headings, lists and tables. Repository content
/// goes through `MarkdownText` where it is interpolated, so nothing it says renders as markup; long
/// texts in table cells are cut.
enum MarkdownRenderer {
    // MARK: - diff

    static func render(_ diff: Workspace.Comparison, to out: Terminal) {
        out.write(changes(diff.changes, unreadable: diff.unreadable,
                          title: "Boundary diff: `\(diff.from.shortLabel)` → `\(diff.to.shortLabel)`"))
    }

    /// A summary, the files a side could not read, and the changes' tables, ready to paste into a
    /// pull-request review. `title` is Markdown already: charter's words, with any content in it escaped by the caller.
    private static func changes(_ changes: [BoundaryChange], unreadable: [Workspace.UnreadableFile], title: String) -> String {
        var out = "### \(title)\n\n\(changes.summary)\n"
        if !unreadable.isEmpty {
            out += "\n#### Unreadable, left out of the diff\n\n| side | file | line | problem |\n|---|---|---|---|\n"
            for file in unreadable {
                let location = file.finding.location
                out += "| \(file.side.rawValue) `\(file.snapshot.shortLabel)` | \(MarkdownText.code(location.file)) | "
                    + "\(location.line):\(location.column) | \(shown(file.finding.message)) |\n"
            }
        }
        return out + tables(changes)
    }

    /// Every Markdown listing of changes (a diff, a commit in the log): one table per group, headed
    /// `#### Strategy`, in the order the groups first appear; a row per change with its kind, item,
    /// roles and details.
    /// The moves along a merger or split follow, one table each, headed by it.
    private static func tables(_ changes: [BoundaryChange]) -> String {
        let (listed, members) = changes.groupedByLineage
        let header = "| change | item | roles | details |\n|---|---|---|---|\n"
        let groups = listed.groups.map { name in
            "\n#### \(shown(name.prefix(1).uppercased() + name.dropFirst()))\n\n" + header
                + listed.filter { $0.group == name }.map(row).joined()
        }
        let lineages = listed.filter { members[$0] != nil }.map { lineage in
            "\n#### Moves along \(lineage.kind.rawValue) \(MarkdownText.code(lineage.itemLabel))\n\n" + header
                + members[lineage]!.map(row).joined()
        }
        return (groups + lineages).joined()
    }

    private static func row(_ change: BoundaryChange) -> String {
        let roles = change.kind == .rolesMerged
            ? "\((change.continued ?? []).map(shown).joined(separator: " + ")) → \(shown(change.role ?? ""))"
            : change.kind.isMove || change.from != nil
            ? "\(shown(change.from ?? "")) → \(shown(change.to ?? change.role ?? ""))" : shown(change.role ?? "")
        return "| \(change.kind.rawValue) | \(MarkdownText.code(change.itemLabel)) | \(roles) | \(details(change)) |\n"
    }

    /// What the other columns do not say, escaped, texts cut after 200 characters: a text added or
    /// removed, a role's title, `before → after` of a rewording or field, and for a move the area it
    /// came from, its rewording and the commit in which it left its former role.
    private static func details(_ change: BoundaryChange) -> String {
        switch change.kind {
        case .roleAdded, .added: return cell(change.after)
        case .roleRemoved, .removed: return cell(change.before)
        case .roleRenamed: return change.before == change.after ? cell(change.after) : beforeAndAfter(change)
        case .rolesMerged, .roleSplit:
            let items = change.movedItems ?? 0, decisions = change.movedDecisions ?? 0
            return [cell(change.after), "\(items) item\(items == 1 ? "" : "s") and \(decisions) decision\(decisions == 1 ? "" : "s") moved along it"]
                .filter { !$0.isEmpty }.joined(separator: "; ")
        case .moved, .decisionMoved:
            let parts = [change.fromArea.map { "from \(shown($0))" },
                         change.before == nil ? nil : "reworded: " + beforeAndAfter(change),
                         change.releasedIn.map { "left \(shown(change.from ?? "")) in \(MarkdownText.code(String($0.prefix(7))))" }]
            return parts.compactMap { $0 }.joined(separator: "; ")
        case .reworded, .fieldChanged, .ruleChanged, .schemaChanged: return beforeAndAfter(change)
        case .consultsChanged: return beforeAndAfter(change, absent: "nobody")
        case .decisionGranted, .decisionDropped: return ""
        }
    }

    /// `before → after`, each cut for a cell; `absent` stands for a missing or empty side.
    private static func beforeAndAfter(_ change: BoundaryChange, absent: String = "(none)") -> String {
        "\(cell(change.before?.nonEmpty, absent: absent)) → \(cell(change.after?.nonEmpty, absent: absent))"
    }

    /// Repository text for a table cell: escaped, cut after 200 characters.
    private static func cell(_ text: String?, absent: String = "") -> String { text.map { MarkdownText.excerpt($0) } ?? absent }

    // MARK: - show

    static func render(_ map: MapReport, to out: Terminal) {
        let charters = map.charters
        var text = "### Boundary map: \(shown(charters.company?.name ?? "charters")) at \(MarkdownText.code(map.commit.id.short))"
            + ", committed \(map.commit.committer.time.day)\n"
        for area in charters.schema.areas {
            text += "\n#### \(shown(area.title))\n\n| role | decides | responsibilities | KPIs |\n|---|---|---|---|\n"
            for holder in map.roles {
                guard let part = holder.area(area.id) else { continue }
                let cells = [shown(part.decides.map(\.value).joined(separator: ", ")),
                             part.responsibilities.map { MarkdownText.code($0.id) }.joined(separator: ", "),
                             part.kpis.map { MarkdownText.code($0.id) }.joined(separator: ", ")]
                text += "| \(shown(holder.id)) | \(cells.joined(separator: " | ")) |\n"
            }
        }
        out.write(text)
    }

    // MARK: - show --org

    /// A heading and the tree as a nested list: `- **cto** Chief Technology Officer (Dana Reyes)`.
    static func render(_ org: OrgReport, to out: Terminal) {
        out.write("### Org chart: \(shown(org.subject))\n\n" + org.chart.roots.map { item($0, depth: 0) }.joined())
    }

    private static func item(_ node: OrgChart.Node, depth: Int) -> String {
        var line = String(repeating: "  ", count: depth) + "- **\(shown(node.id))**"
        switch node.kind {
        case .external: line += " (external)"
        case .role: line += " " + MarkdownText.excerpt(node.title ?? "") + (node.holder.map { " (\(MarkdownText.excerpt($0)))" } ?? "")
        }
        if let note = node.detachmentNote { line += " — *\(shown(note))*" }
        return line + "\n" + node.reports.map { item($0, depth: depth + 1) }.joined()
    }

    // MARK: - log

    /// Each commit: a heading, a list, and its changes in the tables of `charter diff`.
    static func render(_ log: LogListing, to out: Terminal) {
        for (index, entry) in log.entries.enumerated() {
            out.write((index == 0 ? "" : "\n") + self.entry(entry))
        }
    }

    private static func entry(_ entry: LogEntry) -> String {
        let info = entry.info, message = entry.message
        var out = "### \(MarkdownText.code(info.id.short)) \(entry.day) — \(shown(info.author.name)): \(shown(message.subject))\n\n"
        if let event = message.event { out += "- event: \(shown(event.description))\n" }
        if info.parents.count > 1 { out += "- merge: \(info.parents.map { MarkdownText.code($0.short) }.joined(separator: " "))\n" }
        if !entry.approvalList.isEmpty { out += "- approved by: \(entry.approvalList.map(shown).joined(separator: ", "))\n" }
        out += "- \(info.isShallowBoundary ? "note: " + shown(LogEntry.shallowBoundaryNote) : entry.changes.summary)\n"
        for finding in entry.unreadable {
            out += "- unreadable: \(MarkdownText.code(finding.location.description)): \(shown(finding.message))\n"
        }
        for file in entry.readableAgain { out += "- note: \(shown(entry.readableAgainNote(file)))\n" }
        return out + tables(entry.changes)
    }

    // MARK: - blame

    /// A heading and one table row per item.
    static func render(_ blame: BlameReport, to out: Terminal) {
        out.write("### Blame: \(shown(blame.role)) at \(MarkdownText.code(blame.commit.short))\n\n"
            + "| area | item | kind | commit | date | author | how | subject | event | origin |\n|---|---|---|---|---|---|---|---|---|---|\n"
            + blame.lines.map(row).joined())
    }

    private static func row(_ line: BlameLine) -> String {
        guard let arrival = line.arrival else {
            return "| \(shown(line.area)) | \(MarkdownText.code(line.item)) | \(line.itemKind.rawValue) | | | | | \(shown(line.notFound)) | | |\n"
        }
        let info = arrival.step.info
        let origin = (line.origin.map { "\(MarkdownText.code($0.info.id.short)) in \(shown($0.role))" } ?? "")
            + line.lineage.map { " → \($0.shape.phrase) \(shown($0.to)) \($0.commit.author.time.day)" }.joined()
        return "| \(shown(line.area)) | \(MarkdownText.code(line.item)) | \(line.itemKind.rawValue) | \(MarkdownText.code(info.id.short)) | \(info.author.time.day) | "
            + "\(shown(info.author.name)) | \(shown(line.how))\(arrival.mergedIn.map { ", merged in \(MarkdownText.code($0.short))" } ?? "") | "
            + "\(shown(arrival.step.message.subject)) | "
            + "\(shown(arrival.step.message.event?.description ?? "")) | \(origin) |\n"
    }

    // MARK: - who

    /// A heading, the headline, then per match a heading and a list.
    static func render(_ who: WhoReport, to out: Terminal) {
        var text = "### Who: \(shown(who.query.text)) at \(MarkdownText.code(who.commit.id.short))\n\n\(shown(who.headline)).\n"
        for answer in who.answers {
            let match = answer.match
            text += "\n#### \(match.itemKind == .decision ? "Decision" : match.itemKind == .kpi ? "KPI" : "Responsibility") "
                + "\(MarkdownText.code(match.label))\(match.itemKind == .decision ? "" : " in \(shown(match.area))")\n\n"
            text += "- \(match.textLabel): \(shown(match.text))\n"
            text += "- owner: \(match.owner.map { shown(who.describe(role: $0.id)) } ?? "**nobody**")\n"
            text += "- deciders: \(shown(match.decidersPhrase))\n"
            if match.itemKind == .responsibility {
                text += "- consults: \(match.consults.isEmpty ? "nobody" : match.consults.map { shown(who.describe(role: $0)) }.joined(separator: "; "))\n"
            }
            if let since = answer.history.since {
                text += "- since: " + (since.arrival.map { arrival in
                    commit(arrival.step.info, arrival.step.message, what: since.how)
                        + (arrival.mergedIn.map { ", merged in \(MarkdownText.code($0.short))" } ?? "")
                } ?? shown(since.notFound)) + "\n"
                if let path = since.path { text += "- path: \(shown(path))\n" }
            }
            text += "- last change: " + (answer.history.lastChange.map { commit($0.info, $0.message, what: $0.phrase) } ?? "none in the history") + "\n"
        }
        out.write(text)
    }

    /// `` `1a2b3c4` 2021-06-14, Author: what: subject (event) ``.
    private static func commit(_ info: CommitInfo, _ message: CommitMessage, what: String) -> String {
        "\(MarkdownText.code(info.id.short)) \(info.author.time.day), \(shown(info.author.name)), \(shown(what)): \(MarkdownText.excerpt(message.subject))"
            + (message.event.map { " (\(shown($0.description)))" } ?? "")
    }

    // MARK: - audit

    static func render(_ audit: HistoryAudit, to out: Terminal) {
        out.write(self.audit(audit, heading: "Charter audit"))
    }

    private static func audit(_ audit: HistoryAudit, heading: String) -> String {
        var out = "### \(heading)\n\n\(audit.headline)\n"
        if !audit.entries.isEmpty {
            out += "\n| commit | date | severity | code | finding |\n|---|---|---|---|---|\n"
            for entry in audit.entries {
                out += "| \(MarkdownText.code(entry.info.id.short)) | \(entry.info.author.time.day) | \(entry.finding.severity.rawValue) | "
                    + "\(entry.finding.code.rawValue) | \(shown(entry.finding.message)) |\n"
            }
        }
        return out
    }

    // MARK: - review

    /// A pull-request comment: the verdict first, then each section.
    static func render(_ review: ReviewReport, to out: Terminal) {
        var text = "### Charter review\n\n**\(review.isReady ? "Ready to merge" : "Not ready")**"
            + (review.isReady ? "" : ": " + shown(review.blockers.joined(separator: "; "))) + "\n\n" + shown(review.heading) + "\n\n"
        text += changes(review.comparison.changes, unreadable: review.comparison.unreadable,
                        title: "Boundary changes: \(MarkdownText.code(review.base.commit.short)) → \(MarkdownText.code(review.tipLabel))")
        text += "\n### Approvals needed\n\n"
        if review.approvals.isEmpty {
            text += "None: nothing leaves or moves between roles.\n"
        } else {
            text += "| role | holder | approval | changes |\n|---|---|---|---|\n"
            for approval in review.approvals {
                text += "| \(MarkdownText.code(approval.role)) | \(shown(approval.holder ?? "")) | \(shown(ReviewReport.state(approval))) | "
                    + "\(shown(approval.changeList)) |\n"
            }
        }
        text += "\n" + audit(review.audit, heading: "Audit of the range's commits")
        let result = review.result
        text += "\n### Result\n\n\(result.isValid ? "Valid" : "**Invalid**") (\(result.findings.tally)).\n"
        let errors = result.findings.filter { $0.severity == .error }
        if !errors.isEmpty {
            text += "\n| file | line | code | finding |\n|---|---|---|---|\n"
            for finding in errors {
                text += "| \(MarkdownText.code(finding.location.file)) | \(finding.location.line):\(finding.location.column) | "
                    + "\(finding.code.rawValue) | \(shown(finding.message)) |\n"
            }
        }
        out.write(text)
    }

    // MARK: - Escaping

    /// Repository text inline: a heading's words, a list item, a table cell.
    private static func shown(_ text: String) -> String { MarkdownText.escaped(text) }
}
