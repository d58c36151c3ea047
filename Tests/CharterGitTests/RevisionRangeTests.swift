import CharterGit
import Foundation
import Testing

/// Revision arguments read as `git rev-list` reads them, with the git CLI as the witness.
@Suite("Revision ranges")
struct RevisionRangeTests {
    /// main: one, two, three, merge(side); side: branched at one, with side-a and side-b.
    static func history() throws -> RepositoryTests.GitRepository {
        let repository = try RepositoryTests.GitRepository()
        try repository.git("commit", "-q", "--allow-empty", "-m", "one")
        try repository.git("checkout", "-qb", "side")
        try repository.git("commit", "-q", "--allow-empty", "-m", "side-a")
        try repository.git("commit", "-q", "--allow-empty", "-m", "side-b")
        try repository.git("checkout", "-q", "main")
        try repository.git("commit", "-q", "--allow-empty", "-m", "two")
        try repository.git("tag", "-a", "-m", "annotated", "v2")
        try repository.git("commit", "-q", "--allow-empty", "-m", "three")
        try repository.git("checkout", "-qb", "unmerged", "side")
        try repository.git("commit", "-q", "--allow-empty", "-m", "unmerged")
        try repository.git("checkout", "-q", "main")
        try repository.git("merge", "-q", "--no-ff", "-m", "merge", "side")
        return repository
    }

    @Test(arguments: [
        [], ["HEAD"], ["HEAD~1..HEAD"], ["v2..main"], ["v2.."], ["..unmerged"], ["main...unmerged"], ["unmerged...main"],
        ["^HEAD~2", "HEAD"], ["main", "^side"], ["main", "unmerged", "^side"], ["^HEAD"], ["v2...v2"], ["HEAD~1..HEAD", "unmerged"],
    ])
    func selectsTheCommitsGitRevListSelects(_ arguments: [String]) throws {
        let repository = try Self.history()
        let opened = try Repository.open(discoveringFrom: repository.path)
        let commits = try opened.commits(in: try opened.revisionRange(arguments)).map(\.description)
        let expected = try repository.git(["rev-list"] + (arguments.isEmpty ? ["HEAD"] : arguments))
        #expect(Set(commits) == Set(expected.split(separator: "\n").map(String.init)), "\(arguments)")
        #expect(Set(commits).count == commits.count)
    }

    @Test func readsEachFormOfArgument() throws {
        let repository = try Self.history()
        let opened = try Repository.open(discoveringFrom: repository.path)
        func id(_ revision: String) throws -> ObjectID { try opened.commit(for: revision) }
        #expect(try opened.revisionArgument("v2") == .commit(try id("v2")))
        #expect(try opened.revisionArgument("^v2") == .excluded(try id("v2")))
        #expect(try opened.revisionArgument("v2..") == .range(from: try id("v2"), to: try id("HEAD")))
        let base = try id(try repository.git("merge-base", "main", "unmerged"))
        #expect(try opened.revisionArgument("main...unmerged") == .symmetric(try id("main"), try id("unmerged"), mergeBases: [base]))
    }

    @Test func namesTheArgumentItCannotRead() throws {
        let repository = try Self.history()
        let opened = try Repository.open(discoveringFrom: repository.path)
        #expect(throws: RepositoryError.revisionNotFound("nope")) { try opened.revisionRange(["HEAD", "nope..HEAD"]) }
        #expect(throws: RepositoryError.revisionNotFound("nope")) { try opened.revisionRange(["HEAD...nope"]) }
        #expect(throws: RepositoryError.revisionNotFound("nope")) { try opened.revisionRange(["^nope"]) }
        #expect(throws: RepositoryError.revisionNotFound("..")) { try opened.revisionRange([".."]) }
        #expect(throws: RepositoryError.notACommit("HEAD^{tree}..HEAD")) { try opened.revisionRange(["HEAD^{tree}..HEAD"]) }
    }
}
