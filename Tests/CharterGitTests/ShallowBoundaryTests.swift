@testable import CharterGit
import Foundation
import Testing

/// Shallow clones: the boundary file read strictly, and charter's own walk, which a shallow history
/// needs (libgit2 1.5 fails at the boundary), answering as libgit2 does on a complete history.
@Suite("Shallow boundaries and charter's own walk")
struct ShallowBoundaryTests {
    static let one = "6239327a505386a482b7e155e2baa77f39cb82db", two = "a8fa2b82bb63f3fa3382cc17aaafb9d2c3a2b1ba"

    @Test(arguments: ["", "\(one)\n", "\(one)\n\(two)\n", "\(one)\n\(two)", one.uppercased() + "\n"])
    func readsOneCommitIdALine(_ text: String) throws {
        let boundary = try Repository.parseShallowBoundary(Array(text.utf8), path: "shallow")
        #expect(boundary.map(\.description).sorted() == text.lowercased().split(separator: "\n").map(String.init).sorted())
    }

    @Test(arguments: [("\n", 1), ("\(one)\n\n\(two)\n", 2), ("\(one)\r\n", 1), ("\(one) \n", 1), (String(one.dropLast()) + "\n", 1),
                      ("\(one)\n" + String(two.dropLast()) + "g\n", 2), ("\(one)\n\(two)\n\n", 3)])
    func refusesAnythingElseNamingTheLine(_ text: String, line: Int) {
        #expect(throws: GitError.self) { try Repository.parseShallowBoundary(Array(text.utf8), path: "shallow") }
        do {
            _ = try Repository.parseShallowBoundary(Array(text.utf8), path: "shallow")
        } catch {
            #expect(error.description == "read the shallow boundary in shallow: line \(line) is not a commit id")
        }
    }

    /// A history of `count` commits built with `git commit-tree`: each has a parent a few commits back
    /// and often a second one, and a committer time that now and then runs backwards (clock skew),
    /// every time distinct. Returns the commit ids, oldest made first.
    static func randomHistory(_ repository: RepositoryTests.GitRepository, count: Int, seed: UInt64) throws -> [String] {
        var state = seed
        func random(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let tree = try repository.git("hash-object", "-t", "tree", "-w", "/dev/null")
        var ids: [String] = []
        var times: Set<Int> = []
        for index in 0..<count {
            var parents: [String] = []
            if index > 0 { parents.append(ids[index - 1 - random(min(index, 3))]) }
            if index > 2, random(3) == 0 { parents.append(ids[random(index - 1)]) }
            var time = 1_600_000_000 + index * 100 + (random(4) == 0 ? -150 - random(100) : random(50))
            while !times.insert(time).inserted { time += 1 }
            let date = "@\(time) +0000"
            ids.append(try repository.git(["commit-tree", tree, "-m", "c\(index)"] + parents.flatMap { ["-p", $0] },
                                          environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date]))
        }
        return ids
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func ordersAsLibgit2DoesOnACompleteHistory(seed: UInt64) throws {
        let repository = try RepositoryTests.GitRepository()
        let ids = try Self.randomHistory(repository, count: 40, seed: seed).map { try ObjectID(hex: $0) }
        let opened = try Repository.open(discoveringFrom: repository.path)
        #expect(opened.shallowBoundary.isEmpty)
        let cases: [(tips: [ObjectID], hidden: [ObjectID])] = [
            ([ids[39]], []), ([ids[39], ids[30]], []), ([ids[25], ids[39]], []), ([ids[39]], [ids[20]]),
            ([ids[39]], [ids[10], ids[33]]), ([ids[38], ids[39]], [ids[37]]),
        ]
        for (tips, hidden) in cases {
            for firstParent in [false, true] {
                for oldestFirst in [false, true] {
                    let walk = try RevisionWalk(opened, from: tips, hiding: hidden, firstParent: firstParent, oldestFirst: oldestFirst)
                    var libgit2: [ObjectID] = []
                    while let id = try walk.next() { libgit2.append(id) }
                    let own = try opened.graphWalk(from: tips, hiding: hidden, firstParent: firstParent)
                    #expect((oldestFirst ? own.reversed() : own) == libgit2, "tips \(tips.map(\.short)) hidden \(hidden.map(\.short)) first parent \(firstParent)")
                }
            }
        }
        for (one, two) in [(39, 20), (38, 39), (12, 31), (5, 6), (39, 39)] {
            #expect(Set(try opened.graphMergeBases(ids[one], ids[two])) == Set(try opened.mergeBases(ids[one], ids[two])))
            #expect(try opened.graphIsAncestor(ids[two], of: ids[one]) == opened.isAncestor(ids[two].description, of: ids[one]))
            #expect(try opened.graphIsAncestor(ids[one], of: ids[two]) == opened.isAncestor(ids[one].description, of: ids[two]))
        }
    }

    @Test func aShallowCloneWalksToItsBoundaryAndALinkedWorkTreeSeesIt() throws {
        let repository = try RepositoryTests.GitRepository()
        let ids = try Self.randomHistory(repository, count: 30, seed: 7)
        try repository.git("update-ref", "refs/heads/main", ids[29])
        let clone = repository.path + "-shallow"
        defer { try? FileManager.default.removeItem(atPath: clone) }
        try repository.git("clone", "-q", "--depth", "4", "file://" + repository.path, clone)
        let opened = try Repository.open(discoveringFrom: clone)
        let boundary = Set(try String(contentsOfFile: clone + "/.git/shallow", encoding: .utf8).split(separator: "\n").map(String.init))
        #expect(!boundary.isEmpty && Set(opened.shallowBoundary.map(\.description)) == boundary)
        for id in opened.shallowBoundary {
            let info = try opened.commitInfo(id)
            #expect(info.parents.isEmpty && info.isShallowBoundary)
        }
        // git's --date-order is libgit2's topological, time-sorted order: children first, then the latest.
        let walk = try RevisionWalk(opened, from: [try opened.commit(for: "HEAD")], firstParent: false)
        var walked: [String] = []
        while let id = try walk.next() { walked.append(id.description) }
        #expect(walked == (try repository.git("-C", clone, "rev-list", "--date-order", "HEAD")).split(separator: "\n").map(String.init))

        let workTree = clone + "-work"
        defer { try? FileManager.default.removeItem(atPath: workTree) }
        try repository.git("-C", clone, "worktree", "add", "-q", workTree)
        #expect(try Repository.open(discoveringFrom: workTree).shallowBoundary == opened.shallowBoundary)
    }
}
