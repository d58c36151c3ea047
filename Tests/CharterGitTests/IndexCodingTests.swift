import CharterCore
@testable import CharterGit
import Foundation
import Testing

/// The history index's records: what is written reads back the same, and bytes that are not a record
/// are refused with `IndexReader.Damaged`, never a trap.
@Suite("History index records")
struct IndexCodingTests {
    static let commit = try! ObjectID(hex: "0123456789abcdef0123456789abcdef01234567")

    static let step = HistoryEngine.ReadStep(
        changes: [
            BoundaryChange(.moved, area: "strategy", itemKind: .responsibility, item: "roadmap", from: "cto", to: "cpo",
                           before: "Own the roadmap", after: "Own the product roadmap", releasedIn: commit.description),
            BoundaryChange(.fieldChanged, role: "cto", field: "holder", before: nil, after: "Zoë 🚀\n"),
        ],
        unreadable: [Finding(.error, .yamlSyntax, at: SourceLocation(file: "roles/cto.yaml", line: 3, column: 9), "unclosed [",
                             related: [SourceLocation(file: "roles/cpo.yaml")])],
        readableAgain: [ReadableAgain(file: "roles/cpo.yaml", unreadableSince: commit)],
        touchesCharters: true, schemaChanged: false,
        standIns: ["roles/cto.yaml": .init(entry: .blob(id: commit.description), since: commit),
                   "roles/new.yaml": .init(entry: nil, since: commit), "schema.yaml": .init(entry: .oversized(2_000_000), since: commit)],
        parents: [commit, commit], changedPaths: [["roles/cpo.yaml", "roles/cto.yaml"], []])

    static func encoded(_ step: HistoryEngine.ReadStep) -> [UInt8] {
        var writer = IndexWriter()
        writer.write(step)
        return writer.bytes
    }

    @Test func aStepReadsBackAsItWasWritten() throws {
        let bytes = Self.encoded(Self.step)
        var reader = IndexReader(bytes, range: 0..<bytes.count)
        let read = try reader.readStep()
        #expect(reader.isAtEnd)
        #expect(read.changes == Self.step.changes)
        #expect(read.unreadable == Self.step.unreadable)
        #expect(read.readableAgain == Self.step.readableAgain)
        #expect(read.changedPaths == Self.step.changedPaths && read.parents == Self.step.parents)
        #expect(read.standIns.mapValues(\.entry) == Self.step.standIns.mapValues(\.entry))
        #expect(read.standIns.mapValues(\.since) == Self.step.standIns.mapValues(\.since))
    }

    @Test func anAuditCheckReadsBackAsItWasWritten() throws {
        let checked = Repository.CheckedCommit(
            importBrought: ("globex", ["globex-ceo", "globex-cto"], 3),
            invalid: (AuditRules.Finding(code: .invalidCommit, message: "invalid charters"), Self.step.unreadable),
            changesChecked: 2, findings: [AuditRules.Finding(code: .missingApproval, message: "no Approved-By: cpo")])
        var writer = IndexWriter()
        writer.write(checked)
        var reader = IndexReader(writer.bytes, range: 0..<writer.bytes.count)
        let read = try reader.checkedCommit()
        #expect(reader.isAtEnd)
        #expect(read.importBrought?.prefix == "globex" && read.importBrought?.roles == ["globex-ceo", "globex-cto"])
        #expect(read.importBrought?.overlaps == 3)
        #expect(read.invalid?.finding == checked.invalid?.finding && read.invalid?.errors == checked.invalid?.errors)
        #expect(read.changesChecked == 2 && read.findings == checked.findings)
    }

