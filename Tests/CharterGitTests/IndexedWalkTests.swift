@testable import CharterGit
import Foundation
import Testing

/// The history index's latest walk (`Repository.indexedWalk`): served from the index, a walk lists
/// exactly what libgit2's walk lists, also from commits added on top since, and it is not served
/// where it could differ.
@Suite("Walks served from the history index")
struct IndexedWalkTests {
    /// libgit2's own walk, on the repository opened afresh with its index set aside.
    static func libgit2Walk(_ path: String, from start: ObjectID, firstParent: Bool) throws -> [ObjectID] {
        let index = path + "/.git/charter", aside = path + "/.git/charter-aside"
        let saved = FileManager.default.fileExists(atPath: index)
        if saved { try FileManager.default.moveItem(atPath: index, toPath: aside) }
        defer { if saved { try? FileManager.default.moveItem(atPath: aside, toPath: index) } }
        let fresh = try Repository.open(discoveringFrom: path)
        #expect(fresh.indexedWalk(from: start, firstParent: firstParent) == nil)
        return try RevisionWalk(fresh, from: start, firstParent: firstParent).all()
    }

    /// Commits `count` commits on top of `parent` with `git commit-tree`, each `step` seconds after the
    /// one before (negative: the clock ran backwards; zero: the same second); returns them oldest first.
    static func chain(_ repository: RepositoryTests.GitRepository, on parents: [String], count: Int, time: Int, step: Int) throws -> [String] {
        let tree = try repository.git("hash-object", "-t", "tree", "-w", "/dev/null")
        var ids: [String] = []
        for index in 0..<count {
            let date = "@\(time + index * step) +0000"
            let onto = ids.last.map { [$0] } ?? parents
            ids.append(try repository.git(["commit-tree", tree, "-m", "on top \(index)"] + onto.flatMap { ["-p", $0] },
                                          environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date]))
        }
        return ids
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func aWalkAndTheCommitsAddedOnTopOfItListAsLibgit2Does(seed: UInt64) throws {
        let repository = try RepositoryTests.GitRepository()
        let ids = try ShallowBoundaryTests.randomHistory(repository, count: 40, seed: seed)
        for firstParent in [false, true] {
            let tip = try ObjectID(hex: ids[39])
            let opened = try Repository.open(discoveringFrom: repository.path)
            let walked = try RevisionWalk(opened, from: tip, firstParent: firstParent).all()
            #expect(opened.indexedWalk(from: tip, firstParent: firstParent) == walked)
            // Read back oldest first, and after a save by a repository opened afresh.
            #expect(try RevisionWalk(opened, from: tip, firstParent: firstParent, oldestFirst: true).all() == walked.reversed())
            opened.historyIndex.save()
            let reopened = try Repository.open(discoveringFrom: repository.path)
            #expect(reopened.indexedWalk(from: tip, firstParent: firstParent) == walked)
            // Added on top, each time on the latest walk's start: later, earlier and in the same second
            // as the commit below each.
            var below = ids[39]
            for (count, step) in [(1, 60), (3, -500), (2, 0)] {
                below = try Self.chain(repository, on: [below], count: count, time: 1_600_002_000, step: step).last!
                let top = try ObjectID(hex: below)
                let served = reopened.indexedWalk(from: top, firstParent: firstParent)
                #expect(served != nil)
                #expect(served == (try Self.libgit2Walk(repository.path, from: top, firstParent: firstParent)))
            }
            try FileManager.default.removeItem(atPath: repository.path + "/.git/charter")
        }
    }

    @Test func aMergeOnTopIsServedOnlyOnTheFirstParentLine() throws {
        let repository = try RepositoryTests.GitRepository()
        let ids = try ShallowBoundaryTests.randomHistory(repository, count: 30, seed: 9)
        let opened = try Repository.open(discoveringFrom: repository.path)
        let tip = try ObjectID(hex: ids[29])
        for firstParent in [false, true] { _ = try RevisionWalk(opened, from: tip, firstParent: firstParent).all() }
        let merge = try ObjectID(hex: try Self.chain(repository, on: [ids[29], ids[12]], count: 1, time: 1_600_009_000, step: 0)[0])
        #expect(opened.indexedWalk(from: merge, firstParent: false) == nil)
        #expect(opened.indexedWalk(from: merge, firstParent: true) == (try Self.libgit2Walk(repository.path, from: merge, firstParent: true)))
        // A walk from an ancestor of the indexed start is libgit2's again. In a process that used the kept
        // walk, it leaves the kept walk alone (blame following a role's lineage walks from older commits).
        let older = try ObjectID(hex: ids[20])
        #expect(opened.indexedWalk(from: older, firstParent: false) == nil)
        let olderWalk = try RevisionWalk(opened, from: older, firstParent: false).all()
        #expect(olderWalk == (try Self.libgit2Walk(repository.path, from: older, firstParent: false)))
        #expect(opened.indexedWalk(from: older, firstParent: false) == nil)
        let tipWalk = try Self.libgit2Walk(repository.path, from: tip, firstParent: false)
        #expect(opened.indexedWalk(from: tip, firstParent: false) == tipWalk)
        // In a new process whose first walk starts there (after `git reset HEAD~9`), it becomes the latest.
        let reopened = try Repository.open(discoveringFrom: repository.path)
        #expect(try RevisionWalk(reopened, from: older, firstParent: false).all() == olderWalk)
        #expect(reopened.indexedWalk(from: older, firstParent: false) == olderWalk)
    }

    @Test func aStartTooFarAboveTheIndexedOneIsWalkedByLibgit2() throws {
        let repository = try RepositoryTests.GitRepository()
        let ids = try ShallowBoundaryTests.randomHistory(repository, count: 5, seed: 4)
        let opened = try Repository.open(discoveringFrom: repository.path)
        _ = try RevisionWalk(opened, from: try ObjectID(hex: ids[4]), firstParent: false).all()
        let above = try Self.chain(repository, on: [ids[4]], count: Repository.indexedWalkReach + 1, time: 1_600_009_000, step: 1)
        #expect(opened.indexedWalk(from: try ObjectID(hex: above.last!), firstParent: false) == nil)
        let within = try ObjectID(hex: above[Repository.indexedWalkReach - 1])
        #expect(opened.indexedWalk(from: within, firstParent: false) == (try Self.libgit2Walk(repository.path, from: within, firstParent: false)))
    }
}
