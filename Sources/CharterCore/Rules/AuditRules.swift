/// What `charter audit` checks of one commit's boundary changes, beyond the validity of its charters.
public enum AuditRules {
    public enum Code: String, Sendable, CaseIterable {
        /// The commit's charters break the rules of the schema in force at that commit.
        case invalidCommit = "invalid-commit"
        /// A move, removal, grant or drop without `Approved-By` from the roles that lose and gain.
        case missingApproval = "missing-approval"
        /// A boundary change with a subject and no body.
        case noRationale = "no-rationale"
        /// An `Approved-By` that names no role, before or after the commit.
        case unknownApprover = "unknown-approver"
        /// The overlaps an import brought, and how many remain.
        case pendingIntegration = "pending-integration"
        /// A schema.yaml that takes a built-in schema's name but differs from it.
        case alteredBuiltinSchema = "altered-builtin-schema"
        /// A boundary rule made less strict (error → warning → off), with who approved it.
        case ruleWeakened = "rule-weakened"
        /// A boundary rule made less strict by a commit nobody approved.
        case unapprovedRuleChange = "unapproved-rule-change"
        /// The history stops at a shallow clone's boundary: what came before was not checked.
        case shallowHistory = "shallow-history"
        /// A role that newly continues a name that was no role of the commit before.
        case invalidLineage = "invalid-lineage"
        /// An `Approved-By` with no valid signed approval, for a role that could have signed: a warning,
        /// an error where charter.yaml says `approvals: signed`.
        case unsignedApproval = "unsigned-approval"
        /// An approval record whose signature fails, names another commit, or was made with a key the
        /// role did not have before the commit; or an entry that cannot be read.
        case forgedApproval = "forged-approval"
        /// A role's (or external name's) keys changed without a signed approval by its keys before the
        /// change or by the role it reports to.
        case unapprovedKeyChange = "unapproved-key-change"
        /// The founding keys (the first keys the history holds) are not those `--trust` names.
        case untrustedKey = "untrusted-key"

        public var severity: Severity {
            switch self {
            case .invalidCommit, .missingApproval, .unknownApprover, .alteredBuiltinSchema, .unapprovedRuleChange, .invalidLineage,
                 .forgedApproval, .unapprovedKeyChange, .untrustedKey: .error
            case .noRationale, .pendingIntegration, .ruleWeakened, .shallowHistory, .unsignedApproval: .warning
            }
        }

        /// What the code finds, in a few words (a rule's title in SARIF output).
        public var summary: String {
            switch self {
            case .invalidCommit: "A commit whose charters break the rules in force at that commit"
            case .missingApproval: "A boundary change without the approval of a role it takes from or gives to"
            case .noRationale: "A boundary change with a subject and no body"
            case .unknownApprover: "An Approved-By that names no role"
            case .pendingIntegration: "The overlaps an import brought, and how many remain"
            case .alteredBuiltinSchema: "A schema.yaml that takes a built-in schema's name but differs from it"
            case .ruleWeakened: "A boundary rule made less strict"
            case .unapprovedRuleChange: "A boundary rule made less strict by a commit nobody approved"
            case .shallowHistory: "Where a shallow clone's history starts: nothing before it was checked"
            case .invalidLineage: "A role that continues a role the commit before did not have"
            case .unsignedApproval: "An Approved-By with no valid signed approval"
            case .forgedApproval: "A signed approval that does not hold"
            case .unapprovedKeyChange: "A change of a role's keys that its keys or its manager did not sign"
            case .untrustedKey: "Founding keys that --trust does not name"
            }
        }

        /// One line on what to do about it (a rule's help in SARIF output).
        public var hint: String {
            switch self {
            case .invalidCommit: "repair the charters in a later commit; `charter validate --rev COMMIT` lists what the commit broke"
            case .missingApproval: "record the approval of each role an item leaves or joins: `Approved-By: ROLE` (`charter commit --approved-by`)"
            case .noRationale: "say why in the message's body (`charter commit -m SUBJECT -m WHY`)"
            case .unknownApprover: "name in `Approved-By:` a role that exists before or after the commit"
            case .pendingIntegration: "integrate the import: decide which role keeps each overlapping item, and remove it from the other"
            case .alteredBuiltinSchema: "give a schema of your own its own name, in schema.yaml and charter.yaml `schema:`"
            case .ruleWeakened: "make sure the approvers meant it: a less strict rule lets more overlaps and gaps through"
            case .unapprovedRuleChange: "have the roles concerned approve the change with `Approved-By:`, or restore the rule's severity"
            case .shallowHistory: "fetch the whole history (`git fetch --unshallow`) to audit it all"
            case .invalidLineage: "`continues:` names roles of the commit before; fix the name in a later commit"
            case .unsignedApproval: "have the role's holder sign it: `charter approve COMMIT --role ROLE`"
            case .forgedApproval: "remove the entry (`git notes --ref charter-approvals remove COMMIT`) and have the holder sign again"
            case .unapprovedKeyChange: "have the role's previous key, or the role it reports to, sign the commit: `charter approve COMMIT --role ROLE`"
            case .untrustedKey: "check with the key holders; a history rewritten with new keys is not the one you trusted"
            }
        }
    }

