import Foundation
import Testing

/// A cold walk reads its later half on a second thread (`ReadAhead`); `CHARTER_WALK_SPLIT=2` makes
/// even a tiny history split. Whatever the split meets, every answer is the one a single thread gives.
@Suite("A walk read on two threads")
struct ReadAheadTests {
    static let oneThread = ["CHARTER_INDEX": "off", "CHARTER_WALK_SPLIT": "off"]
    static let split = ["CHARTER_INDEX": "off", "CHARTER_WALK_SPLIT": "2"]

    /// Every history command, read on one thread, on two, and on two while building the index then from it.
    static func expectSameAnswers(_ scratch: Scratch, _ repository: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try HistoryIndexTests.answers(scratch, repository, environment: oneThread)
        #expect(try HistoryIndexTests.answers(scratch, repository, environment: split) == expected, sourceLocation: sourceLocation)
        let building = try HistoryIndexTests.answers(scratch, repository, environment: ["CHARTER_WALK_SPLIT": "2"])
        #expect(building == expected, sourceLocation: sourceLocation)
        #expect(try HistoryIndexTests.answers(scratch, repository) == expected, sourceLocation: sourceLocation)
    }

    /// Commits that leave the charters alone, one a day from `day`, each rewriting `file`.
    static func otherWork(_ scratch: Scratch, from day: Int, count: Int, in file: String = "notes.txt") throws {
        for offset in 0..<count {
            try scratch.write("acme/\(file)", "note \(day + offset)\n")
            #expect(try MergeHistoryTests.git(scratch, "2022-03-\(day + offset)", "add", file).status == 0)
            #expect(try MergeHistoryTests.git(scratch, "2022-03-\(day + offset)", "commit", "-qm", "Note \(offset)").status == 0)
        }
    }

    static func breakCTO(_ scratch: Scratch, _ day: String) throws -> String {
        try MergeHistoryTests.moveRoadmap(scratch)
        try scratch.edit("acme/roles/cto.yaml", replacing: "decides: [how]", with: "decides: [how")
        #expect(try MergeHistoryTests.git(scratch, day, "commit", "-qam", "Roadmap to engineering").status == 0)
        return try MergeHistoryTests.rev(scratch, "HEAD")
    }

    static func repairCTO(_ scratch: Scratch, _ day: String) throws {
        try scratch.edit("acme/roles/cto.yaml", replacing: "decides: [how", with: "decides: [how]")
        #expect(try MergeHistoryTests.git(scratch, day, "commit", "-qam", "Fix the indentation").status == 0)
    }

    @Test func aFileUnreadableAcrossTheSplitIsReadAsOnOneThread() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.otherWork(scratch, from: 1, count: 2)
        let broken = try Self.breakCTO(scratch, "2022-03-03")
        // The split falls among these: the second thread starts with no stand-in for cto.yaml.
        try Self.otherWork(scratch, from: 4, count: 8)
        try Self.repairCTO(scratch, "2022-03-12")
        try Self.otherWork(scratch, from: 13, count: 2)
        try Self.expectSameAnswers(scratch, "acme")
        let log = try scratch.charter("log", in: "acme", environment: Self.split)
        #expect(log.stdout.contains("note: roles/cto.yaml is readable again (unreadable since \(broken.prefix(7)))"), "\(log)")
    }

    @Test func aFileBrokenOnABranchAcrossTheSplitIsReadAsOnOneThread() throws {
        let scratch = try MergeHistoryTests.branched()
        _ = try Self.breakCTO(scratch, "2022-03-01")
        try Self.otherWork(scratch, from: 2, count: 3, in: "branch-notes.txt")
        #expect(try MergeHistoryTests.git(scratch, "2022-03-05", "checkout", "-q", "main").status == 0)
        try Self.otherWork(scratch, from: 6, count: 3)
        #expect(try MergeHistoryTests.git(scratch, "2022-03-09", "merge", "-q", "--no-ff", "b", "-m", "Merge b").status == 0)
        try Self.otherWork(scratch, from: 10, count: 4)
        try Self.repairCTO(scratch, "2022-03-14")
        try Self.expectSameAnswers(scratch, "acme")
    }

    @Test func aHistoryWithNothingUnreadableIsReadAsOnOneThread() throws {
        let scratch = try Scratch()
        try scratch.generateHistory("history", commits: 120, roles: 6, items: 12)
        try Self.expectSameAnswers(scratch, "history")
    }
}
