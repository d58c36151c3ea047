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
