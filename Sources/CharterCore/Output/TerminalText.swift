/// Repository text made safe for the text medium: a terminal, a pipe, a CI log. Every renderer of
/// text output passes each piece of repository content (titles, holders, texts, commit subjects,
/// authors, finding messages, paths) through `escaped` at the point where it is interpolated, and
/// nowhere else, so charter's own colour codes and line breaks are the only ones printed.
///
/// The rules, applied scalar by scalar:
/// - `\n`, `\r` and `\t` show as those two-character escapes: content never breaks a line, so it can
///   never begin one, and columns hold;
/// - every other C0 control character and DEL show as `\xNN` (ESC is `\x1b`): no screen clearing,
///   cursor moves, OSC 52 clipboard writes or colours from content;
/// - C1 controls (U+0080–U+009F), the line and paragraph separators (U+2028, U+2029) and the bidi
///   embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) show as `\uNNNN`;
/// - a run of colons or of number signs is broken with a backslash (`:\:`, `#\#`): a GitHub Actions
///   runner takes `::command::` at the start of a line (after white space) and the legacy
///   `##[command]` anywhere in one, Azure Pipelines and TeamCity `##vso[`, `##teamcity[`.
///
/// A backslash in content is left as it is: the escapes are for reading, not for parsing back;
/// JSON output carries the exact text.
public enum TerminalText {
    /// One line of `text`, safe to print.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsAttention) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if (scalar == ":" || scalar == "#"), previous == scalar {
                out.unicodeScalars.append("\\")
            }
            if let escape = escape(for: scalar) {
                out += escape
            } else {
                out.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        return out
    }

    /// One line of `text` escaped and, when it is longer than `limit` characters, cut to its first
    /// `limit` characters with `…` and the full length: `first words… (1234 characters)`.
    public static func excerpt(_ text: String, limit: Int = 200) -> String {
        text.excerpt(limit: limit, escapedBy: escaped)
    }

    /// `excerpt` in double quotes, the length note outside them: `"first words…" (1234 characters)`.
    public static func quoted(_ text: String, limit: Int = 200) -> String {
        let (shown, length) = text.cut(after: limit)
        guard let length else { return "\"\(escaped(shown))\"" }
        return "\"\(escaped(shown))…\" (\(length) characters)"
    }

    /// `quoted`, with the line breaks of a multi-line text (a YAML block scalar) kept: each line after
    /// the first begins with `continuation`, the indent of the column the text stands in, so the text
    /// stays in its column and every line still begins with an indent. At most `maxLines` lines and
    /// `limit` characters are shown, then `…` and the full length. A line break that ends the text
    /// shows as `\n`, so `a` and `a` with a final line break read differently; every other character
    /// is escaped as `escaped` does, line by line.
    public static func quoted(_ text: String, limit: Int = 200, maxLines: Int = 10, continuation: String) -> String {
        var (shown, length) = text.cut(after: limit)
        var lines = shown.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
        if lines.count > maxLines {
            lines.removeLast(lines.count - maxLines)
            length = text.count
        }
        var finalBreak = ""
        if length == nil, lines.count > 1, lines.last == "" {
            lines.removeLast()
            finalBreak = "\\n"
        }
        let body = lines.map(escaped).joined(separator: "\n" + continuation) + finalBreak
        guard let length else { return "\"\(body)\"" }
        return "\"\(body)…\" (\(length) characters)"
    }

    /// Whether a scalar never reaches the output as itself.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    // MARK: - Private

    private static func needsAttention(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || scalar == ":" || scalar == "#"
    }

    private static func escape(for scalar: Unicode.Scalar) -> String? {
        guard isControl(scalar) else { return nil }
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let digits = scalar.value < 0x80 ? 2 : 4
            let hex = String(scalar.value, radix: 16)
            return (digits == 2 ? "\\x" : "\\u") + String(repeating: "0", count: digits - hex.count) + hex
        }
    }
}
