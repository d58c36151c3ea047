import CharterCore
import Foundation

/// Renders boundary changes: one line each for people, a table per area in Markdown, objects in JSON.
/// Every piece of repository content goes through the medium's escaping (`TerminalText`,
/// `MarkdownText`) where it is interpolated; long texts are cut in text and Markdown, whole in JSON.
enum ChangeRenderer {
    // MARK: - Text

    /// One line per change (`strategy  moved  roadmap  cto → cpo`), areas separated by a blank line.
    static func text(_ changes: [BoundaryChange], on terminal: Terminal, indent: String = "") -> String {
        let areaWidth = max(8, changes.map { areaLabel($0).count }.max() ?? 0)
        let kindWidth = changes.map(\.kind.rawValue.count).max() ?? 0
        let itemWidth = changes.map { itemLabel($0).count }.max() ?? 0
        var lines: [String] = []
        var previousGroup: String?
        for change in changes {
            if let previousGroup, previousGroup != group(change) { lines.append("") }
            previousGroup = group(change)
            let area = areaLabel(change).padded(to: areaWidth)
            let kind = change.kind.rawValue.padded(to: kindWidth)
            let item = itemLabel(change).padded(to: itemWidth)
            lines.append("\(indent)\(terminal.bold(area))  \(colour(kind, change.kind, terminal))  \(item)  \(details(change, among: changes))")
        }
        return lines.map { $0.trailingSpacesTrimmed + "\n" }.joined()
    }

    /// One line per file a side could not read: `unreadable: roles/cto.yaml:2:8 in work tree: reason`.
    static func text(_ files: [Workspace.UnreadableFile], on terminal: Terminal) -> String {
        files.map { file in
            terminal.warning("unreadable: ") + "\(TerminalText.escaped(file.finding.location.description)) in \(file.snapshot.shortLabel), "
                + "left out of the diff: \(TerminalText.escaped(file.finding.message))\n"
        }.joined()
    }

    /// The area a change is shown under: its own, `schema` for changes of the rules, else `roles`.
    static func group(_ change: BoundaryChange) -> String {
        change.area ?? (change.kind.isSchemaChange ? "schema" : "roles")
    }

    /// `12 changes: 7 moved, 3 decisions moved, 1 role added`, or `no boundary changes`.
    static func summary(_ changes: [BoundaryChange]) -> String {
        guard !changes.isEmpty else { return "no boundary changes" }
        let counts = BoundaryChange.Kind.allCases.compactMap { kind -> String? in
            let count = changes.count { $0.kind == kind }
            return count == 0 ? nil : "\(count) \(phrase(kind, count))"
        }
        return "\(changes.count) change\(changes.count == 1 ? "" : "s"): " + counts.joined(separator: ", ")
    }

    private static func phrase(_ kind: BoundaryChange.Kind, _ count: Int) -> String {
        let plural = count != 1
        return switch kind {
        case .roleAdded: plural ? "roles added" : "role added"
        case .roleRemoved: plural ? "roles removed" : "role removed"
        case .moved: "moved"
        case .decisionMoved: plural ? "decisions moved" : "decision moved"
        case .added: "added"
        case .removed: "removed"
        case .reworded: "reworded"
        case .decisionGranted: plural ? "decisions granted" : "decision granted"
        case .decisionDropped: plural ? "decisions dropped" : "decision dropped"
        case .consultsChanged: plural ? "consults lists changed" : "consults list changed"
        case .fieldChanged: plural ? "fields changed" : "field changed"
        case .ruleChanged: plural ? "rules changed" : "rule changed"
        case .schemaChanged: plural ? "schema fields changed" : "schema field changed"
        }
    }

    /// The group's label (`group`), escaped.
    private static func areaLabel(_ change: BoundaryChange) -> String {
        TerminalText.escaped(group(change))
    }

    /// The item, the role, or `role field` for field changes; KPIs marked; escaped.
    private static func itemLabel(_ change: BoundaryChange) -> String {
        TerminalText.escaped(plainItemLabel(change))
    }

    private static func plainItemLabel(_ change: BoundaryChange) -> String {
        switch change.kind {
        case .roleAdded, .roleRemoved: change.role ?? ""
        case .fieldChanged: "\(change.role ?? "") \(change.field ?? "")"
        case .ruleChanged: change.item ?? ""
        case .schemaChanged: change.field ?? ""
        default: (change.item ?? "") + (change.itemKind == .kpi ? " [kpi]" : "")
        }
    }

    /// ` (left cpo in 1a2b3c4)` for a move across commits.
    private static func released(_ change: BoundaryChange) -> String {
        change.releasedIn.map { " (left \(shown(change.from)) in \($0.prefix(7)))" } ?? ""
    }

