import ArgumentParser
import CharterCore
import CharterGit
import CharterSigning
import Foundation

extension Charter {
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign, as the holder of a role, an approval of a commit's boundary changes.",
            discussion: """
                Signs, in the SSH signature format git uses with gpg.format=ssh (namespace charter-approval), a \
                statement naming the commit, its tree, its parents and ROLE, with a key among ROLE's keys in the \
                commit's parent (a role's `keys:` in its charter; an external name's in charter.yaml). The key is \
                taken from ssh-agent (SSH_AUTH_SOCK), or from the private key file --key names (unencrypted). \
                The approval is added to the commit's entry in refs/notes/charter-approvals: no commit is \
                rewritten. Share it with `git push origin refs/notes/charter-approvals`; fetch others' with \
                `git fetch origin refs/notes/charter-approvals:refs/notes/charter-approvals`. charter audit \
                verifies it, with no child process.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The commit to approve.", valueName: "rev"))
        var revision: String

        @Option(help: ArgumentHelp("The role approving: the key must be one of its keys before the commit.", valueName: "role"),
                completion: .roles)
        var role: String

        @Option(help: ArgumentHelp("A private key file to sign with, instead of ssh-agent.", valueName: "file"), completion: .file())
        var key: String?

        func run() throws {
            let workspace = try global.workspace()
            let commit = try workspace.repository.commit(for: revision)
            let parent = try workspace.repository.commitInfo(commit).parents.first.map(Workspace.Snapshot.commit) ?? .empty
            let signer = try workspace.approvalSigner(for: role, keysAt: parent, keyFile: key.map(global.path))
            let approval = try workspace.recordApproval(of: commit, as: role, with: signer)
            Terminal.standardOutput.write("approved \(commit.short) as \(TerminalText.escaped(role)) with \(approval.fingerprint) "
                + "(\(Repository.approvalNotesRef); share it: git push origin \(Repository.approvalNotesRef))\n")
        }
    }
}

extension Workspace {
    /// What signs `role`'s approval of a commit made on `parent`: a key among the role's keys there, from
    /// the private key file `keyFile` (a full path) or else from ssh-agent. Refused (exit 2) when the role
    /// has no keys, or the key offered is not one of them.
    func approvalSigner(for role: String, keysAt parent: Snapshot, keyFile: String?) throws -> SSHSigner {
        let before = try charters(parent)
        guard before.role(role) != nil || before.company?.external.contains(where: { $0.value == role }) == true else {
            throw UnknownName(.roleOrExternalName, role, scope: "at \(parent.shortLabel)",
                              among: before.roles.map(\.id) + (before.company?.external.map(\.value) ?? []))
        }
        let keys = before.keysByName[role] ?? []
        guard !keys.isEmpty else {
            throw CommandFailure.usage("\(role) has no keys at \(parent.shortLabel): its holder's public key goes in its charter (`keys:`) first, in a commit of its own")
        }
        do {
            if let keyFile {
                let file = try SSHKeyFile(path: keyFile)
                guard keys.contains(file.publicKey.line) else {
                    throw CommandFailure.usage("\(keyFile) holds \(file.publicKey.fingerprint), which is not one of \(role)'s keys at \(parent.shortLabel)")
                }
                return file
            }
            let agent = try SSHAgent()
            guard let key = try agent.identities().first(where: { keys.contains($0.line) }) else {
                throw CommandFailure.usage("ssh-agent holds none of \(role)'s keys at \(parent.shortLabel): `ssh-add` the key, or give it with --key")
            }
            return try agent.signer(for: key)
        } catch let error as SSHSigningError {
            throw CommandFailure.usage("cannot sign as \(role): \(error)")
        }
    }

    /// Signs `role`'s approval of `commit` with `signer` and adds it to the commit's approvals entry,
    /// as the committer git would name (the notes commit's author and committer).
    func recordApproval(of commit: ObjectID, as role: String, with signer: SSHSigner) throws -> SignedApproval {
        let statement = try repository.approvalStatement(of: commit, role: role)
        let signature = try SSHSig.sign(Array(statement.utf8), namespace: ApprovalStatement.namespace, with: signer)
        let identity = try Identity.resolve(author: nil, in: repository).committer
        try repository.addApproval(ApprovalRecord(role: role, signature: signature), to: commit, as: identity)
        return SignedApproval(role: role, fingerprint: signer.publicKey.fingerprint, holder: nil)
    }
}
