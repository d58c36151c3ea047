import Foundation
import Testing

/// `charter commit` while git is in the middle of something: a merge it concludes, the rest it refuses.
@Suite("charter commit during operations in progress")
struct OperationsInProgressTests {
    /// Rewords the CTO's `delivery-approach` in the work tree.
    static func reword(_ scratch: Scratch, to text: String) throws {
        let file = "acme/roles/cto.yaml"
        let current = try scratch.read(file)
        let label = try #require(current.range(of: "- id: delivery-approach\n      text: "))
        let end = current[label.upperBound...].firstIndex(of: "\n") ?? current.endIndex
        try scratch.write(file, current.replacingCharacters(in: label.upperBound..<end, with: text))
    }

    /// Branch `a` and main each reword the same responsibility, and `a` may change README too; main is
    /// checked out. Returns main's commit.
    @discardableResult
    static func divergedBranches(_ scratch: Scratch, readme: String? = nil) throws -> String {
        try scratch.initRepository()
        try scratch.git("checkout", "-q", "-b", "a", in: "acme")
        try reword(scratch, to: "Set the approach to building the product.")
        #expect(try scratch.charter("commit", "-m", "Build", in: "acme").status == 0)
        if let readme {
            try scratch.write("acme/README", readme)
            try scratch.git("add", "README", in: "acme")
            try scratch.git("commit", "-q", "-m", "Readme", in: "acme")
        }
        try scratch.git("checkout", "-q", "main", in: "acme")
        try reword(scratch, to: "Set the approach to shipping the product.")
        #expect(try scratch.charter("commit", "-m", "Ship", in: "acme").status == 0)
        return try scratch.head(in: "acme")
    }

    /// `git merge a` stopped on the conflict in roles/cto.yaml. Returns HEAD.
    @discardableResult
    static func conflictedMerge(_ scratch: Scratch, readme: String? = nil) throws -> String {
        let head = try divergedBranches(scratch, readme: readme)
        let merge = try scratch.git("merge", "a", in: "acme")
        #expect(merge.status == 1 && merge.stdout.contains("CONFLICT (content): Merge conflict in roles/cto.yaml"), "\(merge)")
        return head
    }

    /// Resolves the conflict by writing main's file with a third wording.
    static func resolve(_ scratch: Scratch) throws {
        try scratch.write("acme/roles/cto.yaml", try scratch.git("show", "HEAD:roles/cto.yaml", in: "acme").stdout)
        try reword(scratch, to: "Set the approach to building and shipping the product.")
    }

