import ArgumentParser
import Foundation
import CharterCore
import CharterGit
import CharterSigning

extension Charter {
    struct Commit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the charters and commit them: charter.yaml, schema.yaml and roles/.",
            discussion: """
                Refuses invalid charters (exit 1) and writes nothing. The event and the approvals become \
                git trailers (Charter-Event: acquisition: Globex, Approved-By: cpo). The branch moves \
                only if nobody moved it meanwhile; otherwise: "branch moved, retry" (exit 3). \
                Suggested event kinds: \(CharterEvent.suggestedKinds.joined(separator: ", ")).

                During a merge stopped on conflicts (or by --no-commit), once the conflicts are resolved \
                in the work tree, it writes the merge commit as git commit does: parents HEAD and the \
                merged commits, the tree of the index with the charter files staged, the message of \
                MERGE_MSG unless -m is given; MERGE_HEAD is then removed. Refused (exit 2, nothing \
                written): conflict markers left in a charter file, other files of the merge still \
                unmerged, or a cherry-pick, revert, rebase, git am or bisect in progress.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: [.customShort("m", allowingJoined: true), .long], help: ArgumentHelp("The rationale; repeat for more paragraphs, as with git. Concluding a merge, MERGE_MSG by default.", valueName: "msg"))
        var message: [String] = []

        @Option(help: ArgumentHelp("The company event behind the change, as KIND:TEXT (acquisition:Globex).", valueName: "kind:text"))
        var event: String?

        @Option(name: .customLong("approved-by"), help: ArgumentHelp("A role that approved the change; repeat for each.", valueName: "role"),
                completion: .roles)
        var approvedBy: [String] = []

        @Option(help: ArgumentHelp("Override the author, as \"Name <email>\".", valueName: "author"))
        var author: String?

        @Option(name: .customLong("sign-approval"),
                help: ArgumentHelp("Sign the approval of your own role (Approved-By too), as charter approve does.", valueName: "role"),
                completion: .roles)
        var signApproval: String?

        @Option(help: ArgumentHelp("With --sign-approval: a private key file to sign with, instead of ssh-agent.", valueName: "file"),
                completion: .file())
        var key: String?

        /// How to see the warnings a digest leaves out: the work tree holds what was (or was to be) committed.
        static let allWarnings = "charter validate --all shows them"

        private static let messageNeeded = "a commit needs a message: -m \"why the boundary moves\""

        func validate() throws {
            // No -m at all may still conclude a merge with git's message: `run` decides.
            guard message.isEmpty || message.contains(where: { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) else {
                throw ValidationError(Self.messageNeeded)
            }
            if let event, CommitMessage.firstControlCharacter(in: event) != nil {
                throw ValidationError("--event must be one line, without control characters")
            }
            if let event, CharterEvent(parsing: event) == nil {
                throw ValidationError("--event '\(event)' is not KIND:TEXT with KIND like hire, acquisition or product-line")
            }
        }

        func run() throws {
            let workspace = try global.workspace()
            let tree = try workspace.workTreeCharters()
            let merge = try workspace.repository.pendingMerge(committing: tree)
            let commitMessage = try commitMessage(concluding: merge)
            let report = workspace.locatedInRepository(
                try workspace.lineageChecked(CharterValidator.validate(tree) { try workspace.recordedImports(at: try workspace.head()) }, of: .workTree))
            let stderr = Terminal.standardError
            guard report.isValid else {
                stderr.write(TextRenderer.findings(FindingDigest(report.findings), on: stderr, more: Self.allWarnings))
                stderr.write(stderr.error("commit refused: ") + "the charters are invalid (\(report.findings.tally)); nothing was written\n")
                throw CommandFailure.findingsReported
            }
            try checkApprovals(against: report.charters, workspace: workspace)
            let (author, committer) = try Identity.resolve(author: author, in: workspace.repository)
            let head = try workspace.head()
            // The key is found before anything is written: a commit is not left without the approval it was to carry.
            let signer = try signApproval.map { role in
                try workspace.approvalSigner(for: role, keysAt: head, keyFile: key.map(global.path))
            }
            let jsonSchema = workspace.repository.ignores(CharterTree.jsonSchemaPath) ? nil : Self.jsonSchemaUpdate(tree, report: report)
            var committed = tree
            if let jsonSchema { committed.entries[CharterTree.jsonSchemaPath] = .file(jsonSchema) }
            let result = try commit(committed, message: commitMessage.rendered, author: author, committer: committer,
                                    writingJSONSchema: jsonSchema, workspace: workspace)
            // The parent the commit was made on, not a HEAD that may have moved since it was read.
            let parent = result.parent.map(Workspace.Snapshot.commit) ?? head
            let changes = try workspace.boundaryChanges(from: parent, to: .commit(result.commit)).changes
            CommitSummary.print(result, subject: commitMessage.subject, warnings: report.findings)
            if let signApproval, let signer {
                let approval = try workspace.recordApproval(of: result.commit, as: signApproval, with: signer)
                Terminal.standardOutput.write("  signed the approval of \(TerminalText.escaped(signApproval)) with \(approval.fingerprint)\n")
            }
            let out = Terminal.standardOutput
            out.write(TextRenderer.changes(changes, on: out, indent: "  "))
            out.write("  " + out.dim(changes.summary) + "\n")
        }

        /// charter.schema.json as the schema in force makes it, when the work tree's is missing or stale: the
        /// file the `$schema` comment of every role file points editors to. Nil when it is up to date, or
        /// when schema.yaml cannot be read (there is no schema to make it from). One git ignores is not
        /// asked for (the caller leaves it out).
        static func jsonSchemaUpdate(_ tree: CharterTree, report: ValidationReport) -> [UInt8]? {
            guard report.schemaReadable else { return nil }
            let expected = Array((JSONSchemaGenerator.roleSchema(for: report.charters.schema).rendered() + "\n").utf8)
            if case .file(let bytes)? = tree.entries[CharterTree.jsonSchemaPath], bytes == expected { return nil }
            switch tree.entries[CharterTree.jsonSchemaPath] {
            case nil, .file?, .oversized?: return expected
            default: return nil  // a link or a folder is the user's: validation says what is wrong with it
            }
        }

        /// Commits `tree`, then writes `jsonSchema` (the charter.schema.json it holds) to the work tree; also
        /// when there is nothing to commit, as HEAD has the file as it should be: the work tree's stale one
        /// is put back in step with it.
        private func commit(_ tree: CharterTree, message: String, author: Identity, committer: Identity,
                            writingJSONSchema jsonSchema: [UInt8]?, workspace: Workspace) throws -> CommitResult {
            do {
                let result = try workspace.repository.commitCharters(tree, message: message, author: author, committer: committer)
                if let jsonSchema { try writeJSONSchema(jsonSchema, workspace: workspace) }
                return result
            } catch RepositoryError.nothingToCommit {
                if let jsonSchema { try writeJSONSchema(jsonSchema, workspace: workspace) }
                throw RepositoryError.nothingToCommit
            }
        }

        /// Writes the committed charter.schema.json to the work tree, so that it matches the commit and the index.
        private func writeJSONSchema(_ bytes: [UInt8], workspace: Workspace) throws {
            let path = try workspace.root + CharterTree.jsonSchemaPath
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                Terminal.standardError.write(Terminal.standardError.warning("warning: ") + "committed \(CharterTree.jsonSchemaPath), but could not write it to the work tree: \(error)\n")
            }
        }

        /// The message of `-m`, or, concluding a merge without one, git's prepared message; with the trailers.
        private func commitMessage(concluding merge: MergeInProgress?) throws -> CommitMessage {
            let event = event.flatMap(CharterEvent.init(parsing:))
            let approvals = approvedBy + (signApproval.map { approvedBy.contains($0) ? [] : [$0] } ?? [])
            guard message.isEmpty else { return CommitMessage(paragraphs: message, event: event, approvals: approvals) }
            guard let merge else { throw CommandFailure.usage(Self.messageNeeded) }
            let prepared = CommitMessage(prepared: merge.preparedMessage ?? "", event: event, approvals: approvals)
            guard !prepared.text.isEmpty else {
                throw CommandFailure.usage("MERGE_MSG holds no message for the merge: give one with -m")
            }
            return prepared
        }

        /// An approval names a role of the new charters or of HEAD's (a role being removed may approve),
        /// or the former holder of an item this commit moves across commits (it may be gone).
        private func checkApprovals(against charters: CharterSet, workspace: Workspace) throws {
            let current = Set(charters.roles.map(\.id))
            let unknown = (approvedBy + [signApproval].compactMap { $0 }).filter { !current.contains($0) }
            guard !unknown.isEmpty else { return }
            let head = try workspace.head()
            let before = Set(try workspace.validated(head).charters.roles.map(\.id))
            var missing = unknown.filter { !before.contains($0) }
            if !missing.isEmpty {
                let moves = try workspace.boundaryChanges(from: head, to: .workTree).changes.filter { $0.releasedIn != nil }
                missing = missing.filter { role in !moves.contains { $0.from == role } }
            }
            guard missing.isEmpty else {
                throw CommandFailure.usage("--approved-by names no role: \(missing.joined(separator: ", ")) (roles: \(current.sorted().joined(separator: ", ")))")
            }
        }
    }
}

/// The first line `charter commit` and `charter init` print after recording a commit, as git prints it.
enum CommitSummary {
    static func print(_ result: CommitResult, subject: String, warnings: [Finding]) {
        let out = Terminal.standardOutput
        let branch = result.branch.map { $0.hasPrefix("refs/heads/") ? String($0.dropFirst(11)) : $0 } ?? "detached HEAD"
        let root = result.parent == nil ? " (root-commit)" : ""
        out.write("[\(TerminalText.escaped(branch))\(root) \(out.accent(result.commit.short))] \(TerminalText.excerpt(subject))\n")
        if let problem = result.indexProblem {
            let stderr = Terminal.standardError
            stderr.write(stderr.warning("warning: ") + "the commit landed, but the index was not updated (\(problem)); `git status` may show the charter files as changed until `git reset -q` refreshes it\n")
        }
        if let problem = result.mergeStateProblem {
            let stderr = Terminal.standardError
            stderr.write(stderr.warning("warning: ") + "the merge commit landed, but the merge state was not removed (\(problem)); `git merge --quit` removes it\n")
        }
        if !warnings.isEmpty {
            Terminal.standardError.write(TextRenderer.findings(FindingDigest(warnings), on: .standardError, more: Charter.Commit.allWarnings))
        }
    }
}

extension Charter.Commit: WorkTreeCommand {
    static let bareRepositoryHint = "commit in a clone with a work tree, then push"
}