    private static func details(_ change: BoundaryChange, among changes: [BoundaryChange]) -> String {
        let role = shown(change.role)
        let from = shown(change.from), to = shown(change.to)
        switch change.kind {
        case .roleAdded:
            return quoted(change.after) + takenItems(by: change.role ?? "", among: changes)
        case .roleRemoved:
            return quoted(change.before)
        case .moved:
            let route = change.from == change.to ? "\(to) (from \(change.fromArea.map { shown($0) } ?? "another area"))"
                : "\(from) → \(to)" + (change.fromArea.map { " (from \(shown($0)))" } ?? "")
            return route + (change.before != nil ? ", reworded: \(quoted(change.before)) → \(quoted(change.after))" : "")
                + released(change)
        case .decisionMoved: return "\(from) → \(to)" + released(change)
        case .decisionGranted: return "nobody → \(role)"
        case .decisionDropped: return "\(role) → nobody"
        case .added: return "\(role): \(quoted(change.after))"
        case .removed: return "\(role): \(quoted(change.before))"
        case .ruleChanged, .schemaChanged: return "\(change.before ?? "(none)") → \(change.after ?? "(none)")"
        case .reworded, .fieldChanged: return "\(change.kind == .reworded ? role + ": " : "")\(quoted(change.before)) → \(quoted(change.after))"
        case .consultsChanged:
            return "\(role) consults: \(change.before?.nonEmpty.map { shown($0) } ?? "nobody") → \(change.after?.nonEmpty.map { shown($0) } ?? "nobody")"
        }
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

    /// Repository text for one line of text output.
    private static func shown(_ text: String?) -> String { TerminalText.escaped(text ?? "") }

    /// A title, holder or item text in quotes, escaped, cut after 200 characters; `(none)` when absent.
    private static func quoted(_ text: String?) -> String { text.map { TerminalText.quoted($0) } ?? "(none)" }

    private static func colour(_ text: String, _ kind: BoundaryChange.Kind, _ terminal: Terminal) -> String {
        switch kind {
        case .moved, .decisionMoved: terminal.accent(text)
        case .added, .roleAdded, .decisionGranted: terminal.success(text)
        case .removed, .roleRemoved, .decisionDropped: terminal.error(text)
        default: terminal.warning(text)
        }
    }

    // MARK: - Markdown

    /// A summary, the files a side could not read, and the changes' tables, ready to paste into a
    /// pull-request review. `title` is Markdown already: charter's words, with any content in it escaped by the caller.
    static func markdown(_ changes: [BoundaryChange], unreadable: [Workspace.UnreadableFile], title: String) -> String {
        var out = "### \(title)\n\n\(summary(changes))\n"
        if !unreadable.isEmpty {
            out += "\n#### Unreadable, left out of the diff\n\n| side | file | line | problem |\n|---|---|---|---|\n"
            for file in unreadable {
                let location = file.finding.location
                out += "| \(file.side.rawValue) `\(file.snapshot.shortLabel)` | \(MarkdownText.code(location.file)) | "
                    + "\(location.line):\(location.column) | \(MarkdownText.escaped(file.finding.message)) |\n"
            }
        }
        return out + markdownTables(changes)
    }

    /// Every Markdown listing of changes (a diff, a commit in the log): one table per group (`group`),
    /// headed `#### Strategy`, in the order the groups first appear; a row per change with its kind,
    /// item, roles and details.
    static func markdownTables(_ changes: [BoundaryChange]) -> String {
        var groups: [String] = []
        for change in changes where !groups.contains(group(change)) { groups.append(group(change)) }
        return groups.map { name in
            "\n#### \(MarkdownText.escaped(name.prefix(1).uppercased() + name.dropFirst()))\n\n| change | item | roles | details |\n|---|---|---|---|\n"
                + changes.filter { group($0) == name }.map(markdownRow).joined()
        }.joined()
    }

    private static func markdownRow(_ change: BoundaryChange) -> String {
        let roles = change.kind.isMove || change.from != nil
            ? "\(MarkdownText.escaped(change.from ?? "")) → \(MarkdownText.escaped(change.to ?? ""))" : MarkdownText.escaped(change.role ?? "")
        return "| \(change.kind.rawValue) | \(MarkdownText.code(plainItemLabel(change))) | \(roles) | \(markdownDetails(change)) |\n"
    }

    /// What the other columns do not say, escaped, texts cut after 200 characters: a text added or
    /// removed, a role's title, `before → after` of a rewording or field, and for a move the area it
    /// came from, its rewording and the commit in which it left its former role.
    private static func markdownDetails(_ change: BoundaryChange) -> String {
        switch change.kind {
        case .roleAdded, .added: return cell(change.after)
        case .roleRemoved, .removed: return cell(change.before)
        case .moved, .decisionMoved:
            let parts = [change.fromArea.map { "from \(MarkdownText.escaped($0))" },
                         change.before == nil ? nil : "reworded: " + beforeAndAfter(change),
                         change.releasedIn.map { "left \(MarkdownText.escaped(change.from ?? "")) in \(MarkdownText.code(String($0.prefix(7))))" }]
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

    // MARK: - JSON

    /// A file a side could not read. `reason` repeats `message`: it was the field's first name.
    static func json(_ file: Workspace.UnreadableFile) -> JSONValue {
        let finding = file.finding
        return .object([
            ("side", .string(file.side.rawValue)), ("file", .string(finding.location.file)),
            ("line", .int(finding.location.line)), ("column", .int(finding.location.column)),
            ("code", .string(finding.code.rawValue)), ("message", .string(finding.message)), ("reason", .string(finding.message)),
        ])
    }

    static func json(_ change: BoundaryChange) -> JSONValue {
        let fields: [(String, String?)] = [
            ("kind", change.kind.rawValue), ("area", change.area), ("itemKind", change.itemKind?.rawValue),
            ("item", change.item), ("role", change.role), ("from", change.from), ("to", change.to),
            ("fromArea", change.fromArea), ("field", change.field), ("before", change.before), ("after", change.after),
            ("releasedIn", change.releasedIn),
        ]
        return .object(fields.compactMap { key, value in value.map { (key, .string($0)) } })
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
