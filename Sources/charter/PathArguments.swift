import ArgumentParser
import CharterCore
import Foundation

/// What follows `--` on the command line of a command that reads revisions: paths, never revisions, as
/// git separates them (`charter log main -- roles/cto.yaml`). The argument parser would hand them to the
/// revisions argument, so `Charter.main` moves them into a private option first (`separatingPaths`).
///
/// Decisions: `log` and `diff` keep the changes the paths concern (`PathFilter`); `show` takes the role to
/// show there (an id or its file); `audit`, `review` and `approve` read whole commits and take no paths,
/// so a path after `--` is a usage error rather than a revision looked up. The other commands take no
/// revisions, and `--` keeps the argument parser's meaning: nothing after it is an option.
struct PathArguments: ParsableArguments {
    static let optionName = "path-after-double-dash"

    @Option(name: .customLong(optionName), parsing: .unconditionalSingleValue, help: .private)
    var paths: [String] = []

    /// The commands whose positional arguments are revisions, and whether they take paths after `--`.
    static let commands: [String: Bool] = [
        Charter.Log._commandName: true, Charter.Diff._commandName: true, Charter.Show._commandName: true,
        Charter.Audit._commandName: false, Charter.Review._commandName: false, Charter.Approve._commandName: false,
    ]

    /// `arguments` (the subcommand first) with what follows the first `--` moved into the private option,
    /// for the commands that read revisions; a path given to one that takes none is a usage error.
    static func separatingPaths(_ arguments: [String]) throws -> [String] {
        guard let command = arguments.first, let takesPaths = commands[command],
              let dashes = arguments.firstIndex(of: "--") else { return arguments }
        let paths = arguments[(dashes + 1)...]
        if let path = paths.first, !takesPaths {
            throw CommandFailure.usage("charter \(command) takes no paths: '\(path)' follows --, where paths go; give revisions before --")
        }
        return Array(arguments[..<dashes]) + paths.flatMap { ["--" + optionName, $0] }
    }

    /// The paths as the charter folder names them (`roles/cto.yaml`): read, as git reads them, from the
    /// folder charter runs in (`-C`); in a bare repository, from its root or the charter folder. Nil when no path was given.
    func filter(global: GlobalOptions, workspace: Workspace) throws -> PathFilter? {
        guard !paths.isEmpty else { return nil }
        return try PathFilter(paths.map { ($0, Self.relative($0, global: global, workspace: workspace)) })
    }

    /// The role a word names where a role is expected: the id of a role file (`roles/cto.yaml`, read as git
    /// reads paths), else the word itself, an id.
    static func role(named word: String, global: GlobalOptions, workspace: Workspace) -> String {
        guard word.hasSuffix(".yaml"), let relative = relative(word, global: global, workspace: workspace),
              case .role(let id) = PathFilter.target(relative) else { return word }
        return id
    }

    /// `path` relative to the charter folder, nil when it lies outside.
    static func relative(_ path: String, global: GlobalOptions, workspace: Workspace) -> String? {
        guard let root = workspace.repository.charterDirectory else {
            // As git reads a path in a bare repository: from its root, which may hold the charter folder.
            return path.hasPrefix("/") ? nil : workspace.repository.charterFolder.charterPath(path) ?? path
        }
        let base = GlobalOptions.resolvingLinks(root), full = GlobalOptions.resolvingLinks(global.path(path))
        if full == base { return "" }
        return full.hasPrefix(base + "/") ? String(full.dropFirst(base.count + 1)) : nil
    }
}
