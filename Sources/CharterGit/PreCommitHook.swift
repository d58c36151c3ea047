import CLibGit2
import Foundation

/// charter's git pre-commit hook: a shell script that runs `charter validate --staged`, so that a
/// commit made with plain git is refused while the charters staged for it are invalid. charter knows
/// its own hook by `marker`: it replaces and removes only a hook holding that line.
public struct PreCommitHook {
    /// The line that makes a hook charter's.
    public static let marker = "# charter: pre-commit hook written by `charter hook install`"

    /// The hook's file, in the folder git runs hooks from (`Repository.hooksDirectory`).
    public let path: String

    /// Where `install(force: true)` keeps a hook charter did not write, and `uninstall` puts it back from.
    public var backupPath: String { path + ".charter-backup" }

    /// The configuration level `core.hooksPath` comes from ("global"...) when that is not this
    /// repository's own: the folder is then every repository's hooks folder.
    public let sharedBy: String?

    public init(in repository: Repository) throws(RepositoryError) {
        path = try repository.hooksDirectory() + "pre-commit"
        sharedBy = try repository.sharedHooksPathLevel()
    }

    /// The script, running `charter` at its absolute path, or from the PATH once that is gone.
    public static func script(charter: String) -> String {
        """
        #!/bin/sh
        \(marker)
        # It validates the charters staged for the commit: `git commit --no-verify` skips it once,
        # `charter hook uninstall` removes it. charter runs from where it was when the hook was
        # installed, else from the PATH.
        charter=\(charter.shellQuoted)
        [ -x "$charter" ] || charter=charter
        "$charter" validate --staged || {
        \tstatus=$?
        \techo "pre-commit: \\`charter validate --staged\\` failed (exit $status): nothing was committed" >&2
        \texit "$status"
        }

        """
    }

    public enum Installation: Equatable {
        /// There was no pre-commit hook.
        case installed
        /// charter's own hook was there, and is written anew.
        case updated
        /// A hook charter did not write was there: it is kept at `backupPath`.
        case replaced
    }

    /// Writes the hook for the charter binary at `charter`. A hook charter did not write is refused
    /// (`foreignHook`), unless `force`, which keeps it at `backupPath` (refused if a file is there);
    /// so is a hooks folder every repository shares (`sharedHooksFolder`), unless `force`.
    public func install(charter: String, force: Bool) throws(RepositoryError) -> Installation {
        if let sharedBy, !force {
            throw .sharedHooksFolder(folder: (path as NSString).deletingLastPathComponent, level: sharedBy)
        }
        let installation: Installation
        switch try state() {
        case .missing: installation = .installed
        case .charters: installation = .updated
        case .foreign:
            guard force else { throw .foreignHook(path: path) }
            guard try GitFile.kind(backupPath) == .missing else { throw .hookBackupInTheWay(hook: path, backup: backupPath) }
            installation = .replaced
        }
        // The new script is complete before the foreign hook moves: a failure leaves that hook in place.
        let written = path + ".charter-new"
        try GitFile.replace(written, with: Self.script(charter: charter), mode: 0o755)
        do {
            if installation == .replaced { try GitFile.move(path, to: backupPath) }
            try GitFile.move(written, to: path)
        } catch {
            try? GitFile.remove(written)
            throw error
        }
        return installation
    }

    public enum Removal: Equatable {
        case removed
        /// There was no pre-commit hook.
        case notInstalled
        /// The pre-commit hook is not charter's: it is left as it is.
        case foreign
    }

    /// Removes charter's hook and puts back the hook `install` kept at `backupPath`, if any (returned
    /// as `restored`). A hook charter did not write is left as it is, and so is the backup then.
    public func uninstall() throws(RepositoryError) -> (removal: Removal, restored: Bool) {
        let removal: Removal
        switch try state() {
        case .foreign: return (.foreign, false)
        case .missing: removal = .notInstalled
        case .charters:
            try GitFile.remove(path)
            removal = .removed
        }
        guard try GitFile.kind(backupPath) != .missing else { return (removal, false) }
        try GitFile.move(backupPath, to: path)
        return (removal, true)
    }

    private enum State { case missing, charters, foreign }

    /// Whether there is a hook, and whose: a file holding `marker` is charter's; anything else (a
    /// link to a hook manager's script, a folder) is someone else's.
    private func state() throws(RepositoryError) -> State {
        switch try GitFile.kind(path) {
        case .missing: return .missing
        case .other: return .foreign
        case .file:
            let lines = try GitFile.text(path).split(separator: "\n", omittingEmptySubsequences: false)
            return lines.contains { $0 == Self.marker } ? .charters : .foreign
        }
    }
}

extension Repository {
    /// The folder git runs this repository's hooks from, with a trailing slash: `core.hooksPath`
    /// (relative to the work tree's root, `~/` expanded, as git reads it), else `hooks` in the common
    /// git folder, which linked work trees share. Throws `bareRepository` in a bare repository, where
    /// no commit is made with a work tree to check.
    public func hooksDirectory() throws(RepositoryError) -> String {
        guard let root = workingDirectory else { throw .bareRepository(path: gitDirectory) }
        let configured: String?
        do { configured = try Config(of: self).path("core.hooksPath") } catch { throw .git(error) }
        guard let configured, !configured.isEmpty else { return commonDirectory + "hooks/" }
        let folder = configured.hasPrefix("/") ? configured : root + configured
        return folder.hasSuffix("/") ? folder : folder + "/"
    }

    /// The configuration level `core.hooksPath` comes from, named, when it is not one of this
    /// repository's own (local, or set by the application): nil when it is, or is not set.
    func sharedHooksPathLevel() throws(RepositoryError) -> String? {
        let level: git_config_level_t?
        do { level = try Config(of: self).level("core.hooksPath") } catch { throw .git(error) }
        switch level {
        case nil, GIT_CONFIG_LEVEL_LOCAL, GIT_CONFIG_LEVEL_APP: return nil
        case GIT_CONFIG_LEVEL_GLOBAL: return "global"
        case GIT_CONFIG_LEVEL_XDG: return "XDG (~/.config/git/config)"
        case GIT_CONFIG_LEVEL_SYSTEM: return "system"
        default: return "ProgramData"
        }
    }
}
