import CharterCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The escaping of each output medium: text (terminal, CI log), Markdown, GitHub workflow commands, JSON, XML.
@Suite("Output escaping")
struct OutputEscapingTests {
    // MARK: - Text

    @Test("text: controls show as visible escapes", arguments: [
        ("plain words", "plain words"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("a\tb", "a\\tb"),
        ("\u{1B}[2J", "\\x1b[2J"),
        ("\u{1B}]52;c;aGk=\u{07}", "\\x1b]52;c;aGk=\\x07"),
        ("nul\u{0}del\u{7F}", "nul\\x00del\\x7f"),
        ("c1 \u{9B}31m \u{85}", "c1 \\u009b31m \\u0085"),
        ("line\u{2028}para\u{2029}", "line\\u2028para\\u2029"),
        ("bidi \u{202E}evil\u{202C} \u{2066}x\u{2069}", "bidi \\u202eevil\\u202c \\u2066x\\u2069"),
        ("Café — 東京 ✓ \u{200F}", "Café — 東京 ✓ \u{200F}"),
        ("back\\slash", "back\\slash"),
    ])
    func textEscapes(_ input: String, _ expected: String) {
        #expect(TerminalText.escaped(input) == expected)
    }

    @Test("text: runs of colons and number signs are broken", arguments: [
        ("::error file=x::forged", ":\\:error file=x:\\:forged"),
        (":::", ":\\:\\:"),
        ("##[error]legacy", "#\\#[error]legacy"),
        ("###", "#\\#\\#"),
        ("a: b # c", "a: b # c"),
    ])
    func ciCommandsAreBroken(_ input: String, _ expected: String) {
        #expect(TerminalText.escaped(input) == expected)
    }

    @Test func escapedTextIsOneSafeLine() {
        let hostile = (0...0x20).map { String(UnicodeScalar($0)!) }.joined() + "\u{7F}\u{80}\u{9F}\u{2028}\u{202A}\u{2069}::##"
        let shown = TerminalText.escaped(hostile)
        #expect(!shown.unicodeScalars.contains(where: TerminalText.isControl))
        #expect(!shown.contains("::") && !shown.contains("##"))
    }

    @Test func longTextsAreCutWithTheirLength() {
        let long = String(repeating: "é", count: 250)
        #expect(TerminalText.excerpt(long) == String(repeating: "é", count: 200) + "… (250 characters)")
        #expect(TerminalText.quoted(long, limit: 3) == "\"ééé…\" (250 characters)")
        #expect(TerminalText.quoted("short\ntext") == "\"short\\ntext\"")
        #expect(TerminalText.excerpt(String(repeating: "x", count: 200)) == String(repeating: "x", count: 200))
        // The cut is made before escaping: an escape is never split.
        #expect(TerminalText.excerpt("ab\u{1B}cd", limit: 3) == "ab\\x1b… (5 characters)")
        // Markdown cuts the same way, then escapes for a table cell.
        #expect(MarkdownText.excerpt(long, limit: 3) == "ééé… (250 characters)")
        #expect(MarkdownText.excerpt("a|b\nc|d", limit: 4) == "a\\|b … (7 characters)")
        #expect(MarkdownText.excerpt("a|b") == "a\\|b")
    }

    @Test("text: a multi-line text goes on under its column", arguments: [
        ("one\ntwo\nthree\n", "\"one\n  two\n  three\\n\""),
        ("one\ntwo", "\"one\n  two\""),
        ("one\n\nthree", "\"one\n  \n  three\""),
        ("one\r\ntwo", "\"one\\r\n  two\""),
        ("\n", "\"\\n\""),
        ("one\u{2028}two\ttab", "\"one\\u2028two\\ttab\""),
        ("::error\n::error x::y", "\":\\:error\n  :\\:error x:\\:y\""),
        ("a\u{1B}[2J\nb", "\"a\\x1b[2J\n  b\""),
    ])
    func multiLineText(_ text: String, _ expected: String) {
        #expect(TerminalText.quoted(text, continuation: "  ") == expected)
    }

    @Test func multiLineTextsAreCutByCharactersAndLines() {
        let long = String(repeating: "é", count: 250)
        #expect(TerminalText.quoted(long, limit: 3, continuation: "  ") == "\"ééé…\" (250 characters)")
        #expect(TerminalText.quoted("ab\ncd\nef", limit: 4, continuation: " ") == "\"ab\n c…\" (8 characters)")
        let lines = (1...12).map(String.init).joined(separator: "\n")
        #expect(TerminalText.quoted(lines, continuation: " ") == "\"" + (1...10).map(String.init).joined(separator: "\n ") + "…\" (\(lines.count) characters)")
        // A cut text ends with `…`, never with the escape of a final line break.
        #expect(TerminalText.quoted("abc\nd", limit: 4, continuation: " ") == "\"abc\n …\" (5 characters)")
        #expect(TerminalText.quoted("abc\n", limit: 4, continuation: " ") == "\"abc\\n\"")
    }

    // MARK: - Markdown

    @Test("markdown: what would render is escaped", arguments: [
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("[link](http://evil)", "\\[link\\](http://evil)"),
        ("![img](http://evil)", "\\!\\[img\\](http://evil)"),
        ("`code` *em* _em_ ~~s~~ a|b", "\\`code\\` \\*em\\* \\_em\\_ \\~\\~s\\~\\~ a\\|b"),
        ("&lt; $x$ #1 \\", "\\&lt; \\$x\\$ \\#1 \\\\"),
        ("two\nlines\r\nand\ttab", "two lines  and tab"),
        ("\u{1B}[2J \u{9B}", "\\x1b\\[2J \\u009b"),
        ("plain words, a-b. 1+1=2", "plain words, a-b. 1+1=2"),
    ])
    func markdownEscapes(_ input: String, _ expected: String) {
        #expect(MarkdownText.escaped(input) == expected)
    }

    @Test("markdown: code spans fence any backticks", arguments: [
        ("roadmap", "`roadmap`"),
        ("a`b", "``a`b``"),
        ("``x```", "```` ``x``` ````"),
        ("`", "`` ` ``"),
        ("a|b\nc", "`a\\|b c`"),
    ])
    func codeSpans(_ input: String, _ expected: String) {
        #expect(MarkdownText.code(input) == expected)
    }

    // MARK: - Mermaid

    @Test("mermaid: nothing closes a label, renders as a tag or breaks a line", arguments: [
        ("Chief Technology Officer", "Chief Technology Officer"),
        ("\"]; evil", "#34;]; evil"),
        ("<b>R&D</b> #1 `md` 100%", "#60;b#62;R#38;D#60;/b#62; #35;1 #96;md#96; 100#37;"),
        ("two\nlines\u{1B}[2J", "two\\nlines\\x1b[2J"),
        ("[brackets] (parens) {braces} |pipe|", "[brackets] (parens) {braces} |pipe|"),
        ("Café — 東京", "Café — 東京"),
    ])
    func mermaidEscapes(_ input: String, _ expected: String) {
        #expect(MermaidText.escaped(input) == expected)
    }

    // MARK: - Graphviz DOT

    @Test("dot: nothing ends a string, and no escape sequence comes from content", arguments: [
        ("Chief Technology Officer", "Chief Technology Officer"),
        ("\"]; evil", "\\\"]; evil"),
        ("back\\slash \\N \\l", "back\\\\slash \\\\N \\\\l"),
        ("two\nlines\t\u{1B}", "two\\\\nlines\\\\t\\\\x1b"),
        ("<b>&amp;</b> {x} -> y", "<b>&amp;</b> {x} -> y"),
    ])
    func dotEscapes(_ input: String, _ expected: String) {
        #expect(DOTText.escaped(input) == expected)
    }

    // MARK: - GitHub workflow commands

    @Test func workflowCommandsFollowTheRunnersRules() {
        #expect(WorkflowCommand.data("100% done\r\n::error file=x::forged") == "100%25 done%0D%0A::error file=x::forged")
        #expect(WorkflowCommand.property("roles/a,b:c%.yaml") == "roles/a%2Cb%3Ac%25.yaml")
        #expect(WorkflowCommand.data("\u{1B}[2J") == "\\x1b[2J")
        #expect(!WorkflowCommand.data("a\nb\rc").contains { $0.isNewline })
    }

    // MARK: - JSON

    @Test func jsonEscapesEveryControlAndRoundTrips() throws {
        let hostile = "t\u{1B}[2J\u{1B}]52;c;aGk=\u{07}\r\n::error file=x::forged\u{7F}\u{9B}\u{2028}\u{2029}\u{202E}\"\\ <img> é"
        let rendered = JSONValue.object([("title", .string(hostile))]).rendered(pretty: false)
        #expect(!rendered.unicodeScalars.contains(where: TerminalText.isControl))
        #expect(rendered.contains("\\u001b") && rendered.contains("\\u2028") && rendered.contains("\\u009b"))
        let decoded = try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: String]
        #expect(decoded?["title"] == hostile)
    }

