import Foundation
import Testing

/// The read-only commands in a bare repository, the forms that need a work tree, and the
/// server-side pre-receive hook of docs/hooks/pre-receive.
@Suite("Bare repositories and the pre-receive hook")
struct BareRepositoryTests {
    /// HistoryTests' history in `acme`, cloned bare into `acme.git`.
    static func bareClone() throws -> Scratch {
        let scratch = try HistoryTests.history()
        let clone = try scratch.git("clone", "-q", "--bare", "acme", "acme.git", in: "")
        #expect(clone.status == 0, "\(clone)")
        return scratch
    }

    @Test func readOnlyCommandsAnswerAsInTheWorkTree() throws {
        let scratch = try Self.bareClone()
        let report = scratch.path("report.html")
        let commands: [[String]] = [
            ["log"], ["log", "--first-parent", "--format", "json"], ["log", "--item", "roadmap", "--format", "markdown"],
            ["blame", "cto"], ["blame", "cpo", "--rev", "HEAD~2", "--format", "json"],
            ["audit"], ["audit", "HEAD~3..HEAD", "--format", "json"], ["audit", "--format", "markdown"],
            ["diff", "HEAD~5", "HEAD"], ["diff", "HEAD~5..HEAD", "--format", "json"], ["diff", "HEAD~2...side", "--format", "markdown"],
            ["show"], ["show", "HEAD~4", "cto"], ["show", "--at", "2020-07-01", "--format", "json"],
            ["validate", "--rev", "HEAD"], ["validate", "--rev", "HEAD~5", "--format", "json"],
            ["report", "--html", report], ["schema"], ["schema", "--json-schema"],
            ["review", "HEAD~3...HEAD"], ["review", "HEAD~3..side", "--format", "json"],
        ]
        for command in commands {
            let expected = try scratch.run(Scratch.binary, command, in: "acme")
            #expect(expected.status == 0 || expected.status == 1, "\(command): \(expected)")
            let html = command[0] == "report" ? try scratch.read("report.html") : ""
            for outcome in [try scratch.run(Scratch.binary, ["-C", "acme.git"] + command), try scratch.run(Scratch.binary, command, in: "acme.git")] {
                #expect(outcome.status == expected.status, "\(command): \(outcome)")
                #expect(outcome.stdout == expected.stdout, "\(command)")
                #expect(outcome.stderr == expected.stderr, "\(command)")
                if command[0] == "report" { #expect(try scratch.read("report.html") == html) }
            }
        }
        // The schema a bare repository has is HEAD's: the company's own, not the built-in one.
        #expect(try scratch.charter("schema", in: "acme.git").stdout.contains("schema: acme-areas"))
    }

    @Test(arguments: [
        (["validate"], "`charter validate` needs a work tree; use --rev REV"),
        (["validate", "--format", "json"], "`charter validate` needs a work tree; use --rev REV"),
        (["diff"], "`charter diff` needs a work tree; compare two revisions: A B, A..B or A...B"),
        (["diff", "HEAD~1", "--exit-code"], "`charter diff` needs a work tree; compare two revisions: A B, A..B or A...B"),
        (["commit", "-m", "Move it", "--approved-by", "cto"], "`charter commit` needs a work tree; commit in a clone with a work tree, then push"),
        (["import", "../acme", "--prefix", "globex"], "`charter import` needs a work tree; import in a clone with a work tree, then push"),
        (["init", "--company", "Acme", "--stage", "growth"], "`charter init` needs a work tree; give a new folder: charter init DIR"),
        (["review", "HEAD~3...HEAD", "--work-tree"], "`charter review` needs a work tree; review committed work: leave out --work-tree"),
    ])
    func workTreeFormsSaySoAndChangeNothing(_ command: [String], _ message: String) throws {
        let scratch = try Self.bareClone()
        let refs = try scratch.git("show-ref", in: "acme.git").stdout
        let outcome = try scratch.run(Scratch.binary, command, in: "acme.git")
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "error: this is a bare repository: \(message)\n")
        #expect(try scratch.git("show-ref", in: "acme.git").stdout == refs)
        try scratch.expectFsckClean("acme.git")
    }

    // MARK: - The pre-receive hook

    /// A team's bare repository `server.git` with the hook installed, and a clone of it in `acme`.
    static func server() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.initRepository("seed")
        #expect(try scratch.git("clone", "-q", "--bare", "seed", "server.git", in: "").status == 0)
        let hook = scratch.path("server.git/hooks/pre-receive")
        try FileManager.default.copyItem(atPath: Scratch.packageRoot.appendingPathComponent("docs/hooks/pre-receive").path, toPath: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        #expect(try scratch.git("clone", "-q", "server.git", "acme", in: "").status == 0)
        return scratch
    }

