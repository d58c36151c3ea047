import Foundation
import Testing

/// The persistent history index (`.git/charter/history`) is a cache: with it, without it, damaged,
/// truncated, from another repository, unwritable or deleted between runs, every answer is the same.
@Suite("The persistent history index")
struct HistoryIndexTests {
    static let indexFile = ".git/charter/history"
    static let off = ["CHARTER_INDEX": "off"]

    /// What the history commands print, in the form scripts read. Blame is of the story's CPTO, whose
    /// blame follows its lineage back through the CPO and the CTO, or of the CTO elsewhere.
    static func answers(_ scratch: Scratch, _ repository: String, environment: [String: String] = [:]) throws -> [String] {
        let blamed = FileManager.default.fileExists(atPath: scratch.path("\(repository)/roles/cpto.yaml")) ? "cpto" : "cto"
        let commands: [[String]] = [
            ["log", "--format", "json"], ["log", "--first-parent", "--format", "json"], ["log"],
            ["audit", "--format", "json"], ["blame", blamed, "--format", "json"],
        ]
        return try commands.map { arguments in
            let outcome = try scratch.run(Scratch.binary, arguments, in: repository, environment: environment)
            #expect(outcome.stderr.isEmpty, "\(arguments): \(outcome)")
            return "exit \(outcome.status)\n" + outcome.stdout
        }
    }

    static func index(_ scratch: Scratch, _ repository: String) -> Data? {
        FileManager.default.contents(atPath: scratch.path("\(repository)/\(indexFile)"))
    }

    static func writeIndex(_ scratch: Scratch, _ repository: String, _ bytes: Data) throws {
        try bytes.write(to: URL(fileURLWithPath: scratch.path("\(repository)/\(indexFile)")))
    }

    /// Whether the index on disk reads as one: it begins as every index does and the git CLI, the
    /// independent witness, computes the checksum it ends with.
    static func expectValidIndex(_ scratch: Scratch, _ repository: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = try #require(index(scratch, repository), sourceLocation: sourceLocation)
        #expect(bytes.starts(with: Data("CHARTER-HISTORY-INDEX\n".utf8)), sourceLocation: sourceLocation)
        let body = scratch.path("index-body")
        try bytes.dropLast(20).write(to: URL(fileURLWithPath: body))
        let hash = try scratch.git("hash-object", body, in: "")
        let trailer = bytes.suffix(20).map { String(format: "%02x", $0) }.joined()
        #expect(hash.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == trailer, sourceLocation: sourceLocation)
    }

