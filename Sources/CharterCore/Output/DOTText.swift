/// Repository text made inert inside a double-quoted Graphviz DOT string (a node id or a `label`):
/// it never ends the string, and no escape sequence of Graphviz's (`\n`, `\l`, `\N`) comes from it.
///
/// The rules:
/// - `"` and `\` are backslash-escaped, so Graphviz shows them as they are;
/// - control characters, line breaks included, the separators and the bidi controls show as in text
///   output (`\n`, `\x1b`, `\u202e`), their backslash escaped in turn: a line break in content is the
///   two characters `\n` in the drawing, never a new line of the label.
public enum DOTText {
    /// The inside of a double-quoted DOT string.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            let shown = TerminalText.isControl(scalar) ? TerminalText.escaped(String(scalar)) : String(scalar)
            for character in shown.unicodeScalars {
                if character == "\"" || character == "\\" { out.unicodeScalars.append("\\") }
                out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
