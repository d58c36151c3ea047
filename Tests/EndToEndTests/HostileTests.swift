import Foundation
import Testing

/// Bad input read from the object database, damaged repositories, processes killed mid-commit,
/// and repositories that try to make charter run their code.
@Suite("Hostile input, damage and crashes")
struct HostileTests {
    static let corpus = Scratch.packageRoot.appendingPathComponent("Tests/CharterCoreTests/Fixtures/bad-input")

    /// The corpus manifest: file name and expected finding code.
    static func manifest() throws -> [(file: String, code: String)] {
        try String(contentsOf: corpus.appendingPathComponent("expected.tsv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { line in let fields = line.split(separator: "\t"); return (String(fields[0]), String(fields[1])) }
    }

    /// Generated inputs too large or too odd to keep as files, with their expected codes.
    static let generated: [(file: String, bytes: [UInt8], code: String)] = [
        ("oversized.yaml", Array("role: oversized\ntitle: T\nx-pad: '".utf8) + [UInt8](repeating: 97, count: 2 << 20) + Array("'\n".utf8), "file-too-large"),
        ("brackets.yaml", Array("role: brackets\ntitle: T\nx-deep: ".utf8) + [UInt8](repeating: 91, count: 100_000), "too-deep"),
        ("nul.yaml", Array("role: nul\ntitle: T".utf8) + [0, 10], "binary-content"),
        ("latin.yaml", Array("role: latin\ntitle: caf".utf8) + [0xE9, 10], "not-utf8"),
        ("dashes.yaml", Array(("role: dashes\ntitle: T\nx-deep:\n" + String(repeating: "- ", count: 5_000) + "x\n").utf8), "too-deep"),
    ]

    /// A history that commits every bad input with plain git, one commit each, and removes it in the next.
    static func badInputHistory() throws -> (Scratch, cases: [(commit: String, file: String, code: String)]) {
        let scratch = try Scratch()
        try scratch.initRepository()
        var cases: [(commit: String, file: String, code: String)] = []
        func commitCase(_ file: String, _ code: String) throws {
            try scratch.git("add", "-A", in: "acme")
            try scratch.git("commit", "-qm", "Add \(file)", in: "acme")
            cases.append((try scratch.head(in: "acme"), file, code))
            try scratch.git("rm", "-rq", "roles/\(file)", in: "acme")
            try scratch.git("commit", "-qm", "Remove \(file)", in: "acme")
        }
        for (file, code) in try Self.manifest() {
            try FileManager.default.copyItem(at: Self.corpus.appendingPathComponent(file), to: scratch.root.appendingPathComponent("acme/roles/\(file)"))
            try commitCase(file, code)
        }
        for (file, bytes, code) in Self.generated {
            try Data(bytes).write(to: scratch.root.appendingPathComponent("acme/roles/\(file)"))
            try commitCase(file, code)
        }
        try FileManager.default.createSymbolicLink(atPath: scratch.path("acme/roles/link.yaml"), withDestinationPath: "../../../etc/passwd")
        try commitCase("link.yaml", "not-a-regular-file")
        try scratch.write("acme/roles/folder.yaml/inner.yaml", "role: inner\n")
        try commitCase("folder.yaml", "not-a-regular-file")
        return (scratch, cases)
    }

    /// Every bad input committed with plain git, one commit each, then read back from the object database
    /// by validate --rev, diff, log and audit: located findings, no crash, the repository untouched.
    @Test func badInputInsideCommittedRevisions() throws {
        let (scratch, cases) = try Self.badInputHistory()
        #expect(cases.count >= 40)

        let head = try scratch.head(in: "acme")
        for (commit, file, code) in cases {
            let outcome = try scratch.charter("validate", "--rev", commit, "--format", "json", in: "acme")
            #expect(outcome.status == 1, "\(file): \(outcome.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
            let findings = (json?["findings"] as? [[String: Any]]) ?? []
            let match = findings.first { $0["file"] as? String == "roles/\(file)" && $0["code"] as? String == code }
            #expect(match != nil, "\(file): expected \(code), got \(findings.map { "\($0["file"]!) \($0["code"]!)" })")
            #expect((match?["line"] as? Int ?? 0) >= 1)
        }
        for arguments in [["log"], ["log", "--first-parent", "--format", "json"], ["audit"], ["diff", "HEAD~20", "HEAD"],
                          ["blame", "cto"], ["show", cases[0].commit]] {
            let started = Date()
            let outcome = try scratch.run(Scratch.binary, arguments, in: "acme")
            #expect([0, 1].contains(outcome.status), "\(arguments): \(outcome)")
            #expect(Date().timeIntervalSince(started) < 10, "\(arguments) took too long")
        }
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.stdout.components(separatedBy: "error[invalid-commit]").count - 1 == cases.count)
        #expect(try scratch.head(in: "acme") == head)
        try scratch.expectStatusClean("acme")
    }

    /// The worst inputs stay within 10 seconds and 300 MB, measured by /usr/bin/time when it is there.
    @Test func worstInputsStayWithinTimeAndMemory() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let laughs = try Data(contentsOf: Self.corpus.appendingPathComponent("billion-laughs.yaml"))
        try laughs.write(to: scratch.root.appendingPathComponent("acme/roles/billion-laughs.yaml"))
        for (file, bytes, _) in Self.generated { try Data(bytes).write(to: scratch.root.appendingPathComponent("acme/roles/\(file)")) }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else {
            let started = Date()
            #expect(try scratch.charter("validate", in: "acme").status == 1)
            #expect(Date().timeIntervalSince(started) < 10)
            return
        }
        let outcome = try scratch.run("/usr/bin/time", ["-f", "resources %e %M", Scratch.binary, "validate"], in: "acme")
        #expect(outcome.status == 1, "\(outcome)")
        let figures = outcome.stderr.split(separator: "\n").last { $0.hasPrefix("resources ") }?.split(separator: " ") ?? []
        let seconds = Double(figures.dropFirst().first ?? "") ?? .infinity
        let kilobytes = Double(figures.dropFirst(2).first ?? "") ?? .infinity
        #expect(seconds < 10, "validate took \(seconds) s")
        #expect(kilobytes < 300 * 1024, "validate peaked at \(kilobytes) KB")
    }

