/// Text made safe inside a GitHub Actions workflow command, `::error file=F,line=L::MESSAGE`, by the
/// runner's own rules: in the message `%` → `%25`, CR → `%0D`, LF → `%0A` (a multi-line message
/// stays one command); in a property also `:` → `%3A` and `,` → `%2C`. Other control characters,
/// which those rules leave alone, show as in text output (`\x1b`), so a log viewer gets no escape
/// sequence from content either.
public enum WorkflowCommand {
    /// The message part, after the second `::`.
    public static func data(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case "\t": out.unicodeScalars.append(scalar)
            case _ where TerminalText.isControl(scalar): out += TerminalText.escaped(String(scalar))
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A property value (`file=…`, `title=…`).
    public static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