    public struct Finding: Equatable, Sendable {
        public var code: Code
        public var message: String
        /// The code's, unless a rule of the company raised it (`approvals: signed`).
        public var severity: Severity

        public init(code: Code, message: String, severity: Severity? = nil) {
            self.code = code
            self.message = message
            self.severity = severity ?? code.severity
        }
    }

    /// What one commit's approvals amount to once signatures are read, and what the rules of signed
    /// approvals need to know of the commit and its parent.
    public struct ApprovalEvidence: Sendable {
        /// The roles of the `Approved-By` trailers.
        public var trailers: [String]
        /// The roles (and external names) with a valid signed approval of the commit.
        public var signed: Set<String>
        /// Why each record that does not hold fails.
        public var forged: [String]
        /// The keys (`PublicKeyLine.key`) of each role and external name, before the commit and after it.
        public var keysBefore: [String: Set<String>]
        public var keysAfter: [String: Set<String>]
        /// Whom each role reports to, before the commit (after it, for a role it adds).
        public var bosses: [String: String]
        /// The roles whose `reports-to` the commit changes: who reports to whom decides who may sign their keys.
        public var bossChanges: [String: (before: String?, after: String?)]
        /// The external names: their keys' changes may be signed by one another.
        public var externalNames: Set<String>
        /// The policy in force at the commit.
        public var policy: Company.ApprovalPolicy

        public init(trailers: [String], signed: Set<String>, forged: [String], keysBefore: [String: Set<String>],
                    keysAfter: [String: Set<String>], bosses: [String: String], bossChanges: [String: (before: String?, after: String?)] = [:],
                    externalNames: Set<String>, policy: Company.ApprovalPolicy) {
            self.trailers = trailers
            self.signed = signed
            self.forged = forged
            self.keysBefore = keysBefore
            self.keysAfter = keysAfter
            self.bosses = bosses
            self.bossChanges = bossChanges
            self.externalNames = externalNames
            self.policy = policy
        }

        /// Whether the commit brings the history's first keys: nobody had one before it.
        public var foundsKeys: Bool { keysBefore.values.allSatisfy(\.isEmpty) && keysAfter.values.contains { !$0.isEmpty } }
    }

    /// The findings of signed approvals at one commit:
    /// - each record that does not hold is `forged-approval`;
    /// - an `Approved-By` without a valid signature is `unsigned-approval` when the role had keys to sign
    ///   with (a warning), and for every role under `approvals: signed` (an error);
    /// - a change of a role's keys needs a valid signature by the role (its keys before the change) or
    ///   by the role it reports to; an external name's, by one of the external names. The history's first
    ///   keys need none: `--trust` checks them.
    public static func checkSignatures(_ evidence: ApprovalEvidence) -> [Finding] {
        var findings = evidence.forged.map { Finding(code: .forgedApproval, message: $0) }
        for role in evidence.trailers where !evidence.signed.contains(role) {
            if evidence.policy == .signed {
                findings.append(Finding(code: .unsignedApproval, message: "Approved-By: \(role) is not signed, and charter.yaml says approvals: signed",
                                        severity: .error))
            } else if evidence.keysBefore[role]?.isEmpty == false {
                findings.append(Finding(code: .unsignedApproval, message: "Approved-By: \(role) is not signed, though \(role) has keys to sign with"))
            }
        }
        guard !evidence.foundsKeys else { return findings }
        // Whoever a role reports to may sign its keys: moving a role that has keys under another is a change of who may.
        for (name, change) in evidence.bossChanges.sorted(by: { $0.key < $1.key }) where evidence.keysBefore[name]?.isEmpty == false {
            let approvers = Set([name] + [change.before].compactMap { $0 })
            guard approvers.isDisjoint(with: evidence.signed) else { continue }
            findings.append(Finding(code: .unapprovedKeyChange, message: "\(name), which has keys, now reports to \(change.after ?? "nobody") "
                + "(was \(change.before ?? "nobody")) with no signed approval by \(name)'s keys" + (change.before.map { " or by \($0)" } ?? "")
                + ": whoever it reports to may sign its keys"))
        }
        let names = Set(evidence.keysBefore.keys).union(evidence.keysAfter.keys)
        for name in names.sorted() {
            let before = evidence.keysBefore[name] ?? [], after = evidence.keysAfter[name] ?? []
            guard before != after else { continue }
            let approvers = evidence.externalNames.contains(name) ? evidence.externalNames : Set([name] + [evidence.bosses[name]].compactMap { $0 })
            guard approvers.isDisjoint(with: evidence.signed) else { continue }
            let added = after.subtracting(before).count, removed = before.subtracting(after).count
            let by = evidence.externalNames.contains(name) ? "an external name's key" : "\(name)'s keys before it" + (evidence.bosses[name].map { " or by \($0)" } ?? "")
            findings.append(Finding(code: .unapprovedKeyChange,
                                    message: "the keys of \(name) changed (\(added) added, \(removed) removed) with no signed approval by \(by)"))
        }
        return findings
    }

