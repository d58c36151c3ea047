import ArgumentParser
import CharterCore
import CharterGit
import Foundation

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if charter was started in <dir> (as git -C).", valueName: "dir"))
    var directories: [String] = []

    /// The folder to work in: each `-C` is relative to the one before, as in git.
    var directory: String {
        directories.reduce(FileManager.default.currentDirectoryPath) { base, next in Self.resolve(next, against: base) }
    }

    /// A path given on the command line, as the command reads it: relative to `directory`.
    func path(_ path: String) -> String { Self.resolve(path, against: directory) }

    private static func resolve(_ path: String, against base: String) -> String {
        path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
    }

    /// `path` with `.` and `..` resolved and the symbolic links of its longest existing part followed,
    /// without a trailing `/`: a file or folder that does not exist yet is placed where its parent is.
    static func resolvingLinks(_ path: String) -> String {
        let standard = (path as NSString).standardizingPath
        let existing = nearestExistingPath(of: standard)
        let rest = standard.dropFirst(existing.count).split(separator: "/").map(String.init)
        var resolved = existing
        if let real = realpath(existing, nil) {
            resolved = String(cString: real)
            free(real)
        }
        return rest.reduce(resolved) { ($0 as NSString).appendingPathComponent($1) }
    }

    /// `path`, or the nearest path above it that exists: where to look for a repository it would be in.
    static func nearestExistingPath(of path: String) -> String {
        var existing = path
        while !existing.isEmpty, existing != "/", !FileManager.default.fileExists(atPath: existing) {
            existing = (existing as NSString).deletingLastPathComponent
        }
        return existing
    }

    /// git lets `-C DIR` come before the subcommand; ArgumentParser wants options after it.
    /// Moves leading `-C DIR` pairs behind the subcommand name.
    static func movingLeadingDirectoryOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while rest.first == "-C", rest.count >= 2 {
            leading += rest.prefix(2)
            rest = rest.dropFirst(2)
        }
        guard !leading.isEmpty, let command = rest.first else { return arguments }
        return [command] + leading + rest.dropFirst()
    }

    /// Opens the charter repository around `directory`, bare or not, reading the charters of the folder
    /// found from there (`CharterFolder`).
    func workspace() throws -> Workspace {
        let repository = try Repository.open(discoveringFrom: directory)
        let discovery = try repository.locateCharters(from: directory)
        return Workspace(repository: repository, discovery: discovery)
    }
}

/// Dates on the command line: `--since`, `--until`, `--at`.
extension DateArgument {
    /// Reads an option's value against the clock, for `@Option(transform:)`; a refusal is a usage
    /// error that lists the forms a date may take.
    static func option(_ text: String) throws -> DateArgument { try DateArgument(text) }

    /// What the help of every command with a date option says of dates.
    static let help = """
        Dates are compared with the committer date, as git's --since, --until and rev-list do, so a rebased \
        commit counts from when it was committed. A date is \(DateArgumentError.forms); days and months are \
        local (TZ): as a start they begin at their first second, as an end they run to their last. Months and \
        years ago keep the clock time, on the month's last day when it is shorter (1 month ago on 03-31 is 02-28 or 02-29).
        """
}
