import Foundation
import Testing

/// Charters kept in a folder of a repository that also holds code (a handbook, a monorepo), and the files
/// of roles/ that are nobody's charters: those git ignores, and editors' and merge tools' leftovers.
@Suite("Charters in a folder, ignored files and leftovers")
struct CharterFolderTests {
    /// A repository holding code, committed with git, then charters added in `org/` by `charter init org`.
    private func monorepo() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("mono/src/main.c", "int main(void) { return 0; }\n")
        #expect(try scratch.git("init", "-q", "-b", "main", "mono", in: "").status == 0)
        #expect(try scratch.git("add", ".", in: "mono").status == 0)
        #expect(try scratch.git("commit", "-q", "-m", "Code", in: "mono").status == 0)
        let initialised = try scratch.charter("init", "org", "--company", "Acme", "--stage", "growth", in: "mono")
        #expect(initialised.status == 0, "\(initialised)")
        #expect(initialised.stdout.contains("Added the charters of Acme in org/"), "\(initialised)")
        return scratch
    }

    @Test("charter init DIR adds the charters to the repository it is in, and every command finds them from anywhere in it")
    func chartersInAFolderOfARepository() throws {
        let scratch = try monorepo()
        // One repository, no nested one: the charters are a commit of their own on the branch.
        #expect(!FileManager.default.fileExists(atPath: scratch.path("mono/org/.git")))
        #expect(try scratch.git("rev-list", "--count", "HEAD", in: "mono").stdout == "2\n")
        let founded = try scratch.git("show", "--name-only", "--format=", "HEAD", in: "mono").stdout
        #expect(founded == "org/charter.schema.json\norg/charter.yaml\norg/roles/cpo.yaml\norg/roles/cto.yaml\n")
        try scratch.expectStatusClean("mono")
        try scratch.expectFsckClean("mono")

        // From the repository's root, the charter folder, a folder below it and a folder of code.
        for folder in ["mono", "mono/org", "mono/org/roles", "mono/src"] {
            let validate = try scratch.charter("validate", in: folder)
            #expect(validate.status == 0 && validate.stdout == "valid: 2 roles, 0 errors, 0 warnings\n", "\(folder): \(validate)")
        }

        // A commit from a folder below the charters: only the edited role file, where git has it.
        try scratch.edit("mono/org/roles/cto.yaml", replacing: "title: Chief Technology Officer", with: "title: Chief Technology & Platform Officer")
        let commit = try scratch.charter("commit", "-m", "Retitle the CTO", "-m", "The platform team joins the CTO.", in: "mono/org/roles")
        #expect(commit.status == 0, "\(commit)")
        #expect(try scratch.git("show", "--name-only", "--format=", "HEAD", in: "mono").stdout == "org/roles/cto.yaml\n")
        try scratch.expectStatusClean("mono")

        // A later commit of code only is no charter change.
        try scratch.write("mono/src/main.c", "int main(void) { return 1; }\n")
        #expect(try scratch.git("commit", "-q", "-am", "More code", in: "mono").status == 0)

        // log, blame and audit from the root and from the code: the commits git lists for org/.
        let witness = try scratch.git("log", "--format=%H", "--", "org", in: "mono").stdout.split(separator: "\n").map(String.init)
        for folder in ["mono", "mono/src"] {
            let log = try scratch.charter("log", "--format", "json", in: folder)
            #expect(log.status == 0, "\(log)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any])
            let commits = try #require(json["commits"] as? [[String: Any]])
            #expect(commits.compactMap { $0["id"] as? String } == witness, "\(folder)")
        }
        let blame = try scratch.charter("blame", "cto", in: "mono/src")
        #expect(blame.status == 0, "\(blame)")
        #expect(blame.stdout.contains(String(witness[1].prefix(7))))
        let audit = try scratch.charter("audit", in: "mono")
        #expect(audit.status == 0, "\(audit)")
        #expect(audit.stdout.contains("audited 4 commits (2 touching the charters"), "\(audit)")
        // Paths after -- are read as git reads them: from the folder charter runs in.
        let byRole = try scratch.charter("log", "--role", "cto", in: "mono")
        #expect(byRole.status == 0 && byRole.stdout.contains("Retitle the CTO"), "\(byRole)")
        #expect(try scratch.charter("log", "--", "org/roles/cto.yaml", in: "mono").stdout == byRole.stdout)
        #expect(try scratch.charter("log", "--", "roles/cto.yaml", in: "mono/org").stdout == byRole.stdout)
        #expect(try scratch.charter("log", "--", "cto.yaml", in: "mono/org/roles").stdout == byRole.stdout)
        let diff = try scratch.charter("diff", "HEAD~2", "HEAD", in: "mono")
        #expect(diff.stdout.contains("field-changed  cto title"), "\(diff)")

        // A bare clone (a server's repository) finds the one charter folder in HEAD.
        #expect(try scratch.git("clone", "-q", "--bare", "mono", "mono.git", in: "").status == 0)
        let bare = try scratch.charter("log", "--format", "json", in: "mono.git")
        #expect(bare.status == 0 && bare.stdout.contains(witness[0]), "\(bare)")

        // Findings name files from the repository's root, as git and CI annotations do.
        try scratch.edit("mono/org/roles/cto.yaml", replacing: "title: Chief Technology & Platform Officer", with: "title: [")
        let broken = try scratch.charter("validate", in: "mono/src")
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("org/roles/cto.yaml:"), "\(broken)")
    }

    @Test("the pre-commit hook of a monorepo checks charters first committed with git, and lets commits of code through")
    func hookInAMonorepo() throws {
        let scratch = try Scratch()
        try scratch.initRepository("starter")
        try scratch.write("mono/src/main.c", "int main(void) { return 0; }\n")
        #expect(try scratch.git("init", "-q", "-b", "main", "mono", in: "").status == 0)
        #expect(try scratch.charter("hook", "install", in: "mono").status == 0)
        for file in ["charter.yaml", "charter.schema.json", "roles/cpo.yaml", "roles/cto.yaml"] {
            try scratch.write("mono/org/" + file, try scratch.read("starter/" + file))
        }
        #expect(try scratch.git("add", ".", in: "mono").status == 0)
        let first = try scratch.git("commit", "-q", "-m", "Code and charters", in: "mono")
        #expect(first.status == 0, "\(first)")

        try scratch.edit("mono/org/roles/cto.yaml", replacing: "title: Chief Technology Officer", with: "title: [")
        #expect(try scratch.git("add", ".", in: "mono").status == 0)
        let refused = try scratch.git("commit", "-q", "-m", "Break the CTO", in: "mono")
        #expect(refused.status != 0)
        #expect((refused.stdout + refused.stderr).contains("org/roles/cto.yaml:") && refused.stderr.contains("nothing was committed"), "\(refused)")
        #expect(try scratch.git("checkout", "-q", "HEAD", "--", "org", in: "mono").status == 0)

        try scratch.write("mono/src/main.c", "int main(void) { return 1; }\n")
        let code = try scratch.git("commit", "-q", "-am", "More code", in: "mono")
        #expect(code.status == 0, "\(code)")
    }

    @Test("a long history in a folder reads as the same history at the root, on one thread or two")
    func longHistoryInAFolder() throws {
        let scratch = try Scratch()
        try scratch.generateHistory("root", commits: 120, roles: 6, items: 12)
        try scratch.generateHistory("mono", commits: 120, roles: 6, items: 12, folder: "org")
        try ReadAheadTests.expectSameAnswers(scratch, "mono")
        // The two histories differ only in their commit ids.
        func withoutIDs(_ repository: String, _ arguments: String...) throws -> String {
            let outcome = try scratch.run(Scratch.binary, arguments, in: repository,
                                          environment: ["CHARTER_WALK_SPLIT": "2"])
            #expect(outcome.status == 0, "\(outcome)")
            return outcome.stdout.replacing(/[0-9a-f]{7,40}/, with: "ID")
        }
        #expect(try withoutIDs("mono", "log") == withoutIDs("root", "log"))
        #expect(try withoutIDs("mono", "blame", "cto") == withoutIDs("root", "blame", "cto"))
        #expect(try withoutIDs("mono", "audit") == withoutIDs("root", "audit"))
    }

    /// Moves the roadmap from the CPO to the CTO in the charters of `folder`, as plain git would commit it.
    private func moveRoadmap(_ scratch: Scratch, in folder: String) throws {
        let roadmap = "    - id: roadmap\n      text: Build the product roadmap and share it across the company.\n"
        try scratch.edit(folder + "/roles/cpo.yaml", replacing: roadmap, with: "")
        try scratch.edit(folder + "/roles/cto.yaml", replacing: "    - id: platform-roi\n", with: roadmap + "    - id: platform-roi\n")
    }

    @Test("a server's hook audits the charters of the pushed commits in their folder, whatever its HEAD holds")
    func preReceiveHookFindsTheFolderInThePushedCommits() throws {
        let scratch = try monorepo()
        try moveRoadmap(scratch, in: "mono/org")
        #expect(try scratch.git("commit", "-qam", "Move the roadmap", "-m", "Unapproved.", in: "mono").status == 0)
        // A new server: its HEAD has no commit yet, the charters arrive with the push.
        #expect(try scratch.git("init", "-q", "--bare", "-b", "main", "server.git", in: "").status == 0)
        let hook = scratch.path("server.git/hooks/pre-receive")
        try FileManager.default.copyItem(atPath: Scratch.packageRoot.appendingPathComponent("docs/hooks/pre-receive").path, toPath: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        let push = try scratch.run("/usr/bin/env", ["git", "push", scratch.path("server.git"), "main"], in: "mono",
                                   environment: ["CHARTER": Scratch.binary])
        #expect(push.status != 0, "\(push)")
        #expect(push.stderr.contains("error[missing-approval]") && push.stderr.contains("pre-receive hook declined"), "\(push)")
    }

    @Test("charters deeper than the search are named with charter.folder; without it, history commands say they found none")
    func deepFolderNamedInTheConfiguration() throws {
        let scratch = try Scratch()
        try scratch.write("deep/README.md", "hello\n")
        #expect(try scratch.git("init", "-q", "-b", "main", "deep", in: "").status == 0)
        #expect(try scratch.charter("init", "a/b/c/org", "--company", "Acme", "--stage", "growth", in: "deep").status == 0)
        try moveRoadmap(scratch, in: "deep/a/b/c/org")
        #expect(try scratch.git("commit", "-qam", "Move the roadmap", "-m", "Unapproved.", in: "deep").status == 0)
        #expect(try scratch.charter("audit", in: "deep/a/b/c/org").status == 1)
        let unseen = try scratch.charter("audit", in: "deep")
        #expect(unseen.status == 0 && unseen.stderr.contains("no charters found") && unseen.stderr.contains("charter.folder"), "\(unseen)")
        #expect(try scratch.git("config", "charter.folder", "a/b/c/org", in: "deep").status == 0)
        let named = try scratch.charter("audit", in: "deep")
        #expect(named.status == 1 && named.stdout.contains("error[missing-approval]"), "\(named)")
    }

    @Test("the history follows the charters moved to another folder: a change hidden in the move is audited")
    func historyFollowsAMovedFolder() throws {
        let scratch = try monorepo()
        #expect(try scratch.git("mv", "org", "people", in: "mono").status == 0)
        try moveRoadmap(scratch, in: "mono/people")
        #expect(try scratch.git("add", "-A", in: "mono").status == 0)
        #expect(try scratch.git("commit", "-qm", "Move the charters", "-m", "And the roadmap.", in: "mono").status == 0)
        let audit = try scratch.charter("audit", in: "mono")
        #expect(audit.status == 1 && audit.stdout.contains("roadmap cpo → cto"), "\(audit)")
        let log = try scratch.charter("log", in: "mono")
        #expect(log.stdout.contains("moved") && log.stdout.contains("Found the role charters of Acme"), "\(log)")
        #expect(try scratch.charter("validate", "--rev", "HEAD~1", in: "mono").status == 0)
    }

    @Test("moving the charter folder: with git and the pre-commit hook, or in the work tree and charter commit")
    func movingTheCharterFolder() throws {
        let scratch = try monorepo()
        #expect(try scratch.charter("hook", "install", in: "mono").status == 0)
        #expect(try scratch.git("mv", "org", "people", in: "mono").status == 0)
        let moved = try scratch.git("commit", "-qm", "Move the charters to people/", in: "mono")
        #expect(moved.status == 0, "\(moved)")
        #expect(try scratch.charter("log", "--format", "json", in: "mono").stdout.contains("Move the charters") == false,
                "a move changes no boundary")

        try FileManager.default.moveItem(atPath: scratch.path("mono/people"), toPath: scratch.path("mono/team"))
        try scratch.edit("mono/team/roles/cto.yaml", replacing: "title: Chief Technology Officer", with: "title: Chief Technical Officer")
        let commit = try scratch.charter("commit", "-m", "Move the charters to team/", "-m", "Shorter title.", in: "mono/team")
        #expect(commit.status == 0 && commit.stdout.contains("field-changed  cto title"), "\(commit)")
        #expect(!commit.stdout.contains("role-added"), "\(commit)")
        let files = try scratch.git("ls-files", in: "mono").stdout
        #expect(!files.contains("people/") && files.contains("team/roles/cto.yaml"), "\(files)")
        try scratch.expectStatusClean("mono")
    }

    @Test("hook install --diff quotes a folder name git would misread")
    func attributesLineQuoted() throws {
        let scratch = try Scratch()
        try scratch.write("hb/README.md", "hello\n")
        #expect(try scratch.git("init", "-q", "-b", "main", "hb", in: "").status == 0)
        #expect(try scratch.charter("init", "Org Chärts 100%", "--company", "Acme", "--stage", "growth", in: "hb").status == 0)
        #expect(try scratch.charter("hook", "install", "--diff", in: "hb").status == 0)
        #expect(try scratch.read("hb/.gitattributes") == "\"Org Ch\\303\\244rts 100%/roles/*.yaml\" diff=charter\n")
        let attribute = try scratch.git("check-attr", "diff", "Org Chärts 100%/roles/cto.yaml", in: "hb")
        #expect(attribute.status == 0 && attribute.stdout.hasSuffix(": diff: charter\n") && attribute.stderr.isEmpty, "\(attribute)")
    }

    @Test("without charters anywhere, validate says where it looked")
    func saysWhereItLooked() throws {
        let scratch = try Scratch()
        try scratch.write("plain/docs/readme.md", "hello\n")
        #expect(try scratch.git("init", "-q", "-b", "main", "plain", in: "").status == 0)
        let outcome = try scratch.charter("validate", in: "plain/docs")
        #expect(outcome.status == 1)
        let said = outcome.stdout + outcome.stderr
        #expect(said.contains("charter.yaml is missing"), "\(outcome)")
        #expect(said.contains("plain/docs/") && said.contains("charter init DIR"), "\(outcome)")
    }

    @Test("init adds no second charter folder; two made by hand are read from inside each, and from the root charter asks which")
    func twoCharterFolders() throws {
        let scratch = try monorepo()
        let refused = try scratch.charter("init", "subsidiary", "--company", "Beta", "--stage", "emerging", in: "mono")
        #expect(refused.status == 2 && refused.stderr.contains("holds charters in org/ already"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("mono/subsidiary")))
        #expect(try scratch.git("rev-list", "--count", "HEAD", in: "mono").stdout == "2\n")

        try scratch.initRepository("beta", stage: "emerging")
        for file in ["charter.yaml", "roles/cto.yaml"] {
            try scratch.write("mono/subsidiary/" + file, try scratch.read("beta/" + file).replacingOccurrences(of: "Acme Robotics", with: "Beta"))
        }
        #expect(try scratch.git("add", ".", in: "mono").status == 0)
        #expect(try scratch.git("commit", "-qm", "Found the role charters of Beta", in: "mono").status == 0)
        let fromRoot = try scratch.charter("validate", in: "mono")
        #expect(fromRoot.status == 2)
        #expect(fromRoot.stderr.contains("org/") && fromRoot.stderr.contains("subsidiary/"), "\(fromRoot)")
        let inside = try scratch.charter("validate", in: "mono/subsidiary")
        #expect(inside.stdout == "valid: 1 role, 0 errors, 0 warnings\n", "\(inside)")
        let log = try scratch.charter("log", "--format", "json", in: "mono/subsidiary")
        #expect(log.stdout.contains("Beta") && !log.stdout.contains("Found the role charters of Acme"), "\(log)")
    }

    @Test("files git ignores are invisible; a leftover git does not ignore is warned about and never committed")
    func ignoredFilesAndLeftovers() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let cto = try scratch.read("acme/roles/cto.yaml")
        try scratch.write("acme/.gitignore", "*.orig\n")
        try scratch.write("acme/roles/cto.yaml.orig", cto)
        try scratch.write("acme/roles/cto.yaml~", cto)
        try scratch.write("acme/roles/#cto.yaml#", cto)
        // Ignored through .git/info/exclude: not even a role, though its name is a role file's.
        try scratch.write("acme/roles/draft.yaml", "title: [\n")
        try scratch.write("acme/.git/info/exclude", "roles/draft.yaml\n")

        let validate = try scratch.charter("validate", in: "acme")
        #expect(validate.status == 0, "\(validate)")
        #expect(validate.stdout.contains("roles/cto.yaml~:1:1: warning[leftover-file]") && validate.stdout.contains("'*~' in .gitignore"), "\(validate)")
        #expect(validate.stdout.contains("roles/#cto.yaml#:1:1: warning[leftover-file]") && validate.stdout.contains("'#*#'"), "\(validate)")
        #expect(!validate.stdout.contains(".orig") && !validate.stdout.contains("draft"), "\(validate)")
        #expect(validate.stdout.hasSuffix("valid: 2 roles, 0 errors, 2 warnings\n"), "\(validate)")

        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer", with: "title: Chief Technical Officer")
        let commit = try scratch.charter("commit", "-m", "Retitle", "-m", "Shorter.", in: "acme")
        #expect(commit.status == 0, "\(commit)")
        #expect(try scratch.git("show", "--stat", "--format=", "HEAD", in: "acme").stdout.contains("roles/cto.yaml | 2 +-\n 1 file changed"))
        #expect(try scratch.git("ls-files", "roles", in: "acme").stdout == "roles/cpo.yaml\nroles/cto.yaml\n")
    }

    @Test("commit writes charter.schema.json when it is missing or stale")
    func commitWritesTheJSONSchema() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let expected = try scratch.charter("schema", "--json-schema", in: "acme").stdout
        try FileManager.default.removeItem(atPath: scratch.path("acme/charter.schema.json"))
        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer", with: "title: Chief Technical Officer")
        let missing = try scratch.charter("commit", "-m", "Retitle", "-m", "Shorter.", in: "acme")
        #expect(missing.status == 0, "\(missing)")
        #expect(try scratch.read("acme/charter.schema.json") == expected)
        #expect(try scratch.git("show", "--name-only", "--format=", "HEAD", in: "acme").stdout == "roles/cto.yaml\n",
                "the file was there in HEAD already: restoring it changes nothing there")
        try scratch.expectStatusClean("acme")

        // Stale, and the only change: HEAD has it as it should be, and the work tree's is put back.
        try scratch.write("acme/charter.schema.json", "{}\n")
        let onlyStale = try scratch.charter("commit", "-m", "Nothing", "-m", "Really.", in: "acme")
        #expect(onlyStale.status == 1 && onlyStale.stderr.contains("nothing to commit"), "\(onlyStale)")
        #expect(try scratch.read("acme/charter.schema.json") == expected)

        try scratch.write("acme/charter.schema.json", "{}\n")
        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technical Officer", with: "title: Chief Technology Officer")
        let stale = try scratch.charter("commit", "-m", "Retitle back", "-m", "As it was.", in: "acme")
        #expect(stale.status == 0, "\(stale)")
        #expect(try scratch.read("acme/charter.schema.json") == expected)
        #expect(try scratch.git("show", "HEAD:charter.schema.json", in: "acme").stdout == expected)
        try scratch.expectStatusClean("acme")

        // Ignored and untracked, it is nobody's: commit leaves it out.
        #expect(try scratch.git("rm", "-q", "--cached", "charter.schema.json", in: "acme").status == 0)
        try scratch.write("acme/.gitignore", "charter.schema.json\n")
        #expect(try scratch.git("add", ".gitignore", in: "acme").status == 0)
        #expect(try scratch.git("commit", "-qm", "Ignore the generated schema", in: "acme").status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer", with: "title: Chief Technical Officer")
        #expect(try scratch.charter("commit", "-m", "Retitle", "-m", "Again.", in: "acme").status == 0)
        #expect(try scratch.git("show", "--name-only", "--format=", "HEAD", in: "acme").stdout == "roles/cto.yaml\n")
    }
}