    /// The approvals a change needs. Approvals follow the item: whatever leaves a role (moved, removed,
    /// dropped) needs that role's approval, whatever arrives from another role (in the same commit or,
    /// as `ItemProvenance` finds, from an earlier one) needs both, and a granted decision right the
    /// role's that takes it. A role renamed, merged or split off needs the approval of the role that
    /// continues (`lineageApprovals` says who may give it).
    public static func requiredApprovals(_ change: BoundaryChange) -> [String] {
        switch change.kind {
        case .moved where change.from != change.to, .decisionMoved: [change.from, change.to].compactMap { $0 }
        case .removed where change.itemKind != .decision: [change.role].compactMap { $0 }
        case .decisionGranted, .decisionDropped: [change.role].compactMap { $0 }
        case .roleRenamed, .rolesMerged, .roleSplit: [change.continuingRole].compactMap { $0 }
        default: []
        }
    }

    /// The approvals a commit's `Approved-By` trailers amount to, once its lineage changes are read:
    /// - the role that continues others is approved by its own `Approved-By`, or, when it is new, by those
    ///   of every role it continues together (their holders approve as those roles: what they held became
    ///   it; a role that existed before has a say of its own, which nobody else gives);
    /// - a continued role that is gone after the commit (a rename, a merger) is approved when the role
    ///   that continues it is: its items travel along the lineage with that approval, and so does what
    ///   it gives to others in the same commit;
    /// - a continued role that stays (a split) keeps its own say: what it gives up needs its approval.
    public static func lineageApprovals(_ approvals: Set<String>, _ changes: [BoundaryChange], rolesBefore: Set<String>,
                                        rolesAfter: Set<String>) -> Set<String> {
        Set(lineageApprovers(approvals, changes, rolesBefore: rolesBefore, rolesAfter: rolesAfter).keys)
    }

    /// `lineageApprovals`, with for each role approved the roles whose `Approved-By` gave the approval:
    /// itself, the roles it continues, or the role that continues it.
    public static func lineageApprovers(_ approvals: Set<String>, _ changes: [BoundaryChange], rolesBefore: Set<String>,
                                        rolesAfter: Set<String>) -> [String: Set<String>] {
        var granted = Dictionary(uniqueKeysWithValues: approvals.map { ($0, Set([$0])) })
        for lineage in changes where lineage.kind.isLineage {
            guard let role = lineage.continuingRole else { continue }
            let continued = lineage.continuedRoles
            let approvers: Set<String>
            if approvals.contains(role) {
                approvers = [role]
            } else if !rolesBefore.contains(role), !continued.isEmpty, continued.allSatisfy(approvals.contains) {
                approvers = Set(continued)
            } else {
                continue
            }
            granted[role, default: []].formUnion(approvers)
            for gone in continued where !rolesAfter.contains(gone) { granted[gone, default: []].formUnion(approvers) }
        }
        return granted
    }

    /// The roles whose approval `changes` need, sorted, each with the changes it is part of. A move along a
    /// lineage from a role that is gone after the changes (`rolesAfter`) needs only the continuing role's:
    /// the role it leaves has become that role.
    public static func approvalsNeeded(_ changes: [BoundaryChange], rolesAfter: Set<String>) -> [(role: String, changes: [BoundaryChange])] {
        let lineages = changes.filter(\.kind.isLineage)
        var needed: [String: [BoundaryChange]] = [:]
        for change in changes {
            var roles = requiredApprovals(change)
            if let lineage = lineages.first(where: change.isMove(along:)) {
                roles.removeAll { !rolesAfter.contains($0) && $0 != lineage.continuingRole }
            }
            for role in roles { needed[role, default: []].append(change) }
        }
        return needed.keys.sorted().map { ($0, needed[$0]!) }
    }

