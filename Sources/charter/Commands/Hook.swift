import ArgumentParser
import CharterCore
import CharterGit
import Foundation

extension Charter {
    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install or remove the git hooks that validate what is about to be committed.",
            discussion: """
                install: a pre-commit and a pre-merge-commit hook (git runs the latter before the commit of a \
                git merge) that run `charter validate --staged`, where git runs hooks from (core.hooksPath, \
                else the hooks folder of the git folder, which linked work trees share; a core.hooksPath from \
                the global or system configuration, every repository's folder, is refused unless --force). \
                They run charter from where it is now, else charter from the PATH. A hook charter did not \
                write is refused (exit 2, nothing written) unless --force, which keeps it as \
                <hook>.charter-backup; charter's own is written anew. uninstall: removes charter's hooks and \
                puts back those --force kept; a hook charter did not write is left as it is. With --diff, a \
                refused hook refuses the diff driver too: nothing is set up.
                """)

        enum Action: String, ExpressibleByArgument, CaseIterable {
            case install, uninstall
        }

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("What to do with charter's hooks.", valueName: "action"))
        var action: Action

        @Flag(help: "With install: replace a hook charter did not write, keeping it as <hook>.charter-backup, and install in a hooks folder every repository shares.")
        var force = false

        @Flag(help: """
            Also set up (install) or remove (uninstall) charter textconv as git's diff driver for role files: \
            a line in .gitattributes and diff.charter.textconv in the repository's git configuration.
            """)
        var diff = false

        func validate() throws {
            if force, action == .uninstall { throw ValidationError("--force goes with install: uninstall never removes a hook charter did not write") }
        }

        func run() throws {
            let workspace = try global.workspace()
            guard let root = workspace.repository.workingDirectory else {
                throw CommandFailure.usage("this is a bare repository: git runs no pre-commit hook there; run `charter hook` in a clone")
            }
            let place = Place(root: root)
            let hook = try PreCommitHook(in: workspace.repository)
            switch action {
            case .install:
                let charter = Self.executable()
                try install(hook, charter: charter, place)
                if diff { try install(DiffDriver(in: workspace.repository), charter: charter, place) }
            case .uninstall:
                try uninstall(hook, place)
                if diff { try uninstall(DiffDriver(in: workspace.repository), place) }
            }
        }

        private func install(_ hook: PreCommitHook, charter: String, _ place: Place) throws {
            for (file, installation) in try hook.install(charter: charter, force: force) {
                if installation == .replaced { out.write("kept the \(file.name) hook that was there as \(place(file.backupPath))\n") }
                out.write("\(installation == .updated ? "updated" : "installed") the \(file.name) hook \(place(file.path)): "
                          + "it runs \(TerminalText.escaped(charter)) validate --staged before each \(file.before)\n")
            }
        }

        private func install(_ driver: DiffDriver, charter: String, _ place: Place) throws {
            let added = try driver.install(charter: charter)
            out.write(added ? "added \"\(driver.attributesLine)\" to \(place(driver.attributesPath))\n"
                            : "\(place(driver.attributesPath)) already has \"\(driver.attributesLine)\"\n")
            out.write("set \(DiffDriver.setting) in the repository's git configuration: git diff shows role files through charter textconv\n")
        }

        private func uninstall(_ hook: PreCommitHook, _ place: Place) throws {
            for (file, removal, restored) in try hook.uninstall() {
                switch removal {
                case .removed: out.write("removed the \(file.name) hook \(place(file.path))\n")
                case .notInstalled: out.write("no \(file.name) hook to remove at \(place(file.path))\n")
                case .foreign: out.write("left the \(file.name) hook \(place(file.path)) as it is: charter did not write it\n")
                }
                if restored { out.write("put back \(place(file.path)) from \(place(file.backupPath))\n") }
            }
        }

        private func uninstall(_ driver: DiffDriver, _ place: Place) throws {
            let (line, setting) = try driver.uninstall()
            switch line {
            case .removed: out.write("removed \"\(driver.attributesLine)\" from \(place(driver.attributesPath))\n")
            case .absent: out.write("\(place(driver.attributesPath)) has no \"\(driver.attributesLine)\"\n")
            case .tracked: out.write("left \(place(driver.attributesPath)) as it is: it is tracked, shared with the team (remove the line in a commit)\n")
            }
            out.write(setting ? "removed \(DiffDriver.setting) from the repository's git configuration\n"
                              : "\(DiffDriver.setting) was not set in the repository's git configuration\n")
        }

        private var out: Terminal { .standardOutput }

        /// A path as the user reads it: relative to the work tree's root when it lies within, escaped.
        private struct Place {
            let root: String

            func callAsFunction(_ path: String) -> String {
                TerminalText.escaped(path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path)
            }
        }

        /// The absolute path of this charter as it was started, links kept (`/usr/local/bin/charter`,
        /// not where a package manager's link leads, which an upgrade removes): the shell's own lookup
        /// of the name it was given, else the running file.
        static func executable() -> String {
            let name = CommandLine.arguments.first ?? ""
            let current = FileManager.default.currentDirectoryPath
            if name.contains("/") {
                return URL(fileURLWithPath: name, relativeTo: URL(fileURLWithPath: current, isDirectory: true)).standardizedFileURL.path
            }
            let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":", omittingEmptySubsequences: false)
            for folder in folders where !name.isEmpty {
                let base = folder.isEmpty ? current : folder.hasPrefix("/") ? String(folder) : current + "/" + folder
                let candidate = URL(fileURLWithPath: base, isDirectory: true).appendingPathComponent(name).standardizedFileURL.path
                var info = stat()
                if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
            }
            return Bundle.main.executablePath ?? "charter"
        }
    }
}