    @Test func damagedRepositoriesAreRepositoryErrorsThatNameTheDamage() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.git("clone", "-q", "--no-hardlinks", "acme", "missing-blob", in: "")
        let blob = try scratch.git("rev-parse", "HEAD:roles/cto.yaml", in: "missing-blob").stdout.trimmingCharacters(in: .newlines)
        try FileManager.default.removeItem(atPath: scratch.path("missing-blob/.git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))"))
        for arguments in [["validate", "--rev", "HEAD"], ["log"], ["audit"], ["blame", "cpo"], ["show"]] {
            let outcome = try scratch.run(Scratch.binary, arguments, in: "missing-blob")
            #expect(outcome.status == 3, "\(arguments): \(outcome)")
            #expect(outcome.stderr.contains("roles/cto.yaml") && outcome.stderr.contains(String(blob.prefix(12))), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains("git fsck"))
        }

        try scratch.git("clone", "-q", "--no-hardlinks", "acme", "broken-ref", in: "")
        try scratch.write("broken-ref/.git/refs/heads/main", "not a commit id\n")
        for arguments in [["log"], ["diff"], ["commit", "-m", "x"], ["validate", "--rev", "HEAD"]] {
            let outcome = try scratch.run(Scratch.binary, arguments, in: "broken-ref")
            #expect(outcome.status == 3, "\(arguments): \(outcome)")
            #expect(outcome.stderr.contains("refs/heads/main"), "\(arguments): \(outcome.stderr)")
        }

        try scratch.git("clone", "-q", "--no-hardlinks", "acme", "corrupt-commit", in: "")
        let commit = try scratch.head(in: "corrupt-commit")
        let path = scratch.path("corrupt-commit/.git/objects/\(commit.prefix(2))/\(commit.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try Data("this is not a zlib stream".utf8).write(to: URL(fileURLWithPath: path))
        for arguments in [["log"], ["show"], ["validate", "--rev", "HEAD"]] {
            let outcome = try scratch.run(Scratch.binary, arguments, in: "corrupt-commit")
            #expect(outcome.status == 3, "\(arguments): \(outcome)")
            #expect(outcome.stderr.contains("HEAD") || outcome.stderr.contains(String(commit.prefix(7))), "\(arguments): \(outcome.stderr)")
        }
    }

    /// Killed at random moments, a commit leaves a repository git accepts, HEAD naming a complete commit.
    @Test func killedCommitsLeaveTheRepositoryWhole() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        var generator = SystemRandomNumberGenerator()
        for round in 0..<30 {
            try scratch.edit("acme/roles/cto.yaml", replacing: round % 2 == 0 ? "title: Chief Technology Officer\n" : "title: Chief Technology Officer (acting)\n",
                             with: round % 2 == 0 ? "title: Chief Technology Officer (acting)\n" : "title: Chief Technology Officer\n")
            let running = try scratch.start(Scratch.binary, ["commit", "-m", "Round \(round)"], in: "acme")
            usleep(UInt32.random(in: 0...25_000, using: &generator))
            kill(running.process.processIdentifier, SIGKILL)
            _ = running.finish()
            // A lock left by the killed process is what git leaves too; clear it as a person would.
            for lock in ["acme/.git/index.lock", "acme/.git/refs/heads/main.lock"] { try? FileManager.default.removeItem(atPath: scratch.path(lock)) }
            try scratch.expectFsckClean("acme")
            let tree = try scratch.git("ls-tree", "-r", "HEAD", in: "acme")
            #expect(tree.status == 0 && tree.stdout.contains("roles/cto.yaml"), "round \(round): \(tree)")
            #expect(try scratch.charter("validate", "--rev", "HEAD", in: "acme").status == 0)
        }
    }

    /// Hooks, filter drivers and fsmonitor commands in a repository never run.
    @Test func nothingFromTheRepositoryRuns() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let marker = scratch.path("ran")
        for hook in ["pre-commit", "commit-msg", "post-commit", "prepare-commit-msg", "reference-transaction", "post-index-change"] {
            try scratch.write("acme/.git/hooks/\(hook)", "#!/bin/sh\ntouch '\(marker)-\(hook)'\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.path("acme/.git/hooks/\(hook)"))
        }
        try scratch.git("config", "filter.evil.clean", "touch '\(marker)-clean'; cat", in: "acme")
        try scratch.git("config", "filter.evil.smudge", "touch '\(marker)-smudge'; cat", in: "acme")
        try scratch.git("config", "core.fsmonitor", "touch '\(marker)-fsmonitor'", in: "acme")
        try scratch.write("acme/.gitattributes", "* filter=evil\n")
        try CommitTests.movePlatformROI(scratch)
        for arguments in [["validate"], ["commit", "-m", "Move", "-m", "Because."], ["log"], ["diff", "HEAD~1"], ["audit"], ["show"], ["blame", "cpo"]] {
            let outcome = try scratch.run(Scratch.binary, arguments, in: "acme")
            #expect([0, 1].contains(outcome.status), "\(arguments): \(outcome)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.root.path).filter { $0.hasPrefix("ran") }
        #expect(leftovers.isEmpty, "charter ran repository code: \(leftovers)")
    }
}
