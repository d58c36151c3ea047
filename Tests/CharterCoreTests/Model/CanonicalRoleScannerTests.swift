@testable import CharterCore
import Foundation
import Testing

/// The canonical role scanner against the reference path (`YAMLReader` then `RoleDecoder`): wherever
/// the scanner answers, the reference reads the very same role, locations included, without a
/// finding; and the scanner answers for the charters charter itself writes.
@Suite("Canonical role scanner")
struct CanonicalRoleScannerTests {
    /// Compares the scanner with the reference on `bytes`; returns whether the scanner answered.
    @discardableResult
    static func agree(_ bytes: [UInt8], stem: String = "cto", schema: Schema = .fourArea, sharingTextsWith earlier: Role? = nil,
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        let file = CharterTree.roleFile(stem)
        guard let scanned = CanonicalRoleScanner.role(in: bytes, file: file, fileStem: stem, schema: schema, limits: .standard,
                                                      sharingTextsWith: earlier)
        else { return false }
        let log = FindingLog()
        let reference = (try? YAMLReader.read(bytes)).flatMap {
            RoleDecoder.decode($0, file: file, fileStem: stem, schema: schema, log: log)
        }
        #expect(reference == scanned && log.findings.isEmpty, """
            input \(String(decoding: bytes, as: UTF8.self).debugDescription)
            findings \(Fixtures.summary(log.findings))
            reference \(String(describing: reference))
            scanned   \(scanned)
            """, sourceLocation: sourceLocation)
        return true
    }

    /// The schemas a fixture may be read with: the built-in one, and its repository's own.
    static func schemas(for input: String) -> [Schema] {
        guard input.hasPrefix("repos/"), let repository = input.split(separator: "/").dropFirst().first,
              let tree = try? Fixtures.repository(String(repository)), tree.entries[CharterTree.schemaPath] != nil,
              let schema = CharterValidator.load(tree).charters.schema as Schema?, schema != .fourArea else { return [.fourArea] }
        return [.fourArea, schema]
    }

    @Test("answers for canonical fixtures and starters, as the decoder reads them", arguments: YAMLReaderTests.inputs)
    func fixtures(_ input: String) throws {
        let bytes = Array(try YAMLReaderTests.text(of: input).utf8)
        let stem = String(input.split(separator: input.hasPrefix("starter:") ? ":" : "/").last!).replacingOccurrences(of: ".yaml", with: "")
        var answered = false
        for schema in Self.schemas(for: input) where Self.agree(bytes, stem: stem, schema: schema) { answered = true }
        if input.hasPrefix("starter:") || (input.hasPrefix("repos/valid/roles/") && !bytes.contains { $0 > 0x7E }) {
            #expect(answered, "the scanner should read canonical role charters itself")
        }
    }

    @Test(arguments: [
        "role: cto\ntitle: T\nareas:\n  strategy:\n    responsibilities: []\n",
        "role: cto\ntitle: 'It''s'\nholder: Ada\nreports-to: ceo\nareas: {}\n",
        "role: cto\ntitle: a: b\nareas:\n", "role: cto\ntitle: x #c\n", "role: cto\ntitle: 12\n", "role: cto\ntitle: null\n",
        "role: cto\ntitle: T\nholder: \nareas:\n", "role: 'cto'\ntitle: T\n", "role: cpo\ntitle: T\n", "---\nrole: cto\n",
    ])
    func handPickedCases(_ text: String) {
        // Most give up; each must agree with the reference where it answers.
        Self.agree(Array(text.utf8))
    }

    /// Canonical charters written by `CharterWriter` from the starters, then random damage: every
    /// answer must be the reference's.
    @Test func writtenAndMutatedCharters() {
        var random = FastParserTests.Seeded(state: 20261126)
        let written = Company.Stage.allCases.flatMap { stage in
            StarterCharters.charters(company: "Scanner Co", stage: stage).roles.map { ($0.id, CharterWriter.yaml(for: $0)) }
        }
        let pieces = [":", " ", "-", "#", "'", "\"", "[", "]", ",", "\n", "  ", "- ", ": ", "x", "é", "\t", "null", "why", "kpis"]
        var answered = 0, answeredDamaged = 0
        for round in 0..<3000 {
            let (stem, document) = round % 2 == 0 ? written.randomElement(using: &random)!
                : ("cto", FastParserTests.randomCharter(&random))
            if Self.agree(Array(document.utf8), stem: stem) { answered += 1 }
            // The damaged version shares the texts of the undamaged one, as the next version of a file does in a walk.
            let undamaged = CanonicalRoleScanner.role(in: Array(document.utf8), file: CharterTree.roleFile(stem), fileStem: stem,
                                                      schema: .fourArea, limits: .standard)
            if Self.agree(FastParserTests.damaged(document, with: pieces, &random), stem: stem, sharingTextsWith: undamaged) {
                answeredDamaged += 1
            }
        }
        #expect(answered > 1500, "the scanner answered for only \(answered) of 3000 charters")
        #expect(answeredDamaged > 300, "only \(answeredDamaged) damaged charters reached the comparison")
    }
}