    /// Checks one commit's changes and message against the roles before and after it. A commit whose
    /// parent had no roles founds the charters: it moves nothing, so it needs no approvals.
    /// `schema` is the schema a commit put in force, when it changed it.
    public static func check(changes: [BoundaryChange], message: CommitMessage, rolesBefore: Set<String>,
                             rolesAfter: Set<String>, schema: Schema? = nil) -> [Finding] {
        var findings: [Finding] = []
        if let schema, let altered = alteredBuiltin(schema) { findings.append(altered) }
        for change in changes where change.kind == .ruleChanged {
            // Severities order from strict to lax: error, warning, off.
            guard let was = change.before.flatMap(Severity.init(rawValue:)), let now = change.after.flatMap(Severity.init(rawValue:)),
                  now > was else { continue }
            let weakened = "rule \(change.item ?? "") weakened: \(was.rawValue) → \(now.rawValue)"
            findings.append(message.approvals.isEmpty
                ? Finding(code: .unapprovedRuleChange, message: weakened + "; no Approved-By")
                : Finding(code: .ruleWeakened, message: weakened + "; approved by " + message.approvals.joined(separator: ", ")))
        }
        // A move across commits may come from a role that no longer exists; it approves as that role.
        let formerRoles = Set(changes.compactMap { $0.releasedIn != nil ? $0.from : nil })
        for approver in message.approvals where !rolesBefore.contains(approver) && !rolesAfter.contains(approver)
            && !formerRoles.contains(approver) {
            findings.append(Finding(code: .unknownApprover, message: "Approved-By: \(approver) names no role"))
        }
        for change in changes where change.kind == .fieldChanged && change.field == "continues" {
            for name in change.continued ?? [] {
                findings.append(Finding(code: .invalidLineage,
                                        message: "role \(change.role ?? "") continues \(name), which is no role of the commit before"))
            }
        }
        if !rolesBefore.isEmpty {
            let approvals = lineageApprovals(Set(message.approvals), changes, rolesBefore: rolesBefore, rolesAfter: rolesAfter)
            for (role, missing) in approvalsNeeded(changes, rolesAfter: rolesAfter) where !approvals.contains(role) {
                let listed = missing.prefix(3).map(describe).joined(separator: ", ")
                let more = missing.count > 3 ? " and \(missing.count - 3) more" : ""
                findings.append(Finding(code: .missingApproval,
                                        message: "no Approved-By: \(role) for \(missing.count) change\(missing.count == 1 ? "" : "s") it is part of: \(listed)\(more)"))
            }
        }
        if !changes.isEmpty, message.body.isEmpty {
            findings.append(Finding(code: .noRationale, message: "the boundary changes but the message gives no rationale (a subject and no body)"))
        }
        return findings
    }

    /// A schema that calls itself by a built-in schema's name must be that schema: otherwise anyone
    /// reading "four-area" would trust rules that are not in force.
    private static func alteredBuiltin(_ schema: Schema) -> Finding? {
        let builtin = Schema.fourArea
        guard schema.id == builtin.id else { return nil }
        var same = schema
        same.source = builtin.source
        guard same != builtin else { return nil }
        let differences = BoundaryDiff.schemaChanges(builtin, schema).map { change in
            "\(change.item ?? change.field ?? "") \(change.after ?? "") (built-in: \(change.before ?? ""))"
        }
        return Finding(code: .alteredBuiltinSchema,
                       message: "\(schema.source) calls itself '\(schema.id)' version \(schema.version), the built-in schema's name, but differs from it: "
                           + (differences.isEmpty ? "its titles or questions" : differences.joined(separator: ", ")))
    }

    /// `roadmap cto → cpo`, `strategy/why granted to cpo`.
    public static func describe(_ change: BoundaryChange) -> String {
        let what = change.itemKind == .decision ? "\(change.area ?? "")/\(change.item ?? "")" : change.item ?? ""
        switch change.kind {
        case .decisionGranted: return "\(what) granted to \(change.role ?? "")"
        case .decisionDropped: return "\(what) dropped by \(change.role ?? "")"
        case .removed: return "\(what) removed from \(change.role ?? "")"
        case .roleRenamed: return "\(change.from ?? "") renamed \(change.to ?? "")"
        case .rolesMerged: return "\((change.continued ?? []).joined(separator: " + ")) merged into \(change.role ?? "")"
        case .roleSplit: return "\(change.role ?? "") split off from \(change.from ?? "")"
        default:
            return "\(what) \(change.from ?? "") → \(change.to ?? "")" + (change.releasedIn.map { " (left \(change.from ?? "") in \($0.prefix(7)))" } ?? "")
        }
    }
}
