/// Repository text made inert inside a Mermaid label (`n1["..."]`): it never ends the label, starts a
/// Markdown string, a comment or an entity of its own, and never breaks a line. Mermaid reads entity
/// codes (`#34;`) in labels and shows them as the characters they stand for.
///
/// The rules:
/// - `"`, `#`, `&`, `<`, `>`, `` ` `` and `%` become decimal entity codes (`#34;` …): no quote closes
///   the label, no tag or `<br>` renders, no entity, Markdown string or comment begins; brackets and
///   pipes are plain characters inside quotes;
/// - control characters, line breaks included, the separators and the bidi controls show as in text
///   output (`\n`, `\x1b`, `\u202e`): a label is one line of the diagram's source.
public enum MermaidText {
    /// The text of a double-quoted label.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if coded.contains(scalar) {
                out += "#\(scalar.value);"
            } else if TerminalText.isControl(scalar) {
                out += TerminalText.escaped(String(scalar))
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static let coded: Set<Unicode.Scalar> = ["\"", "#", "&", "<", ">", "`", "%"]
}
