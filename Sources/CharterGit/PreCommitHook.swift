import CLibGit2
import Foundation

/// charter's git hooks: one shell script, run by git as `pre-commit` before a commit and as
/// `pre-merge-commit` before the commit `git merge` makes, that runs `charter validate --staged`, so
/// that a commit made with plain git is refused while the charters staged for it are invalid. charter
/// replaces and removes only its own hook: a file that is exactly `script`, whatever its charter path.
public struct PreCommitHook {
    /// The script's second line, which tells whoever reads the hook who wrote it.
    public static let marker = "# charter: pre-commit hook written by `charter hook install`"

    /// One of the hook's files, in the folder git runs hooks from (`Repository.hooksDirectory`).
    public struct File: Equatable {
        /// `pre-commit` or `pre-merge-commit`.
        public let name: String
        /// What git runs it before: "commit", "merge commit".
        public let before: String
        public let path: String

        /// Where `install(force: true)` keeps a hook charter did not write, and `uninstall` puts it back from.
        public var backupPath: String { path + ".charter-backup" }
    }

    /// The folder git runs hooks from, without a trailing slash.
    public let folder: String
    public let files: [File]

    /// The configuration level `core.hooksPath` comes from ("global"...) when that is not this
    /// repository's own: the folder is then every repository's hooks folder.
    public let sharedBy: String?

    public init(in repository: Repository) throws(RepositoryError) {
        let folder = try repository.hooksDirectory()
        self.folder = String(folder.dropLast())
        files = [("pre-commit", "commit"), ("pre-merge-commit", "merge commit")].map {
            File(name: $0.0, before: $0.1, path: folder + $0.0)
        }
        sharedBy = try repository.sharedHooksPathLevel()
    }

    /// The script, running `charter` at its absolute path, or from the PATH once that is gone.
    public static func script(charter: String) -> String {
        """
        #!/bin/sh
        \(marker)
        # It validates the charters staged for the commit (pre-commit) or the merge commit
        # (pre-merge-commit): `--no-verify` skips it once, `charter hook uninstall` removes it. charter
        # runs from where it was when the hook was installed, else from the PATH.
        charter=\(charter.shellQuoted)
        [ -x "$charter" ] || charter=charter
        "$charter" validate --staged || {
        \tstatus=$?
        \techo "${0##*/}: \\`charter validate --staged\\` failed (exit $status): nothing was committed" >&2
        \texit "$status"
        }

        """
    }

    public enum Installation: Equatable {
        /// There was no such hook.
        case installed
        /// charter's own hook was there, and is written anew.
        case updated
        /// A hook charter did not write was there: it is kept at `backupPath`.
        case replaced
    }

    /// Writes every file of the hook for the charter binary at `charter`, or none: a hook charter did
    /// not write is refused (`foreignHook`), unless `force`, which keeps it at `backupPath` (refused if a
    /// file is there); so is a hooks folder every repository shares (`sharedHooksFolder`), unless `force`.
    public func install(charter: String, force: Bool) throws(RepositoryError) -> [(file: File, installation: Installation)] {
        if let sharedBy, !force { throw .sharedHooksFolder(folder: folder, level: sharedBy) }
        var plan: [(file: File, installation: Installation)] = []
        for file in files {
            switch try Self.state(file.path) {
            case .missing: plan.append((file, .installed))
            case .charters: plan.append((file, .updated))
            case .foreign:
                guard force else { throw .foreignHook(path: file.path) }
                guard try GitFile.kind(file.backupPath) == .missing else { throw .hookBackupInTheWay(hook: file.path, backup: file.backupPath) }
                plan.append((file, .replaced))
            }
        }
        // The new scripts are complete before a foreign hook moves: a failure leaves that hook in place.
        let script = Self.script(charter: charter)
        do {
            for (file, _) in plan { try GitFile.replace(file.path + ".charter-new", with: script, mode: 0o755) }
            for (file, installation) in plan {
                if installation == .replaced { try GitFile.move(file.path, to: file.backupPath) }
                try GitFile.move(file.path + ".charter-new", to: file.path)
            }
        } catch {
            for (file, _) in plan { try? GitFile.remove(file.path + ".charter-new") }
            throw error
        }
        return plan
    }

    public enum Removal: Equatable {
        case removed
        /// There was no such hook.
        case notInstalled
        /// The hook is not charter's: it is left as it is.
        case foreign
    }

    /// Removes charter's hook files and puts back the hooks `install` kept at `backupPath`, if any
    /// (`restored`). A hook charter did not write is left as it is, and so is its backup then.
    public func uninstall() throws(RepositoryError) -> [(file: File, removal: Removal, restored: Bool)] {
        var done: [(file: File, removal: Removal, restored: Bool)] = []
        for file in files {
            let removal: Removal
            switch try Self.state(file.path) {
            case .foreign:
                done.append((file, .foreign, false))
                continue
            case .missing: removal = .notInstalled
            case .charters:
                try GitFile.remove(file.path)
                removal = .removed
            }
            let restored = try GitFile.kind(file.backupPath) != .missing
            if restored { try GitFile.move(file.backupPath, to: file.path) }
            done.append((file, removal, restored))
        }
        return done
    }

    /// Whether `text` is `script` for some charter path: the same lines but the `charter=` line, the
    /// only one that varies.
    static func isScript(_ text: String) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let template = script(charter: "").split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == template.count, let varying = template.firstIndex(where: { $0.hasPrefix("charter=") }) else { return false }
        return zip(lines, template).enumerated().allSatisfy { position, pair in
            position == varying ? pair.0.hasPrefix("charter=") : pair.0 == pair.1
        }
    }

    private enum State { case missing, charters, foreign }

    /// Whether there is a hook at `path`, and whose: a file that is `script` for some charter path is
    /// charter's; anything else (the script with lines added, a link to a hook manager's script, a
    /// folder) is someone else's.
    private static func state(_ path: String) throws(RepositoryError) -> State {
        switch try GitFile.kind(path) {
        case .missing: return .missing
        case .other: return .foreign
        case .file:
            return isScript(try GitFile.text(path)) ? .charters : .foreign
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
