import Foundation

/// Why an operation on a charter repository could not go ahead. Every case maps to exit code 3,
/// except `nothingToCommit`, which is a finding (exit 1), and `isUsage`'s cases (exit 2): they
/// ask the user to act first.
public enum RepositoryError: Error, Equatable, CustomStringConvertible {
    case notARepository(path: String)
    case bareRepository(path: String)
    case revisionNotFound(String)
    case noCommitsYet
    case notACommit(String)
    case branchMoved(branch: String)
    case referenceLocked(reference: String)
    case indexLocked(path: String)
    case nothingToCommit
    case directoryNotEmpty(path: String)
    case fileSystem(path: String, reason: String)
    case git(GitError)
    /// An author or committer that cannot be written as given; nothing was written.
    case invalidIdentity(IdentityError)
    /// A git command stopped half-way that `charter commit` cannot conclude; nothing was written.
    case operationInProgress(OperationInProgress)
    /// Charter files that still hold conflict markers; nothing was written.
    case conflictMarkers(paths: [String])
    /// Files other than the charters that a merge left unresolved; nothing was written.
    case unmergedPaths([String])
    /// Charter files the index holds as a conflict: there is no staged version to read.
    case unmergedCharterFiles([String])
    /// A hook charter did not write is where charter's would go; nothing was written.
    case foreignHook(path: String)
    /// `core.hooksPath` comes from a configuration every repository reads (`level`: "global"...), so
    /// `folder` is every repository's hooks folder; nothing was written.
    case sharedHooksFolder(folder: String, level: String)
    /// `--force` would keep a foreign hook at `backup`, but a file is there already; nothing was written.
    case hookBackupInTheWay(hook: String, backup: String)

    /// Whether the user must act before retrying (exit 2): an identity to fix, an operation to finish, a
    /// work tree to find (a bare repository has none).
    public var isUsage: Bool {
        switch self {
        case .invalidIdentity, .operationInProgress, .conflictMarkers, .unmergedPaths, .unmergedCharterFiles, .foreignHook, .hookBackupInTheWay, .sharedHooksFolder, .bareRepository: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .notARepository(let path): "not a git repository (or any parent up to the root): \(path)"
        case .bareRepository(let path): "\(path) is a bare repository; charter needs a work tree"
        case .revisionNotFound(let revision): "unknown revision '\(revision)'"
        case .noCommitsYet: "the branch has no commits yet: make the first with `charter commit` (or `charter init` a new repository)"
        case .notACommit(let revision): "'\(revision)' does not name a commit"
        case .branchMoved(let branch): "branch moved, retry: \(branch) changed while this commit was being made"
        case .referenceLocked(let reference):
            "branch moved, retry: \(reference) is locked by another process that is updating it"
        case .indexLocked(let path):
            "the index is locked by another git process (\(path)); retry when it has finished, or remove the lock if no git process is running"
        case .nothingToCommit: "nothing to commit: the charters are the same as in HEAD"
        case .directoryNotEmpty(let path): "\(path) is not empty; charter init needs a new or empty folder"
        case .fileSystem(let path, let reason): "\(path): \(reason)"
        case .git(let error): error.description
        case .invalidIdentity(let error): error.description
        case .operationInProgress(let operation):
            "\(operation) is in progress: \(operation.howToEnd); charter writes a commit only between git commands, or to conclude a merge"
        case .conflictMarkers(let paths):
            "conflict markers (<<<<<<<, =======, >>>>>>>) remain in \(paths.joined(separator: ", ")): resolve the conflict there, then run charter commit again"
        case .unmergedCharterFiles(let paths):
            "\(paths.joined(separator: ", ")) \(paths.count == 1 ? "has a conflict" : "have conflicts") in the index: resolve \(paths.count == 1 ? "it" : "them") and stage \(paths.count == 1 ? "it" : "them") with `git add`"
        case .foreignHook(let path):
            "\(path) is a hook charter did not write; it is left as it is, and nothing was changed (`charter hook install --force` keeps it as \((path as NSString).lastPathComponent).charter-backup and installs charter's)"
        case .sharedHooksFolder(let folder, let level):
            "core.hooksPath is set in the \(level) git configuration: \(folder) is the hooks folder of every repository, and charter's hook there would check commits in all of them; nothing was changed: set it for this repository only (`git config core.hooksPath .githooks`), or install there anyway with `charter hook install --force`"
        case .hookBackupInTheWay(let hook, let backup):
            "\(hook) is a hook charter did not write, and \(backup), where --force would keep it, exists already; nothing was changed: move one of them away first"
        case .unmergedPaths(let paths):
            "\(OperationInProgress.merge) is in progress and \(paths.joined(separator: ", ")) \(paths.count == 1 ? "is" : "are") not merged yet; charter commit writes only the charter files: resolve \(paths.count == 1 ? "it" : "them") and stage \(paths.count == 1 ? "it" : "them") with `git add`, then run `charter commit` again; or abort the merge with `git merge --abort`"
        }
    }
}
