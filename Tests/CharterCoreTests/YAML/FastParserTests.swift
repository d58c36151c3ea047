@testable import CharterCore
import Foundation
import Testing

/// The fast parser against libyaml: wherever the fast parser answers, libyaml must compose the very
/// same node, content, styles and positions; and the fast parser must answer for ordinary charters.
@Suite("Fast charter parser")
struct FastParserTests {
    /// SplitMix64: a small seeded generator, so every run tests the same inputs.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Compares the two readers on `bytes`; returns whether the fast parser answered.
    @discardableResult
    static func agree(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        // As in production, the byte checks (size, NUL, UTF-8) come first.
        guard (try? ByteGuard.check(bytes, limits: .standard)) != nil,
              let fast = FastCharterParser.parse(bytes, maxDepth: 32) else { return false }
        let reference = try? YAMLReader.readThroughLibYAML(bytes)
        let same = reference == fast
        #expect(same, """
            input \(String(decoding: bytes, as: UTF8.self).debugDescription)
            libyaml: \(reference.map { YAMLReaderTests.Shape($0).description } ?? "an error")
            fast:    \(YAMLReaderTests.Shape(fast).description)
            """, sourceLocation: sourceLocation)
        return true
    }

    @Test("answers for every valid fixture and starter charter, as libyaml does", arguments: YAMLReaderTests.inputs)
    func fixtures(_ input: String) throws {
        let bytes = Array(try YAMLReaderTests.text(of: input).utf8)
        let answered = Self.agree(bytes)
        if input.hasPrefix("starter:") || input.hasPrefix("repos/valid/") || input.hasPrefix("diffs/move/") {
            #expect(answered, "the fast parser should read canonical charters itself")
        }
    }

    @Test(arguments: [
        "a:\nb: 1\n", "a: \n", "a: # c\nb: x\n", "l:\n- \n- x\n", "l:\n-\n  a: 1\n", "a: [x, 'y', {k: v}]\n",
        "a: []\nb: {}\n", "k:\n  - a\n  - b\n", "- a: 1\n  b: 2\n- c\n", "a: x # c\n", "a: 'it''s'\n", "a: \"q\\\"x\"\n",
        "  a: 1\n  b: 2\n", "a: x:y\n", "a: b: c\n", "a: -5\n", "a: - 5\n", "a:\n  b:\n  c: 1\n", "---\na: 1\n",
        "a: 1\n---\nb: 2\n", "a: |\n  text\n", "a: >\n  text\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\na: 2\n",
        "? a\n: b\n", "a:\n\tb: 1\n", "a: 1\r\nb: 2\r\n", "a: \"multi\n  line\"\n", "a: plain\n  continued\n",
        "a: [x,\n  y]\n", "a: [x, ]\n", "a: {x}\n", "a: [x: y]\n", "\"k\": v\n", "'k' : v\n", "k:v\n", "a: 'q'#c\n",
        "a: ü ñ — “quotes”\nb: [é, 'ö']\n", "a: x #c\n", "a: x# not a comment\n", "- - a\n", "a:\n- b\nc: d\n",
        "a:\n  - b\n  -\n    c: d\n", "%YAML 1.2\n---\na: 1\n", "a: 1\n...\n", "", "# only\n", "a: \"\\u00e9\"\n",
        "a: '' \nb: \"\"\n", "x-a: 1\nareas: {strategy: {}, metrics: {kpis: [{id: n, name: N}]}}\n", "a: ~\nb: null\nc: true\n",
        "a:\n    b: 1\n  c: 2\n", "a: 1\n b: 2\n", "- a\n - b\n", "a: [[[[1]]]]\n", "a: {b: {c: [d, {e: f}]}}\n",
        "respo\u{0E}nsibilities: []\n", "a: x\u{7F}\n", "a: \u{85}\n", "a: \u{FFFE}\n", "a: é\u{A0}b\n",
    ])
    func handPickedCases(_ text: String) {
        Self.agree(Array(text.utf8))
    }

    @Test func givesUpBeyondTheDepthLimit() {
        let deep = "a: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\n"
        #expect(FastCharterParser.parse(Array(deep.utf8), maxDepth: 32) == nil)
    }

    /// Random charters in several styles, then random damage: every answer the fast parser gives
    /// must be libyaml's, and it must answer for most undamaged charters.
    @Test func generatedAndMutatedCharters() {
        var random = Seeded(state: 20261124)
        var answered = 0, answeredDamaged = 0
        let pieces = [":", " ", "-", "#", "'", "\"", "[", "]", "{", "}", ",", "\n", "  ", "- ", ": ", "x", "&a", "*a", "!t", "|", ">", "?", "é"]
        for round in 0..<1500 {
            let document = Self.randomCharter(&random)
            if Self.agree(Array(document.utf8)) { answered += 1 }
            if Self.agree(Self.damaged(document, with: pieces, &random)) { answeredDamaged += 1 }
            _ = round
        }
        #expect(answered > 1200, "the fast parser answered for only \(answered) of 1500 generated charters")
        #expect(answeredDamaged > 300, "only \(answeredDamaged) damaged charters reached the comparison")
    }

    /// `document` with one to three random edits: a byte removed, a piece inserted, a byte replaced.
    static func damaged(_ document: String, with pieces: [String], _ random: inout Seeded) -> [UInt8] {
        var bytes = Array(document.utf8)
        for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(contentsOf: Array(pieces.randomElement(using: &random)!.utf8), at: at)
            default: bytes[at] = Array(pieces.randomElement(using: &random)!.utf8)[0]
            }
        }
        return bytes
    }

    static func randomCharter(_ random: inout Seeded) -> String {
        func word() -> String {
            ["roadmap", "Cycle time", "Chief Product Officer", "the why, what and when", "2024", "yes", "x-note",
             "Zoë", "a-b", "null", "3.5", "it's", "key:value", "#hash"].randomElement(using: &random)!
        }
        func scalar() -> String {
            let text = word()
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return "'\(text.replacingOccurrences(of: "'", with: "''"))'"
            case 1: return "\"\(text)\""
            default: return text.hasPrefix("#") || text.contains(":") ? "'\(text)'" : text
            }
        }
        let indentSequences = Bool.random(using: &random)
        let flowLists = Bool.random(using: &random)
        var out = Bool.random(using: &random) ? "# a charter\n" : ""
        out += "role: cto\ntitle: \(scalar())\n"
        if Bool.random(using: &random) { out += "holder: \(scalar())  # the holder\n" }
        out += "areas:\n"
        for area in ["strategy", "innovation", "customers", "metrics"] where Int.random(in: 0..<5, using: &random) > 0 {
            out += "  \(area):\n"
            if Bool.random(using: &random) {
                out += flowLists ? "    decides: [why, how]\n" : "    decides:\n\(indentSequences ? "" : "  ")    - why\n"
            }
            let count = Int.random(in: 0..<4, using: &random)
            if count == 0 {
                out += "    responsibilities: []\n"
                continue
            }
            out += "    responsibilities:\n"
            let dash = indentSequences ? "    - " : "      - "
            let inner = indentSequences ? "      " : "        "
            for n in 0..<count {
                if Int.random(in: 0..<6, using: &random) == 0 {
                    out += "\(dash){id: item-\(n), text: \(scalar())}\n"
                } else {
                    out += "\(dash)id: item-\(n)\n\(inner)text: \(scalar())\n"
                    if Bool.random(using: &random) { out += "\(inner)consults: [cpo, 'cfo']\n" }
                }
                if Int.random(in: 0..<8, using: &random) == 0 { out += "\n" }
            }
        }
        return out
    }
}
