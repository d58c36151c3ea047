import ArgumentParser
import CharterCore
import CharterGit
import Foundation

extension Charter {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one self-contained HTML file: the reporting lines, per area a timeline of who owned what, the events, the map and the moves.",
            discussion: """
                Inline CSS and SVG; nothing is loaded from the network. Reads every commit reachable from REV \
                (default HEAD), merges showing only what they change beyond both parents; --first-parent reads \
                the first-parent line only. --at DATE ends the report at the last commit committed on or before \
                DATE on the first-parent line of HEAD, as show --at does: the organisation, the map and the \
                timeline as they were then.
                """ + "\n\n" + DateArgument.help)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The file to write.", valueName: "file"))
        var html: String

        @Option(help: ArgumentHelp("The revision the report ends at (default HEAD).", valueName: "rev"))
        var rev: String?

        @Option(help: ArgumentHelp("End at the last commit on or before this date (2021-06-14, 2 years ago, ...).", valueName: "date"),
                transform: DateArgument.option)
        var at: DateArgument?

        @Flag(help: "Follow only the first parent of each commit: what landed on the branch, and when.") var firstParent = false

        func validate() throws {
            if rev != nil, at != nil { throw ValidationError("give --rev or --at, not both") }
        }

        func run() throws {
            let workspace = try global.workspace()
            let repository = workspace.repository
            let target = try at.map(workspace.lastCommit(at:)) ?? repository.commit(for: rev ?? "HEAD")
            let progress = Progress(label: "reading history")
            let history = try workspace.repository.chartedHistory(upTo: target, firstParent: firstParent, cache: workspace.cache,
                                                                  progress: progress.tick)
            progress.done()
            let times = history.map(\.info.author.time.seconds)
            var timeline = BoundaryTimeline(from: times.min() ?? 0, to: times.max() ?? 0)
            var moves: [ReportRenderer.Move] = []
            var latest = times.min() ?? 0
            for step in history {
                let event = step.message.event?.description
                // Parents come before children, but a branch may carry older dates than the line it joins.
                latest = max(latest, step.info.author.time.seconds)
                timeline.record(time: latest, event: event, changes: step.changes)
                for change in step.changes where change.kind.isMove && change.from != change.to {
                    moves.append(.init(date: step.info.author.time.day, commit: step.info.id.short, change: change,
                                       subject: step.message.subject, event: event))
                }
            }
            let today = try workspace.validated(.commit(target)).charters
            let info = try repository.commitInfo(target)
            let report = ReportRenderer(company: today.company?.name ?? "Charters", asOf: info.author.time.day, commit: target.short,
                                        commits: history.count, schema: today.schema, timeline: timeline, today: today, moves: moves,
                                        shallowBoundaries: history.filter(\.info.isShallowBoundary).map(\.info.id.short))
            let path = global.path(html)
            do {
                try Data(report.html().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw CommandFailure(status: .repository, message: "cannot write \(path): \(error.localizedDescription)")
            }
            Terminal.standardOutput.write("wrote \(path): \(history.count) commits, \(moves.count) moves\n")
        }
    }
}
