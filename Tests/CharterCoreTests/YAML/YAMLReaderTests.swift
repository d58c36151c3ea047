@testable import CharterCore
import Foundation
import Testing
import Yams

@Suite("YAML reader")
struct YAMLReaderTests {
    /// A node's content and position, comparable across the two parsers.
    indirect enum Shape: Equatable, CustomStringConvertible {
        case scalar(String, line: Int, column: Int)
        case sequence([Shape], line: Int, column: Int)
        case mapping([(String, Shape)], line: Int, column: Int)

        static func == (lhs: Shape, rhs: Shape) -> Bool { lhs.description == rhs.description }

        var description: String {
            switch self {
            case .scalar(let text, let line, let column): "\(line):\(column) \(text.debugDescription)"
            case .sequence(let items, let line, let column): "\(line):\(column) [\(items.map(\.description).joined(separator: ", "))]"
            case .mapping(let pairs, let line, let column):
                "\(line):\(column) {\(pairs.map { "\($0.0): \($0.1)" }.joined(separator: ", "))}"
            }
        }

        init(_ node: YAMLNode) {
            switch node.content {
            case .scalar(let text, _): self = .scalar(text, line: node.line, column: node.column)
            case .sequence(let items): self = .sequence(items.map(Shape.init), line: node.line, column: node.column)
            case .mapping(let entries):
                self = .mapping(entries.map { ($0.key, Shape($0.value)) }, line: node.line, column: node.column)
            }
        }

        init(_ node: Yams.Node) {
            let line = node.mark?.line ?? 0, column = node.mark?.column ?? 0
            switch node {
            case .scalar(let scalar): self = .scalar(scalar.string, line: line, column: column)
            case .sequence(let sequence): self = .sequence(sequence.map(Shape.init), line: line, column: column)
            case .mapping(let mapping):
                self = .mapping(mapping.map { ($0.key.string ?? "?", Shape($0.value)) }, line: line, column: column)
            case .alias: self = .scalar("*alias", line: line, column: column)
            }
        }
    }

    /// Every YAML fixture, the built-in schema and the starter charters of every stage.
    static let inputs: [String] = {
        var paths: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: Fixtures.folder.path)
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".yaml") { paths.append(path) }
        }
        let starters = Company.Stage.allCases.flatMap { stage in
            StarterCharters.charters(company: "Differential Co", stage: stage).roles.map { "starter:\(stage.rawValue):\($0.id)" }
        }
        return paths.sorted() + ["Schemas/four-area.yaml"] + starters
    }()

    static func text(of input: String) throws -> String {
        let parts = input.split(separator: ":").map(String.init)
        if parts.first == "starter", let stage = Company.Stage(rawValue: parts[1]),
           let role = StarterCharters.charters(company: "Differential Co", stage: stage).roles.first(where: { $0.id == parts[2] }) {
            return CharterWriter.yaml(for: role)
        }
        if input.hasPrefix("Schemas/") {
            return try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(input), encoding: .utf8)
        }
        return try String(contentsOf: Fixtures.folder.appendingPathComponent(input), encoding: .utf8)
    }

    @Test("agrees with Yams on content and positions wherever it accepts the input", arguments: inputs)
    func differentialAgainstYams(_ input: String) throws {
        let text = try Self.text(of: input)
        guard let ours = try? YAMLReader.read(Array(text.utf8)) else { return }
        let theirs = try #require(try Yams.compose(yaml: text))
        #expect(Shape(ours) == Shape(theirs))
    }

    @Test func inputsCoverTheFixtures() {
        #expect(Self.inputs.count > 60)
    }

    @Test func positionsAreOneBased() throws {
        let node = try YAMLReader.read(Array("a: 1\nb:\n  - x\n".utf8))
        guard case .mapping(let entries) = node.content else { Issue.record("not a mapping"); return }
        #expect(entries.map(\.key) == ["a", "b"])
        #expect((entries[1].keyLine, entries[1].keyColumn) == (2, 1))
        guard case .sequence(let items) = entries[1].value.content else { Issue.record("not a sequence"); return }
        #expect((items[0].line, items[0].column) == (3, 5))
    }

    @Test func duplicateKeyPointsAtBothKeys() {
        #expect(throws: YAMLInputError(.duplicateKey, line: 3, column: 3, "key 'b' appears twice in this mapping (first at line 2)",
                                       related: (2, 3))) {
            try YAMLReader.read(Array("a:\n  b: 1\n  b: 2\n".utf8))
        }
    }

    @Test func aliasBombStopsAtTheFirstAnchor() throws {
        let bomb = try Fixtures.bytes("bad-input/billion-laughs.yaml")
        #expect(throws: YAMLInputError.self) { try YAMLReader.read(bomb) }
    }

    @Test(arguments: [
        ("", PlainScalar.null), ("~", .null), ("null", .null), ("true", .bool), ("False", .bool),
        ("yes", .string), ("on", .string), ("no", .string), ("42", .int), ("-7", .int), ("0x1F", .int),
        ("0o17", .int), ("3.14", .float), ("1e5", .float), (".inf", .float), ("-.Inf", .float), (".nan", .float),
        ("1.2.3", .string), ("12abc", .string), ("v1", .string), ("-", .string), (".", .string), ("e5", .string),
    ])
    func plainScalarResolution(_ text: String, _ expected: PlainScalar) {
        #expect(PlainScalar(text) == expected)
    }
}
