/// Repository text made inert for Markdown output (a pull-request comment, a wiki page): whatever
/// content says renders as the characters it is, never as a tag, link, image, emphasis, heading or
/// table cell border, and never breaks a line. Every Markdown renderer passes repository content
/// through one of these at the point where it is interpolated.
///
/// The rules:
/// - ASCII punctuation that GitHub-flavoured Markdown gives meaning to is backslash-escaped:
///   `\ ` `` ` `` `* _ [ ] < > ! # | ~ & $` (tags, autolinks, links, images, emphasis,
///   strikethrough, entities, math, cell borders); a backslash before punctuation is CommonMark's own
///   escape, so the text reads exactly as written. Line-start markers (`-`, `+`, `1.`, `>`) need no
///   escape: content never begins a line;
/// - line breaks and tabs become spaces (a table row is one line; a paragraph must not end);
/// - other control characters, and the separators and bidi controls `TerminalText` names, show as
///   `\xNN` / `\uNNNN`, as in text output: Markdown is often printed to a terminal first.
public enum MarkdownText {
    /// Inline text: a heading's words, a list item, a table cell (pipes escaped too).
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if punctuation.contains(scalar) {
                out.unicodeScalars.append("\\")
                out.unicodeScalars.append(scalar)
            } else {
                out += flattened(scalar)
            }
        }
        return out
    }

    /// `escaped`, and when `text` is longer than `limit` characters, cut to its first `limit` characters
    /// with `…` and the full length, as in text output: `first words… (1234 characters)`. For table
    /// cells, which a long text would stretch past reading; JSON carries the whole text.
    public static func excerpt(_ text: String, limit: Int = 200) -> String {
        text.excerpt(limit: limit, escapedBy: escaped)
    }

    /// A code span holding `text` literally: the fence is one backtick longer than the longest run of
    /// backticks inside, padded with a space where the text begins or ends with a backtick or a space.
    /// Pipes are escaped (GitHub splits table cells on them even inside code spans; `\|` shows `|`).
    public static func code(_ text: String) -> String {
        var body = ""
        var longestRun = 0, run = 0
        for scalar in text.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longestRun = max(longestRun, run)
            body += scalar == "|" ? "\\|" : flattened(scalar)
        }
        let fence = String(repeating: "`", count: longestRun + 1)
        let pad = body.hasPrefix("`") || body.hasSuffix("`") || body.hasPrefix(" ") || body.hasSuffix(" ") ? " " : ""
        return fence + pad + body + pad + fence
    }

    // MARK: - Private

    private static let punctuation: Set<Unicode.Scalar> = [
        "\\", "`", "*", "_", "[", "]", "<", ">", "!", "#", "|", "~", "&", "$",
    ]

    /// Line breaks and tabs as spaces, other control characters as visible escapes.
    private static func flattened(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n", "\r", "\t", "\u{2028}", "\u{2029}": " "
        case _ where TerminalText.isControl(scalar): TerminalText.escaped(String(scalar))
        default: String(scalar)
        }
    }
}
