import Foundation
import Testing

/// The CI examples users copy (docs/ci): the commands they run, run as written on a clone of a
/// repository with a pull-request branch, with the variables the CI system would set.
@Suite("CI examples")
struct CIExamplesTests {
    /// The shell commands of an example: single-line `run:` steps (GitHub) or `script:` items (GitLab)
    /// that call charter or git.
    static func commands(in example: String, prefix: String) throws -> [String] {
        let text = try String(contentsOf: Scratch.packageRoot.appendingPathComponent("docs/ci/\(example)"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(prefix) else { return nil }
            let command = String(trimmed.dropFirst(prefix.count))
            return command.hasPrefix("charter ") || command.hasPrefix("git fetch ") ? command : nil
        }
    }

    /// A CI checkout: a clone of a repository whose `feature` branch moves platform ROI with only the
    /// CTO's approval, at the branch's commit; `depth` makes it shallow, as CI systems do by default.
    static func checkout(_ scratch: Scratch, depth: Int? = nil) throws -> String {
        let head = try scratch.head(in: "acme")
        let depthArguments = depth.map { ["--depth", "\($0)", "--no-single-branch"] } ?? []
        let clone = try scratch.run("/usr/bin/env", ["git", "clone", "-q"] + depthArguments + ["file://\(scratch.path("acme"))", "ci"])
        #expect(clone.status == 0, "\(clone)")
        try scratch.git("checkout", "-q", "--detach", head, in: "ci")
        return head
    }

    /// Runs `command` as the CI system's shell would, with charter on the PATH.
    static func shell(_ scratch: Scratch, _ command: String, environment: [String: String]) throws -> Outcome {
        let binaries = (Scratch.binary as NSString).deletingLastPathComponent
        var environment = environment
        environment["PATH"] = binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try scratch.run("/bin/bash", ["-c", command], in: "ci", environment: environment)
    }

    @Test func theGitHubWorkflowReviewsThePullRequest() throws {
        let scratch = try ReviewTests.branch(approvedBy: ["cto"])
        let head = try Self.checkout(scratch)
        let commands = try Self.commands(in: "github-actions.yml", prefix: "run: ")
        #expect(commands.count == 2, "\(commands)")
        let summary = scratch.path("summary.md")
        let environment = ["BASE": "origin/main", "HEAD_SHA": head, "GITHUB_STEP_SUMMARY": summary]
        let markdown = try Self.shell(scratch, commands[0], environment: environment)
        #expect(markdown.status == 0, "\(markdown)")
        #expect(try String(contentsOfFile: summary, encoding: .utf8).hasPrefix("### Charter review\n\n**Not ready**: 1 approval missing (cpo)"))
        let annotations = try Self.shell(scratch, commands[1], environment: environment)
        #expect(annotations.status == 1, "\(annotations)")
        #expect(annotations.stdout.contains("::error title=charter review%3A approval missing::cpo (Ines Duarte) has not approved"))
    }

    @Test func theGitLabJobReviewsTheMergeRequest() throws {
        let scratch = try ReviewTests.branch(approvedBy: ["cpo", "cto"])
        let head = try Self.checkout(scratch)
        let commands = try Self.commands(in: "gitlab-ci.yml", prefix: "- ")
        #expect(commands.count == 2, "\(commands)")
        let environment = ["CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_COMMIT_SHA": head]
        for command in commands {
            let outcome = try Self.shell(scratch, command, environment: environment)
            #expect(outcome.status == 0, "\(command): \(outcome)")
            if command.hasPrefix("charter") { #expect(outcome.stdout.hasPrefix("### Charter review\n\n**Ready to merge**"), "\(outcome)") }
        }
    }

    @Test func aDefaultShallowCheckoutCannotFindTheBaseAndSaysSo() throws {
        let scratch = try ReviewTests.branch(approvedBy: ["cpo", "cto"])
        try scratch.git("checkout", "-q", "main", in: "acme")
        let head = try scratch.git("rev-parse", "feature", in: "acme").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // actions/checkout's default: one commit, no base branch.
        #expect(try scratch.run("/usr/bin/env", ["git", "init", "-q", "ci"]).status == 0)
        try scratch.git("fetch", "-q", "--depth", "1", "file://\(scratch.path("acme"))", head, in: "ci")
        try scratch.git("checkout", "-q", "--detach", head, in: "ci")
        let command = try Self.commands(in: "github-actions.yml", prefix: "run: ")[1]
        let outcome = try Self.shell(scratch, command, environment: ["BASE": "origin/main", "HEAD_SHA": head])
        #expect(outcome.status == 3, "\(outcome)")
        #expect(outcome.stderr.contains("origin/main"), "\(outcome)")
    }
}
