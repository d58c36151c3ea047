import Foundation
import Testing

/// The project's `.pre-commit-hooks.yaml`, run by the pre-commit framework from PyPI
/// (`scripts/install-deps.sh` installs it; `make test` runs that first).
@Suite("The pre-commit framework runs charter-validate")
struct PreCommitFrameworkTests {
    /// charter on the PATH, as `language: system` wants it, and pre-commit's cache in the scratch folder.
    static func environment(_ scratch: Scratch) -> [String: String] {
        let charterFolder = URL(fileURLWithPath: Scratch.binary).deletingLastPathComponent().path
        return ["PATH": charterFolder + ":" + (scratch.environment["PATH"] ?? ""), "PRE_COMMIT_HOME": scratch.path(".cache/pre-commit")]
    }

    static func preCommit(_ scratch: Scratch, _ arguments: String..., in directory: String) throws -> Outcome {
        try scratch.run("/usr/bin/env", ["python3", "-m", "pre_commit"] + arguments, in: directory, environment: environment(scratch))
    }

    static func commit(_ scratch: Scratch, _ message: String) throws -> Outcome {
        try scratch.run("/usr/bin/env", ["git", "commit", "-qam", message], in: "acme", environment: environment(scratch))
    }

    /// Fails the test, saying what to do, when pre-commit is not installed: it is never skipped quietly.
    static func requirePreCommit(_ scratch: Scratch, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let version = try preCommit(scratch, "--version", in: "")
        try #require(version.status == 0, "pre-commit is not installed: run scripts/install-deps.sh (make test does)\n\(version)",
                     sourceLocation: sourceLocation)
    }

    @Test func tryRepoPassesAValidCharterAndFailsAnInvalidOne() throws {
        let scratch = try Scratch()
        try Self.requirePreCommit(scratch)
        try scratch.initRepository()
        let checkout = Scratch.packageRoot.path

        let valid = try Self.preCommit(scratch, "try-repo", checkout, "charter-validate", "--all-files", in: "acme")
        #expect(valid.status == 0, "\(valid)")
        #expect(valid.stdout.contains("charter validate....") && valid.stdout.contains("Passed"), "\(valid)")

        try ValidateTests.addOverlap(scratch)
        try scratch.git("add", "roles", in: "acme")
        let invalid = try Self.preCommit(scratch, "try-repo", checkout, "charter-validate", "--all-files", in: "acme")
        #expect(invalid.status == 1, "\(invalid)")
        #expect(invalid.stdout.contains("Failed"), "\(invalid)")
        #expect(invalid.stdout.contains("roles/cto.yaml:10:11: error[overlap]: responsibility 'roadmap' is owned by both cpo and cto"), "\(invalid)")
    }

    @Test func aConfigNamingTheCheckoutGuardsPlainGitCommits() throws {
        let scratch = try Scratch()
        try Self.requirePreCommit(scratch)
        try scratch.initRepository()
        let checkout = Scratch.packageRoot.path
        let revision = try scratch.git("-C", checkout, "rev-parse", "HEAD", in: "").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try scratch.write("acme/.pre-commit-config.yaml", """
            repos:
              - repo: \(checkout)
                rev: \(revision)
                hooks:
                  - id: charter-validate

            """)
        try scratch.git("add", ".pre-commit-config.yaml", in: "acme")
        try scratch.git("commit", "-qm", "pre-commit runs charter", in: "acme")
        let install = try Self.preCommit(scratch, "install", in: "acme")
        #expect(install.status == 0, "\(install)")

        let before = try scratch.head(in: "acme")
        try ValidateTests.addOverlap(scratch)
        let refused = try Self.commit(scratch, "Overlap")
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stdout.contains("error[overlap]") || refused.stderr.contains("error[overlap]"), "\(refused)")
        #expect(try scratch.head(in: "acme") == before)

        try scratch.git("checkout", "-q", "--", "roles", in: "acme")
        try CommitTests.movePlatformROI(scratch)
        let landed = try Self.commit(scratch, "Platform ROI to the CPO")
        #expect(landed.status == 0, "\(landed)")
        #expect(try scratch.head(in: "acme") != before)

        // A commit that only deletes a role file is checked too, though pre-commit hands it no file (`always_run`).
        let after = try scratch.head(in: "acme")
        try scratch.git("rm", "-q", "roles/cpo.yaml", in: "acme")
        let deletion = try scratch.run("/usr/bin/env", ["git", "commit", "-qm", "No CPO"], in: "acme", environment: Self.environment(scratch))
        #expect(deletion.status == 1, "\(deletion)")
        #expect((deletion.stdout + deletion.stderr).contains("error[unknown-reference]: 'customer-fit-technology' consults 'cpo'"), "\(deletion)")
        #expect(try scratch.head(in: "acme") == after)
    }
}
