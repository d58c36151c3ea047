import CharterCore
import Foundation

/// `charter textconv` as git's diff driver for role files: the `.gitattributes` line that gives them
/// the `charter` driver (in the work tree, shared with whoever clones it) and the `diff.charter.textconv`
/// setting that makes the driver run charter (in the repository's own configuration, never shared).
/// Where the setting is missing, git diffs role files as text.
public struct DiffDriver {
    public static let attributesLine = "\(CharterTree.rolesPath)/*.yaml diff=charter"
    public static let setting = "diff.charter.textconv"

    let repository: Repository
    /// The work tree's `.gitattributes`.
    public let attributesPath: String

    public init(in repository: Repository) throws(RepositoryError) {
        guard let root = repository.workingDirectory else { throw .bareRepository(path: repository.gitDirectory) }
        self.repository = repository
        attributesPath = root + ".gitattributes"
    }

    /// Adds `attributesLine` to `.gitattributes` unless it is there (returns whether it was added),
    /// keeping what else the file holds, and sets `setting` to run the charter binary at `charter`.
    /// The setting is a shell command (git runs it through the shell, the file's path appended) that
    /// runs charter from the PATH once that binary is gone, as the hook does, so `git diff` still works.
    public func install(charter: String) throws(RepositoryError) -> Bool {
        let lines = try attributeLines()
        let added = !lines.contains { $0.trimmingCharacters(in: .whitespacesAndNewlines) == Self.attributesLine }
        if added {
            let kept = lines.last == "" ? lines.dropLast() : lines[...]
            try GitFile.replace(attributesPath, with: (kept + [Self.attributesLine, ""]).joined(separator: "\n"), mode: 0o644)
        }
        do { try Config.local(of: repository).set(Self.setting, Self.command(charter: charter)) } catch { throw .git(error) }
        return added
    }

    /// `setting`'s value for the charter binary at `charter`.
    static func command(charter: String) -> String {
        #"c=\#(charter.shellQuoted); [ -x "$c" ] || c=charter; "$c" textconv"#
    }

    public enum LineRemoval: Equatable {
        case removed
        /// `.gitattributes` has no such line.
        case absent
        /// `.gitattributes` is tracked, shared with the team: it is left as it is.
        case tracked
    }

    /// Removes what `install` added: the line (and `.gitattributes` with it, when nothing else is
    /// left in it) unless the file is tracked, and the setting (returning whether it was there).
    public func uninstall() throws(RepositoryError) -> (line: LineRemoval, setting: Bool) {
        let lines = try attributeLines()
        let kept = lines.filter { $0.trimmingCharacters(in: .whitespacesAndNewlines) != Self.attributesLine }
        let line: LineRemoval = kept.count == lines.count ? .absent : try isTracked() ? .tracked : .removed
        if line == .removed {
            if kept.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
                try GitFile.remove(attributesPath)
            } else {
                try GitFile.replace(attributesPath, with: kept.joined(separator: "\n"), mode: 0o644)
            }
        }
        do {
            return (line, try Config.local(of: repository).remove(Self.setting))
        } catch {
            throw .git(error)
        }
    }

    /// Whether the index holds `.gitattributes`.
    private func isTracked() throws(RepositoryError) -> Bool {
        do {
            return try Index(of: repository).entries(withPrefix: ".gitattributes").contains { $0.path == ".gitattributes" }
        } catch {
            throw .git(error)
        }
    }

    /// The lines of `.gitattributes`, the last empty when the file ends in a line break; none when
    /// there is no such file. Anything but a plain file there is left alone.
    private func attributeLines() throws(RepositoryError) -> [String] {
        switch try GitFile.kind(attributesPath) {
        case .missing: return []
        case .other: throw .fileSystem(path: attributesPath, reason: "not a plain file; charter writes only a plain .gitattributes")
        case .file: return try GitFile.text(attributesPath).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
