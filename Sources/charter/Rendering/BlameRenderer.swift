import CharterCore
import CharterGit

/// How `charter blame` shows the items of a role: aligned columns for people, a table in Markdown.
/// Author names, subjects, events and role names come from the repository and are escaped here.
extension BlameLine {
    /// `area  item  1a2b3c4 2021-06-14  Author  how  subject [event] (origin …)`, one line per item.
    static func text(_ lines: [BlameLine], on terminal: Terminal) -> String {
        let shown = TerminalText.escaped
        let areaWidth = lines.map { shown($0.area).count }.max() ?? 0
        let itemWidth = lines.map { shown($0.label).count }.max() ?? 0
        let authorWidth = lines.map { $0.arrival.map { shown($0.step.info.author.name).count } ?? 0 }.max() ?? 0
        let howWidth = lines.map { shown($0.how).count }.max() ?? 0
        return lines.map { line in
            let area = terminal.bold(shown(line.area).padded(to: areaWidth))
            let item = shown(line.label).padded(to: itemWidth)
            guard let arrival = line.arrival else { return "\(area)  \(item)  (\(line.notFound))\n" }
            let info = arrival.step.info
            var text = "\(area)  \(item)  \(terminal.warning(info.id.short)) \(info.author.time.day)  "
            text += shown(info.author.name).padded(to: authorWidth) + "  "
            text += terminal.accent(shown(line.how).padded(to: howWidth)) + "  "
            text += TerminalText.excerpt(arrival.step.message.subject)
            if let event = arrival.step.message.event { text += terminal.dim(" [\(shown(event.description))]") }
            if let merge = arrival.mergedIn { text += terminal.dim(" (merged in \(merge.short))") }
            if let origin = line.origin, origin.info.id != info.id {
                text += terminal.dim(" (origin \(origin.info.id.short) in \(shown(origin.role)))")
            }
            return text + "\n"
        }.joined()
    }

    /// Why an item has no commit that brought it: it was already there where a shallow clone's history
    /// begins, or the history does not show it arriving.
    var notFound: String {
        beforeShallowBoundary.map { "before the shallow boundary at \($0.short)" } ?? "not found in the history"
    }

    /// A heading and one table row per item.
    static func markdown(_ lines: [BlameLine], role: String, at commit: String) -> String {
        "### Blame: \(MarkdownText.escaped(role)) at \(MarkdownText.code(commit))\n\n"
            + "| area | item | kind | commit | date | author | how | subject | event | origin |\n|---|---|---|---|---|---|---|---|---|---|\n"
            + lines.map(\.markdownRow).joined()
    }

    var markdownRow: String {
        let shown = MarkdownText.escaped
        guard let arrival else {
            return "| \(shown(area)) | \(MarkdownText.code(item)) | \(itemKind.rawValue) | | | | | \(shown(notFound)) | | |\n"
        }
        let info = arrival.step.info
        let origin = self.origin.map { "\(MarkdownText.code($0.info.id.short)) in \(shown($0.role))" } ?? ""
        return "| \(shown(area)) | \(MarkdownText.code(item)) | \(itemKind.rawValue) | \(MarkdownText.code(info.id.short)) | \(info.author.time.day) | "
            + "\(shown(info.author.name)) | \(shown(how))\(arrival.mergedIn.map { ", merged in \(MarkdownText.code($0.short))" } ?? "") | "
            + "\(shown(arrival.step.message.subject)) | "
            + "\(shown(arrival.step.message.event?.description ?? "")) | \(origin) |\n"
    }

    /// The JSON form: every field, exact.
    var json: JSONValue {
        let info = arrival?.step.info
        return .object([
            ("item", .string(item)),
            ("itemKind", .string(itemKind.rawValue)),
            ("area", .string(area)),
            ("commit", JSONValue(info?.id.description)),
            ("date", JSONValue(info?.author.time.iso8601)),
            ("author", JSONValue(info?.author.name)),
            ("subject", JSONValue(arrival?.step.message.subject)),
            ("event", JSONValue(arrival?.step.message.event?.description)),
            ("how", JSONValue(arrival?.how)),
            ("from", JSONValue(arrival?.from)),
            ("releasedIn", JSONValue(arrival?.releasedIn)),
            ("mergedIn", JSONValue(arrival?.mergedIn?.description)),
            ("beforeShallowBoundary", .bool(beforeShallowBoundary != nil)),
            ("shallowBoundary", JSONValue(beforeShallowBoundary?.description)),
            ("origin", origin.map { .object([("commit", .string($0.info.id.description)), ("role", .string($0.role))]) } ?? .null),
        ])
    }
}
