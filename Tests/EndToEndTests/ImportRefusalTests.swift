import Foundation
import Testing

/// `charter import` with the wrong source: a clear refusal, and nothing written.
@Suite("charter import refusals")
struct ImportRefusalTests {
    /// What a refusal must leave as it was: HEAD, the object count, and the references.
    static func state(_ scratch: Scratch) throws -> [String] {
        [try scratch.head(in: "acme"),
         try scratch.git("count-objects", "-v", in: "acme").stdout,
         try scratch.git("for-each-ref", in: "acme").stdout]
    }

    static func expectRefused(_ scratch: Scratch, _ arguments: [String], status: Int32, message: String,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try state(scratch)
        let outcome = try scratch.run(Scratch.binary, ["import"] + arguments, in: "acme")
        #expect(outcome.status == status, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(message), "\(outcome)", sourceLocation: sourceLocation)
        #expect(!outcome.stderr.contains("fsck"), "nothing is damaged: \(outcome)", sourceLocation: sourceLocation)
        #expect(try state(scratch) == before, sourceLocation: sourceLocation)
        try scratch.expectFsckClean("acme", sourceLocation: sourceLocation)
        try scratch.expectStatusClean("acme", sourceLocation: sourceLocation)
    }

    @Test func aMissingPathAFolderAndAnUnreachableURLEachSayWhatWasTried() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.expectRefused(scratch, ["../no-such-place", "--prefix", "x"], status: 3,
                               message: "no-such-place does not exist; expected the path or URL of the acquired company's charter repository")
        try Self.expectRefused(scratch, ["file://" + scratch.path("nowhere"), "--prefix", "x"], status: 3, message: "nowhere does not exist")
        try scratch.write("plain/notes.txt", "not a repository\n")
        try Self.expectRefused(scratch, ["../plain", "--prefix", "x"], status: 3,
                               message: "plain is not a git repository; expected the acquired company's charter repository")
        try Self.expectRefused(scratch, ["http://127.0.0.1:9/globex.git", "--prefix", "x"], status: 3,
                               message: "cannot fetch http://127.0.0.1:9/globex.git: ")
    }

    @Test func theRepositoryItselfOrACloneOfItIsRefused() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.expectRefused(scratch, [".", "--prefix", "self"], status: 2, message: "is this repository or a clone of it")
        try scratch.git("clone", "-q", "acme", "copy", in: "")
        try Self.expectRefused(scratch, ["../copy", "--prefix", "copy"], status: 2, message: "is this repository or a clone of it")
    }

    @Test func anImportThatWouldNotValidateWritesNothing() throws {
        let scratch = try ImportTests.companies()
        // Globex's CTO reports to its investors, a name Acme's charters do not know.
        try scratch.edit("globex/charter.yaml", replacing: "external: [", with: "external: [investors, ")
        try scratch.edit("globex/roles/cto.yaml", replacing: "reports-to: ceo", with: "reports-to: investors")
        #expect(try scratch.charter("commit", "-m", "The CTO reports to the investors", "-m", "Board decision.", in: "globex").status == 0)
        try Self.expectRefused(scratch, ["../globex", "--prefix", "globex"], status: 1,
                               message: "the charters after the import would be invalid (1 error(s)); nothing was written")
        let outcome = try scratch.charter("import", "../globex", "--prefix", "globex", in: "acme")
        #expect(outcome.stderr.contains("roles/globex-cto.yaml:"), "\(outcome)")
        #expect(outcome.stderr.contains("error[unknown-reference]: globex-cto reports to 'investors'"))
    }

    @Test func twoAcquisitionsInARowLeaveAValidHead() throws {
        let scratch = try ImportTests.companies()
        #expect(try scratch.charter("init", "initech", "--company", "Initech", "--stage", "growth").status == 0)
        #expect(try scratch.charter("import", "../globex", "--prefix", "globex", in: "acme").status == 0)
        let second = try scratch.charter("import", "../initech", "--prefix", "initech", in: "acme")
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("warning[pending-integration]: responsibility 'roadmap' is owned by both"), "\(second)")
        let validate = try scratch.charter("validate", "--rev", "HEAD", in: "acme")
        #expect(validate.status == 0, "\(validate)")
        let audit = try scratch.charter("audit", "--format", "json", in: "acme")
        #expect(!audit.stdout.contains("invalid-commit"), "\(audit)")
        #expect(audit.stdout.contains("the import of initech-* brought"))
        try scratch.expectFsckClean("acme")
    }
}
