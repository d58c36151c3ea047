import CharterCore
import CharterGit
import Foundation
import Testing

/// The git module against repositories built with the git CLI.
@Suite("Reading charters from git")
struct RepositoryTests {
    /// A temporary repository built by the git CLI; removed at the end.
    final class GitRepository {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("charter-git-\(UUID().uuidString)").path
            try git("init", "-q", "-b", "main", path, in: "/")
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        @discardableResult
        func git(_ arguments: String..., in directory: String? = nil) throws -> String {
            try git(arguments, in: directory)
        }

        /// Runs git with `environment` added to this process's (fixed dates, say).
        @discardableResult
        func git(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-c", "user.name=T", "-c", "user.email=t@x"] + arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory ?? path)
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func write(_ relative: String, _ bytes: [UInt8]) throws {
            let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
    }

    @Test func readsEveryKindOfEntryWithoutLoadingOversizedBlobs() throws {
        let repository = try GitRepository()
        try repository.write("charter.yaml", Array("company: A\nstage: growth\n".utf8))
        try repository.write("roles/cto.yaml", Array("role: cto\n".utf8))
        try repository.write("roles/big.yaml", [UInt8](repeating: 0x61, count: (1 << 20) + 1))
        try repository.write("roles/nested/inner.yaml", Array("x".utf8))
        try repository.write("unrelated.txt", Array("not a charter file".utf8))
        try FileManager.default.createSymbolicLink(atPath: repository.path + "/roles/link.yaml", withDestinationPath: "/etc/passwd")
        try repository.git("add", "-A")
        try repository.git("commit", "-qm", "everything")

        let opened = try Repository.open(discoveringFrom: repository.path + "/roles")
        let head = try opened.commit(for: "HEAD")
        #expect(head.description == (try repository.git("rev-parse", "HEAD")))
        let tree = try opened.charterTree(at: head)
        func content(_ path: String) throws -> String {
            guard case .blob(let id)? = tree.entries[path] else { return "not a blob" }
            switch try opened.readBlob(id, maxBytes: 1 << 20) {
            case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
            case .oversized(let size): return "oversized \(size)"
            }
        }
        #expect(try content("charter.yaml") == "company: A\nstage: growth\n")
        #expect(tree.entries["roles"] == .directory)
        #expect(try content("roles/cto.yaml") == "role: cto\n")
        #expect(try content("roles/big.yaml") == "oversized \((1 << 20) + 1)")
        #expect(tree.entries["roles/nested"] == .directory)
        #expect(tree.entries["roles/link.yaml"] == .symlink)
        #expect(tree.entries["unrelated.txt"] == nil)
        #expect(tree.entries["schema.yaml"] == nil)
    }

    @Test func revisionsResolveAsGitResolvesThem() throws {
        let repository = try GitRepository()
        for round in 1...3 {
            try repository.write("charter.yaml", Array("round: \(round)\n".utf8))
            try repository.git("commit", "-qam", "round \(round)", "--allow-empty")
            if round == 1 { try repository.git("add", "charter.yaml"); try repository.git("commit", "-qm", "add") }
        }
        try repository.git("tag", "-a", "v1", "-m", "annotated", "HEAD~1")
        let opened = try Repository.open(discoveringFrom: repository.path)
        for revision in ["HEAD", "HEAD~2", "main^", "v1", "v1^{commit}", "HEAD@{0}"] {
            #expect(try opened.commit(for: revision).description == (try repository.git("rev-parse", revision + "^{commit}")), "\(revision)")
        }
        let short = String(try repository.git("rev-parse", "HEAD~1").prefix(8))
        #expect(try opened.commit(for: short).description == (try repository.git("rev-parse", "HEAD~1")))
        #expect(throws: RepositoryError.revisionNotFound("nope")) { try opened.commit(for: "nope") }
        #expect(throws: RepositoryError.notACommit("HEAD^{tree}")) { try opened.commit(for: "HEAD^{tree}") }
    }

    @Test func unbornBranchAndDetachedHead() throws {
        let repository = try GitRepository()
        let opened = try Repository.open(discoveringFrom: repository.path)
        #expect(try opened.head() == .branch(name: "refs/heads/main", commit: nil))
        try repository.write("charter.yaml", Array("a: 1\n".utf8))
        try repository.git("add", "-A")
        try repository.git("commit", "-qm", "first")
        try repository.git("checkout", "-q", "--detach")
        let head = try opened.head()
        #expect(head.commit?.description == (try repository.git("rev-parse", "HEAD")))
        if case .branch = head { Issue.record("HEAD should be detached") }
    }

    @Test func notARepository() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("charter-none-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: RepositoryError.notARepository(path: folder)) { try Repository.open(discoveringFrom: folder) }
    }
}
