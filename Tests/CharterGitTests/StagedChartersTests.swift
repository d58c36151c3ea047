import CharterCore
import CharterGit
import Foundation
import Testing

/// The index as `validate --staged` reads it, and where hooks go, against repositories built by the git CLI.
@Suite("Staged charters and the hooks folder")
struct StagedChartersTests {
    typealias GitRepository = RepositoryTests.GitRepository

    @Test func theIndexReadsAsTheCommitItWouldMake() throws {
        let repository = try GitRepository()
        try repository.write("charter.yaml", Array("company: A\nstage: growth\n".utf8))
        try repository.write("schema.yaml", Array("id: own\n".utf8))
        try repository.write("roles/cto.yaml", Array("role: cto\n".utf8))
        try repository.write("roles/nested/inner.yaml", Array("x".utf8))
        try repository.write("roles/.gitkeep", [])
        try repository.write("charter.yaml.orig", Array("not a charter file".utf8))
        try repository.write("rolesx/cpo.yaml", Array("role: cpo\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: repository.path + "/roles/link.yaml", withDestinationPath: "cto.yaml")
        try repository.git("add", "-A")
        try repository.write("roles/cto.yaml", Array("role: cto\ntitle: changed in the work tree only\n".utf8))
        try repository.write("roles/planned.yaml", Array("role: planned\n".utf8))
        try repository.git("add", "-N", "roles/planned.yaml")

        let opened = try Repository.open(discoveringFrom: repository.path)
        let staged = try opened.stagedCharterTree(environment: [:])
        try repository.git("commit", "-qm", "what was staged")
        let committed = try opened.charterTree(at: try opened.commit(for: "HEAD"))
        #expect(staged.entries == committed.entries)
        #expect(staged.entries["roles/nested"] == .directory)
        #expect(staged.entries["roles/link.yaml"] == .symlink)
        #expect(staged.entries["roles/planned.yaml"] == nil, "git add -N stages nothing to commit")
        guard case .blob(let id)? = staged.entries["roles/cto.yaml"], case .bytes(let bytes) = try opened.readBlob(id, maxBytes: 100) else {
            Issue.record("roles/cto.yaml is not staged as a blob")
            return
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "role: cto\n", "the staged version, not the work tree's")
    }

    @Test func gitIndexFileNamesTheIndexToRead() throws {
        let repository = try GitRepository()
        try repository.write("charter.yaml", Array("company: A\n".utf8))
        try repository.git("add", "-A")
        let other = repository.path + "/.git/other-index"
        try repository.write("roles/cto.yaml", Array("role: cto\n".utf8))
        try repository.git(["add", "-A"], environment: ["GIT_INDEX_FILE": other])

        let opened = try Repository.open(discoveringFrom: repository.path)
        #expect(try opened.stagedCharterTree(environment: [:]).entries.keys.sorted() == ["charter.yaml"])
        #expect(try opened.stagedCharterTree(environment: ["GIT_INDEX_FILE": other]).entries.keys.sorted()
                == ["charter.yaml", "roles", "roles/cto.yaml"])
    }

    @Test func aConflictedCharterFileHasNoStagedVersion() throws {
        let repository = try GitRepository()
        try repository.write("roles/cto.yaml", Array("role: cto\n".utf8))
        try repository.write("notes.txt", Array("base\n".utf8))
        try repository.git("add", "-A")
        try repository.git("commit", "-qm", "base")
        try repository.git("checkout", "-qb", "side")
        try repository.write("roles/cto.yaml", Array("role: cto\ntitle: side\n".utf8))
        try repository.write("notes.txt", Array("side\n".utf8))
        try repository.git("commit", "-qam", "side")
        try repository.git("checkout", "-q", "main")
        try repository.write("roles/cto.yaml", Array("role: cto\ntitle: main\n".utf8))
        try repository.write("notes.txt", Array("main\n".utf8))
        try repository.git("commit", "-qam", "main")
        let merge = Process()
        merge.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        merge.arguments = ["git", "-c", "user.name=T", "-c", "user.email=t@x", "merge", "-q", "side"]
        merge.currentDirectoryURL = URL(fileURLWithPath: repository.path)
        merge.standardOutput = FileHandle.nullDevice
        merge.standardError = FileHandle.nullDevice
        try merge.run()
        merge.waitUntilExit()
        #expect(merge.terminationStatus == 1, "the merge stops on its conflicts")

        let opened = try Repository.open(discoveringFrom: repository.path)
        #expect(throws: RepositoryError.unmergedCharterFiles(["roles/cto.yaml"])) { try opened.stagedCharterTree(environment: [:]) }
    }

    @Test func hooksGoWhereGitRunsThem() throws {
        let repository = try GitRepository()
        func hooks() throws -> String { try Repository.open(discoveringFrom: repository.path).hooksDirectory() }
        let root = try #require(try Repository.open(discoveringFrom: repository.path).workingDirectory)
        #expect(try hooks() == root + ".git/hooks/")
        try repository.git("config", "core.hooksPath", "tools/hooks")
        #expect(try hooks() == root + "tools/hooks/", "relative to the work tree's root")
        try repository.git("config", "core.hooksPath", "/srv/hooks/")
        #expect(try hooks() == "/srv/hooks/")
        try repository.git("config", "core.hooksPath", "~/hooks")
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        #expect(try hooks() == home + "/hooks/", "~ expanded, as git does")
        try repository.git("config", "--unset", "core.hooksPath")

        try repository.write("a.txt", Array("a".utf8))
        try repository.git("add", "-A")
        try repository.git("commit", "-qm", "first")
        let linked = repository.path + "-linked"
        defer { try? FileManager.default.removeItem(atPath: linked) }
        try repository.git("worktree", "add", "-q", linked)
        #expect(try Repository.open(discoveringFrom: linked).hooksDirectory() == root + ".git/hooks/", "linked work trees share the common folder's hooks")
    }
}
