import CharterCore
import Foundation

/// `charter textconv` as git's diff driver for role files: the `.gitattributes` line that gives them
/// the `charter` driver (in the work tree, shared with whoever clones it) and the `diff.charter.textconv`
/// setting that makes the driver run charter (in the repository's own configuration, never shared).
/// Where the setting is missing, git diffs role files as text.
public struct DiffDriver {
    public static let setting = "diff.charter.textconv"

    let repository: Repository
    /// The work tree's `.gitattributes`.
    public let attributesPath: String
    /// The line that gives the role files of the charter folder the driver: `roles/*.yaml diff=charter`,
    /// or `org/roles/*.yaml diff=charter` for charters in `org/`.
    public let attributesLine: String

    public init(in repository: Repository) throws(RepositoryError) {
        guard let root = repository.workingDirectory else { throw .bareRepository(path: repository.gitDirectory) }
        self.repository = repository
        attributesPath = root + ".gitattributes"
        attributesLine = Self.pattern(folder: repository.charterFolder.path) + " diff=charter"
    }

    /// Adds `attributesLine` to `.gitattributes` unless it is there (returns whether it was added),
    /// keeping what else the file holds, and sets `setting` to run the charter binary at `charter`.
    /// The setting is a shell command (git runs it through the shell, the file's path appended) that
    /// runs charter from the PATH once that binary is gone, as the hook does, so `git diff` still works.
    public func install(charter: String) throws(RepositoryError) -> Bool {
        var lines = try attributeLines()
        let added = !lines.contains(where: isCharters)
        if added {
            // The file's own line break; a file without a final one keeps none.
            let lineBreak = lines.contains { $0.hasSuffix("\r\n") } ? "\r\n" : "\n"
            if let last = lines.last, !Self.isTerminated(last) {
                lines[lines.count - 1] += lineBreak
                lines.append(attributesLine)
            } else {
                lines.append(attributesLine + lineBreak)
            }
            try GitFile.replace(attributesPath, with: lines.joined(), mode: 0o644)
        }
        do { try Config.local(of: repository).set(Self.setting, Self.command(charter: charter)) } catch { throw .git(error) }
        return added
    }

    /// The pattern of the role files of the charter folder as `.gitattributes` reads it: the folder's
    /// wildcard characters escaped, and the whole C-quoted when it holds a space, a quote, a backslash, a
    /// control or a non-ASCII character (`"Org Ch\303\244rts/roles/*.yaml"`), as git reads quoted patterns.
    static func pattern(folder: String) -> String {
        let escapedFolder = folder.map { "*?[\\".contains($0) ? "\\\($0)" : String($0) }.joined()
        let pattern = escapedFolder + CharterTree.rolesPath + "/*.yaml"
        guard pattern.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            return pattern
        }
        let quoted = pattern.utf8.map { byte -> String in
            switch byte {
            case UInt8(ascii: "\""): "\\\""
            case UInt8(ascii: "\\"): "\\\\"
            case 0x21..<0x7F, UInt8(ascii: " "): String(UnicodeScalar(byte))
            default: "\\" + String(byte, radix: 8).leftPadded(to: 3)
            }
        }.joined()
        return "\"" + quoted + "\""
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
        var kept = lines.filter { !isCharters($0) }
        // charter's line was the last, with no line break after it: the line before it loses its own.
        if let last = lines.last, isCharters(last), !Self.isTerminated(last), let before = kept.last {
            kept[kept.count - 1] = String(String.UnicodeScalarView(before.unicodeScalars.dropLast(before.hasSuffix("\r\n") ? 2 : 1)))
        }
        let line: LineRemoval = kept.count == lines.count ? .absent : try isTracked() ? .tracked : .removed
        if line == .removed {
            if kept.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
                try GitFile.remove(attributesPath)
            } else {
                try GitFile.replace(attributesPath, with: kept.joined(), mode: 0o644)
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

    /// The lines of `.gitattributes`, each with its line break ("\n" or "\r\n"; the last may have
    /// none), so that joined they are the file; none when there is no such file. Anything but a plain
    /// file there is left alone.
    private func attributeLines() throws(RepositoryError) -> [String] {
        switch try GitFile.kind(attributesPath) {
        case .missing: return []
        case .other: throw .fileSystem(path: attributesPath, reason: "not a plain file; charter writes only a plain .gitattributes")
        case .file:
            // Split on the "\n" scalar: Swift reads "\r\n" as one Character, not a "\n".
            var lines: [String] = []
            var line = String.UnicodeScalarView()
            for scalar in try GitFile.text(attributesPath).unicodeScalars {
                line.append(scalar)
                if scalar == "\n" {
                    lines.append(String(line))
                    line = String.UnicodeScalarView()
                }
            }
            return line.isEmpty ? lines : lines + [String(line)]
        }
    }

    private func isCharters(_ line: String) -> Bool {
        line.trimmingCharacters(in: .whitespacesAndNewlines) == attributesLine
    }

    private static func isTerminated(_ line: String) -> Bool { line.unicodeScalars.last == "\n" }
}

private extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