    /// The merge is concluded: two parents, no merge state, a clean index and status.
    static func expectMergeCommitted(_ scratch: Scratch, over head: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let branch = try scratch.git("rev-parse", "a", in: "acme").stdout
        let commit = try scratch.git("cat-file", "-p", "HEAD", in: "acme").stdout
        #expect(commit.contains("parent \(head)\nparent \(branch)author "), "\(commit)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("acme/.git/MERGE_HEAD")), sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("acme/.git/MERGE_MSG")), sourceLocation: sourceLocation)
        #expect(try scratch.git("ls-files", "--unmerged", in: "acme").stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(try scratch.git("show", "HEAD:roles/cto.yaml", in: "acme").stdout.contains("building and shipping"),
                sourceLocation: sourceLocation)
        try scratch.expectStatusClean("acme", sourceLocation: sourceLocation)
        try scratch.expectFsckClean("acme", sourceLocation: sourceLocation)
        #expect(try scratch.git("reflog", "-1", "--format=%gs", in: "acme").stdout.hasPrefix("commit (merge): "),
                sourceLocation: sourceLocation)
    }

    /// `charter commit -m …` is refused with `status` and `message`, leaving HEAD and every stage of the index as they were.
    static func expectRefused(_ scratch: Scratch, status: Int32 = 2, message: String,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let state = { () throws -> [String] in
            [try scratch.head(in: "acme"), try scratch.git("ls-files", "-s", in: "acme").stdout]
        }
        let before = try state()
        let outcome = try scratch.charter("commit", "-m", "Conclude", in: "acme")
        #expect(outcome.status == status, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(message), "\(outcome)", sourceLocation: sourceLocation)
        #expect(try state() == before, sourceLocation: sourceLocation)
    }

    // MARK: - Merges

    @Test func aResolvedConflictIsCommittedAsTheMerge() throws {
        let scratch = try Scratch()
        let head = try Self.conflictedMerge(scratch)
        try Self.resolve(scratch)
        let outcome = try scratch.charter("commit", "-m", "Merge a", "-m", "Both wordings said half of it.", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("[main "), "\(outcome)")
        try Self.expectMergeCommitted(scratch, over: head)
        #expect(try scratch.git("log", "-1", "--format=%B", in: "acme").stdout == "Merge a\n\nBoth wordings said half of it.\n\n")
        #expect(try scratch.git("merge", "--abort", in: "acme").status == 128, "no merge is left to abort")
    }

    @Test func withoutAMessageTheMergeKeepsGitsWithoutItsComments() throws {
        let scratch = try Scratch()
        let head = try Self.conflictedMerge(scratch)
        #expect(try scratch.read("acme/.git/MERGE_MSG").contains("# Conflicts:"))
        try Self.resolve(scratch)
        let outcome = try scratch.charter("commit", "--event", "reorganization: one wording", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        try Self.expectMergeCommitted(scratch, over: head)
        #expect(try scratch.git("log", "-1", "--format=%B", in: "acme").stdout
            == "Merge branch 'a'\n\nCharter-Event: reorganization: one wording\n\n")
    }

    @Test func whatTheBranchMergedCleanlyIsPartOfTheMerge() throws {
        let scratch = try Scratch()
        let head = try Self.conflictedMerge(scratch, readme: "Acme's charters, from branch a.\n")
        #expect(try scratch.git("ls-files", "-s", "README", in: "acme").stdout.hasSuffix(" 0\tREADME\n"))
        try Self.resolve(scratch)
        let outcome = try scratch.charter("commit", "-m", "Merge a", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        try Self.expectMergeCommitted(scratch, over: head)
        #expect(try scratch.git("show", "HEAD:README", in: "acme").stdout == "Acme's charters, from branch a.\n")
    }

    @Test func aMergeWithoutConflictsStoppedByNoCommitIsConcluded() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.git("checkout", "-q", "-b", "a", in: "acme")
        try scratch.write("acme/README", "From branch a.\n")
        try scratch.git("add", "README", in: "acme")
        try scratch.git("commit", "-q", "-m", "Readme", in: "acme")
        try scratch.git("checkout", "-q", "main", in: "acme")
        try Self.reword(scratch, to: "Set the approach to shipping the product.")
        #expect(try scratch.charter("commit", "-m", "Ship", in: "acme").status == 0)
        let head = try scratch.head(in: "acme")
        #expect(try scratch.git("merge", "--no-commit", "a", in: "acme").status == 0)
        let outcome = try scratch.charter("commit", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        let commit = try scratch.git("cat-file", "-p", "HEAD", in: "acme").stdout
        #expect(commit.contains("parent \(head)\nparent \(try scratch.git("rev-parse", "a", in: "acme").stdout)"), "\(commit)")
        #expect(try scratch.git("show", "HEAD:README", in: "acme").stdout == "From branch a.\n")
        try scratch.expectStatusClean("acme")
        try scratch.expectFsckClean("acme")
    }

    @Test func aRoleDeletedOnOneSideAndChangedOnTheOtherIsResolvedByItsAbsence() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let areas = ["strategy", "innovation", "customers", "metrics"].map { "  \($0):\n    responsibilities: []\n" }.joined()
        try scratch.write("acme/roles/cfo.yaml", "role: cfo\ntitle: Chief Financial Officer\nreports-to: ceo\nareas:\n" + areas)
        #expect(try scratch.charter("commit", "-m", "Add a CFO", in: "acme").status == 0)
        try scratch.git("checkout", "-q", "-b", "a", in: "acme")
        try scratch.edit("acme/roles/cfo.yaml", replacing: "Financial", with: "Finance")
        #expect(try scratch.charter("commit", "-m", "Retitle the CFO", in: "acme").status == 0)
        try scratch.git("checkout", "-q", "main", in: "acme")
        try FileManager.default.removeItem(atPath: scratch.path("acme/roles/cfo.yaml"))
        #expect(try scratch.charter("commit", "-m", "No CFO", in: "acme").status == 0)
        let head = try scratch.head(in: "acme")
        #expect(try scratch.git("merge", "a", in: "acme").stdout.contains("CONFLICT (modify/delete): roles/cfo.yaml"))
        try FileManager.default.removeItem(atPath: scratch.path("acme/roles/cfo.yaml"))
        let outcome = try scratch.charter("commit", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(try scratch.git("cat-file", "-p", "HEAD", in: "acme").stdout.contains("parent \(head)\nparent "))
        #expect(try scratch.git("ls-files", "roles", in: "acme").stdout == "roles/cpo.yaml\nroles/cto.yaml\n")
        try scratch.expectStatusClean("acme")
        try scratch.expectFsckClean("acme")
    }

    @Test func conflictMarkersLeftAreRefusedAndTheMergeCanStillBeAborted() throws {
        let scratch = try Scratch()
        let head = try Self.conflictedMerge(scratch)
        try Self.expectRefused(scratch, message: "conflict markers (<<<<<<<, =======, >>>>>>>) remain in roles/cto.yaml")
        #expect(FileManager.default.fileExists(atPath: scratch.path("acme/.git/MERGE_HEAD")))
        #expect(try scratch.git("merge", "--abort", in: "acme").status == 0)
        #expect(try scratch.head(in: "acme") == head)
        try scratch.expectStatusClean("acme")
        try scratch.expectFsckClean("acme")
    }

    @Test func anImportWaitsUntilTheMergeInProgressEnds() throws {
        let scratch = try Scratch()
        let head = try Self.conflictedMerge(scratch)
        #expect(try scratch.charter("init", "globex", "--company", "Globex", "--stage", "emerging").status == 0)
        let outcome = try scratch.charter("import", "../globex", "--prefix", "globex", in: "acme")
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.contains("a merge is in progress"), "\(outcome)")
        #expect(try scratch.head(in: "acme") == head)
        #expect(FileManager.default.fileExists(atPath: scratch.path("acme/.git/MERGE_HEAD")))
    }

    @Test func otherFilesStillUnmergedAreNamed() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.write("acme/README", "Acme.\n")
        try scratch.git("add", "README", in: "acme")
        try scratch.git("commit", "-q", "-m", "Readme", in: "acme")
        try scratch.git("checkout", "-q", "-b", "a", in: "acme")
        try scratch.write("acme/README", "Acme, from a.\n")
        try scratch.git("commit", "-q", "-am", "Readme a", in: "acme")
        try scratch.git("checkout", "-q", "main", in: "acme")
        try scratch.write("acme/README", "Acme, from main.\n")
        try scratch.git("commit", "-q", "-am", "Readme main", in: "acme")
        #expect(try scratch.git("merge", "a", in: "acme").status == 1)
        try Self.reword(scratch, to: "Set the approach to shipping the product.")
        try Self.expectRefused(scratch, message: "a merge is in progress and README is not merged yet")
    }

    @Test func anInvalidResolutionIsRefusedAndTheMergeGoesOn() throws {
        let scratch = try Scratch()
        try Self.conflictedMerge(scratch)
        try Self.resolve(scratch)
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n",
                         with: "    - id: roadmap\n      text: Own the roadmap too.\n    - id: delivery-approach\n")
        try Self.expectRefused(scratch, status: 1, message: "error[overlap]")
        #expect(FileManager.default.fileExists(atPath: scratch.path("acme/.git/MERGE_HEAD")))
    }

    @Test func withoutAMergeAMessageIsStillNeeded() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.reword(scratch, to: "Set the approach to shipping the product.")
        let outcome = try scratch.charter("commit", in: "acme")
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr == "error: a commit needs a message: -m \"why the boundary moves\"\n")
    }

    /// `git stash pop` leaves a conflict without an operation in progress: the commit resolves it in the index too.
    @Test func aConflictOutsideAnyOperationIsResolvedInTheIndex() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try Self.reword(scratch, to: "Set the approach to building the product.")
        try scratch.git("stash", "-q", in: "acme")
        try Self.reword(scratch, to: "Set the approach to shipping the product.")
        #expect(try scratch.charter("commit", "-m", "Ship", in: "acme").status == 0)
        #expect(try scratch.git("stash", "pop", in: "acme").status == 1)
        #expect(try !scratch.git("ls-files", "--unmerged", in: "acme").stdout.isEmpty)
        try Self.resolve(scratch)
        let outcome = try scratch.charter("commit", "-m", "Build and ship", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(try scratch.git("cat-file", "-p", "HEAD", in: "acme").stdout.components(separatedBy: "\nparent ").count == 2)
        #expect(try scratch.git("ls-files", "--unmerged", in: "acme").stdout.isEmpty)
        try scratch.expectStatusClean("acme")
        try scratch.expectFsckClean("acme")
    }

    // MARK: - Other operations

    /// git commands that stop half-way, each where `charter commit` must refuse.
    enum Stop: String, CaseIterable, Sendable {
        case cherryPick, revert, rebase, interactiveRebase, applyRebase, bisect

        /// Starts it on main, which `divergedBranches` left checked out.
        func start(in scratch: Scratch) throws {
            let git = { (arguments: [String]) throws -> Outcome in try scratch.run("/usr/bin/env", ["git"] + arguments, in: "acme") }
            let stopped: Outcome
            switch self {
            case .cherryPick: stopped = try git(["cherry-pick", "a"])
            case .revert:
                try reword(scratch, to: "Set the approach to shipping the product, again.")
                _ = try git(["commit", "-q", "-am", "Ship again"])
                stopped = try git(["revert", "--no-edit", "HEAD~1"])
            case .rebase: stopped = try git(["rebase", "main", "a"])
            case .interactiveRebase: stopped = try git(["-c", "sequence.editor=true", "rebase", "-i", "main", "a"])
            case .applyRebase: stopped = try git(["rebase", "--apply", "main", "a"])
            case .bisect: stopped = try git(["bisect", "start", "HEAD", "HEAD~1"])
            }
            #expect(stopped.status == (self == .bisect ? 0 : 1), "\(self): \(stopped)")
        }

        var refusal: String {
            switch self {
            case .cherryPick:
                "a cherry-pick is in progress: finish it with `git cherry-pick --continue` or abort it with `git cherry-pick --abort`"
            case .revert: "a revert is in progress: finish it with `git revert --continue` or abort it with `git revert --abort`"
            case .rebase, .interactiveRebase, .applyRebase:
                "a rebase is in progress: finish it with `git rebase --continue` or abort it with `git rebase --abort`"
            case .bisect: "a bisect is in progress: continue it with `git bisect good` or `git bisect bad`, or end it with `git bisect reset`"
            }
        }
    }

    @Test("other operations in progress are refused", arguments: Stop.allCases)
    func otherOperationsAreRefused(_ stop: Stop) throws {
        let scratch = try Scratch()
        try Self.divergedBranches(scratch)
        try stop.start(in: scratch)
        try Self.expectRefused(scratch, message: stop.refusal)
        try scratch.expectFsckClean("acme")
    }
}
