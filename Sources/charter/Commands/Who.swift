import ArgumentParser
import CharterCore
import CharterGit

extension Charter {
    struct Who: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who owns a responsibility or KPI (by id or words), or decides a right (strategy/what): owner, holder, deciders, consults, since when.",
            discussion: """
                QUERY is an id, words, or a decision right. Every word must appear (case-insensitively, anywhere) in \
                a responsibility's id or text or a KPI's id or name. A decision right is AREA/RIGHT (strategy/what), \
                or the right alone (what) for every area; a word also finds the rights whose AREA/RIGHT holds it. \
                The exact id comes first, then the ids that hold every word, then the texts. For each: the area, \
                the role that owns it and its holder, who holds each decision right in the area, whom the owner \
                consults, since when the owner holds it (the commit that brought it into the role, as charter blame \
                says, and its origin) and its last change (the latest commit whose boundary changes concern it, as \
                charter log --item lists them). Reads HEAD, --rev REV, or --at DATE: the last commit committed on or \
                before DATE on the first-parent line of HEAD. Nothing matching exits 1 with the closest ids.
                """ + "\n\n" + DateArgument.help)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("An id, words to find in ids and texts, or a decision right (strategy/what).", valueName: "query"))
        var words: [String]

        @Option(help: ArgumentHelp("The revision to ask (default HEAD).", valueName: "rev"))
        var rev: String?

        @Option(help: ArgumentHelp("Ask as the charters stood at this date (2021-06-14, yesterday, 2 weeks ago, ...).", valueName: "date"),
                transform: DateArgument.option)
        var at: DateArgument?

        static let formats: OutputFormats<WhoReport> = [
            .text: TextRenderer.render, .json: JSONRenderer.render, .markdown: MarkdownRenderer.render,
        ]

        @Option(help: formats.help, completion: formats.completion)
        var format: OutputFormat = .text

        func validate() throws {
            try Self.formats.check(format)
            if at != nil, rev != nil { throw ValidationError("give --rev or --at, not both") }
            _ = try query()
        }

        func run() throws {
            let query = try query()
            let workspace = try global.workspace()
            let repository = workspace.repository
            let target = try at.map(workspace.lastCommit(at:)) ?? repository.commit(for: rev ?? "HEAD")
            let loaded = try CharterValidator.load(try repository.charterTree(at: target), cache: workspace.cache, read: repository.readBlob)
            let stderr = Terminal.standardError
            for finding in loaded.unreadable {
                stderr.write(stderr.warning("warning: ") + "could not read \(TerminalText.escaped(finding.location.file)), "
                    + "left out of the answer: \(TerminalText.escaped(finding.message))\n")
            }
            let matches = query.matches(in: loaded.charters)
            guard !matches.isEmpty else {
                let closest = query.closestIDs(in: loaded.charters)
                stderr.write(stderr.error("error: ") + "no responsibility, KPI or decision right matches '\(TerminalText.escaped(query.text))' at \(target.short)\n"
                    + stderr.accent("hint: ") + (closest.isEmpty ? "charter show lists who holds what" : "the closest ids: " + closest.map(TerminalText.escaped).joined(separator: ", ")) + "\n")
                throw CommandFailure.findingsReported
            }
            let progress = Progress(label: "reading history")
            let histories = try repository.histories(of: matches, at: target, cache: workspace.cache, progress: progress.tick)
            progress.done()
            Self.formats.render(WhoReport(query: query, commit: try repository.commitInfo(target), charters: loaded.charters,
                                          answers: zip(matches, histories).map(WhoReport.Answer.init)), as: format)
        }

        /// The words given, as one query; none but white space is a usage error.
        private func query() throws -> OwnershipQuery {
            do { return try OwnershipQuery(words.joined(separator: " ")) } catch { throw ValidationError(error.description) }
        }
    }
}

/// What `charter who` answers: each match of the query at a commit, with its history.
struct WhoReport {
    var query: OwnershipQuery
    var commit: CommitInfo
    /// The charters asked, for the titles and holders of the roles consulted.
    var charters: CharterSet
    var answers: [Answer]

    struct Answer {
        var match: OwnershipMatch
        var history: ItemHistory
    }
}
