import CharterCore
import CharterSigning

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

    /// The signed approvals of the range's commits that hold, newest commit first.
    public var signedApprovals: [(info: CommitInfo, approval: SignedApproval)] = []

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
    /// `trust`, an auditor's allowed-signers file: the history's first keys must be those it names for
    /// each role and external name (`untrusted-key` otherwise).
    public func audit(_ range: RevisionRange, cache: DecodeCache, trust: AllowedSigners? = nil,
                      progress: () -> Void = {}) throws -> HistoryAudit {
        let inRange = Set(try commits(in: range))
        let notes = try approvalNoteBlobs()
        // Keys are founded once: in the history's first commit that holds any. Before a range, what its
        // base held counts (a pre-receive hook audits OLD..NEW).
        var keysFounded = try range.hidden.contains { try !CharterValidator.load(try charterTree(at: $0), cache: cache, read: readBlob).charters.keysByName.isEmpty }
        let lastChecked = LastChecked()
        let imports = RecordedImports(self, upTo: range.tips, cache: cache)
        // Overlaps still pending at each tip, to say how many of an import's remain.
        let pendingNow = try range.tips.map { tip in
            (tip: tip, findings: try CharterValidator.validate(try charterTree(at: tip), cache: cache, read: readBlob) {
                try imports.imports(at: tip)
            }.findings.filter { $0.code == .pendingIntegration })
        }
        var audit = HistoryAudit()
        var signed: [[(info: CommitInfo, approval: SignedApproval)]] = []
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
            let checked = try check(step, note: notes[id], imports: imports, validator: &validator, cache: cache, lastChecked: lastChecked)
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
            if !checked.foundedKeys.isEmpty {
                if keysFounded {
                    let names = checked.foundedKeys.keys.sorted().joined(separator: ", ")
                    entries.append(.init(info: step.info, finding: .init(code: .unapprovedKeyChange, message:
                        "keys are founded again (\(names)), where the history had keys before: whoever held them must sign their successors")))
                } else if let trust {
                    entries += Self.untrusted(checked.foundedKeys, trust).map { .init(info: step.info, finding: $0) }
                }
                keysFounded = true
            }
            signed.append(checked.signed.map { (step.info, $0) })
            return true
        }
        audit.entries = entriesByCommit.reversed().flatMap { $0 }
        audit.signedApprovals = signed.reversed().flatMap { $0 }
        if notes.isEmpty {
            // A clone fetches no notes unless asked: the signatures may exist and not be here.
            for index in audit.entries.indices where audit.entries[index].finding.code == .unapprovedKeyChange {
                audit.entries[index].finding.message += " (this repository has no \(Self.approvalNotesRef): "
                    + "git fetch origin \(Self.approvalNotesRef):\(Self.approvalNotesRef))"
            }
        }
        return audit
    }

    /// The founding keys `trust` does not name for their role or external name.
    private static func untrusted(_ founded: [String: Set<String>], _ trust: AllowedSigners) -> [AuditRules.Finding] {
        founded.keys.sorted().flatMap { name in
            founded[name]!.sorted().compactMap { line -> AuditRules.Finding? in
                guard let key = try? SSHPublicKey(line: line) else { return nil }
                guard !trust.allows(key, for: name, namespace: ApprovalStatement.namespace) else { return nil }
                return AuditRules.Finding(code: .untrustedKey,
                                          message: "the history's first keys give \(name) \(key.fingerprint), which the trusted signers do not name for \(name)")
            }
        }
    }

    /// The charters of the commit `checkNow` checked last, kept for the next commit's signed-approval rules.
    final class LastChecked {
        var value: (id: ObjectID, charters: CharterSet)?
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
        /// The signed approvals that hold.
        var signed: [SignedApproval] = []
        /// When the commit brings the history's first keys: them, by role and external name.
        var foundedKeys: [String: Set<String>] = [:]
    }

    /// The commit's check, from the history index or made now and kept there. It depends on the
    /// commit's approvals entry too (`note`), which may come later: the index keeps it by the entry.
    private func check(_ step: HistoryStep, note: ObjectID?, imports: RecordedImports,
                       validator: inout IncrementalValidator, cache: DecodeCache, lastChecked: LastChecked) throws -> CheckedCommit {
        let id = step.info.id, subject = note?.description ?? ""
        if var record = historyIndex.record(.audit, of: id, subject: subject), let checked = try? record.checkedCommit(), record.isAtEnd {
            return checked
        }
        let checked = try checkNow(step, note: note, imports: imports, validator: &validator, cache: cache, lastChecked: lastChecked)
        var record = IndexWriter()
        record.write(checked)
        historyIndex.store(.audit, of: id, subject: subject, record)
        return checked
    }

    private func checkNow(_ step: HistoryStep, note: ObjectID?, imports: RecordedImports,
                          validator: inout IncrementalValidator, cache: DecodeCache, lastChecked: LastChecked) throws -> CheckedCommit {
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
        var message = step.message
        defer { lastChecked.value = (id, report.charters) }
        if let evidence = try approvalEvidence(step, note: note, after: report.charters, cache: cache, lastChecked: lastChecked) {
            checked.signed = evidence.valid
            if evidence.rules.foundsKeys { checked.foundedKeys = evidence.rules.keysAfter.filter { !$0.value.isEmpty } }
            // A signed approval is an approval, trailer or not (an external name's signs key changes only).
            message.approvals += evidence.valid.map(\.role).filter { !message.approvals.contains($0) && (before.contains($0) || after.contains($0)) }
            checked.findings = AuditRules.checkSignatures(evidence.rules)
        }
        checked.findings = AuditRules.check(changes: step.changes, message: message, rolesBefore: before, rolesAfter: after,
                                            schema: step.schemaChanged ? report.charters.schema : nil) + checked.findings
        return checked
    }

    /// What the signed-approval rules need of a commit, when anything of it concerns them: an approvals
    /// entry, an `Approved-By`, or keys before or after it. The first parent's charters are read whole.
    private func approvalEvidence(_ step: HistoryStep, note: ObjectID?, after: CharterSet, cache: DecodeCache,
                                  lastChecked: LastChecked) throws
        -> (valid: [SignedApproval], rules: AuditRules.ApprovalEvidence)? {
        let keysAfter = after.keysByName
        guard note != nil || !step.message.approvals.isEmpty || !keysAfter.isEmpty || step.changes.contains(where: { $0.field == "keys" })
        else { return nil }
        // A walk checks parents before children: the parent is most often the commit checked last. A root
        // commit's parent is nothing: keys it holds are founded there.
        let parent: CharterSet
        if let parentID = step.info.parents.first {
            parent = lastChecked.value?.id == parentID ? lastChecked.value!.charters
                : try CharterValidator.load(try charterTree(at: parentID), cache: cache, read: readBlob).charters
        } else {
            parent = CharterSet(company: nil, schema: after.schema, roles: [])
        }
        let keysBefore = parent.keysByName
        let policy: Company.ApprovalPolicy = parent.company?.approvals == .signed || after.company?.approvals == .signed ? .signed : .typed
        guard note != nil || !keysBefore.isEmpty || !keysAfter.isEmpty || policy == .signed else { return nil }
        let verdicts = try note.map { try judgeApprovals(of: step.info.id, note: $0, parent: parent) } ?? ApprovalVerdicts()
        // Whom each role reported to before the commit: a role cannot choose, in the commit that changes
        // its keys, who approves them. A role the commit adds reports where it says.
        var bosses: [String: String] = [:], bossChanges: [String: (before: String?, after: String?)] = [:]
        for role in after.roles where parent.role(role.id) == nil { bosses[role.id] = role.reportsTo?.value }
        for role in parent.roles {
            bosses[role.id] = role.reportsTo?.value
            if let now = after.role(role.id), now.reportsTo?.value != role.reportsTo?.value {
                bossChanges[role.id] = (role.reportsTo?.value, now.reportsTo?.value)
            }
        }
        let rules = AuditRules.ApprovalEvidence(
            trailers: step.message.approvals, signed: Set(verdicts.valid.map(\.role)), forged: verdicts.forged,
            keysBefore: keysBefore, keysAfter: keysAfter, bosses: bosses, bossChanges: bossChanges,
            externalNames: Set((parent.company?.external ?? []).map(\.value) + (after.company?.external ?? []).map(\.value)),
            policy: policy)
        return (verdicts.valid, rules)
    }

    /// Whether a finding concerns one of `roles` (an import's, by id).
    private static func involves(_ finding: Finding, _ roles: [String]) -> Bool {
        let files = Set(roles.map(CharterTree.roleFile))
        return ([finding.location] + finding.related).contains { files.contains($0.file) }
    }
}
