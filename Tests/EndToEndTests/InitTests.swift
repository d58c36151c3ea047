import Foundation
import Testing

@Suite("charter init")
struct InitTests {
    @Test("a new repository per stage, with one first commit", arguments: ["emerging", "growth", "scale"])
    func initialize(_ stage: String) throws {
        let scratch = try Scratch()
        let outcome = try scratch.charter("init", "acme", "--company", "Acme Robotics", "--stage", stage)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("[main (root-commit) "))

        let log = try scratch.git("log", "--format=%an <%ae>|%s|%(trailers:key=Charter-Event,valueonly)", in: "acme")
        #expect(log.stdout == "Ada Founder <ada@acme.example>|Found the role charters of Acme Robotics|founding: Acme Robotics at the \(stage) stage\n\n")
        let files = try scratch.git("ls-files", in: "acme").stdout.split(separator: "\n")
        let roles: [String] = switch stage {
        case "emerging": ["cto"]
        case "growth": ["cpo", "cto"]
        default: ["cpo", "cto", "vp-engineering"]
        }
        #expect(files == ["charter.schema.json", "charter.yaml"] + roles.map { "roles/\($0).yaml"[...] })
        try scratch.expectStatusClean("acme")
        try scratch.expectFsckClean("acme")
        #expect(try scratch.read("acme/charter.yaml").contains("stage: \(stage)"))
        #expect(try scratch.read("acme/roles/cto.yaml").hasPrefix("# yaml-language-server: $schema=../charter.schema.json\n"))

        let validate = try scratch.charter("validate", in: "acme")
        #expect(validate.status == 0)
        #expect(validate.stdout == "valid: \(roles.count) role\(roles.count == 1 ? "" : "s"), 0 errors, 0 warnings\n")
    }

    @Test func refusesAFolderThatIsNotEmpty() throws {
        let scratch = try Scratch()
        try scratch.write("busy/notes.txt", "keep me\n")
        let outcome = try scratch.charter("init", "busy", "--company", "Acme", "--stage", "growth")
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("is not empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("busy")) == ["notes.txt"])
    }

    @Test func initialisesTheCurrentEmptyFolder() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path("here"), withIntermediateDirectories: true)
        let outcome = try scratch.charter("init", "--company", "Acme", "--stage", "emerging", in: "here")
        #expect(outcome.status == 0, "\(outcome)")
        try scratch.expectFsckClean("here")
    }

    @Test func withoutAnIdentityNothingIsCreated() throws {
        let scratch = try Scratch()
        for key in ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"] {
            scratch.environment[key] = nil
        }
        let outcome = try scratch.charter("init", "acme", "--company", "Acme", "--stage", "growth")
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("user.name"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("acme")))
    }

    @Test func usesTheConfiguredDefaultBranch() throws {
        let scratch = try Scratch()
        try scratch.write(".gitconfig", "[init]\n\tdefaultBranch = trunk\n")
        try scratch.initRepository()
        #expect(try scratch.git("symbolic-ref", "HEAD", in: "acme").stdout == "refs/heads/trunk\n")
    }
}
