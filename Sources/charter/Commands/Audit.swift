import ArgumentParser
import CharterCore
import CharterGit

extension Charter {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk all history: validate every commit under its own schema and check each boundary change's approvals and rationale.",
            discussion: """
                Every commit of the range that touches the charters is validated under the schema in force at \
                that commit. The range is read as git rev-list reads it: REV (its whole history), A..B (B's commits \
                not reachable from A), A...B (the commits of either not reachable from their merge base), ^REV \
                (leave REV's history out), several combined; default HEAD. The history before the range is read \
                too, for what approvals need to know, but only the range's commits are counted and reported, so a \
                server-side pre-receive hook can run `charter audit OLD..NEW` on a bare repository and refuse a \
                push with errors (docs/hooks/pre-receive). Findings: invalid-commit (error); missing-approval, a change \
                without Approved-By from the roles it takes from and gives to (error); unknown-approver (error); \
                no-rationale, a boundary change with a subject and no body (warning); rule-weakened, a rule made \
                less strict, with who approved it (warning; unapproved-rule-change, an error, when nobody did); \
                altered-builtin-schema (error). Approvals follow the item: whatever leaves a role (moved, \
                removed, dropped) needs that role's approval, and an item or decision right that arrives in a \
                role after another role gave it up, even commits earlier, is a move that needs both. Merges \
                are audited too: a merge's changes are only what it changes beyond both parents (a conflict \
                resolution, an overlap neither branch had alone). An acquired company's own commits, as a recorded import brought them, are validated only. Overlaps on what \
                a recorded import brought are pending-integration warnings; an imports: entry no import made is \
                an error. Exit 1 on any error.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Revisions and ranges: REV, A..B, A...B, ^REV (default HEAD).", valueName: "rev|range"))
        var revisions: [String] = []

        @Option(help: "Output format: text, json or markdown.")
        var format: OutputFormat = .text

        func validate() throws {
            try OutputFormat.check(format, allowed: [.text, .json, .markdown])
        }

        struct Entry {
            var info: CommitInfo
            var finding: AuditRules.Finding
            /// For an invalid commit: the validation findings behind it.
            var details: [Finding] = []
        }

        func run() throws {
            let workspace = try global.workspace()
            let repository = workspace.repository
            let range = try repository.revisionRange(revisions)
            let inRange = Set(try repository.commits(in: range))
            let imports = RecordedImports(repository, upTo: range.tips, cache: workspace.cache)
            // Entries by commit, oldest commit first; written newest first.
            var entriesByCommit: [[Entry]] = []
            var commits = 0, chartered = 0, changeCount = 0
            // Overlaps still pending at each tip of the walk, by the import prefix they involve.
            let pendingNow = try range.tips.map { tip in
                (tip: tip, findings: try CharterValidator.validate(try repository.charterTree(at: tip), cache: workspace.cache,
                                                                   read: repository.readBlob) { try imports.imports(at: tip) }
                    .findings.filter { $0.code == .pendingIntegration })
            }
            let engine = HistoryEngine(repository, cache: workspace.cache, firstParent: false)
            let progress = Progress(label: "auditing")
            try engine.walk(from: range.tips) { step in
                progress.tick()
                // The history before the range is walked for context (what left a role there may arrive
                // in the range), and not reported.
                guard inRange.contains(step.info.id) else { return true }
                commits += 1
                guard step.touchesCharters else { return true }
                chartered += 1
                var entries: [Entry] = []
                defer { entriesByCommit.append(entries) }
                let id = step.info.id
                let report = try CharterValidator.validate(step.revision.tree, cache: workspace.cache, read: repository.readBlob) {
                    try imports.imports(at: id)
                }
                let errors = report.findings.filter { $0.severity == .error }
                let recordedImport = step.message.importPrefix == nil ? nil : try imports.imports(at: id).first { $0.commit == id.description }
                if let recordedImport, let now = pendingNow.first(where: { (try? repository.isAncestor(id.description, of: $0.tip)) ?? false }) {
                    let prefix = recordedImport.prefix
                    let brought = report.findings.count { $0.code == .pendingIntegration && Self.involves($0, prefix) }
                    let remaining = now.findings.count { Self.involves($0, prefix) }
                    let message = "the import of \(prefix)-* brought \(brought) overlap\(brought == 1 ? "" : "s") to integrate; \(remaining) remain at \(now.tip.short)"
                    entries.append(Entry(info: step.info, finding: .init(code: .pendingIntegration, message: message)))
                }
                if let first = errors.first {
                    let message = "invalid charters: \(FindingRenderer.tally(report.findings)), first \(first.location): \(first.code.rawValue): \(first.message)"
                    entries.append(Entry(info: step.info, finding: .init(code: .invalidCommit, message: message), details: errors))
                }
                // A recorded import merge brings a company's history, verified as such; an acquired company's
                // own past, as a recorded import brought it, is validated, but its approvals followed that
                // company's practice.
                if recordedImport != nil { return true }
                if step.message.importedFrom != nil, try imports.isAcquired(id) { return true }
                changeCount += step.changes.count
                // The roles before the commit, by file name: approvals may come from a role the commit removes.
                var before = Set(Self.roleIDs(step.revision.parentTree))
                for parent in step.info.parents.dropFirst() { before.formUnion(Self.roleIDs(try repository.charterTree(at: parent))) }
                let after = Set(report.charters.roles.map(\.id)).union(report.charters.unreadableRoles)
                for finding in AuditRules.check(changes: step.changes, message: step.message, rolesBefore: before, rolesAfter: after,
                                                schema: step.revision.schemaChanged ? report.charters.schema : nil) {
                    entries.append(Entry(info: step.info, finding: finding))
                }
                return true
            }
            progress.done()
            let entries = entriesByCommit.reversed().flatMap { $0 }
            let summary = Summary(commits: commits, chartered: chartered, changes: changeCount, entries: entries)
            let out = Terminal.standardOutput
            switch format {
            case .json: out.write(summary.json.rendered() + "\n")
            case .markdown: out.write(summary.markdown)
            default: out.write(summary.text(on: out))
            }
            if entries.contains(where: { $0.finding.severity == .error }) { throw CommandFailure.findingsReported }
        }
    }
}

extension Charter.Audit {
    /// The ids of the roles a tree holds, by file name.
    static func roleIDs(_ tree: CharterTree?) -> [String] {
        (tree?.roleEntryNames ?? []).filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
    }

    /// Whether a finding concerns a role of the import with this prefix.
    static func involves(_ finding: Finding, _ prefix: String) -> Bool {
        ([finding.location] + finding.related).contains { $0.file.hasPrefix("\(CharterTree.rolesPath)/\(prefix)-") }
    }

    /// What the audit found; its text and Markdown forms are in Rendering/AuditRenderer.swift.
    struct Summary {
        var commits: Int
        var chartered: Int
        var changes: Int
        var entries: [Entry]

        var byCode: [(String, Int)] {
            AuditRules.Code.allCases.compactMap { code in
                let count = entries.count { $0.finding.code == code }
                return count == 0 ? nil : (code.rawValue, count)
            }
        }

        var tally: String {
            let errors = entries.count { $0.finding.severity == .error }
            return FindingRenderer.tally(errors: errors, warnings: entries.count - errors)
        }

        var headline: String {
            "audited \(commits) commit\(commits == 1 ? "" : "s") (\(chartered) touching the charters, \(changes) boundary change\(changes == 1 ? "" : "s")): \(tally)"
        }

        var json: JSONValue {
            .object([
                ("format", 1),
                ("commits", .int(commits)),
                ("chartered", .int(chartered)),
                ("changes", .int(changes)),
                ("findings", .array(entries.map { entry in
                    .object([
                        ("severity", .string(entry.finding.severity.rawValue)),
                        ("code", .string(entry.finding.code.rawValue)),
                        ("commit", .string(entry.info.id.description)),
                        ("date", .string(entry.info.author.time.iso8601)),
                        ("subject", .string(entry.info.subject)),
                        ("message", .string(entry.finding.message)),
                        ("details", .array(entry.details.map(FindingRenderer.json))),
                    ])
                })),
                ("summary", .object(byCode.map { ($0.0, .int($0.1)) })),
            ])
        }
    }
}
