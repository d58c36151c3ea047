import Foundation
import Testing

@Suite("charter validate")
struct ValidateTests {
    /// An overlap: the CTO's charter also claims the CPO's roadmap.
    static func addOverlap(_ scratch: Scratch) throws {
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n",
                         with: "    - id: roadmap\n      text: Own the roadmap too.\n    - id: delivery-approach\n")
    }

    @Test func reportsEveryFindingLocatedWithAHint() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.addOverlap(scratch)
        try scratch.edit("acme/roles/cpo.yaml", replacing: "title: Chief Product Officer", with: "titel: Chief Product Officer")
        let outcome = try scratch.charter("validate", in: "acme")
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("roles/cpo.yaml:3:1: error[unknown-key]: unknown key 'titel' in a role charter\n"))
        #expect(outcome.stdout.contains("roles/cpo.yaml:2:1: error[missing-key]: missing required key 'title'\n"))
        #expect(outcome.stdout.hasSuffix("invalid: 1 role, 2 errors, 0 warnings\n"))
        #expect(!outcome.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func overlapNamesBothFilesAndLines() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.addOverlap(scratch)
        let outcome = try scratch.charter("validate", in: "acme")
        #expect(outcome.status == 1)
        #expect(outcome.stdout == """
            roles/cto.yaml:10:11: error[overlap]: responsibility 'roadmap' is owned by both cpo and cto
              see: roles/cpo.yaml:12:11
              hint: a responsibility has exactly one owner: keep it in one role, and use `consults:` in the other
            invalid: 2 roles, 1 error, 0 warnings

            """)
    }

    @Test func jsonOutput() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.addOverlap(scratch)
        let outcome = try scratch.charter("validate", "--format", "json", in: "acme")
        #expect(outcome.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? Int == 1)
        #expect(json["valid"] as? Bool == false)
        #expect(json["source"] as? String == "worktree")
        let finding = try #require((json["findings"] as? [[String: Any]])?.first)
        #expect(finding["severity"] as? String == "error")
        #expect(finding["code"] as? String == "overlap")
        #expect(finding["file"] as? String == "roles/cto.yaml")
        #expect(finding["line"] as? Int == 10)
        #expect(finding["column"] as? Int == 11)
        let related = try #require((finding["related"] as? [[String: Any]])?.first)
        #expect(related["file"] as? String == "roles/cpo.yaml")
        #expect(related["line"] as? Int == 12)
    }

    @Test func githubAnnotations() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.addOverlap(scratch)
        let outcome = try scratch.charter("validate", "--format", "github", in: "acme")
        #expect(outcome.status == 1)
        #expect(outcome.stdout.hasPrefix("::error file=roles/cto.yaml,line=10,col=11,title=charter overlap::responsibility 'roadmap' is owned by both cpo and cto (hint: "))
    }

    @Test func validatesAnyRevisionFromTheObjectDatabase() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        // Commit an invalid charter with plain git, bypassing charter's checks.
        try Self.addOverlap(scratch)
        try scratch.git("commit", "-qam", "Overlap, committed with plain git", in: "acme")
        try scratch.git("tag", "founding", "HEAD~1", in: "acme")
        try scratch.git("checkout", "-q", "HEAD~1", "--", "roles", in: "acme")

        #expect(try scratch.charter("validate", in: "acme").status == 0, "the work tree is valid again")
        let bad = try scratch.charter("validate", "--rev", "HEAD", in: "acme")
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("roles/cto.yaml:10:11: error[overlap]"))
        let founding = try scratch.git("rev-parse", "HEAD~1", in: "acme").stdout
        for revision in ["HEAD~1", "founding", "main^", String(founding.prefix(7))] {
            let good = try scratch.charter("validate", "--rev", revision, in: "acme")
            #expect(good.status == 0, "\(revision): \(good)")
        }
        let json = try scratch.charter("validate", "--rev", "HEAD", "--format", "json", in: "acme")
        #expect(json.stdout.contains("\"source\": \"\(try scratch.head(in: "acme"))\""))
    }

    @Test func stagedValidatesTheIndex() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let cto = try scratch.read("acme/roles/cto.yaml")
        try Self.addOverlap(scratch)
        #expect(try scratch.charter("validate", "--staged", in: "acme").status == 0, "the overlap is not staged")
        try scratch.git("add", "roles", in: "acme")
        try scratch.write("acme/roles/cto.yaml", cto)
        #expect(try scratch.charter("validate", in: "acme").status == 0, "the work tree is valid again")
        let staged = try scratch.charter("validate", "--staged", "--format", "json", in: "acme")
        #expect(staged.status == 1)
        #expect(staged.stdout.contains("\"source\": \"index\""), "\(staged)")
        #expect(staged.stdout.contains("\"code\": \"overlap\""))
        let both = try scratch.charter("validate", "--staged", "--rev", "HEAD", in: "acme")
        #expect(both.status == 2)
        #expect(both.stderr.hasPrefix("Error: --staged and --rev name two things to validate; give one\n"))
    }

    @Test func unknownRevisionIsARepositoryError() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let outcome = try scratch.charter("validate", "--rev", "no-such-branch", in: "acme")
        #expect(outcome.status == 3)
        #expect(outcome.stderr == "error: unknown revision 'no-such-branch'\n")
    }

    @Test func beforeTheFirstCommit() throws {
        let scratch = try Scratch()
        try scratch.git("init", "-q", "fresh", in: "")
        let log = try scratch.charter("log", in: "fresh")
        #expect(log.status == 3)
        #expect(log.stderr.hasPrefix("error: the branch has no commits yet"))
        #expect(try scratch.charter("diff", in: "fresh").stdout.hasPrefix("no boundary changes"))
    }

    @Test func outsideARepository() throws {
        let scratch = try Scratch()
        let outcome = try scratch.charter("validate")
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("not a git repository"))
    }

    @Test func directoryOptionBeforeAndAfterTheCommand() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        #expect(try scratch.charter("-C", "acme", "validate").status == 0)
        #expect(try scratch.charter("validate", "-C", "acme").status == 0)
        #expect(try scratch.charter("-C", scratch.path("acme"), "-C", "roles", "validate").status == 0)
    }

    @Test func linksAndFoldersInRolesAreRefused() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try FileManager.default.createSymbolicLink(atPath: scratch.path("acme/roles/cfo.yaml"), withDestinationPath: "/etc/passwd")
        try FileManager.default.createDirectory(atPath: scratch.path("acme/roles/coo.yaml"), withIntermediateDirectories: true)
        let outcome = try scratch.charter("validate", in: "acme")
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("roles/cfo.yaml:1:1: error[not-a-regular-file]"))
        #expect(outcome.stdout.contains("roles/coo.yaml:1:1: error[not-a-regular-file]"))
    }

    @Test("usage errors exit 2", arguments: [
        ["validate", "--format", "markdown"], ["validate", "--bogus"], ["frobnicate"],
        ["commit"], ["commit", "-m", "x", "--event", "no colon here"], ["init", "x", "--company", "A", "--stage", "huge"],
    ])
    func usageErrors(_ arguments: [String]) throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let outcome = try scratch.run(Scratch.binary, arguments, in: "acme")
        #expect(outcome.status == 2, "\(outcome)")
        #expect(!outcome.stderr.isEmpty)
    }

    // MARK: - Many warnings, --quiet and --all

    /// Twelve undecided-right warnings (no role decides the CPO's why, what and when in any of the four
    /// areas) and, with `overlap`, one error.
    static func undecideRights(_ scratch: Scratch) throws {
        let cpo = try scratch.read("acme/roles/cpo.yaml")
        #expect(cpo.components(separatedBy: "decides: [why, what, when]").count == 5)
        try scratch.write("acme/roles/cpo.yaml", cpo.replacingOccurrences(of: "decides: [why, what, when]", with: "decides: []"))
    }

    @Test func manyWarningsOfACodeShowAFewAndACount() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.undecideRights(scratch)
        let outcome = try scratch.charter("validate", in: "acme")
        #expect(outcome.status == 0, "warnings alone leave the charters valid: \(outcome)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count { $0.contains("warning[undecided]") } == 3, "\(outcome)")
        #expect(lines.suffix(2) == ["… and 9 more undecided warnings (--all shows them)", "valid: 2 roles, 0 errors, 12 warnings"])

        let all = try scratch.charter("validate", "--all", in: "acme")
        #expect(all.status == 0 && all.stdout.components(separatedBy: "warning[undecided]").count == 13 && !all.stdout.contains("… and"), "\(all)")
        #expect(all.stdout.hasSuffix("valid: 2 roles, 0 errors, 12 warnings\n"))

        // Machine formats carry every finding.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try scratch.charter("validate", "--format", "json", in: "acme").stdout.utf8)) as? [String: Any])
        #expect((json["findings"] as? [[String: Any]])?.count == 12)
        let sarif = try scratch.charter("validate", "--format", "sarif", in: "acme")
        #expect(sarif.stdout.components(separatedBy: "\"ruleId\": \"undecided\"").count - 1 == 12 || sarif.stdout.components(separatedBy: "\"ruleId\":\"undecided\"").count - 1 == 12, "\(sarif)")
        #expect(try scratch.charter("validate", "--format", "github", in: "acme").stdout.split(separator: "\n").count == 12)
    }

    @Test func quietLeavesTheWarningsOutAndKeepsTheExitCode() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.undecideRights(scratch)
        let valid = try scratch.charter("validate", "-q", in: "acme")
        #expect(valid.status == 0 && valid.stdout == "valid: 2 roles, 0 errors, 12 warnings (warnings not shown: --quiet)\n", "\(valid)")

        try Self.addOverlap(scratch)
        let invalid = try scratch.charter("validate", "--quiet", in: "acme")
        #expect(invalid.status == 1, "\(invalid)")
        #expect(invalid.stdout.hasPrefix("roles/cto.yaml:10:11: error[overlap]: "))
        #expect(!invalid.stdout.contains("warning["))
        #expect(invalid.stdout.hasSuffix("invalid: 2 roles, 1 error, 12 warnings (warnings not shown: --quiet)\n"))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(try scratch.charter("validate", "-q", "--format", "json", in: "acme").stdout.utf8)) as? [String: Any])
        #expect((json["findings"] as? [[String: Any]])?.map { $0["severity"] as? String } == ["error"])
        #expect(json["valid"] as? Bool == false)

        let both = try scratch.charter("validate", "-q", "--all", in: "acme")
        #expect(both.status == 2 && both.stderr.contains("--quiet leaves the warnings out and --all shows every one"), "\(both)")
    }

    @Test func commitShowsTheWarningsItRecordedCutShort() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.undecideRights(scratch)
        let outcome = try scratch.charter("commit", "-m", "Nobody decides the product side for now", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderr.components(separatedBy: "warning[undecided]").count == 4, "\(outcome)")
        #expect(outcome.stderr.contains("… and 9 more undecided warnings (charter validate --all shows them)\n"))
    }
}
