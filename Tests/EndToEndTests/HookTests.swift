import Foundation
import Testing

/// `charter hook install` and plain git: the pre-commit hook, with the git CLI committing.
@Suite("charter hook: the pre-commit hook")
struct HookTests {
    static let hook = "acme/.git/hooks/pre-commit"
    static let mergeHook = "acme/.git/hooks/pre-merge-commit"
    static let foreign = "#!/bin/sh\necho 'the team linter ran'\n"

    /// `git commit` in acme with `arguments`, as a person commits: the hooks run.
    static func commit(_ scratch: Scratch, _ arguments: String...) throws -> Outcome {
        try scratch.run("/usr/bin/env", ["git", "commit", "-q"] + arguments, in: "acme")
    }

    static func installed(_ scratch: Scratch) throws -> Scratch {
        try scratch.initRepository()
        let install = try scratch.charter("hook", "install", in: "acme")
        #expect(install.status == 0, "\(install)")
        return scratch
    }

    static func writeForeignHook(_ scratch: Scratch, at path: String = hook) throws {
        try scratch.write(path, foreign)
        chmod(scratch.path(path), 0o755)
    }

    @Test func blocksAnInvalidCommitAndLetsAValidOneThrough() throws {
        let scratch = try Self.installed(Scratch())
        let install = try scratch.charter("hook", "install", in: "acme")
        #expect(install.stdout == """
            updated the pre-commit hook .git/hooks/pre-commit: it runs \(Scratch.binary) validate --staged before each commit
            updated the pre-merge-commit hook .git/hooks/pre-merge-commit: it runs \(Scratch.binary) validate --staged before each merge commit

            """, "installing again writes charter's own hooks anew")
        let before = try scratch.head(in: "acme")

        try ValidateTests.addOverlap(scratch)
        let refused = try Self.commit(scratch, "-am", "Two owners of the roadmap")
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("roles/cto.yaml:10:11: error[overlap]: responsibility 'roadmap' is owned by both cpo and cto"), "\(refused)")
        #expect(refused.stderr.contains("pre-commit: `charter validate --staged` failed (exit 1): nothing was committed"))
        #expect(try scratch.head(in: "acme") == before)

        try scratch.git("checkout", "-q", "--", "roles", in: "acme")
        try CommitTests.movePlatformROI(scratch)
        let landed = try Self.commit(scratch, "-am", "Platform ROI to the CPO")
        #expect(landed.status == 0, "\(landed)")
        #expect(landed.stderr == "valid: 2 roles, 0 errors, 0 warnings\n", "git shows a hook's output on its stderr")
        #expect(try scratch.git("rev-parse", "HEAD~1", in: "acme").stdout == before + "\n")
        try scratch.expectStatusClean("acme")
    }

    @Test func judgesWhatIsStagedNotTheWorkTree() throws {
        let scratch = try Self.installed(Scratch())
        let before = try scratch.head(in: "acme")
        let cto = try scratch.read("acme/roles/cto.yaml")

        // Invalid in the index, valid again in the work tree: refused.
        try ValidateTests.addOverlap(scratch)
        try scratch.git("add", "roles/cto.yaml", in: "acme")
        try scratch.write("acme/roles/cto.yaml", cto)
        #expect(try scratch.charter("validate", in: "acme").status == 0)
        #expect(try Self.commit(scratch, "-m", "Overlap staged").status == 1)
        #expect(try scratch.head(in: "acme") == before)

        // Valid in the index, invalid in the work tree: committed, and the overlap stays unstaged.
        try scratch.git("reset", "-q", in: "acme")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "title: Chief Product Officer", with: "title: Chief Product and Design Officer")
        try scratch.git("add", "roles/cpo.yaml", in: "acme")
        try ValidateTests.addOverlap(scratch)
        let landed = try Self.commit(scratch, "-m", "The CPO takes design")
        #expect(landed.status == 0, "\(landed)")
        #expect(try scratch.git("diff", "--name-only", in: "acme").stdout == "roles/cto.yaml\n")

        // `git commit -a` commits the work tree through an index of its own (GIT_INDEX_FILE): refused.
        let after = try scratch.head(in: "acme")
        #expect(try Self.commit(scratch, "-am", "Everything").status == 1)
        // So does `git commit PATH`.
        #expect(try Self.commit(scratch, "-m", "Only the CTO", "roles/cto.yaml").status == 1)
        #expect(try scratch.head(in: "acme") == after)
    }

    @Test func aMergeIsCheckedBeforeItsCommit() throws {
        let scratch = try Self.installed(Scratch())
        try scratch.git("checkout", "-q", "-b", "side", in: "acme")
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n",
                         with: "    - id: hiring-plan\n      text: Plan the hiring.\n    - id: delivery-approach\n")
        #expect(try Self.commit(scratch, "-am", "Hiring plan to the CTO").status == 0)
        try scratch.git("checkout", "-q", "-", in: "acme")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: product-plan\n",
                         with: "    - id: hiring-plan\n      text: Plan the hiring.\n    - id: product-plan\n")
        #expect(try Self.commit(scratch, "-am", "Hiring plan to the CPO").status == 0)
        let before = try scratch.head(in: "acme")

        // Each branch is valid alone; the merge has two owners of the hiring plan.
        let refused = try scratch.git("merge", "-q", "--no-edit", "side", in: "acme")
        #expect(refused.status != 0, "\(refused)")
        #expect(refused.stderr.contains("error[overlap]: responsibility 'hiring-plan' is owned by both cpo and cto"), "\(refused)")
        #expect(refused.stderr.contains("pre-merge-commit: `charter validate --staged` failed (exit 1): nothing was committed"), "\(refused)")
        #expect(try scratch.head(in: "acme") == before)
        try scratch.git("merge", "--abort", in: "acme")

        // A clean merge goes through.
        try scratch.git("checkout", "-q", "-B", "side", "HEAD~1", in: "acme")
        try CommitTests.movePlatformROI(scratch)
        #expect(try Self.commit(scratch, "-am", "Platform ROI to the CPO").status == 0)
        try scratch.git("checkout", "-q", "-", in: "acme")
        let merged = try scratch.git("merge", "-q", "--no-edit", "side", in: "acme")
        #expect(merged.status == 0, "\(merged)")
        #expect(try scratch.git("rev-parse", "HEAD^1", in: "acme").stdout == before + "\n")
    }

    @Test func aRelativeIndexFileIsReadFromTheWorkTreesRoot() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try ValidateTests.addOverlap(scratch)
        let alternate = ["GIT_INDEX_FILE": ".git/alternate-index"]
        // git itself reads the relative name from the root, wherever it runs.
        #expect(try scratch.run("/usr/bin/env", ["git", "read-tree", "HEAD"], in: "acme/roles", environment: alternate).status == 0)
        #expect(try scratch.run("/usr/bin/env", ["git", "add", "cto.yaml"], in: "acme/roles", environment: alternate).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("acme/.git/alternate-index")))
        #expect(try scratch.run("/usr/bin/env", ["git", "diff", "--cached", "--name-only"], in: "acme/roles", environment: alternate).stdout == "roles/cto.yaml\n")

        let staged = try scratch.charter("validate", "--staged", in: "acme/roles", environment: alternate)
        #expect(staged.status == 1, "\(staged)")
        #expect(staged.stdout.contains("error[overlap]"), "\(staged)")
        #expect(try scratch.charter("validate", "--staged", in: "acme/roles").status == 0, "the repository's own index holds no overlap")
    }

    @Test func aForeignHookIsNeverOverwrittenOrRemoved() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.writeForeignHook(scratch)

        let refused = try scratch.charter("hook", "install", in: "acme")
        #expect(refused.status == 2)
        #expect(refused.stderr == "error: \(scratch.path(Self.hook)) is a hook charter did not write; it is left as it is, and nothing was changed (`charter hook install --force` keeps it as pre-commit.charter-backup and installs charter's)\n")
        #expect(try scratch.read(Self.hook) == Self.foreign)
        #expect(!FileManager.default.fileExists(atPath: scratch.path(Self.mergeHook)), "all or nothing")

        let uninstall = try scratch.charter("hook", "uninstall", in: "acme")
        #expect(uninstall.status == 0)
        #expect(uninstall.stdout == """
            left the pre-commit hook .git/hooks/pre-commit as it is: charter did not write it
            no pre-merge-commit hook to remove at .git/hooks/pre-merge-commit

            """)
        #expect(try scratch.read(Self.hook) == Self.foreign)
        #expect(try Self.commit(scratch, "--allow-empty", "-m", "The team's hook still runs").stderr == "the team linter ran\n")

        // A foreign pre-merge-commit alone refuses the pre-commit hook too.
        try FileManager.default.removeItem(atPath: scratch.path(Self.hook))
        try Self.writeForeignHook(scratch, at: Self.mergeHook)
        let merge = try scratch.charter("hook", "install", in: "acme")
        #expect(merge.status == 2)
        #expect(merge.stderr.hasPrefix("error: \(scratch.path(Self.mergeHook)) is a hook charter did not write;"), "\(merge)")
        #expect(merge.stderr.contains("keeps it as pre-merge-commit.charter-backup"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path(Self.hook)), "all or nothing")
    }

    @Test func charterOwnsOnlyItsScriptAsItWroteIt() throws {
        let scratch = try Self.installed(Scratch())
        // charter's hook with the user's own lines added is the user's now.
        let extended = try scratch.read(Self.hook) + "echo 'my own check ran'\n"
        try scratch.write(Self.hook, extended)
        let uninstall = try scratch.charter("hook", "uninstall", in: "acme")
        #expect(uninstall.stdout.hasPrefix("left the pre-commit hook .git/hooks/pre-commit as it is: charter did not write it\n"), "\(uninstall)")
        #expect(try scratch.read(Self.hook) == extended)
        #expect(try scratch.charter("hook", "install", in: "acme").status == 2)
        #expect(try scratch.read(Self.hook) == extended)

        // So is the user's own script holding charter's marker line.
        let pasted = "#!/bin/sh\n# charter: pre-commit hook written by `charter hook install`\necho 'the team linter ran'\n"
        try scratch.write(Self.hook, pasted)
        #expect(try scratch.charter("hook", "install", in: "acme").status == 2)
        #expect(try scratch.charter("hook", "uninstall", in: "acme").status == 0)
        #expect(try scratch.read(Self.hook) == pasted)
    }

    @Test func forceKeepsTheForeignHookAndUninstallPutsItBack() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.writeForeignHook(scratch)
        try scratch.write(Self.hook + ".charter-backup", "an older backup\n")
        let inTheWay = try scratch.charter("hook", "install", "--force", in: "acme")
        #expect(inTheWay.status == 2)
        #expect(inTheWay.stderr.contains("pre-commit.charter-backup, where --force would keep it, exists already; nothing was changed"), "\(inTheWay)")
        #expect(try scratch.read(Self.hook) == Self.foreign)
        try FileManager.default.removeItem(atPath: scratch.path(Self.hook + ".charter-backup"))

        let forced = try scratch.charter("hook", "install", "--force", in: "acme")
        #expect(forced.status == 0, "\(forced)")
        #expect(forced.stdout.hasPrefix("kept the pre-commit hook that was there as .git/hooks/pre-commit.charter-backup\ninstalled the pre-commit hook .git/hooks/pre-commit"))
        #expect(try scratch.read(Self.hook + ".charter-backup") == Self.foreign)
        try ValidateTests.addOverlap(scratch)
        #expect(try Self.commit(scratch, "-am", "Overlap").status == 1, "charter's hook runs now")

        let uninstall = try scratch.charter("hook", "uninstall", in: "acme")
        #expect(uninstall.stdout == """
            removed the pre-commit hook .git/hooks/pre-commit
            put back .git/hooks/pre-commit from .git/hooks/pre-commit.charter-backup
            removed the pre-merge-commit hook .git/hooks/pre-merge-commit

            """)
        #expect(try scratch.read(Self.hook) == Self.foreign)
        #expect(!FileManager.default.fileExists(atPath: scratch.path(Self.hook + ".charter-backup")))
        #expect(FileManager.default.isExecutableFile(atPath: scratch.path(Self.hook)))
        let again = try scratch.charter("hook", "uninstall", in: "acme")
        #expect(again.stdout == """
            left the pre-commit hook .git/hooks/pre-commit as it is: charter did not write it
            no pre-merge-commit hook to remove at .git/hooks/pre-merge-commit

            """)
    }

    @Test func honoursCoreHooksPathAndLinkedWorkTrees() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.git("config", "core.hooksPath", ".githooks", in: "acme")
        let install = try scratch.charter("hook", "install", in: "acme")
        #expect(install.stdout.hasPrefix("installed the pre-commit hook .githooks/pre-commit: "), "\(install)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path(Self.hook)))
        #expect(FileManager.default.isExecutableFile(atPath: scratch.path("acme/.githooks/pre-commit")))
        try ValidateTests.addOverlap(scratch)
        #expect(try Self.commit(scratch, "-am", "Overlap").status == 1)
        try scratch.git("checkout", "-q", "--", "roles", in: "acme")
        #expect(try scratch.charter("hook", "uninstall", in: "acme").stdout
                == "removed the pre-commit hook .githooks/pre-commit\nremoved the pre-merge-commit hook .githooks/pre-merge-commit\n")

        // A linked work tree commits through the hooks of the repository's common folder.
        try scratch.git("config", "--unset", "core.hooksPath", in: "acme")
        try scratch.git("worktree", "add", "-q", "../acme-side", in: "acme")
        let linked = try scratch.charter("hook", "install", in: "acme-side")
        #expect(linked.stdout.hasPrefix("installed the pre-commit hook \(scratch.path("acme/.git/hooks/pre-commit")): "), "\(linked)")
        try scratch.edit("acme-side/roles/cto.yaml", replacing: "    - id: delivery-approach\n",
                         with: "    - id: roadmap\n      text: Own the roadmap too.\n    - id: delivery-approach\n")
        let refused = try scratch.run("/usr/bin/env", ["git", "commit", "-qam", "Overlap on the side"], in: "acme-side")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error[overlap]"))
    }

    @Test func aHooksFolderFromTheGlobalConfigurationIsRefusedUnlessForced() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.write(".gitconfig", "[core]\n\thooksPath = ~/shared-hooks\n")
        let shared = scratch.path("shared-hooks")
        let refused = try scratch.charter("hook", "install", in: "acme")
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr == "error: core.hooksPath is set in the global git configuration: \(shared) is the hooks folder of every repository, and charter's hook there would check commits in all of them; nothing was changed: set it for this repository only (`git config core.hooksPath .githooks`), or install there anyway with `charter hook install --force`\n")
        #expect(!FileManager.default.fileExists(atPath: shared + "/pre-commit"))

        // Set for this repository only, it is this repository's folder.
        try scratch.git("config", "core.hooksPath", ".githooks", in: "acme")
        #expect(try scratch.charter("hook", "install", in: "acme").status == 0)
        #expect(try scratch.charter("hook", "uninstall", in: "acme").status == 0)
        try scratch.git("config", "--unset", "core.hooksPath", in: "acme")

        let forced = try scratch.charter("hook", "install", "--force", in: "acme")
        #expect(forced.status == 0, "\(forced)")
        #expect(FileManager.default.isExecutableFile(atPath: shared + "/pre-commit"))
        try ValidateTests.addOverlap(scratch)
        #expect(try Self.commit(scratch, "-am", "Overlap").status == 1, "git runs the hook from the shared folder")
    }

    @Test func runsCharterFromThePathOnceTheInstalledOneIsGone() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try FileManager.default.createDirectory(atPath: scratch.path("old"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Scratch.binary, toPath: scratch.path("old/charter"))
        let install = try scratch.run(scratch.path("old/charter"), ["hook", "install"], in: "acme")
        #expect(install.status == 0, "\(install)")
        #expect(try scratch.read(Self.hook).contains("\ncharter='\(scratch.path("old/charter"))'\n"))
        try FileManager.default.removeItem(atPath: scratch.path("old"))

        try ValidateTests.addOverlap(scratch)
        let folder = URL(fileURLWithPath: Scratch.binary).deletingLastPathComponent().path
        let onPath = try scratch.run("/usr/bin/env", ["git", "commit", "-qam", "Overlap"], in: "acme",
                                     environment: ["PATH": folder + ":" + (scratch.environment["PATH"] ?? "")])
        #expect(onPath.status == 1)
        #expect(onPath.stderr.contains("error[overlap]"), "\(onPath)")

        // No charter at all: the check cannot run, and lets nothing in.
        let nowhere = try scratch.run("/usr/bin/env", ["git", "commit", "-qam", "Overlap"], in: "acme", environment: ["PATH": "/usr/bin:/bin"])
        #expect(nowhere.status == 1, "\(nowhere)")
        #expect(nowhere.stderr.contains("failed (exit 127): nothing was committed"))
    }

    @Test func aBareRepositoryHasNoHookToInstall() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.git("clone", "-q", "--bare", "acme", "acme.git", in: "")
        let outcome = try scratch.charter("hook", "install", in: "acme.git")
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "error: this is a bare repository: git runs no pre-commit hook there; run `charter hook` in a clone\n")
        #expect(try scratch.charter("validate", "--staged", in: "acme.git").status == 2)
    }
}