    /// Every prefix of a record, and the record with any one byte changed, either reads as something or
    /// is refused: the reader never reads past its range nor traps.
    @Test func truncatedOrAlteredRecordsAreRefusedNotTrapped() {
        let bytes = Self.encoded(Self.step)
        for length in 0..<bytes.count {
            var reader = IndexReader(bytes, range: 0..<length)
            #expect(throws: IndexReader.Damaged.self) { try reader.readStep() }
        }
        for position in bytes.indices {
            for value: UInt8 in [0x00, 0x7F, 0x80, 0xFF] {
                var altered = bytes
                altered[position] = value
                var reader = IndexReader(altered, range: 0..<altered.count)
                _ = try? reader.readStep()
                #expect(reader.offset <= altered.count)
            }
        }
    }

    @Test func hugeCountsAreRefused() {
        var writer = IndexWriter()
        writer.write(Int.max)
        var reader = IndexReader(writer.bytes, range: 0..<writer.bytes.count)
        #expect(throws: IndexReader.Damaged.self) { try reader.count() }
        var negative = IndexWriter()
        negative.write(-1)
        var negativeReader = IndexReader(negative.bytes, range: 0..<negative.bytes.count)
        #expect(throws: IndexReader.Damaged.self) { try negativeReader.count() }
    }
}

/// The index file itself: what is stored is read back by the next process; a record stored again
/// replaces the first, which is left out when the file is written.
@Suite("History index file")
struct HistoryIndexFileTests {
    static func value(_ kind: HistoryIndex.Kind, in index: HistoryIndex) throws -> Int? {
        guard var reader = index.record(kind, of: IndexCodingTests.commit) else { return nil }
        return try reader.int()
    }

    static func record(_ value: Int) -> IndexWriter {
        var writer = IndexWriter()
        writer.write(value)
        return writer
    }

    @Test func aRecordStoredAgainReplacesTheFirstOnDisk() throws {
        let repository = try RepositoryTests.GitRepository()
        let opened = try Repository.open(discoveringFrom: repository.path)
        let commit = IndexCodingTests.commit
        let index = HistoryIndex.open(for: opened, environment: [:])
        index.store(.audit, of: commit, Self.record(1))
        index.store(.step, of: commit, Self.record(2))
        index.save()
        let file = repository.path + "/.git/charter/history"
        let once = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int

        let again = HistoryIndex.open(for: opened, environment: [:])
        #expect(try Self.value(.audit, in: again) == 1)
        again.store(.audit, of: commit, Self.record(3))
        again.save()
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int == once)

        let read = HistoryIndex.open(for: opened, environment: [:])
        #expect(try Self.value(.audit, in: read) == 3)
        #expect(try Self.value(.step, in: read) == 2)
        #expect(read.record(.focusedStep, of: commit) == nil)
        #expect(HistoryIndex.open(for: opened, environment: ["CHARTER_INDEX": "off"]).record(.audit, of: commit) == nil)
    }

    /// Subjects are kept by number: many of them, non-ASCII ones and the empty one all read back by
    /// their text, in the process that stored them and the next.
    @Test func recordsOfManySubjectsReadBackByTheirSubject() throws {
        let repository = try RepositoryTests.GitRepository()
        let opened = try Repository.open(discoveringFrom: repository.path)
        let commit = IndexCodingTests.commit
        let subjects = [""] + (1...20).map { "roles/r\($0).yaml\nschema.yaml" } + ["roles/zoë.yaml", "roles/r1.yaml"]
        let index = HistoryIndex.open(for: opened, environment: [:])
        for (number, subject) in subjects.enumerated() { index.store(.focusedStep, of: commit, subject: subject, Self.record(number)) }
        index.save()
        for read in [index, HistoryIndex.open(for: opened, environment: [:])] {
            for (number, subject) in subjects.enumerated() {
                var reader = try #require(read.record(.focusedStep, of: commit, subject: subject), "\(subject)")
                #expect(try reader.int() == number)
            }
            #expect(read.record(.focusedStep, of: commit, subject: "roles/r21.yaml\nschema.yaml") == nil)
            #expect(read.record(.focusPassage, of: commit, subject: subjects[3]) == nil)
        }
    }
}
