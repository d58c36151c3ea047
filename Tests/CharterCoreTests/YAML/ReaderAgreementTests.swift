@_spi(Fuzzing) @testable import CharterCore
import Testing

/// Inputs where the fast reader and libyaml once gave different answers: a NUL written as an escape,
/// keys longer than libyaml's 1,024 characters, byte-order marks. Each must get one answer, whichever
/// reader gives it.
@Suite("Both readers, one answer")
struct ReaderAgreementTests {
    /// What a reader made of the input: the node's shape, or the finding code and position of its error.
    static func answer(_ read: () throws(YAMLInputError) -> YAMLNode) -> String {
        do throws(YAMLInputError) {
            return YAMLReaderTests.Shape(try read()).description
        } catch {
            return "\(error.code.rawValue)@\(error.line):\(error.column)"
        }
    }

    /// The production reader's answer, after checking that the fast reader, where it answers, gives libyaml's.
    @discardableResult
    static func oneAnswer(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let bytes = Array(text.utf8)
        let reference = answer { () throws(YAMLInputError) in try YAMLReader.readThroughLibYAML(bytes) }
        if let fast = FastCharterParser.parse(bytes, maxDepth: InputLimits.standard.maxDepth) {
            #expect(YAMLReaderTests.Shape(fast).description == reference, "fast reader and libyaml differ on \(text.debugDescription)",
                    sourceLocation: sourceLocation)
        }
        #expect(YAMLReader.fastParserAgreesWithLibYAML(bytes), sourceLocation: sourceLocation)
        let production = answer { () throws(YAMLInputError) in try YAMLReader.read(bytes) }
        #expect(production == reference, sourceLocation: sourceLocation)
        return production
    }

    // MARK: - Document markers

    /// The fuzzer's find: a second start marker before any content starts a second document, which the
    /// fast reader once took for a blank line.
    @Test("one document start marker is read; a second is another document to both readers", arguments: [
        "---\nrole: cto\n", "---\n---\nrole: cto\n", "---\n---\nmetpics:metpics:", "# c\n---\n\n---\nrole: cto\n",
    ])
    func documentStartMarkers(_ text: String) {
        Self.oneAnswer(text)
    }

    // MARK: - NUL

    @Test("a NUL written as an escape is refused where it is written", arguments: [
        ("title: \"a\\0b\"\n", "binary-content@1:8"),
        ("title: \"a\\x00\"\n", "binary-content@1:8"),
        ("title: \"\\u0000\"\n", "binary-content@1:8"),
        ("title: \"\\U00000000\"\n", "binary-content@1:8"),
        ("a: 1\n\"k\\0\": v\n", "binary-content@2:1"),
        ("a: [x, \"\\0\"]\n", "binary-content@1:8"),
        ("a:\n- b: \"\\0\"\n", "binary-content@2:6"),
    ])
    func nulEscape(_ text: String, _ expected: String) {
        #expect(Self.oneAnswer(text) == expected)
    }

    @Test func nulEscapeIsAFindingOfTheRoleFile() throws {
        let findings = try BadInputTests.validate(Array("role: nul\ntitle: \"Chief \\0 Officer\"\n".utf8), as: "nul.yaml")
        #expect(Fixtures.summary(findings) == ["binary-content@roles/nul.yaml:2:8"])
    }

    // MARK: - Long keys

    /// libyaml takes a key whose colon is at most 1,024 characters after its start, and refuses a longer one.
    @Test("keys up to 1,024 characters are read, longer ones refused by both", arguments: [
        (1_024, "", true), (1_025, "", false), (1_023, " ", true), (1_024, " ", false), (2_000, "", false),
    ])
    func longKey(_ length: Int, _ gap: String, _ accepted: Bool) {
        let key = String(repeating: "k", count: length)
        for text in ["\(key)\(gap): v\n", "a: 1\n\(key)\(gap): v\n", "a:\n  \(key)\(gap): v\n", "- \(key)\(gap): v\n",
                     "'\(key.dropFirst(2))'\(gap): v\n", "a: {\(key)\(gap): v}\n", "a: {b: 1, \(key)\(gap): v}\n"] {
            let answer = Self.oneAnswer(text)
            #expect(answer.hasPrefix("yaml-syntax@") != accepted, "\(text.prefix(12))…: \(answer)")
        }
    }

    @Test func longKeyInCharactersNotBytes() {
        // 600 two-byte characters: 1,200 bytes, within libyaml's 1,024 characters.
        let key = String(repeating: "é", count: 600)
        #expect(Self.oneAnswer("\(key): v\n").hasPrefix("1:1 {"))
        #expect(Self.oneAnswer("\(key)\(key): v\n").hasPrefix("yaml-syntax@1:1"))
    }

    @Test func longKeyIsNamedInTheMessage() {
        let text = "role: long\n" + String(repeating: "k", count: 1_500) + ": v\n"
        #expect(throws: YAMLInputError(.yamlSyntax, line: 2, column: 1,
                                       "key is longer than 1024 characters (YAML's limit for a key)")) {
            try YAMLReader.read(Array(text.utf8))
        }
    }

    // MARK: - Byte-order marks

    @Test func byteOrderMarkBeforeTheFirstKeyIsSkipped() {
        let plain = "role: cto\ntitle: T\nareas: {strategy: [a]}\n"
        let answer = Self.oneAnswer("\u{FEFF}" + plain)
        #expect(answer == Self.oneAnswer(plain))
        #expect(answer.hasPrefix("1:1 {role: 1:7 \"cto\""))
        // The fast reader reads such a file itself.
        #expect(FastCharterParser.parse(Array(("\u{FEFF}" + plain).utf8), maxDepth: 32) != nil)
    }

    @Test("byte-order marks elsewhere get one answer", arguments: [
        "\u{FEFF}", "\u{FEFF}# comment\na: 1\n", "\u{FEFF}---\na: 1\n", "a: 1\n\u{FEFF}b: 2\n", "a: x\u{FEFF}y\n",
        "\u{FEFF}\u{FEFF}a: 1\n", "a: [\u{FEFF}x]\n", "\u{FEFF}a: \"\\0\"\n",
    ])
    func byteOrderMarkElsewhere(_ text: String) {
        Self.oneAnswer(text)
    }

    @Test func byteOrderMarkCountsForNoColumnInByteErrors() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: caf".utf8) + [0xE9, 10]
        #expect(Self.answer { () throws(YAMLInputError) in try YAMLReader.read(bytes) } == "not-utf8@1:7")
    }

    // MARK: - Line and paragraph separators, byte-order marks, tabs elsewhere

    /// A charter the fast reader reads, with `title` set to `title` as written (quotes and all).
    static func charter(title: String) -> String {
        "role: cto\ntitle: \(title)\nreports-to: ceo\nareas:\n  strategy:\n    decides: [how]\n"
    }

    /// The answer for `text`, and for `text` with a tab in a comment at its end, which the fast reader
    /// leaves to libyaml: an edit elsewhere in the file must not change whether it is valid.
    static func sameWithATabElsewhere(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let answer = oneAnswer(text, sourceLocation: sourceLocation)
        let withTab = text + "# a comment\twith a tab\n"
        #expect(FastCharterParser.parse(Array(withTab.utf8), maxDepth: 32) == nil, sourceLocation: sourceLocation)
        #expect(oneAnswer(withTab, sourceLocation: sourceLocation) == answer, sourceLocation: sourceLocation)
        return answer
    }

    /// libyaml reads YAML 1.1, where U+2028 and U+2029 are line breaks: in a plain scalar, a key or a
    /// comment they break the line, whatever else the file holds.
    @Test("a line or paragraph separator in a plain scalar, a key or a comment is an error, tab or not", arguments: [
        charter(title: "Chief Technology\u{2028}Officer"),
        charter(title: "Chief Technology\u{2029}Officer"),
        charter(title: "Chief Technology Officer") + "ti\u{2028}tle: x\n",
        charter(title: "Chief Technology Officer # a\u{2028}comment"),
        "# a\u{2029}comment\n" + charter(title: "Chief Technology Officer"),
    ])
    func separatorInPlainText(_ text: String) {
        #expect(Self.sameWithATabElsewhere(text).hasPrefix("yaml-syntax@"))
    }

    @Test func separatorInAFlowCollectionIsFolded() {
        // In brackets a plain scalar may go on over a line break: libyaml keeps a separator as it is.
        let text = Self.charter(title: "Chief Technology Officer") + "  innovation: {decides: [wh\u{2028}y]}\n"
        #expect(Self.sameWithATabElsewhere(text).contains("\"wh\u{2028}y\""))
    }

    @Test("a line or paragraph separator in a quoted scalar is kept, tab or not", arguments: [
        ("\"Chief Technology\u{2028}Officer\"", "Chief Technology\u{2028}Officer"),
        ("'Chief Technology\u{2029}Officer'", "Chief Technology\u{2029}Officer"),
    ])
    func separatorInQuotedText(_ title: String, _ expected: String) throws {
        let text = Self.charter(title: title)
        #expect(Self.sameWithATabElsewhere(text).contains("2:8 \"\(expected)\""))
        #expect(FastCharterParser.parse(Array(text.utf8), maxDepth: 32) == nil)
    }

    @Test("a line separator in a block scalar gets one answer, tab or not", arguments: [
        "role: cto\ntitle: |\n  Chief\u{2028}  Technology\n",
        "role: cto\ntitle: |\n  Chief\u{2028}Technology\n",
        "role: cto\ntitle: >\n  Chief\n  \u{2029}  Technology\n",
    ])
    func separatorInBlockScalar(_ text: String) {
        Self.sameWithATabElsewhere(text)
    }

    @Test("a byte-order mark past the start gets one answer, tab or not", arguments: [
        charter(title: "Chief Technology Officer") + "\u{FEFF}holder: Dana\n",
        charter(title: "Chief\u{FEFF}Technology Officer"),
        charter(title: "\"Chief\u{FEFF}Technology Officer\""),
        "role: cto\ntitle: |\n  Chief\n  \u{FEFF}Technology\n",
        "role: cto\ntitle: |\n  Chief\n\u{FEFF}  Technology\n",
    ])
    func byteOrderMarkPastTheStart(_ text: String) {
        Self.sameWithATabElsewhere(text)
    }

    @Test func separatorInTheStarterTitle() {
        // The issue's case: the title validated, until a tab elsewhere sent the file to libyaml.
        let answer = Self.sameWithATabElsewhere(Self.charter(title: "Chief Technology\u{2028}Officer"))
        #expect(answer.hasPrefix("yaml-syntax@"))
    }

    // MARK: - Tabs

    /// A tab where YAML wants indentation: its own message, at the tab, from whichever reader answers.
    @Test("a tab in the indentation is named, at the tab", arguments: [
        ("role: x\nareas:\n\tstrategy: {}\n", 3, 1),
        ("role: x\nareas:\n  \tstrategy: {}\n", 3, 3),
        ("\trole: x\n", 1, 1),
        ("role: x\nitems:\n  - a\n\t- b\n", 4, 1),
        ("role: x\n\t# a comment\n", 2, 1),
        ("role: x\n\t\ntitle: y\n", 2, 1),
        ("a:\n  b: 1\n  \t c: 2\n", 3, 3),
        ("t: |\n  a\n\tb\n", 3, 1),
        ("t: |\n\ta\n", 2, 1),
        ("\u{FEFF}\trole: x\n", 1, 1),
        ("title: caf\u{E9}\n\tx: 1\n", 2, 1),
    ])
    func tabIndentation(_ text: String, _ line: Int, _ column: Int) {
        let bytes = Array(text.utf8)
        #expect(FastCharterParser.parse(bytes, maxDepth: 32) == nil)
        for error in [Self.error(bytes, YAMLReader.read), Self.error(bytes, YAMLReader.readThroughLibYAML)] {
            #expect(error?.message == "tabs cannot indent YAML; use spaces")
            #expect(error?.code == .yamlSyntax)
            #expect(error?.line == line)
            #expect(error?.column == column)
        }
    }

    @Test("tabs YAML allows are read", arguments: ["role:\tx\n", "a: [1,\n\t2]\n", "a: 1 # a\ttab\n", "t: |\n  a\tb\n"])
    func allowedTab(_ text: String) {
        #expect(!Self.oneAnswer(text).hasPrefix("yaml-syntax"))
    }

    @Test func tabIndentationIsAFindingOfTheRoleFile() throws {
        let findings = try BadInputTests.validate(Array("role: tab\ntitle: T\nareas:\n\tstrategy: {}\n".utf8), as: "tab.yaml")
        #expect(Fixtures.summary(findings) == ["yaml-syntax@roles/tab.yaml:4:1"])
        #expect(findings.first?.message == "tabs cannot indent YAML; use spaces")
    }

    private static func error(_ bytes: [UInt8], _ read: ([UInt8], InputLimits) throws(YAMLInputError) -> YAMLNode) -> YAMLInputError? {
        do throws(YAMLInputError) {
            _ = try read(bytes, .standard)
            return nil
        } catch {
            return error
        }
    }
}
