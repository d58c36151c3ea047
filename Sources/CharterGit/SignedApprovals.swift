import CharterCore
import CharterSigning

/// A signed approval that holds: the role it approves as, and the key it was made with.
public struct SignedApproval: Sendable, Equatable {
    public var role: String
    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    public var fingerprint: String
    /// The role's holder before the commit, when the charters name one.
    public var holder: String?

    public init(role: String, fingerprint: String, holder: String?) {
        self.role = role
        self.fingerprint = fingerprint
        self.holder = holder
    }
}

/// The approvals entry of one commit, judged.
public struct ApprovalVerdicts: Sendable {
    public var valid: [SignedApproval] = []
    /// Why each record that does not hold fails (and what of the entry is no record at all).
    public var forged: [String] = []
}

extension Repository {
    /// Judges the approvals entry `note` of `commit`. A record holds when its signature, in the approvals
    /// namespace, verifies over the commit's statement for its role (`ApprovalStatement`) and was made with a
    /// key the role (or external name) had in `parent`, the charters of the commit's first parent: a
    /// change cannot approve itself by adding a key, and a signature copied from another commit names
    /// another commit.
    public func judgeApprovals(of commit: ObjectID, note: ObjectID, parent: CharterSet) throws -> ApprovalVerdicts {
        var verdicts = ApprovalVerdicts()
        let (records, problems) = approvalRecords(blob: note)
        verdicts.forged = problems.map { "the approvals entry of \(commit.short) cannot be read: \($0)" }
        let keys = parent.keysByName
        for record in records {
            let what = "the approval of \(record.role) (entry line \(record.line))"
            let signature: SSHSignature
            do { signature = try SSHSignature(armored: record.signature) } catch {
                verdicts.forged.append("\(what) is no SSH signature: \(error)")
                continue
            }
            let statement = Array(try approvalStatement(of: commit, role: record.role).utf8)
            do { try signature.verify(statement, namespace: ApprovalStatement.namespace) } catch {
                verdicts.forged.append("\(what) does not verify for this commit: \(error)")
                continue
            }
            guard keys[record.role]?.contains(signature.publicKey.line) == true else {
                let had = keys[record.role].map { "\($0.count) key\($0.count == 1 ? "" : "s")" } ?? "no key"
                verdicts.forged.append("\(what) is signed with \(signature.publicKey.fingerprint), not a key of \(record.role) before the commit (it had \(had))")
                continue
            }
            guard !verdicts.valid.contains(where: { $0.role == record.role }) else { continue }
            verdicts.valid.append(SignedApproval(role: record.role, fingerprint: signature.publicKey.fingerprint,
                                                 holder: parent.role(record.role)?.holder))
        }
        return verdicts
    }
}
