import Foundation
import Testing

@Suite("charter commit")
struct CommitTests {
    /// A valid boundary change: the CTO hands `platform-roi` to the CPO.
    static func movePlatformROI(_ scratch: Scratch) throws {
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: platform-roi\n      text: Weigh the costs and returns of platforms and solutions before the company commits to them.\n", with: "")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: roadmap\n",
                         with: "    - id: platform-roi\n      text: Weigh the costs and returns of platforms and solutions.\n    - id: roadmap\n")
    }

    @Test func commitsWithTrailersAndLeavesACleanRepository() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.movePlatformROI(scratch)
        let outcome = try scratch.charter(
            "commit", "-m", "Move platform ROI to the CPO", "-mPlatform bets are product bets now.", // -mMSG as in git
            "--event", "acquisition: Globex", "--approved-by", "cpo", "--approved-by", "cto",
            "--author", "Dana Reyes <dana@acme.example>", in: "acme",
            environment: ["GIT_AUTHOR_DATE": "2021-06-14T10:30:00+02:00", "GIT_COMMITTER_DATE": "@1623660000 +0000"])
        #expect(outcome.status == 0, "\(outcome)")
        let head = try scratch.head(in: "acme")
        #expect(outcome.stdout == """
            [main \(head.prefix(7))] Move platform ROI to the CPO
              strategy  moved  platform-roi  cto → cpo, reworded: "Weigh the costs and returns of platforms and solutions before the company commits to them." → "Weigh the costs and returns of platforms and solutions."
              1 change: 1 moved

            """, "the commit prints the boundary diff it recorded")

        let log = try scratch.git("log", "-1", "--format=%an <%ae>%n%ad%n%cd%n%B", "--date=raw", in: "acme")
        #expect(log.stdout == """
            Dana Reyes <dana@acme.example>
            1623659400 +0200
            1623660000 +0000
            Move platform ROI to the CPO

            Platform bets are product bets now.

            Charter-Event: acquisition: Globex
            Approved-By: cpo
            Approved-By: cto


            """)
        let trailers = try scratch.git("log", "-1", "--format=%(trailers:key=Approved-By,valueonly,separator=%x2C)", in: "acme")
        #expect(trailers.stdout == "cpo,cto\n")
        #expect(try scratch.git("rev-list", "--count", "HEAD", in: "acme").stdout == "2\n")
        try scratch.expectStatusClean("acme")
        try scratch.expectFsckClean("acme")
    }

    @Test func invalidChartersAreRefusedAndNothingIsWritten() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n",
                         with: "    - id: roadmap\n      text: Own the roadmap too.\n    - id: delivery-approach\n")
        let before = try scratch.head(in: "acme")
        let objectsBefore = try scratch.git("count-objects", "-v", in: "acme").stdout
        let outcome = try scratch.charter("commit", "-m", "Two owners", in: "acme")
        #expect(outcome.status == 1)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("roles/cto.yaml:10:11: error[overlap]"))
        #expect(outcome.stderr.contains("commit refused: the charters are invalid (1 error, 0 warnings); nothing was written"))
        #expect(try scratch.head(in: "acme") == before)
        #expect(try scratch.git("count-objects", "-v", in: "acme").stdout == objectsBefore)
    }

    @Test func anEmptyCommitIsRefused() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let outcome = try scratch.charter("commit", "-m", "Nothing", in: "acme")
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "error: nothing to commit: the charters are the same as in HEAD\n")
    }

    @Test func approvalsMustNameRoles() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.movePlatformROI(scratch)
        let outcome = try scratch.charter("commit", "-m", "Move", "--approved-by", "cfo", in: "acme")
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--approved-by names no role: cfo"))
    }

    @Test func authorFromConfigurationWhenTheEnvironmentHasNone() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.git("config", "user.name", "Config Person", in: "acme")
        try scratch.git("config", "user.email", "config@acme.example", in: "acme")
        try Self.movePlatformROI(scratch)
        var environment = scratch.environment
        for key in ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"] { environment[key] = nil }
        scratch.environment = environment
        #expect(try scratch.charter("commit", "-m", "Move", in: "acme").status == 0)
        let log = try scratch.git("log", "-1", "--format=%an <%ae>|%cn <%ce>", in: "acme")
        #expect(log.stdout == "Config Person <config@acme.example>|Config Person <config@acme.example>\n")
    }

    @Test("dates in every format git accepts", arguments: [
        ("2021-06-14T10:30:00+02:00", "1623659400 +0200"),
        ("2021-06-14 10:30:00 -0500", "1623684600 -0500"),
        ("Mon, 14 Jun 2021 10:30:00 +0200", "1623659400 +0200"),
        ("1623659400 +0200", "1623659400 +0200"),
        ("@1623659400 +0000", "1623659400 +0000"),
        ("2021-06-14T08:30:00Z", "1623659400 +0000"),
    ])
    func dates(_ input: String, _ raw: String) throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.movePlatformROI(scratch)
        let outcome = try scratch.charter("commit", "-m", "Move", in: "acme", environment: ["GIT_AUTHOR_DATE": input])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(try scratch.git("log", "-1", "--format=%ad", "--date=raw", in: "acme").stdout == raw + "\n")
    }

    @Test func anUnreadableDateIsAUsageError() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.movePlatformROI(scratch)
        let before = try scratch.head(in: "acme")
        let outcome = try scratch.charter("commit", "-m", "Move", in: "acme", environment: ["GIT_AUTHOR_DATE": "last tuesday"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("GIT_AUTHOR_DATE 'last tuesday' is not a date git understands"))
        #expect(try scratch.head(in: "acme") == before)
    }

    @Test func aRemovedRoleIsDeletedAndItsApprovalCounts() throws {
        let scratch = try Scratch()
        try scratch.initRepository(stage: "scale")
        try FileManager.default.removeItem(atPath: scratch.path("acme/roles/vp-engineering.yaml"))
        let outcome = try scratch.charter("commit", "-m", "Fold the VP of Engineering role back", "--approved-by", "vp-engineering", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("  roles     role-removed  vp-engineering       \"VP of Engineering\"\n"))
        #expect(outcome.stdout.hasSuffix("  5 changes: 1 role removed, 4 removed\n"))
        #expect(try scratch.git("ls-files", "roles", in: "acme").stdout == "roles/cpo.yaml\nroles/cto.yaml\n")
        try scratch.expectStatusClean("acme")
    }

    @Test func refusesWhileAnotherProcessHoldsTheIndexLock() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.movePlatformROI(scratch)
        let before = try scratch.head(in: "acme")
        try scratch.write("acme/.git/index.lock", "")
        let outcome = try scratch.charter("commit", "-m", "Move", in: "acme")
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("the index is locked by another git process"))
        #expect(try scratch.head(in: "acme") == before)
        try FileManager.default.removeItem(atPath: scratch.path("acme/.git/index.lock"))
        #expect(try scratch.charter("commit", "-m", "Move", in: "acme").status == 0)
    }

    @Test func worksInARepositoryMadeByGitWithPacksAndPackedRefs() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.git("clone", "-q", "acme", "clone", in: "")
        try scratch.git("gc", "-q", "--aggressive", in: "clone")
        try scratch.git("pack-refs", "--all", in: "clone")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("clone/.git/refs/heads/main")), "the branch lives in packed-refs")
        #expect(try scratch.charter("validate", "--rev", "origin/main", in: "clone").status == 0)

        try scratch.edit("clone/roles/cto.yaml", replacing: "    - id: platform-roi\n      text: Weigh the costs and returns of platforms and solutions before the company commits to them.\n", with: "")
        try scratch.edit("clone/roles/cpo.yaml", replacing: "    - id: roadmap\n",
                         with: "    - id: platform-roi\n      text: Weigh the costs and returns of platforms and solutions.\n    - id: roadmap\n")
        let outcome = try scratch.charter("commit", "-m", "Move platform ROI", in: "clone")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(try scratch.git("rev-parse", "HEAD^", in: "clone").stdout == scratch.git("rev-parse", "origin/main", in: "clone").stdout)
        try scratch.expectStatusClean("clone")
        try scratch.expectFsckClean("clone")
        #expect(try scratch.git("push", "-q", "origin", "HEAD:refs/heads/reviewed", in: "clone").status == 0)
    }

    @Test("racing commits from several processes never lose one", arguments: [2, 6])
    func racingCommitsNeverLoseOne(_ racerCount: Int) throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        var landed: [String] = []
        for round in 0..<(racerCount == 2 ? 12 : 6) {
            try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer",
                             with: "title: Chief Technology Officer \(round)")
            let racers = try (0..<racerCount).map { racer in
                try scratch.start(Scratch.binary, ["commit", "-m", "Round \(round), racer \(racer)"], in: "acme")
            }
            let outcomes = racers.map { $0.finish() }
            for outcome in outcomes {
                switch outcome.status {
                case 0:
                    let id = try #require(outcome.stdout.split(separator: " ").dropFirst().first?.dropLast())
                    landed.append(String(id))
                case 1: #expect(outcome.stderr.contains("nothing to commit"), "\(outcome)")
                case 3:
                    // The other racer moved the branch, or was writing the index at that moment.
                    #expect(outcome.stderr.contains("branch moved, retry") || outcome.stderr.contains("the index is locked"),
                            "\(outcome)")
                default: Issue.record("unexpected outcome: \(outcome)")
                }
            }
            #expect(outcomes.filter { $0.status == 0 }.count == 1, "exactly one racer lands per round: \(outcomes)")
            try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer \(round)",
                             with: "title: Chief Technology Officer")
        }
        let history = try scratch.git("rev-list", "HEAD", in: "acme").stdout
        for id in landed { #expect(history.contains(id), "commit \(id) reported success but is not in the history") }
        #expect(try scratch.git("rev-list", "--count", "HEAD", in: "acme").stdout == "\(landed.count + 1)\n")
        try scratch.expectFsckClean("acme")
    }

    @Test func aHiddenFileInRolesIsLeftAsItIs() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.write("acme/roles/.gitkeep", "")
        try scratch.git("add", "roles/.gitkeep", in: "acme")
        try scratch.git("commit", "-qm", "Keep roles/", in: "acme")
        try Self.movePlatformROI(scratch)
        let outcome = try scratch.charter("commit", "-m", "Platform ROI to the CPO", "-m", "Product bets.",
                                          "--approved-by", "cpo", "--approved-by", "cto", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(try scratch.git("ls-tree", "--name-only", "HEAD", "roles/", in: "acme").stdout.contains("roles/.gitkeep"))
        try scratch.expectStatusClean("acme")
    }
}
