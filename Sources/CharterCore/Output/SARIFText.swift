/// Repository text made literal in a SARIF 2.1.0 plain-text message (`message.text`, a rule's
/// descriptions and help): viewers render `[text](target)` as a link (`[x](1)` to a related location)
/// and replace `{0}` with an argument (§3.11.5–3.11.6). The rules:
/// - `\`, `[` and `]` are escaped with a backslash, everywhere: no link can form;
/// - `{` and `}` are doubled (`{{`, `}}`): no placeholder can form.
///
/// JSON escaping comes after, from `JSONValue`.
public enum SARIFText {
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "[", "]": out += "\\" + String(scalar)
            case "{", "}": out += String(scalar) + String(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
