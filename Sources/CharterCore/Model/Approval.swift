/// What the holder of a role signs to approve a commit's boundary changes: the commit, its tree and
/// parents, and the role, one per line. A signature over it holds for that commit only: copied onto
/// another, or onto the same changes rebased, it no longer verifies.
public enum ApprovalStatement {
    /// The SSH signature namespace of approvals (`ssh-keygen -Y sign -n charter-approval`).
    public static let namespace = "charter-approval"

    public static func text(commit: String, tree: String, parents: [String], role: String) -> String {
        "charter approval 1\ncommit \(commit)\ntree \(tree)\n" + parents.map { "parent \($0)\n" }.joined() + "role \(role)\n"
    }
}

/// One approval as a notes entry keeps it: the role, then its signature in SSH armour.
public struct ApprovalRecord: Equatable, Sendable {
    public var role: String
    /// The `-----BEGIN SSH SIGNATURE-----` … `-----END SSH SIGNATURE-----` block.
    public var signature: String
    /// The line of the entry the record begins on.
    public var line: Int

    public init(role: String, signature: String, line: Int = 1) {
        self.role = role
        self.signature = signature
        self.line = line
    }
}

/// The approvals of one commit, as the notes ref `refs/notes/charter-approvals` keeps them:
///
///     Charter-Approval: cpo
///     -----BEGIN SSH SIGNATURE-----
///     U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAg…
///     -----END SSH SIGNATURE-----
///
/// one block per approval, blank lines between. Whatever else an entry holds is a problem to report,
/// never a reason to stop reading the rest.
public enum ApprovalNote {
    static let header = "Charter-Approval: "
    static let begin = "-----BEGIN SSH SIGNATURE-----"
    static let end = "-----END SSH SIGNATURE-----"
    /// An entry larger than this is not read: a notes entry is a few signatures.
    public static let maxBytes = 1 << 20

    /// The records of an entry, and a description of each part that is not one (`line 3: …`).
    public static func parse(_ text: String) -> (records: [ApprovalRecord], problems: [String]) {
        guard text.utf8.count <= maxBytes else { return ([], ["the entry is \(text.utf8.count) bytes, over the limit of \(maxBytes)"]) }
        var records: [ApprovalRecord] = [], problems: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard !line.allSatisfy(\.isWhitespace) else { index += 1; continue }
            let number = index + 1
            guard line.hasPrefix(header) else {
                problems.append("line \(number): expected '\(header)ROLE', found '\(line.prefix(60))'")
                index += 1
                while index < lines.count, !lines[index].hasPrefix(header) { index += 1 }
                continue
            }
            let role = line.dropFirst(header.count).trimmingCharacters(in: .whitespaces)
            index += 1
            guard Identifier.isValid(role) else {
                problems.append("line \(number): '\(role.prefix(60))' is not a role id")
                continue
            }
            guard index < lines.count, lines[index] == begin else {
                problems.append("line \(number): the approval of \(role) has no signature")
                continue
            }
            var block = [String(lines[index])]
            index += 1
            while index < lines.count, lines[index] != end, !lines[index].hasPrefix(header) {
                block.append(String(lines[index]))
                index += 1
            }
            guard index < lines.count, lines[index] == end else {
                problems.append("line \(number): the signature of \(role)'s approval is cut short (no '\(end)')")
                continue
            }
            block.append(end)
            index += 1
            records.append(ApprovalRecord(role: role, signature: block.joined(separator: "\n") + "\n", line: number))
        }
        return (records, problems)
    }

    /// `entry` with `record` added (an existing approval of the same role and signature is kept once).
    public static func adding(_ record: ApprovalRecord, to entry: String?) -> String {
        let signature = record.signature.hasSuffix("\n") ? record.signature : record.signature + "\n"
        let block = "\(header)\(record.role)\n\(signature)"
        guard let entry, !entry.allSatisfy(\.isWhitespace) else { return block }
        if parse(entry).records.contains(where: { $0.role == record.role && $0.signature == signature }) { return entry }
        return (entry.hasSuffix("\n") ? entry : entry + "\n") + "\n" + block
    }
}