    // MARK: - SARIF

    @Test("sarif: no link and no placeholder forms", arguments: [
        ("plain words: é ✓ (1)", "plain words: é ✓ (1)"),
        ("[see](https://evil.example/x) [here](1)", #"\[see\](https://evil.example/x) \[here\](1)"#),
        ("{0} {{1}} }{", "{{0}} {{{{1}}}} }}{{"),
        (#"\[x] \0"#, #"\\\[x\] \\0"#),
    ])
    func sarifEscapes(_ input: String, _ expected: String) {
        #expect(SARIFText.escaped(input) == expected)
    }

    // MARK: - XML

    @Test("xml: markup, line breaks, forbidden controls and CI commands", arguments: [
        ("plain words: é ✓", "plain words: é ✓"),
        ("<img src=\"x\"> & 'q'", "&lt;img src=&quot;x&quot;&gt; &amp; 'q'"),
        ("a\nb\r\nc\td", "a&#10;b&#13;&#10;c&#9;d"),
        ("\u{1B}[2J nul\u{0} \u{7F}\u{9B} \u{202E}", "\\x1b[2J nul\\x00 \\x7f\\u009b \\u202e"),
        ("\u{FFFE}\u{FFFF}", "\\ufffe\\uffff"),
        ("::error file=x::forged ##[error]", ":&#58;error file=x:&#58;forged #&#35;[error]"),
        ("&#10;", "&amp;#10;"),
    ])
    func xmlEscapes(_ input: String, _ expected: String) {
        #expect(XMLText.escaped(input) == expected)
    }

    /// What a parser reads back is the text itself, but for the controls, separators and bidi controls,
    /// which come back as the visible escapes text output shows.
    @Test(arguments: [
        ("t <b>&amp;</b> \"q\"\r\n::error file=x::forged\t##[x] é 東京", nil),
        ("esc \u{1B}[2J nul\u{0} \u{202E}rtl \u{2028} \u{FFFE}", #"esc \x1b[2J nul\x00 \u202ertl \u2028 \ufffe"#),
    ])
    func xmlRoundTripsThroughAParser(_ text: String, _ readBack: String?) throws {
        let document = "<a b=\"\(XMLText.escaped(text))\">\(XMLText.escaped(text))</a>"
        final class Reader: NSObject, XMLParserDelegate {
            var attribute: String?
            var content = ""
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String]) { attribute = attributes["b"] }
            func parser(_ parser: XMLParser, foundCharacters string: String) { content += string }
        }
        let reader = Reader()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(reader.attribute == readBack ?? text)
        #expect(reader.content == readBack ?? text)
    }
}
