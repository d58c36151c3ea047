import ArgumentParser
import CharterCore
import CharterGit
import Foundation

extension Charter {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a charter repository with starter charters for the company's stage, and a first commit.",
            discussion: """
                emerging: a CTO owns all four areas. growth: a CPO owns the why, what and when and the \
                product-experience metrics; the CTO owns the how and product performance. scale: as growth, \
                with a VP of Engineering running the delivery process for the CTO. Refuses a folder that is not empty.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The folder to create (default: the current folder, if empty).", valueName: "dir"))
        var path: String?

        @Option(help: "The company's name.")
        var company: String

        @Option(help: "The company's stage: emerging, growth or scale.")
        var stage: Company.Stage

        @Option(help: ArgumentHelp("Override the author of the first commit, as \"Name <email>\".", valueName: "author"))
        var author: String?

        func validate() throws {
            guard !company.trimmingCharacters(in: .whitespaces).isEmpty, !company.contains(where: \.isNewline),
                  CommitMessage.firstControlCharacter(in: company) == nil else {
                throw ValidationError("--company needs a name on one line, without control characters")
            }
        }

        func run() throws {
            let target = ((path.map(global.path) ?? global.directory) as NSString).standardizingPath
            let existing = try? Repository.open(discoveringFrom: GlobalOptions.nearestExistingPath(of: target))
            if let existing, existing.workingDirectory == nil { throw RepositoryError.bareRepository(path: existing.gitDirectory) }
            let identities = try Identity.resolve(author: author, in: existing)
            if let operation = existing?.operationInProgress { throw RepositoryError.operationInProgress(operation) }
            if let existing, let root = existing.workingDirectory {
                try Self.refuseSecondCharterFolder(in: existing, root: root)
            }
            let existed: Bool
            do {
                existed = try checkEmpty(target)
            } catch RepositoryError.directoryNotEmpty(let path) where existing != nil {
                throw CommandFailure(status: .repository, message: "\(path) is not empty; to add charters to the repository it is in, give a new folder for them: charter init org")
            }
            do {
                if let existing {
                    try add(to: existing, at: target, identities: identities)
                } else {
                    try create(at: target, identities: identities)
                }
            } catch {
                removeCreated(target, keepFolder: existed)
                throw error
            }
        }

        /// A new repository at `target`, its first commit founding the charters at its root.
        private func create(at target: String, identities: (author: Identity, committer: Identity)) throws {
            let repository = try Repository.create(at: target, initialBranch: Repository.defaultBranchName())
            try found(in: repository, identities: identities) { "Created the charter repository of \($0) in \(TerminalText.escaped(target))" }
        }

        /// Charters in `target`, a new or empty folder inside `repository`'s work tree (a company handbook,
        /// a monorepo), committed on the current branch with nothing else: no nested repository.
        private func add(to repository: Repository, at target: String, identities: (author: Identity, committer: Identity)) throws {
            let workTree = repository.workingDirectory ?? ""
            let resolved = GlobalOptions.resolvingLinks(target) + "/"
            guard resolved.hasPrefix(workTree), resolved.count > workTree.count else { throw RepositoryError.directoryNotEmpty(path: target) }
            repository.useCharters(in: CharterFolder(String(resolved.dropFirst(workTree.count))))
            try found(in: repository, identities: identities) {
                "Added the charters of \($0) in \(TerminalText.escaped(repository.charterFolder.path)) to the repository at \(TerminalText.escaped(workTree))"
            }
        }

        /// Writes the starter charters into the repository's charter folder and commits them; `saying` makes
        /// the first line of the summary from the company's name.
        private func found(in repository: Repository, identities: (author: Identity, committer: Identity),
                           saying summary: (String) -> String) throws {
            guard let root = repository.charterDirectory else { throw RepositoryError.bareRepository(path: repository.gitDirectory) }
            let starter = StarterCharters.charters(company: company.trimmingCharacters(in: .whitespaces), stage: stage)
            var files: [String: String] = [
                CharterTree.companyPath: CharterWriter.yaml(for: starter.company),
                CharterTree.jsonSchemaPath: JSONSchemaGenerator.roleSchema(for: .fourArea).rendered() + "\n",
            ]
            for role in starter.roles { files[role.file] = CharterWriter.yaml(for: role) }
            do {
                try FileManager.default.createDirectory(atPath: root + CharterTree.rolesPath, withIntermediateDirectories: true)
                for (path, content) in files { try Data(content.utf8).write(to: URL(fileURLWithPath: root + path)) }
            } catch {
                throw RepositoryError.fileSystem(path: root, reason: "cannot write the starter charters there (a file in the way?)")
            }

            let tree = try WorkTree.charterTree(at: root)
            let report = CharterValidator.validate(tree)
            guard report.isValid else {
                Terminal.standardError.write(TextRenderer.findings(report.findings, on: .standardError))
                throw CommandFailure(status: .repository, message: "the starter charters are invalid; this is a bug in charter")
            }
            let roles = starter.roles.map(\.id)
            let message = CommitMessage(
                paragraphs: ["Found the role charters of \(starter.company.name)",
                             "\(starter.company.name) starts at the \(stage.rawValue) stage with \(roles.joined(separator: " and ")): " +
                             (stage == .emerging ? "the CTO owns all four areas until the company adds a product leader."
                                                 : "the CPO owns the why, what and when of the product, the CTO the how.")],
                event: CharterEvent(parsing: "founding: \(starter.company.name) at the \(stage.rawValue) stage"))
            let result = try repository.commitCharters(tree, message: message.rendered,
                                                       author: identities.author, committer: identities.committer)
            let out = Terminal.standardOutput
            out.write(summary(out.bold(TerminalText.escaped(starter.company.name))) + " (stage: \(stage.rawValue); roles: \(roles.joined(separator: ", ")))\n")
            CommitSummary.print(result, subject: message.subject, warnings: report.findings)
            for file in result.files { out.write("  \(file.change.rawValue) \(TerminalText.escaped(file.path))\n") }
        }

        /// One charter folder per repository: the root's commands, the hooks and a server's audit read the one
        /// they find, so a second would leave the first unread from there (two are a usage error).
        static func refuseSecondCharterFolder(in repository: Repository, root: String) throws {
            let discovery: CharterFolder.Discovery
            do {
                discovery = try repository.locateCharters(from: root)
            } catch let error as CharterFolderError {
                throw CommandFailure.usage("\(error.description); charter init adds no other")
            }
            guard discovery.how != .none else { return }
            let folder = discovery.folder.path.isEmpty ? "its root" : discovery.folder.path
            throw CommandFailure.usage("this repository holds charters in \(TerminalText.escaped(folder)) already: one charter folder per repository, which every command, hook and audit finds from anywhere in it; edit those, or make a repository of their own for other charters")
        }

        /// Refuses a folder with anything in it; returns whether it existed already.
        private func checkEmpty(_ target: String) throws -> Bool {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else { return false }
            guard isDirectory.boolValue,
                  (try? FileManager.default.contentsOfDirectory(atPath: target))?.isEmpty == true else {
                throw RepositoryError.directoryNotEmpty(path: target)
            }
            return true
        }

        /// Undoes a failed init: removes what it created, so a failure changes nothing.
        private func removeCreated(_ target: String, keepFolder: Bool) {
            let manager = FileManager.default
            guard keepFolder else {
                try? manager.removeItem(atPath: target)
                return
            }
            for name in (try? manager.contentsOfDirectory(atPath: target)) ?? [] {
                try? manager.removeItem(atPath: (target as NSString).appendingPathComponent(name))
            }
        }
    }
}

extension Company.Stage: ExpressibleByArgument {}

extension Charter.Init: WorkTreeCommand {
    static let bareRepositoryHint = "give a new folder: charter init DIR"
}
