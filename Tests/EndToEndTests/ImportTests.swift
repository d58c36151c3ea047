import Foundation
import Testing

/// `charter import`: Acme (growth stage) acquires Globex, whose own charter history has two commits.
@Suite("charter import")
struct ImportTests {
    static func companies() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.initRepository()
        #expect(try scratch.charter("init", "globex", "--company", "Globex Robotics", "--stage", "growth",
                                    environment: ["GIT_AUTHOR_NAME": "Gus Globex", "GIT_AUTHOR_DATE": "2018-05-01T09:00:00Z"]).status == 0)
        try scratch.edit("globex/roles/cto.yaml", replacing: "    - id: delivery-approach\n",
                         with: "    - id: robot-safety\n      text: Certify every robot's safety systems before it ships.\n    - id: delivery-approach\n")
        #expect(try scratch.charter("commit", "-m", "Robot safety is engineering's", "-m", "Certification sits with the CTO.", in: "globex",
                                    environment: ["GIT_AUTHOR_NAME": "Gus Globex", "GIT_AUTHOR_DATE": "2019-02-01T09:00:00Z"]).status == 0)
        return scratch
    }

    @Test func importKeepsTheAcquiredHistory() throws {
        let scratch = try Self.companies()
        let before = try scratch.head(in: "acme")
        let outcome = try scratch.charter("import", "../globex", "--prefix", "globex", "--event", "Globex Robotics", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("Imported 2 commits of Globex Robotics as globex-cpo, globex-cto\n"))

        // The merge: first parent is Acme's old HEAD, the second the rewritten Globex history.
        #expect(try scratch.git("rev-parse", "HEAD^1", in: "acme").stdout == before + "\n")
        let trailers = try scratch.git("log", "-1", "--format=%(trailers:key=Charter-Event,valueonly)%(trailers:key=Charter-Import,valueonly)", in: "acme")
        #expect(trailers.stdout == "acquisition: Globex Robotics\nglobex\n\n")
        // Every Globex commit is there, rewritten, with its author, date and message, and its original id.
        let originals = try scratch.git("log", "--format=%H|%an|%ad|%s", "--date=raw", in: "globex").stdout.split(separator: "\n")
        let imported = try scratch.git("log", "--format=%(trailers:key=Imported-From,valueonly,separator=)|%an|%ad|%s", "--date=raw", "HEAD^2", in: "acme")
            .stdout.split(separator: "\n")
        #expect(imported == originals)
        #expect(try scratch.git("rev-parse", "refs/imports/globex", in: "acme").stdout == (try scratch.git("rev-parse", "HEAD", in: "globex").stdout))
        try scratch.expectFsckClean("acme")
        try scratch.expectStatusClean("acme")

        // Roles renamed, and their references to each other too.
        let cto = try scratch.read("acme/roles/globex-cto.yaml")
        #expect(cto.contains("role: globex-cto\n"))
        #expect(cto.contains("consults: [globex-cpo]"))
        #expect(cto.contains("reports-to: ceo\n"), "an external name stays as it is")
        #expect(try scratch.read("acme/charter.yaml").hasSuffix("imports:\n- prefix: globex\n  company: 'Globex Robotics'\n"))
        #expect(try scratch.git("show", "HEAD^2:roles/globex-cto.yaml", in: "acme").stdout.contains("robot-safety"))
    }

    @Test func overlapsAreTheIntegrationToDoList() throws {
        let scratch = try Self.companies()
        let outcome = try scratch.charter("import", "file://" + scratch.path("globex"), "--prefix", "globex", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("Integration to-do (41): each item below has two owners until one role keeps it.\n"))
        #expect(outcome.stdout.contains("roles/globex-cpo.yaml:12:11: warning[pending-integration]: responsibility 'roadmap' is owned by both cpo and globex-cpo since the import\n"))
        #expect(!outcome.stdout.contains("robot-safety"), "an item only Globex has is no overlap")
        let validate = try scratch.charter("validate", in: "acme")
        #expect(validate.status == 0, "pending integration is a warning: \(validate.stdout.suffix(200))")
    }

    @Test func aCollidingPrefixIsRefused() throws {
        let scratch = try Self.companies()
        #expect(try scratch.charter("import", "../globex", "--prefix", "globex", in: "acme").status == 0)
        let head = try scratch.head(in: "acme")
        let again = try scratch.charter("import", "../globex", "--prefix", "globex", in: "acme")
        #expect(again.status == 2)
        #expect(again.stderr.contains("prefix 'globex' collides with existing roles: globex-cpo, globex-cto"))
        #expect(try scratch.head(in: "acme") == head)
        #expect(try scratch.charter("import", "../globex", "--prefix", "Not Valid", in: "acme").status == 2)
        let missing = try scratch.charter("import", "../nowhere", "--prefix", "nowhere", in: "acme")
        #expect(missing.status == 3)
        try scratch.git("init", "-q", "empty", in: "")
        let empty = try scratch.charter("import", "../empty", "--prefix", "empty", in: "acme")
        #expect(empty.status == 3)
        #expect(empty.stderr.contains("has no charter roles to import"))
        #expect(try scratch.head(in: "acme") == head)
        #expect(try scratch.git("show-ref", in: "acme").stdout.split(separator: "\n").filter { $0.contains("refs/imports/") }.count == 1,
                "a failed import leaves no reference behind")
    }

    @Test func theAuditAfterTheIntegrationHasNoError() throws {
        let scratch = try Self.companies()
        #expect(try scratch.charter("import", "../globex", "--prefix", "globex", "--event", "Globex Robotics", in: "acme").status == 0)
        let during = try scratch.charter("audit", in: "acme")
        #expect(during.status == 0, "\(during)")
        #expect(during.stdout.contains("warning[pending-integration]: the import of globex-* brought 41 overlaps to integrate; 41 remain at"))

        // The integration: Globex's CPO role folds into Acme's; Globex's CTO keeps only what Acme lacks.
        try FileManager.default.removeItem(atPath: scratch.path("acme/roles/globex-cpo.yaml"))
        try scratch.write("acme/roles/globex-cto.yaml", """
            role: globex-cto
            title: CTO of the Globex robotics division
            reports-to: cto
            areas:
              strategy:
                responsibilities:
                - id: robot-safety
                  text: Certify every robot's safety systems before it ships.
              innovation:
                responsibilities: []
              customers:
                responsibilities: []
              metrics:
                responsibilities: []

            """)
        let integrate = try scratch.charter("commit", "-m", "Integrate Globex's leadership", "-m", "One product leader, one technology leader; robot safety stays with Globex's engineering head.",
                                            "--approved-by", "globex-cpo", "--approved-by", "globex-cto", "--approved-by", "cpo", "--approved-by", "cto", in: "acme")
        #expect(integrate.status == 0, "\(integrate)")
        let after = try scratch.charter("audit", in: "acme")
        #expect(after.status == 0, "\(after)")
        #expect(after.stdout.contains("brought 41 overlaps to integrate; 0 remain at"))
        #expect(after.stdout.contains(": 0 errors, 1 warning\n"))
        let blame = try scratch.charter("blame", "globex-cto", "--format", "json", in: "acme")
        #expect(blame.stdout.contains("\"item\": \"robot-safety\""))
    }
}
