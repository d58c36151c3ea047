import CharterCore

/// What `charter audit` finds in a range of the history: every commit that touches the charters is
/// validated under the schema in force at that commit, and its boundary changes are checked against
/// its approvals and rationale (`AuditRules`). Read by audit and review.
public struct HistoryAudit: Sendable {
    /// One finding at one commit.
    public struct Entry: Sendable {
        public var info: CommitInfo
        public var finding: AuditRules.Finding
        /// For an invalid commit: the validation findings behind it.
        public var details: [Finding] = []
    }

    /// The range's commits, those that touch the charters, and their boundary changes.
    public var commits = 0
    public var chartered = 0
    public var changes = 0
    /// Newest commit first.
    public var entries: [Entry] = []

    public var errorCount: Int { entries.count { $0.finding.severity == .error } }
    public var hasErrors: Bool { errorCount > 0 }
}

extension Repository {
    /// Audits the commits of `range`. The whole history up to its tips is walked, since what left a
    /// role before the range may arrive within it, but only the range's commits are reported.
    public func audit(_ range: RevisionRange, cache: DecodeCache, progress: () -> Void = {}) throws -> HistoryAudit {
        let inRange = Set(try commits(in: range))
        let imports = RecordedImports(self, upTo: range.tips, cache: cache)
        // Overlaps still pending at each tip, to say how many of an import's remain.
        let pendingNow = try range.tips.map { tip in
            (tip: tip, findings: try CharterValidator.validate(try charterTree(at: tip), cache: cache, read: readBlob) {
                try imports.imports(at: tip)
            }.findings.filter { $0.code == .pendingIntegration })
        }
        var audit = HistoryAudit()
        // Entries by commit, oldest commit first; reported newest first.
        var entriesByCommit: [[HistoryAudit.Entry]] = []
        // Each commit is validated in proportion to the role files that differ from the commit validated before it.
        var validator = IncrementalValidator(cache: cache, read: readBlob)
        let engine = HistoryEngine(self, cache: cache, firstParent: false)
        // The validator decodes what the walk reads, through the same cache: read on a second thread,
        // every file would be decoded twice (a cold audit of 10,000 commits: no faster, 1 s more CPU).
        engine.readAheadThreshold = nil
        try engine.walk(from: range.tips) { step in
            progress()
            guard inRange.contains(step.info.id) else { return true }
            audit.commits += 1
            guard step.touchesCharters else { return true }
            audit.chartered += 1
            let id = step.info.id
            var entries: [HistoryAudit.Entry] = []
            defer { entriesByCommit.append(entries) }
            if step.isShallowBoundary {
                // Its parents are not in the clone: what it changed, and who approved it, cannot be known.
                let message = "shallow history: checked from \(id.short) on; the commits before it are not in this clone "
                    + "(`git fetch --unshallow` fetches the whole history)"
                entries.append(.init(info: step.info, finding: .init(code: .shallowHistory, message: message)))
            }
            let checked = try check(step, imports: imports, validator: &validator)
            if let brought = checked.importBrought,
               let now = pendingNow.first(where: { (try? isAncestor(id.description, of: $0.tip)) ?? false }) {
                let remaining = now.findings.count { Self.involves($0, brought.roles) }
                let count = brought.overlaps
                let message = "the import of \(brought.prefix)-* brought \(count) overlap\(count == 1 ? "" : "s") to integrate; \(remaining) remain at \(now.tip.short)"
                entries.append(.init(info: step.info, finding: .init(code: .pendingIntegration, message: message)))
            }
            if let invalid = checked.invalid {
                entries.append(.init(info: step.info, finding: invalid.finding, details: invalid.errors))
            }
            audit.changes += checked.changesChecked
            entries += checked.findings.map { .init(info: step.info, finding: $0) }
            return true
        }
        audit.entries = entriesByCommit.reversed().flatMap { $0 }
        return audit
    }

    /// What audit finds at one commit that touches the charters, the range aside: all of it depends
    /// only on the commit and its ancestors, so the history index keeps it.
    struct CheckedCommit {
        /// For a recorded import merge: its prefix, the roles it brought, and the overlaps it brought to integrate.
        var importBrought: (prefix: String, roles: [String], overlaps: Int)?
        /// When the commit's charters break the rules: the audit's finding, and the errors behind it.
        var invalid: (finding: AuditRules.Finding, errors: [Finding])?
        /// The boundary changes checked against approvals and rationale.
        var changesChecked: Int
        var findings: [AuditRules.Finding]
    }

    /// The commit's check, from the history index or made now and kept there.
    private func check(_ step: HistoryStep, imports: RecordedImports, validator: inout IncrementalValidator) throws -> CheckedCommit {
        let id = step.info.id
        if var record = historyIndex.record(.audit, of: id), let checked = try? record.checkedCommit(), record.isAtEnd {
            return checked
        }
        let checked = try checkNow(step, imports: imports, validator: &validator)
        var record = IndexWriter()
        record.write(checked)
        historyIndex.store(.audit, of: id, record)
        return checked
    }

    private func checkNow(_ step: HistoryStep, imports: RecordedImports, validator: inout IncrementalValidator) throws -> CheckedCommit {
        let id = step.info.id
        let report = try validator.validate(try charterTree(at: id)) { try imports.imports(at: id) }
        var checked = CheckedCommit(changesChecked: 0, findings: [])
        // At a shallow boundary the import's merge cannot be checked: its parents are not in the clone.
        let recordedImport = step.message.importPrefix == nil || step.isShallowBoundary ? nil
            : try imports.imports(at: id).first { $0.commit == id.description }
        if let recordedImport {
            let prefix = recordedImport.prefix
            let roles = recordedImport.holdings.keys.sorted()
            checked.importBrought = (prefix, roles, report.findings.count { $0.code == .pendingIntegration && Self.involves($0, roles) })
        }
        let errors = report.findings.filter { $0.severity == .error }
        if let first = errors.first {
            let message = "invalid charters: \(report.findings.tally), first \(first.location): \(first.code.rawValue): \(first.message)"
            checked.invalid = (.init(code: .invalidCommit, message: message), errors)
        }
        // A recorded import merge brings a company's history, verified as such; an acquired company's
        // own past, as a recorded import brought it, is validated, but its approvals followed that
        // company's practice. A shallow boundary's charters are where the audit starts.
        if recordedImport != nil || step.isShallowBoundary { return checked }
        if step.message.importedFrom != nil, try imports.isAcquired(id) { return checked }
        checked.changesChecked = step.changes.count
        // The roles before the commit, by file name: approvals may come from a role the commit removes.
        var before: Set<String> = []
        for parent in step.info.parents { before.formUnion(try charterTree(at: parent).roleIDs) }
        let after = Set(report.charters.roles.map(\.id)).union(report.charters.unreadableRoles)
        checked.findings = AuditRules.check(changes: step.changes, message: step.message, rolesBefore: before, rolesAfter: after,
                                            schema: step.schemaChanged ? report.charters.schema : nil)
        return checked
    }

    /// Whether a finding concerns one of `roles` (an import's, by id).
    private static func involves(_ finding: Finding, _ roles: [String]) -> Bool {
        let files = Set(roles.map(CharterTree.roleFile))
        return ([finding.location] + finding.related).contains { files.contains($0.file) }
    }
}