    @Test func theIndexIsBuiltOnceAndChangesNoAnswer() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        let withoutIndex = try Self.answers(scratch, repository, environment: Self.off)
        #expect(Self.index(scratch, repository) == nil, "CHARTER_INDEX=off writes no index")
        let building = try Self.answers(scratch, repository)
        try Self.expectValidIndex(scratch, repository)
        let built = Self.index(scratch, repository)
        let warm = try Self.answers(scratch, repository)
        #expect(building == withoutIndex)
        #expect(warm == withoutIndex)
        #expect(Self.index(scratch, repository) == built, "a warm run adds nothing")
        // Nothing git sees: no status entry, a clean fsck.
        try scratch.expectStatusClean(repository)
        try scratch.expectFsckClean(repository)
    }

    @Test func aDamagedTruncatedOrForeignIndexIsIgnoredAndWrittenAnew() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        let expected = try Self.answers(scratch, repository, environment: Self.off)
        _ = try Self.answers(scratch, repository)
        let good = try #require(Self.index(scratch, repository))
        // Another repository's index: one of a history with merges and an unreadable commit.
        let (other, _, _) = try MergeHistoryTests.brokenThenFixed()
        _ = try Self.answers(other, "acme")
        let foreign = try #require(Self.index(other, "acme"))

        var flipped = good
        flipped[good.count / 2] ^= 0x5A
        var badVersion = good
        badVersion[22] = 0x7F
        let damaged: [(String, Data)] = [
            ("a flipped byte", flipped), ("truncated", good.prefix(good.count / 2)), ("empty", Data()),
            ("without its checksum", good.dropLast(20)), ("another version", badVersion),
            ("not an index", Data(repeating: 0xFF, count: 4096)), ("another repository's", foreign),
        ]
        for (name, bytes) in damaged {
            try Self.writeIndex(scratch, repository, bytes)
            #expect(try Self.answers(scratch, repository) == expected, "\(name) index")
            try Self.expectValidIndex(scratch, repository)
            #expect(try Self.answers(scratch, repository) == expected, "\(name) index, written anew")
        }
    }

    @Test func anUnwritableOrDeletedIndexChangesOnlyTheTime() throws {
        let (scratch, repository) = try StoryAndReportTests.story()
        let expected = try Self.answers(scratch, repository, environment: Self.off)
        // Where the index folder should be, a file: nothing can be written, and nothing is said.
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: scratch.path("\(repository)/.git/charter")))
        #expect(try Self.answers(scratch, repository) == expected)
        #expect(try String(contentsOfFile: scratch.path("\(repository)/.git/charter"), encoding: .utf8) == "not a folder")
        try FileManager.default.removeItem(atPath: scratch.path("\(repository)/.git/charter"))
        // Built, deleted between runs, built again.
        #expect(try Self.answers(scratch, repository) == expected)
        try FileManager.default.removeItem(atPath: scratch.path("\(repository)/\(Self.indexFile)"))
        #expect(try Self.answers(scratch, repository) == expected)
        try Self.expectValidIndex(scratch, repository)
    }

    @Test func commitsAddedLaterAreAddedToTheIndex() throws {
        let (scratch, broken, fixed) = try MergeHistoryTests.brokenThenFixed()
        _ = try Self.answers(scratch, "acme")
        let before = try #require(Self.index(scratch, "acme"))
        // A branch that breaks the file again, merged: stand-ins across a merge, read from the index.
        #expect(try scratch.git("checkout", "-qb", "side", broken, in: "acme").status == 0)
        try scratch.write("acme/roles/cpo.yaml", try scratch.read("acme/roles/cpo.yaml") + "\ntitle: [\n")
        #expect(try MergeHistoryTests.git(scratch, "2022-03-01", "commit", "-qam", "Break the CPO too").status == 0)
        #expect(try scratch.git("checkout", "-q", fixed, in: "acme").status == 0)
        #expect(try MergeHistoryTests.git(scratch, "2022-03-02", "merge", "-q", "--no-ff", "-m", "Merge side", "side").status == 0)
        let expected = try Self.answers(scratch, "acme", environment: Self.off)
        #expect(try Self.answers(scratch, "acme") == expected)
        let after = try #require(Self.index(scratch, "acme"))
        #expect(after.count > before.count)
        #expect(try Self.answers(scratch, "acme") == expected)
        // A commit on top: its walk is the index's latest walk with the commit before it.
        #expect(try MergeHistoryTests.git(scratch, "2022-03-03", "commit", "-q", "--allow-empty", "-m", "On top").status == 0)
        let onTop = try Self.answers(scratch, "acme", environment: Self.off)
        #expect(try Self.answers(scratch, "acme") == onTop)
        #expect(try Self.answers(scratch, "acme") == onTop)
    }

    /// Blame alone builds what its next run needs: which commits leave the role's file as a parent had
    /// it, by the parents each walk follows (a merge of a branch that changed the file is passed over by
    /// a walk of all parents, read by a first-parent one).
    @Test func blameAloneBuildsWhatItsNextRunNeeds() throws {
        let scratch = try MergeHistoryTests.pullRequests()
        let blames: [[String]] = [["blame", "cto", "--format", "json"], ["blame", "cto", "--first-parent", "--format", "json"],
                                  ["blame", "cpo", "--format", "json"]]
        let expected = try blames.map { try scratch.run(Scratch.binary, $0, in: "acme", environment: Self.off).stdout }
        for round in 1...2 {
            for (arguments, answer) in zip(blames, expected) {
                let outcome = try scratch.run(Scratch.binary, arguments, in: "acme")
                #expect(outcome.status == 0 && outcome.stdout == answer, "round \(round), \(arguments): \(outcome)")
            }
        }
        #expect(try scratch.run(Scratch.binary, ["blame", "cto", "--format", "json"], in: "acme").stdout.contains("\"mergedIn\""))
    }

    /// A commit that only makes a role file executable leaves it the same to the charters, whether
    /// blame learns that from the index or from the trees: across another file's unreadable stretch,
    /// blame answers the same with no index, with its own and with log's.
    @Test func aModeChangeIsNoChangeWithOrWithoutTheIndex() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let good = try scratch.read("acme/roles/cpo.yaml")
        // The CTO's file changes too, so that blame reads this commit and the CPO's stand-in begins there.
        try scratch.write("acme/roles/cpo.yaml", good + "oops: [unclosed\n")
        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer", with: "title: Chief Technology Officer and Architect")
        #expect(try MergeHistoryTests.git(scratch, "2022-02-01", "commit", "-qam", "Break the CPO").status == 0)
        #expect(try MergeHistoryTests.git(scratch, "2022-02-02", "update-index", "--chmod=+x", "roles/cto.yaml").status == 0)
        #expect(try MergeHistoryTests.git(scratch, "2022-02-02", "commit", "-qm", "Make the CTO's file executable").status == 0)
        try scratch.write("acme/roles/cpo.yaml", good)
        try MergeHistoryTests.moveRoadmap(scratch)
        #expect(try MergeHistoryTests.git(scratch, "2022-02-03", "commit", "-qam", "Mend the CPO; the roadmap to the CTO").status == 0)
        let blame = ["blame", "cto", "--format", "json"]
        let expected = try scratch.run(Scratch.binary, blame, in: "acme", environment: Self.off)
        #expect(expected.status == 0 && expected.stdout.contains("\"roadmap\""), "\(expected)")
        // Blame's own index, then the one log builds: each decides which commits blame passes over.
        for _ in 1...2 { #expect(try scratch.run(Scratch.binary, blame, in: "acme").stdout == expected.stdout) }
        try FileManager.default.removeItem(atPath: scratch.path("acme/\(Self.indexFile)"))
        _ = try scratch.charter("log", in: "acme")
        #expect(try scratch.run(Scratch.binary, blame, in: "acme").stdout == expected.stdout)
    }
}
