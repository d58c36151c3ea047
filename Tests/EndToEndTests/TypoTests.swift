import Foundation
import Testing

/// Typos never pass as questions with no answer: an unknown area, role or item given to a filter, a
/// misspelt command, a path after `--` are usage errors (exit 2) that name what was given and the
/// closest names there are.
@Suite("Typos in filters, commands and paths")
struct TypoTests {
    /// Exit 2, nothing on stdout, and stderr's first line as expected.
    static func expectRefused(_ outcome: Outcome, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.status == 2, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("error: " + message + "\n"), "\(outcome)", sourceLocation: sourceLocation)
    }

    @Test func logRefusesAnUnknownAreaRoleOrItemWithTheClosest() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        Self.expectRefused(try scratch.charter("log", "--area", "stratgy", in: "acme"),
                           "--area: no area 'stratgy' in the schema in force or the history read; did you mean 'strategy'?")
        Self.expectRefused(try scratch.charter("log", "--role", "cfo", in: "acme"),
                           "--role: no role 'cfo' in the history read; did you mean 'cpo' or 'cto'?")
        Self.expectRefused(try scratch.charter("log", "--item", "roadmpa", in: "acme"),
                           "--item: no item 'roadmpa' in the history read; did you mean 'roadmap'?")
        let nothingClose = try scratch.charter("log", "--item", "nosuch", in: "acme")
        Self.expectRefused(nothingClose, "--item: no item 'nosuch' in the history read")
        #expect(nothingClose.stderr.hasSuffix("hint: charter show lists who holds what\n"))
        // Names that exist, even with nothing to show in the range, are no typo.
        for filter in [["--area", "metrics"], ["--role", "cto"], ["--item", "roadmap"], ["--item", "how"]] {
            let outcome = try scratch.run(Scratch.binary, ["log"] + filter + ["--since", "2100-01-01"], in: "acme")
            #expect(outcome.status == 0 && outcome.stdout.isEmpty && outcome.stderr.isEmpty, "\(filter): \(outcome)")
        }
    }

    @Test func anAreaOfTheCompanysOwnSchema() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let schema = try String(contentsOf: Scratch.packageRoot.appendingPathComponent("Schemas/four-area.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "schema: four-area", with: "schema: acme-areas")
            .replacingOccurrences(of: "  metrics:\n    title: Metrics\n",
                                  with: "  operations:\n    title: Operations\n    questions:\n      - Who runs the product day to day?\n  metrics:\n    title: Metrics\n")
        try scratch.write("acme/schema.yaml", schema)
        try scratch.edit("acme/charter.yaml", replacing: "schema: four-area", with: "schema: acme-areas")
        // The area no role has items in yet is still an area of the schema in force.
        #expect(try scratch.charter("diff", "--area", "operations", in: "acme").status == 0)
        Self.expectRefused(try scratch.charter("diff", "--area", "operatons", in: "acme"),
                           "--area: no area 'operatons' in the schema of either side; did you mean 'operations'?")
    }

    @Test func diffRefusesAnUnknownAreaOrRole() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        Self.expectRefused(try scratch.charter("diff", "--area", "stratgy", in: "acme"),
                           "--area: no area 'stratgy' in the schema of either side; did you mean 'strategy'?")
        let head = String(try scratch.head(in: "acme").prefix(7))
        Self.expectRefused(try scratch.charter("diff", "--role", "cfo", in: "acme"),
                           "--role: no role 'cfo' on either side (\(head), work tree); did you mean 'cpo' or 'cto'?")
        // A role only the work tree has is on one side.
        try scratch.write("acme/roles/cfo.yaml", try scratch.read("acme/roles/cpo.yaml").replacingOccurrences(of: "role: cpo", with: "role: cfo"))
        let outcome = try scratch.charter("diff", "--role", "cfo", in: "acme")
        #expect(outcome.status == 0 && outcome.stdout.contains("role-added"), "\(outcome)")
    }

    @Test func aRoleKnownUnderAnOldNameIsNoTypo() throws {
        let (scratch, commits) = try LineageTests.history()
        for role in ["cto", "ctpo", "cpto"] {
            #expect(try scratch.charter("log", "--role", role, in: "acme").status == 0, "log --role \(role)")
        }
        // A role file after -- is its role, lineage followed as --role follows it, the same commits.
        let byRole = try scratch.charter("log", "--role", "cpto", "--format", "json", in: "acme")
        let byPath = try scratch.charter("log", "--format", "json", "--", "roles/cpto.yaml", in: "acme")
        #expect(byPath.status == 0 && byPath.stdout == byRole.stdout, "\(byPath)")
        let ids = try #require(try LineageTests.json(byPath)["commits"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids == commits.reversed())
        Self.expectRefused(try scratch.charter("log", "--", "roles/cxo.yaml", in: "acme"),
                           "-- roles/cxo.yaml: no role 'cxo' in the history read; did you mean 'cpo', 'cto' or 'cpto'?")
    }

    @Test func blameShowAndApproveSayTheClosestRoles() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let head = String(try scratch.head(in: "acme").prefix(7))
        Self.expectRefused(try scratch.charter("blame", "cfo", in: "acme"), "no role 'cfo' at \(head); did you mean 'cpo' or 'cto'?")
        Self.expectRefused(try scratch.charter("show", "cfo", in: "acme"), "no role 'cfo' at \(head); did you mean 'cpo' or 'cto'?")
        // approve asks the commit's parent, where the role's keys are.
        try CommitTests.movePlatformROI(scratch)
        try HistoryTests.commit(scratch, "2020-06-01", "-m", "Platform ROI to the CPO", "--approved-by", "cto", "--approved-by", "cpo")
        Self.expectRefused(try scratch.charter("approve", "HEAD", "--role", "cfo", in: "acme"),
                           "no role or external name 'cfo' at \(head); did you mean 'ceo', 'cpo' or 'cto'?")
        // blame takes a role by its file too, as git blame takes a file.
        let byFile = try scratch.charter("blame", "roles/cto.yaml", in: "acme")
        let byID = try scratch.charter("blame", "cto", in: "acme")
        #expect(byFile.status == 0 && byFile.stdout == byID.stdout, "\(byFile)")
    }

    @Test func aMisspeltCommandGetsTheClosest() throws {
        let scratch = try Scratch()
        Self.expectRefused(try scratch.charter("valdate"), "'valdate' is not a charter command; did you mean 'validate'?")
        Self.expectRefused(try scratch.charter("-C", "acme", "dif"), "'dif' is not a charter command; did you mean 'diff'?")
        let none = try scratch.charter("xyzzy")
        Self.expectRefused(none, "'xyzzy' is not a charter command")
        #expect(none.stderr.hasSuffix("hint: charter --help lists the commands\n"))
        // The argument parser's own suggestion for a misspelt option stays.
        let option = try scratch.charter("validate", "--staeged")
        #expect(option.status == 2 && option.stderr.contains("--staged"), "\(option)")
        #expect(try scratch.charter("help", "validate").status == 0)
    }

    @Test func pathsAfterDoubleDashAreNeverRevisions() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try CommitTests.movePlatformROI(scratch)
        // A branch named like a role file: before --, a revision; after it, a path.
        try scratch.git("branch", "cto", in: "acme")
        try HistoryTests.commit(scratch, "2020-06-01", "-m", "Platform ROI to the CPO", "--approved-by", "cto", "--approved-by", "cpo")
        try scratch.write("acme/roles/cpo.yaml", try scratch.read("acme/roles/cpo.yaml").replacingOccurrences(of: "title: Chief Product Officer", with: "title: Chief Product Officer (acting)"))
        try HistoryTests.commit(scratch, "2020-07-01", "-m", "An acting CPO")

        let cto = try scratch.charter("log", "--format", "json", "--", "roles/cto.yaml", in: "acme")
        let byRole = try scratch.charter("log", "--format", "json", "--role", "cto", in: "acme")
        #expect(cto.status == 0 && cto.stdout == byRole.stdout, "\(cto)")
        let commits = try #require(try LineageTests.json(cto)["commits"] as? [[String: Any]])
        #expect(commits.count == 2, "the founding and the move, not the title")
        // Read from the folder charter runs in, as git reads paths.
        let fromRoles = try scratch.charter("log", "--format", "json", "--", "cto.yaml", in: "acme/roles")
        #expect(fromRoles.stdout == cto.stdout, "\(fromRoles)")
        // Revisions before --, paths after; the branch cto is the founding commit.
        let range = try scratch.charter("log", "--format", "json", "cto..HEAD", "--", "roles/cto.yaml", in: "acme")
        #expect(try #require(try LineageTests.json(range)["commits"] as? [[String: Any]]).count == 1, "\(range)")

        let diff = try scratch.charter("diff", "HEAD~2", "HEAD", "--", "roles/cpo.yaml", in: "acme")
        #expect(diff.status == 0 && diff.stdout.contains("platform-roi") && diff.stdout.contains("Chief Product Officer (acting)"), "\(diff)")
        let schemaOnly = try scratch.charter("diff", "HEAD~2", "HEAD", "--", "schema.yaml", in: "acme")
        #expect(schemaOnly.status == 0 && schemaOnly.stdout.hasPrefix("no boundary changes"), "\(schemaOnly)")
        let all = try scratch.charter("diff", "HEAD~2", "HEAD", "--", "roles/", in: "acme")
        let unfiltered = try scratch.charter("diff", "HEAD~2", "HEAD", in: "acme")
        #expect(all.stdout == unfiltered.stdout)

        Self.expectRefused(try scratch.charter("log", "--", "README.md", in: "acme"),
                           "-- README.md: not a charter file; after --, give role files (roles/<id>.yaml), roles/, charter.yaml or schema.yaml")
        let head = try scratch.head(in: "acme").prefix(7)
        Self.expectRefused(try scratch.charter("diff", "--", "roles/cfo.yaml", in: "acme"),
                           "-- roles/cfo.yaml: no role 'cfo' on either side (\(head), work tree); did you mean 'cpo' or 'cto'?")
        for command in ["audit", "review", "approve"] {
            Self.expectRefused(try scratch.charter(command, "--", "roles/cto.yaml", in: "acme"),
                               "charter \(command) takes no paths: 'roles/cto.yaml' follows --, where paths go; give revisions before --")
        }
        // show takes the role after --, by id or by file, never a revision.
        let show = try scratch.charter("show", "--", "cto", in: "acme")
        let showFile = try scratch.charter("show", "HEAD", "--", "roles/cto.yaml", in: "acme")
        #expect(show.status == 0 && show.stdout == showFile.stdout, "\(show)")
        #expect(!show.stdout.contains("cpo"))
    }
}
