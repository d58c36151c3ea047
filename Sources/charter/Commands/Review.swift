import ArgumentParser
import CharterCore
import CharterGit

extension Charter {
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A pull request's whole story: its boundary diff, the approvals it needs, the audit of its commits and the validity of the result.",
            discussion: """
                With no argument, reviews HEAD against its merge base with the upstream of the current branch, \
                else with main (or master). A...B reviews B against its merge base with A; A..B reviews B \
                against A; REV is REV...HEAD. --work-tree includes the uncommitted work: the diff and the \
                validity are then the work tree's. The approvals needed are those of the net boundary diff \
                (approvals follow the item: whatever leaves a role needs it, whatever moves between roles \
                needs both); one is present when a commit of the range carries Approved-By for that role. \
                The audit covers the range's commits (as charter audit BASE..TIP). --exit-code exits 1 while \
                an approval is missing, the audit has errors, or the result is invalid or cannot be read.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The change to review: A...B, A..B or REV (default: upstream...HEAD).", valueName: "range"))
        var range: String?

        @Flag(help: "Include the uncommitted work of the work tree.") var workTree = false

        @Flag(help: "Exit 1 while an approval is missing or anything is invalid.") var exitCode = false

        static let formats: OutputFormats<ReviewReport> = [
            .text: TextRenderer.render, .json: JSONRenderer.render, .markdown: MarkdownRenderer.render,
            .github: GitHubRenderer.render, .junit: JUnitRenderer.render, .sarif: SARIFRenderer.render,
        ]

        @Option(help: formats.help, completion: formats.completion)
        var format: OutputFormat = .text

        func validate() throws {
            try Self.formats.check(format)
        }

        func run() throws {
            let workspace = try global.workspace()
            let repository = workspace.repository
            let (base, tip, left) = try resolve(repository)
            if workTree, tip.commit != (try repository.commit(for: "HEAD")) {
                throw CommandFailure.usage("--work-tree adds the work tree to HEAD: review a change whose tip is HEAD")
            }
            // The change's own commits: the tip's, not the other side's (as git rev-list OTHER..TIP).
            let range = RevisionRange(tips: [tip.commit], hidden: [left])
            let commits = try repository.commits(in: range)
            let infos = try commits.map { try repository.commitInfo($0) }
            let to: Workspace.Snapshot = workTree ? .workTree : .commit(tip.commit)
            let comparison = try workspace.boundaryChanges(from: .commit(base.commit), to: to)
            let result = try workspace.validated(to)
            let before = try workspace.validated(.commit(base.commit)).charters
            let progress = Progress(label: "auditing")
            let audit = try repository.audit(range, cache: workspace.cache, progress: progress.tick)
            progress.done()
            // Who approved what: every Approved-By and signed approval of the range's commits, with the commits that carry it.
            var approvedIn: [String: [ObjectID]] = [:], signedIn: [String: Set<ObjectID>] = [:]
            for (info, approval) in audit.signedApprovals { signedIn[approval.role, default: []].insert(info.id) }
            for info in infos.reversed() {
                let roles = CommitMessage(parsing: info.message).approvals
                for role in roles + signedIn.keys.filter({ signedIn[$0]!.contains(info.id) && !roles.contains($0) }).sorted() {
                    approvedIn[role, default: []].append(info.id)
                }
            }
            // A role renamed, merged or split off is approved as audit approves it (`AuditRules.lineageApprovers`).
            let rolesAfter = Set(result.charters.roles.map(\.id))
            let approvers = AuditRules.lineageApprovers(Set(approvedIn.keys), comparison.changes,
                                                        rolesBefore: Set(before.roles.map(\.id)), rolesAfter: rolesAfter)
            let approvals = AuditRules.approvalsNeeded(comparison.changes, rolesAfter: rolesAfter).map { role, changes in
                let commits = Set((approvers[role] ?? []).flatMap { approvedIn[$0] ?? [] })
                let signed = Set((approvers[role] ?? []).flatMap { signedIn[$0] ?? [] })
                return ReviewReport.Approval(role: role, holder: (result.charters.role(role) ?? before.role(role))?.holder, changes: changes,
                                             approvedIn: infos.map(\.id).filter(commits.contains).reversed(),
                                             signedIn: infos.map(\.id).filter(signed.contains).reversed())
            }
            let report = ReviewReport(base: base, tip: workTree ? .init(name: "work tree", commit: tip.commit, isMergeBase: false) : tip,
                                      workTree: workTree, commits: infos,
                                      comparison: comparison, approvals: approvals, audit: audit, result: workspace.locatedInRepository(result))
            Self.formats.render(report, as: format)
            if exitCode, !report.isReady { throw CommandFailure.findingsReported }
        }

        /// What the change is compared with (the merge base, or A for A..B), the commit reviewed, and
        /// the other side, whose commits are not the change's own.
        private func resolve(_ repository: Repository) throws -> (base: ReviewReport.Side, tip: ReviewReport.Side, other: ObjectID) {
            func mergeBase(_ other: ObjectID, _ name: String, _ tip: ObjectID, _ tipName: String) throws -> (ReviewReport.Side, ReviewReport.Side, ObjectID) {
                guard let base = try repository.mergeBases(other, tip).first else {
                    throw CommandFailure.usage("\(tipName) and \(name) have no common ancestor; give A..B")
                }
                return (.init(name: name, commit: base, isMergeBase: true), .init(name: tipName, commit: tip, isMergeBase: false), other)
            }
            let head = { try repository.commit(for: "HEAD") }
            guard let range else {
                guard let upstream = try repository.reviewBase() else {
                    throw CommandFailure.usage("nothing to review against: the branch has no upstream and there is no main or master; give A...B")
                }
                return try mergeBase(upstream.commit, upstream.name, try head(), "HEAD")
            }
            func name(_ side: String) -> String { side.isEmpty ? "HEAD" : side }
            switch try repository.revisionArgument(range) {
            case .commit(let id):
                return try mergeBase(id, range, try head(), "HEAD")
            case .range(let from, let to):
                let names = range.components(separatedBy: "..")
                return (.init(name: name(names[0]), commit: from, isMergeBase: false),
                        .init(name: name(names[names.count - 1]), commit: to, isMergeBase: false), from)
            case .symmetric(let from, let to, _):
                let names = range.components(separatedBy: "...")
                return try mergeBase(from, name(names[0]), to, name(names[names.count - 1]))
            case .excluded:
                throw CommandFailure.usage("review takes one change: A...B, A..B or REV, not ^REV")
            }
        }
    }
}

extension Charter.Review: WorkTreeCommand {
    static let bareRepositoryHint = "review committed work: leave out --work-tree"
}

/// What `charter review` found.
struct ReviewReport {
    /// A side of the review: the name it was given (a branch, a revision, `work tree`) and its commit.
    struct Side {
        var name: String
        var commit: ObjectID
        /// For the base: whether it is the merge base of the change with the side named.
        var isMergeBase: Bool
    }

    /// A role whose approval the change needs.
    struct Approval {
        var role: String
        var holder: String?
        /// The changes it is part of.
        var changes: [BoundaryChange]
        /// The range's commits with `Approved-By` for the role, oldest first.
        var approvedIn: [ObjectID]
        /// Those of them whose approval is signed, and holds.
        var signedIn: [ObjectID] = []

        var isPresent: Bool { !approvedIn.isEmpty }
    }

    var base: Side
    var tip: Side
    var workTree: Bool
    /// The range's commits, newest first.
    var commits: [CommitInfo]
    var comparison: Workspace.Comparison
    var approvals: [Approval]
    var audit: HistoryAudit
    /// The validity of the result: the tip's charters, or the work tree's.
    var result: ValidationReport

    var missing: [Approval] { approvals.filter { !$0.isPresent } }

    /// Whether it may merge: every approval present, no audit error, the result valid and readable.
    var isReady: Bool { missing.isEmpty && !audit.hasErrors && result.isValid && comparison.unreadable.isEmpty }

    /// What stands between the change and its merge, in a few words.
    var blockers: [String] {
        var blockers: [String] = []
        if !missing.isEmpty {
            blockers.append("\(missing.count) approval\(missing.count == 1 ? "" : "s") missing (\(missing.map(\.role).joined(separator: ", ")))")
        }
        let auditErrors = audit.errorCount
        if auditErrors > 0 { blockers.append("\(auditErrors) audit error\(auditErrors == 1 ? "" : "s")") }
        if !result.isValid { blockers.append("the result is invalid (\(result.findings.tally))") }
        if !comparison.unreadable.isEmpty {
            blockers.append("\(comparison.unreadable.count) file\(comparison.unreadable.count == 1 ? "" : "s") cannot be read")
        }
        return blockers
    }
}