    /// `git push` from `acme` with the binary under test as the hook's charter.
    static func push(_ scratch: Scratch, _ arguments: String...) throws -> Outcome {
        try scratch.run("/usr/bin/env", ["git", "push"] + arguments, in: "acme", environment: ["CHARTER": Scratch.binary])
    }

    static func serverRefs(_ scratch: Scratch) throws -> String {
        try scratch.git("for-each-ref", "--format=%(refname) %(objectname)", in: "server.git").stdout
    }

    /// Two owners of the roadmap, committed with plain git (charter commit would refuse it).
    static func commitOverlap(_ scratch: Scratch) throws {
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n",
                         with: "    - id: roadmap\n      text: Own the roadmap too.\n    - id: delivery-approach\n")
        #expect(try scratch.git("commit", "-qam", "Claim the roadmap for engineering", in: "acme").status == 0)
    }

    @Test func refusesAPushThatBringsAnOverlap() throws {
        let scratch = try Self.server()
        let before = try Self.serverRefs(scratch)
        try Self.commitOverlap(scratch)
        let outcome = try Self.push(scratch, "origin", "main")
        #expect(outcome.status != 0, "\(outcome)")
        #expect(outcome.stderr.contains("remote: charter: auditing refs/heads/main"), "\(outcome)")
        #expect(outcome.stderr.contains("error[invalid-commit]: invalid charters: 1 error, 0 warnings, first roles/cto.yaml"), "\(outcome)")
        #expect(outcome.stderr.contains("overlap: responsibility 'roadmap' is owned by both cpo and cto"))
        #expect(outcome.stderr.contains("audited 1 commit (1 touching the charters"))
        #expect(outcome.stderr.contains("pre-receive hook declined"))
        #expect(try Self.serverRefs(scratch) == before)
        // The same commits on a new branch are refused too.
        #expect(try Self.push(scratch, "origin", "HEAD:refs/heads/claim").status != 0)
        #expect(try Self.serverRefs(scratch) == before)
    }

    @Test func acceptsAnApprovedMoveANewBranchAndADeletion() throws {
        let scratch = try Self.server()
        try CommitTests.movePlatformROI(scratch)
        let commit = try scratch.charter("commit", "-m", "Platform ROI to the CPO", "-m", "Platform bets are product bets now.",
                                         "--approved-by", "cpo", "--approved-by", "cto", in: "acme")
        #expect(commit.status == 0, "\(commit)")
        let moved = try Self.push(scratch, "origin", "main")
        #expect(moved.status == 0, "\(moved)")
        #expect(moved.stderr.contains("audited 1 commit (1 touching the charters, 1 boundary change): 0 errors, 0 warnings"), "\(moved)")
        #expect(try scratch.git("rev-parse", "main", in: "server.git").stdout == (try scratch.git("rev-parse", "HEAD", in: "acme").stdout))

        // A new branch audits only what no ref of the server holds yet: here one commit without a rationale (a warning).
        #expect(try scratch.git("checkout", "-qb", "holder", in: "acme").status == 0)
        try scratch.edit("acme/roles/cpo.yaml", replacing: "title: Chief Product Officer\n", with: "title: Chief Product Officer\nholder: Dana Reyes\n")
        #expect(try scratch.charter("commit", "-m", "Dana is the CPO", in: "acme").status == 0)
        let branch = try Self.push(scratch, "origin", "holder")
        #expect(branch.status == 0, "\(branch)")
        #expect(branch.stderr.contains("audited 1 commit (1 touching the charters, 1 boundary change): 0 errors, 1 warning"), "\(branch)")
        #expect(try scratch.git("rev-parse", "--verify", "-q", "refs/heads/holder", in: "server.git").status == 0)

        let deletion = try Self.push(scratch, "origin", ":holder")
        #expect(deletion.status == 0, "\(deletion)")
        #expect(!deletion.stderr.contains("charter: auditing"))
        #expect(try scratch.git("rev-parse", "--verify", "-q", "refs/heads/holder", in: "server.git").status != 0)
        try scratch.expectFsckClean("server.git")
    }

    @Test func refusesWhenCharterCannotRun() throws {
        let scratch = try Self.server()
        let before = try Self.serverRefs(scratch)
        #expect(try scratch.git("commit", "-q", "--allow-empty", "-m", "Nothing to see", in: "acme").status == 0)
        let outcome = try scratch.run("/usr/bin/env", ["git", "push", "origin", "main"], in: "acme",
                                      environment: ["CHARTER": scratch.path("no-such-charter")])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("charter: could not audit refs/heads/main (charter exited with 127); push refused"), "\(outcome)")
        #expect(try Self.serverRefs(scratch) == before)
    }
}
