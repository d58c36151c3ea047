@testable import CharterCore
import Foundation
import Testing

/// The bad-input corpus: each file in Fixtures/bad-input joins a valid repository as an extra
/// role, and must produce its expected finding, located, without disturbing anything else.
@Suite("Bad input")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var code: String
        var line: Int?
        var column: Int?
        var testDescription: String { file }
    }

    static let corpus: [Case] = {
        let manifest = (try? String(contentsOf: Fixtures.folder.appendingPathComponent("bad-input/expected.tsv"), encoding: .utf8)) ?? ""
        return manifest.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t").map(String.init)
            return Case(file: fields[0], code: fields[1], line: Int(fields[2]), column: Int(fields[3]))
        }
    }()

    /// A valid repository with `content` added as `roles/<name>`.
    static func validate(_ content: [UInt8], as name: String) throws -> [Finding] {
        var tree = try Fixtures.repository("valid")
        tree.entries["roles/\(name)"] = .file(content)
        return CharterValidator.validate(tree).findings
    }

    @Test func corpusIsNotEmpty() {
        #expect(Self.corpus.count >= 40)
    }

    @Test("each corpus file gets its error, located", arguments: corpus)
    func corpusFile(_ testCase: Case) throws {
        let findings = try Self.validate(try Fixtures.bytes("bad-input/\(testCase.file)"), as: testCase.file)
        let inFile = findings.filter { $0.location.file == "roles/\(testCase.file)" }
        let match = inFile.first { finding in
            finding.code.rawValue == testCase.code && finding.severity == .error
                && testCase.line.map { $0 == finding.location.line } ?? true
                && testCase.column.map { $0 == finding.location.column } ?? true
        }
        #expect(match != nil, "expected \(testCase.code) at \(testCase.line ?? 0):\(testCase.column ?? 0); got \(Fixtures.summary(findings))")
        // The rest of the repository is untouched by the bad file: only it has findings.
        #expect(findings.allSatisfy { $0.location.file == "roles/\(testCase.file)" }, "\(Fixtures.summary(findings))")
    }

    // MARK: - Generated inputs

    @Test func oversizedFile() throws {
        let content = Array("role: big\ntitle: T\nx-padding: \"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20) + Array("\"\n".utf8)
        #expect(Fixtures.summary(try Self.validate(content, as: "big.yaml")) == ["file-too-large@roles/big.yaml:1:1"])
    }

    @Test func oversizedEntryFromGit() throws {
        var tree = try Fixtures.repository("valid")
        tree.entries["roles/big.yaml"] = .oversized(5 << 20)
        #expect(Fixtures.summary(CharterValidator.validate(tree).findings) == ["file-too-large@roles/big.yaml:1:1"])
    }

    @Test func hundredThousandOpenBrackets() throws {
        let content = Array("role: deep\ntitle: T\nx-deep: ".utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let findings = try Self.validate(content, as: "deep.yaml")
        #expect(findings.map(\.code) == [.tooDeep])
        #expect(findings.first?.location.line == 3)
    }

    @Test func nestingJustOverTheLimit() throws {
        let content = Array("role: deep\ntitle: T\nx-deep: ".utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 40)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 40) + [10]
        #expect(Fixtures.summary(try Self.validate(content, as: "deep.yaml")) == ["too-deep@roles/deep.yaml:3:40"])
    }

    /// One more level of indentation per line: within 1 MiB the depth limit stops it, beyond it the size limit.
    @Test(arguments: [(1_400, "too-deep@roles/indented.yaml:35:33"), (3_000, "file-too-large@roles/indented.yaml:1:1")])
    func deepIndentation(_ levels: Int, _ expected: String) throws {
        var text = "role: indented\ntitle: T\n"
        for level in 0..<levels { text += String(repeating: " ", count: level) + "x-\(level):\n" }
        #expect(Fixtures.summary(try Self.validate(Array(text.utf8), as: "indented.yaml")) == [expected])
    }

    @Test func thousandsOfNestedBlockSequences() throws {
        let text = "role: dashes\ntitle: T\nx-deep:\n" + String(repeating: "- ", count: 5_000) + "bottom\n"
        let findings = try Self.validate(Array(text.utf8), as: "dashes.yaml")
        #expect(findings.map(\.code) == [.tooDeep])
    }

    @Test func notUTF8() throws {
        let content = Array("role: latin\ntitle: Directeur g".utf8) + [0xE9] + Array("n\u{e9}ral\n".utf8)
        #expect(Fixtures.summary(try Self.validate(content, as: "latin.yaml")) == ["not-utf8@roles/latin.yaml:2:19"])
    }

    @Test func nulByte() throws {
        let content = Array("role: nul\ntitle: T".utf8) + [0] + Array("\n".utf8)
        #expect(Fixtures.summary(try Self.validate(content, as: "nul.yaml")) == ["binary-content@roles/nul.yaml:2:9"])
    }

    @Test func binaryData() throws {
        var generator = SystemRandomNumberGenerator()
        let content = (0..<4096).map { _ in UInt8.random(in: 1...255, using: &generator) }
        let findings = try Self.validate(content, as: "binary.yaml")
        #expect(findings.count == 1)
        #expect(["not-utf8", "yaml-syntax", "binary-content"].contains(findings.first?.code.rawValue ?? ""))
    }

    @Test func badFileNames() throws {
        var tree = try Fixtures.repository("valid")
        tree.entries["roles/Head Of Sales.yaml"] = .file(Array("role: x\n".utf8))
        tree.entries["roles/cfo.yml"] = .file(Array("role: cfo\n".utf8))
        tree.entries["roles/.cto.yaml.swp"] = .file([0, 1, 2])
        tree.entries["roles/link.yaml"] = .symlink
        tree.entries["roles/nested.yaml"] = .directory
        #expect(Set(Fixtures.summary(CharterValidator.validate(tree).findings)) == [
            "invalid-file-name@roles/Head Of Sales.yaml:1:1", "invalid-file-name@roles/cfo.yml:1:1",
            "not-a-regular-file@roles/link.yaml:1:1", "not-a-regular-file@roles/nested.yaml:1:1",
        ])
    }

    @Test func yaml11BooleansStayText() throws {
        let content = Array("role: norway\ntitle: no\nholder: yes\nareas: {strategy: {}, innovation: {}, customers: {}, metrics: {}}\n".utf8)
        #expect(try Self.validate(content, as: "norway.yaml").isEmpty)
    }

    @Test func extensionKeysAreAllowedEverywhere() throws {
        let content = Array("""
            role: extended
            title: T
            x-owner-note: kept for the board
            areas:
              x-comment: areas may carry notes too
              strategy: {x-review: yearly}
              innovation: {}
              customers: {}
              metrics:
                kpis:
                  - {id: nps, name: Net promoter score, x-target: 40}

            """.utf8)
        #expect(try Self.validate(content, as: "extended.yaml").isEmpty)
    }
}
