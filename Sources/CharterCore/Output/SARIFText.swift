/// Repository text made literal in a SARIF 2.1.0 plain-text message (`message.text`, a rule's
/// descriptions and help): viewers render `[text](target)` as a link (`[x](1)` to a related location)
/// and replace `{0}` with an argument (§3.11.5–3.11.6). The rules:
/// - `\`, `[` and `]` are escaped with a backslash, everywhere: no link can form;
/// - `{` and `}` are doubled (`{{`, `}}`): no placeholder can form.
///
/// JSON escaping comes after, from `JSONValue`.
public enum SARIFText {
    public static func escaped(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar == "[" || scalar == "]" { out.append("\\") }
            out.append(scalar)
            if scalar == "{" || scalar == "}" { out.append(scalar) }
        }
        return String(out)
    }
}
