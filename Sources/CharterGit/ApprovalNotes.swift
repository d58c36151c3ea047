import CLibGit2
import CharterCore

/// Where signed approvals live: a git notes ref, one entry per approved commit (`ApprovalNote`).
/// Notes survive pushes and clones when asked for (`git push origin refs/notes/charter-approvals`,
/// `git fetch origin refs/notes/charter-approvals:refs/notes/charter-approvals`), and adding one
/// rewrites no commit of the history.
extension Repository {
    public static let approvalNotesRef = "refs/notes/charter-approvals"

    /// Every commit with an approvals entry, and the blob of its entry; none without the notes ref.
    public func approvalNoteBlobs() throws(GitError) -> [ObjectID: ObjectID] {
        var notes: [ObjectID: ObjectID] = [:]
        let rc = withUnsafeMutablePointer(to: &notes) { notes in
            git_note_foreach(pointer, Self.approvalNotesRef, { blob, annotated, payload in
                guard let blob, let annotated, let payload else { return -1 }
                payload.assumingMemoryBound(to: [ObjectID: ObjectID].self).pointee[ObjectID(annotated)] = ObjectID(blob)
                return 0
            }, notes)
        }
        if rc == GIT_ENOTFOUND.rawValue { return [:] }
        try Git.check(rc, "read \(Self.approvalNotesRef)")
        return notes
    }

    /// The approvals of `commit`, and the problems of its entry (`ApprovalNote.parse`); none without an entry.
    public func approvalRecords(of commit: ObjectID) throws -> (records: [ApprovalRecord], problems: [String]) {
        guard let blob = try approvalNoteBlobs()[commit] else { return ([], []) }
        return approvalRecords(blob: blob)
    }

    /// The approvals an entry's blob holds; an entry over `ApprovalNote.maxBytes` is a problem, not read.
    /// An entry that is no readable blob (a tree, a submodule link, a missing object) is a problem too:
    /// whoever can write the notes ref must not be able to stop an audit.
    public func approvalRecords(blob: ObjectID) -> (records: [ApprovalRecord], problems: [String]) {
        do {
            switch try readBlob(blob.description, maxBytes: ApprovalNote.maxBytes) {
            case .bytes(let bytes): return ApprovalNote.parse(String(decoding: bytes, as: UTF8.self))
            case .oversized(let size): return ([], ["the entry is \(size) bytes, over the limit of \(ApprovalNote.maxBytes)"])
            }
        } catch {
            return ([], ["the entry \(blob.short) cannot be read as text: \(error)"])
        }
    }

    /// What the holder of `role` signs to approve `commit` (`ApprovalStatement`): its id, tree and
    /// parents as the commit object records them (a shallow clone's boundary included).
    public func approvalStatement(of commit: ObjectID, role: String) throws(GitError) -> String {
        let object = try Commit(commit, in: self)
        let tree = ObjectID(git_commit_tree_id(object.pointer))
        let parents = (0..<git_commit_parentcount(object.pointer)).compactMap { git_commit_parent_id(object.pointer, $0).map(ObjectID.init) }
        return ApprovalStatement.text(commit: commit.description, tree: tree.description, parents: parents.map(\.description), role: role)
    }

    /// Adds `record` to the approvals entry of `commit`, as `identity` (the notes commit's author and committer).
    public func addApproval(_ record: ApprovalRecord, to commit: ObjectID, as identity: Identity) throws {
        var existing: String?
        if let blob = try approvalNoteBlobs()[commit] {
            guard case .bytes(let bytes) = try readBlob(blob.description, maxBytes: ApprovalNote.maxBytes) else {
                throw GitError(code: -1, operation: "add an approval to \(commit.short)", message: "its approvals entry is over \(ApprovalNote.maxBytes) bytes")
            }
            existing = String(decoding: bytes, as: UTF8.self)
        }
        let entry = ApprovalNote.adding(record, to: existing)
        var signature: UnsafeMutablePointer<git_signature>?
        try Git.check(git_signature_new(&signature, identity.name, identity.email, identity.time.seconds,
                                        Int32(identity.time.offsetMinutes)), "make the signature of the notes commit")
        defer { git_signature_free(signature) }
        var annotated = commit.raw, written = git_oid()
        try Git.check(git_note_create(&written, pointer, Self.approvalNotesRef, signature, signature, &annotated, entry, 1),
                      "write the approval of \(commit.short) to \(Self.approvalNotesRef)")
    }
}
