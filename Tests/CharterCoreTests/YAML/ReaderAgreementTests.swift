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
}
