import Foundation
import Testing

/// Identities and dates from options, the environment and git config (issue 18): a name that would
/// inject header lines, a date git would not store as given, and a company name that would inject
/// trailers are refused or made harmless before anything is written; extreme dates already in a
/// history read without a trap.
@Suite("Identities, dates and names in what charter writes")
struct IdentityAndDateTests {
    static let injected = "Eve\nparent 0000000000000000000000000000000000000000"

    /// What a refused command must leave: HEAD, the object count and a clean fsck.
    struct Untouched {
        let head: String
        let objects: String

        init(_ scratch: Scratch, _ directory: String) throws {
            head = try scratch.head(in: directory)
            objects = try scratch.git("count-objects", "-v", in: directory).stdout
        }

        func expect(_ scratch: Scratch, _ directory: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(try scratch.head(in: directory) == head, "\(context): HEAD moved", sourceLocation: sourceLocation)
            #expect(try scratch.git("count-objects", "-v", in: directory).stdout == objects, "\(context): objects were written",
                    sourceLocation: sourceLocation)
            try scratch.expectFsckClean(directory, sourceLocation: sourceLocation)
        }
    }

    // MARK: - Names and emails

    @Test func aLineBreakInUserNameFromGitConfigIsRefused() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try CommitTests.movePlatformROI(scratch)
        try scratch.git("config", "user.name", Self.injected, in: "acme")
        scratch.environment["GIT_AUTHOR_NAME"] = nil
        scratch.environment["GIT_COMMITTER_NAME"] = nil
        let untouched = try Untouched(scratch, "acme")
        let outcome = try scratch.charter("commit", "-m", "Move", "-m", "Because.", in: "acme")
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.hasPrefix("error: user.name in git config 'Eve\\nparent 0000"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("contains a line feed"))
        try untouched.expect(scratch, "acme", "user.name")
        #expect(try scratch.git("log", "--oneline", in: "acme").status == 0, "git still reads the branch")
        #expect(try scratch.charter("log", in: "acme").status == 0, "charter still reads the branch")
    }

    @Test func badCharactersInTheEnvironmentAreRefused() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try CommitTests.movePlatformROI(scratch)
        let untouched = try Untouched(scratch, "acme")
        // NUL cannot travel through the environment; GitTimeTests covers it.
        let values: [(value: String, problem: String)] = [
            ("Eve\nparent 0000000000000000000000000000000000000000", "contains a line feed"),
            ("Eve\rX", "contains a carriage return"), ("Eve <x", "contains '<'"), ("Eve> x", "contains '>'"),
            ("Eve\u{1B}[2J", "contains a control character (U+001B)"),
        ]
        for variable in ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"] {
            for (value, problem) in values {
                let outcome = try scratch.charter("commit", "-m", "Move", "-m", "Because.", in: "acme", environment: [variable: value])
                #expect(outcome.status == 2, "\(variable) \(value.debugDescription): \(outcome)")
                #expect(outcome.stderr.hasPrefix("error: \(variable) '"), "\(outcome.stderr)")
                #expect(outcome.stderr.contains(problem), "\(outcome.stderr)")
                #expect(outcome.stderr.filter(\.isNewline).count == 1 && !outcome.stderr.contains("\u{1B}"), "one clean line: \(outcome.stderr.debugDescription)")
                try untouched.expect(scratch, "acme", "\(variable) \(value.debugDescription)")
            }
        }
        let author = try scratch.charter("commit", "-m", "Move", "-m", "Because.", "--author", "Eve\rX <eve@x>", in: "acme")
        #expect(author.status == 2 && author.stderr.hasPrefix("error: --author 'Eve\\rX' contains a carriage return"), "\(author)")
        try untouched.expect(scratch, "acme", "--author")
    }

    @Test func namesAreStoredAsGitStoresThem() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try CommitTests.movePlatformROI(scratch)
        let crud = ["GIT_AUTHOR_NAME": " .Eve Smith, ", "GIT_AUTHOR_EMAIL": " eve@acme.example. "]
        let refused = try scratch.charter("commit", "-m", "Move", "-m", "Because.", in: "acme", environment: ["GIT_AUTHOR_NAME": ".,; "])
        #expect(refused.status == 2 && refused.stderr.contains("GIT_AUTHOR_NAME '.,; ' has nothing left"), "\(refused)")
        let outcome = try scratch.charter("commit", "-m", "Move", "-m", "Because.", in: "acme", environment: crud)
        #expect(outcome.status == 0, "\(outcome)")
        // The witness: git, given the same environment, records the same identity.
        let tree = try scratch.git("rev-parse", "HEAD^{tree}", in: "acme").stdout.trimmingCharacters(in: .newlines)
        let witness = try scratch.run("/usr/bin/env", ["git", "commit-tree", tree, "-m", "witness"], in: "acme", environment: crud)
            .stdout.trimmingCharacters(in: .newlines)
        let ours = try scratch.git("log", "-1", "--format=%an <%ae>", "HEAD", in: "acme").stdout
        #expect(ours == "Eve Smith <eve@acme.example>\n")
        #expect(try scratch.git("log", "-1", "--format=%an <%ae>", witness, in: "acme").stdout == ours)
        try scratch.expectFsckClean("acme")
    }

    @Test func initWithABadIdentityLeavesNoRepository() throws {
        let scratch = try Scratch()
        let outcome = try scratch.charter("init", "acme", "--company", "Acme", "--stage", "growth",
                                          environment: ["GIT_COMMITTER_EMAIL": "ada@acme.example\nparent 0000"])
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.hasPrefix("error: GIT_COMMITTER_EMAIL 'ada@acme.example\\nparent 0000' contains a line feed"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("acme")))

        // From the global configuration, as there is no repository yet.
        try scratch.write(".gitconfig", "[user]\n\tname = \"Eve\\nparent 0000\"\n\temail = eve@acme.example\n")
        scratch.environment["GIT_AUTHOR_NAME"] = nil
        let fromConfig = try scratch.charter("init", "acme", "--company", "Acme", "--stage", "growth")
        #expect(fromConfig.status == 2, "\(fromConfig)")
        #expect(fromConfig.stderr.hasPrefix("error: user.name in git config 'Eve\\nparent 0000'"), "\(fromConfig.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("acme")))

        let company = try scratch.charter("init", "acme", "--company", "Acme\u{1B}[2J", "--stage", "growth")
        #expect(company.status == 2 && company.stderr.contains("--company needs a name on one line, without control characters"), "\(company)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("acme")))
    }

    @Test func importWithABadIdentityWritesNothing() throws {
        let scratch = try ImportTests.companies()
        let untouched = try Untouched(scratch, "acme")
        for environment in [["GIT_COMMITTER_NAME": "Eve\rX"], ["GIT_AUTHOR_EMAIL": "<eve@acme.example>"]] {
            let outcome = try scratch.charter("import", "../globex", "--prefix", "globex", in: "acme", environment: environment)
            #expect(outcome.status == 2, "\(outcome)")
            #expect(outcome.stderr.hasPrefix("error: \(environment.keys.first!) '"), "\(outcome.stderr)")
            try untouched.expect(scratch, "acme", "\(environment)")
            #expect(try scratch.git("show-ref", in: "acme").stdout.contains("refs/imports") == false, "nothing was fetched")
            try scratch.expectStatusClean("acme")
        }
        let event = try scratch.charter("import", "../globex", "--prefix", "globex", "--event", "Globex\n\nApproved-By: cpo", in: "acme")
        #expect(event.status == 2 && event.stderr.contains("--event must be one line"), "\(event)")
        try untouched.expect(scratch, "acme", "--event")
    }

    // MARK: - Dates

    @Test func farDatesGitAcceptsAreStoredExactly() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try CommitTests.movePlatformROI(scratch)
        // Year 5138 and the last second git fsck accepts: git commit takes both.
        let dates = ["GIT_AUTHOR_DATE": "@99999999999 +1400", "GIT_COMMITTER_DATE": "@9223372036854775807 -1459"]
        let witness = try scratch.run("/usr/bin/env", ["git", "commit-tree", "HEAD^{tree}", "-m", "witness"], in: "acme", environment: dates)
        #expect(witness.status == 0, "git accepts these dates: \(witness)")
        let outcome = try scratch.charter("commit", "-m", "Move", "-m", "Because.", in: "acme", environment: dates)
        #expect(outcome.status == 0, "\(outcome)")
        let object = try scratch.git("cat-file", "-p", "HEAD", in: "acme").stdout
        #expect(object.contains("\nauthor Ada Founder <ada@acme.example> 99999999999 +1400\n"), "\(object)")
        #expect(object.contains("\ncommitter Ada Founder <ada@acme.example> 9223372036854775807 -1459\n"), "\(object)")
        try scratch.expectFsckClean("acme")
        let log = try scratch.charter("log", "--format", "json", "--max-count", "1", in: "acme")
        #expect(log.status == 0 && log.stdout.contains("\"date\" : \"5138-11-16T23:46:39+14:00\"") || log.stdout.contains("\"date\": \"5138-11-16T23:46:39+14:00\""), "\(log)")

        // An ISO 8601 date in year 5138 is the same instant, stored exactly too.
        try scratch.edit("acme/roles/cpo.yaml", replacing: "title: Chief Product Officer\n", with: "title: Chief Product Officer (acting)\n")
        let iso = try scratch.charter("commit", "-m", "Acting", "-m", "For now.", in: "acme",
                                      environment: ["GIT_AUTHOR_DATE": "5138-11-16T09:46:39Z"])
        #expect(iso.status == 0, "\(iso)")
        #expect(try scratch.git("log", "-1", "--format=%ad", "--date=raw", in: "acme").stdout == "99999999999 +0000\n")
    }

    @Test(arguments: ["@-1 +0000", "@9223372036854775808 +0000", "@18446744073709551614 +0000", "@100 +1500",
                      "1969-12-31T23:59:59Z", "1970-01-01T00:00:00+01:00"])
    func datesOutsideGitsRangeAreRefused(_ date: String) throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try CommitTests.movePlatformROI(scratch)
        let untouched = try Untouched(scratch, "acme")
        for variable in ["GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"] {
            let outcome = try scratch.charter("commit", "-m", "Move", "-m", "Because.", in: "acme", environment: [variable: date])
            #expect(outcome.status == 2, "\(outcome)")
            #expect(outcome.stderr == "error: \(variable) '\(date)' is out of range: git stores dates from 1970-01-01T00:00:00Z (@0 +0000) to +292277026596-12-04T15:30:07Z (@9223372036854775807 +0000), with a UTC offset from -14:59 to +14:59\n",
                    "\(outcome.stderr)")
            try untouched.expect(scratch, "acme", "\(variable)=\(date)")
        }
    }

    @Test func extremeDatesInTheHistoryReadWithoutATrap() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        // git commit-tree writes the largest timestamp there is, with the largest offset libgit2 reads.
        try CommitTests.movePlatformROI(scratch)
        try scratch.git("add", "-A", in: "acme")
        let tree = try scratch.git("write-tree", in: "acme").stdout.trimmingCharacters(in: .newlines)
        let far = ["GIT_AUTHOR_DATE": "@9223372036854775807 +1400", "GIT_COMMITTER_DATE": "@9223372036854775807 +1400"]
        let commit = try scratch.run("/usr/bin/env", ["git", "commit-tree", tree, "-p", "HEAD", "-m", "Move platform ROI", "-m", "Because.",
                                                      "-m", "Charter-Event: hire: first CPO\nApproved-By: cpo\nApproved-By: cto"], in: "acme", environment: far)
        let id = commit.stdout.trimmingCharacters(in: .newlines)
        #expect(commit.status == 0 && id.count == 40, "\(commit)")
        try scratch.git("update-ref", "refs/heads/main", id, in: "acme")
        try scratch.git("reset", "-q", "--hard", in: "acme")
        #expect(try scratch.git("cat-file", "-p", "HEAD", in: "acme").stdout.contains(" 9223372036854775807 +1400\n"))

        let date = "+292277026596-12-05T05:30:07+14:00"
        let runs: [[String]] = [["log"], ["log", "--format", "json"], ["log", "--since", "2020-01-01"], ["show"], ["show", "--at", "2030-01-01"],
                                ["show", "--format", "json"], ["blame", "cpo"], ["blame", "cpo", "--format", "json"], ["audit"],
                                ["audit", "--format", "json"], ["report", "--html", scratch.path("report.html")]]
        for arguments in runs {
            let outcome = try scratch.run(Scratch.binary, arguments, in: "acme")
            #expect([0, 1].contains(outcome.status), "\(arguments): \(outcome)")
        }
        #expect(try scratch.charter("log", "--format", "json", in: "acme").stdout.contains(date))
        #expect(try scratch.charter("blame", "cpo", "--format", "json", in: "acme").stdout.contains(date))
        #expect(try scratch.charter("log", in: "acme").stdout.contains("+292277026596-12-05"))
        #expect(try scratch.charter("show", in: "acme").stdout.contains("+292277026596-12-05"))
        #expect(try scratch.read("report.html").contains("+292277026596-12-0"))

        // Before the epoch and at the very bottom of Int64, as a hand-made object may hold.
        for stamp in ["-1 +0000", "-9223372036854775808 -1400"] {
            let parent = try scratch.head(in: "acme")
            let raw = "tree \(tree)\nparent \(parent)\nauthor Eve <eve@x> \(stamp)\ncommitter Eve <eve@x> \(stamp)\n\nOld\n"
            try scratch.write("raw-commit", raw)
            let made = try scratch.git("hash-object", "-t", "commit", "-w", "--literally", scratch.path("raw-commit"), in: "acme")
            try scratch.git("update-ref", "refs/heads/main", made.stdout.trimmingCharacters(in: .newlines), in: "acme")
            for arguments in runs {
                let outcome = try scratch.run(Scratch.binary, arguments, in: "acme")
                #expect([0, 1].contains(outcome.status), "\(stamp) \(arguments): \(outcome)")
            }
        }
        #expect(try scratch.charter("show", "--format", "json", in: "acme").stdout.contains("-292277022657-01-26T18:29:52-14:00"))
    }

    // MARK: - Import

    @Test func importKeepsEveryDateExactly() throws {
        let scratch = try ImportTests.companies()
        // A Globex commit in year 5138, made by charter, and one before 1970, made by hand.
        try scratch.edit("globex/roles/cpo.yaml", replacing: "title: Chief Product Officer\n", with: "title: Chief Product Officer (acting)\n")
        #expect(try scratch.charter("commit", "-m", "Acting CPO", "-m", "For now.", in: "globex",
                                    environment: ["GIT_AUTHOR_DATE": "@99999999999 +1400", "GIT_COMMITTER_DATE": "@99999999999 -0130"]).status == 0)
        let tree = try scratch.git("rev-parse", "HEAD^{tree}", in: "globex").stdout.trimmingCharacters(in: .newlines)
        let parent = try scratch.head(in: "globex")
        try scratch.write("raw-commit", "tree \(tree)\nparent \(parent)\nauthor Old Timer <old@globex.example> -86400 +0100\ncommitter Old Timer <old@globex.example> -1 -0500\n\nFrom 1969\n\nA commit older than git.\n")
        let made = try scratch.git("hash-object", "-t", "commit", "-w", "--literally", scratch.path("raw-commit"), in: "globex")
        try scratch.git("update-ref", "refs/heads/main", made.stdout.trimmingCharacters(in: .newlines), in: "globex")

        let outcome = try scratch.charter("import", "../globex", "--prefix", "globex", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        let imported = try scratch.git("log", "--format=%H %(trailers:key=Imported-From,valueonly,separator=)", "HEAD^2", in: "acme").stdout
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(imported.count == 4)
        func identities(_ id: String, _ directory: String) throws -> [Substring] {
            try scratch.git("cat-file", "-p", id, in: directory).stdout.split(separator: "\n")
                .filter { $0.hasPrefix("author ") || $0.hasPrefix("committer ") }
        }
        for pair in imported where pair.count == 2 {
            #expect(try identities(pair[0], "acme") == identities(pair[1], "globex"), "\(pair)")
        }
        let lines = try imported.flatMap { try identities($0[0], "acme") }
        #expect(lines.contains("author Ada Founder <ada@acme.example> 99999999999 +1400"))
        #expect(lines.contains("committer Ada Founder <ada@acme.example> 99999999999 -0130"))
        #expect(lines.contains("author Old Timer <old@globex.example> -86400 +0100"))
        #expect(lines.contains("committer Old Timer <old@globex.example> -1 -0500"))
    }

    @Test func anAcquiredCompanysNameInjectsNoTrailer() throws {
        let scratch = try ImportTests.companies()
        try scratch.edit("globex/charter.yaml", replacing: "company: Globex Robotics\n", with: "company: \"Globex\\n\\nApproved-By: cpo\\nCharter-Event: hire: Eve\\e[2J\"\n")
        try scratch.git("commit", "-qam", "Rename", in: "globex")
        let outcome = try scratch.charter("import", "../globex", "--prefix", "globex", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("Imported 3 commits of Globex Approved-By: cpo Charter-Event: hire: Eve [2J as globex-cpo, globex-cto\n"),
                "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("\u{1B}"))

        let message = try scratch.git("log", "-1", "--format=%B", in: "acme").stdout
        #expect(message.hasPrefix("Import the charters of Globex Approved-By: cpo Charter-Event: hire: Eve [2J as globex-*\n\n"), "\(message)")
        #expect(!message.split(separator: "\n").contains { $0.hasPrefix("Approved-By") }, "\(message)")
        #expect(try scratch.git("log", "-1", "--format=%(trailers:key=Approved-By,valueonly)", in: "acme").stdout.trimmingCharacters(in: .newlines).isEmpty)
        #expect(try scratch.git("log", "-1", "--format=%(trailers:key=Charter-Event,valueonly)", in: "acme").stdout == "acquisition: globex\n\n")
        let log = try scratch.charter("log", "--format", "json", "--max-count", "1", in: "acme")
        let json = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any]
        let merge = (json?["commits"] as? [[String: Any]])?.first
        #expect(merge?["approvals"] as? [String] == [], "\(log.stdout)")
        #expect((merge?["event"] as? [String: Any])?["kind"] as? String == "acquisition" || merge?["event"] as? String == "acquisition: globex",
                "\(String(describing: merge?["event"]))")
        #expect(try scratch.read("acme/charter.yaml").hasSuffix("  company: 'Globex Approved-By: cpo Charter-Event: hire: Eve [2J'\n"))
        #expect(try scratch.charter("validate", in: "acme").status == 0)
        try scratch.expectFsckClean("acme")
        try scratch.expectStatusClean("acme")
    }
}
