/// Repository text made safe inside XML 1.0 and HTML (JUnit reports, the HTML report): it never closes
/// an element, opens a tag or an entity, leaves a double-quoted attribute value or breaks a line. A
/// parser reads back exactly what it was, but for the characters of the last rule, which it reads as
/// their visible escapes (ESC as the four characters `\x1b`).
///
/// The rules:
/// - `&`, `<`, `>` and `"` become entities (`&amp;` `&lt;` `&gt;` `&quot;`);
/// - line feeds, carriage returns and tabs become character references (`&#10;` `&#13;` `&#9;`): a
///   parser reads them back exactly (in an attribute value too, where raw ones read as spaces), and the
///   file itself keeps each piece of content on charter's own line;
/// - the second of two colons or number signs becomes a reference (`:&#58;`, `#&#35;`), as text output
///   breaks them: a CI log that shows the file runs no workflow command (`::error`, `##[error]`) from it;
/// - the characters XML 1.0 forbids (the other C0 controls, U+FFFE and U+FFFF), DEL and the C1
///   controls, the line and paragraph separators and the bidi controls show as in text output (`\x1b`,
///   `\u202e`, `\ufffe`): no character reference can carry a forbidden one, and CI pages show reports as text.
public enum XMLText {
    /// Element content or a double-quoted attribute value.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case ":" where previous == ":": out += "&#58;"
            case "#" where previous == "#": out += "&#35;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            case _ where TerminalText.isControl(scalar): out += TerminalText.escaped(String(scalar))
            case "\u{FFFE}", "\u{FFFF}": out += "\\u" + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
