/// The commits `--since` and `--until` keep: those whose `filterDate` (the committer date) lies on
/// or after the first second `since` names and on or before the last second `until` names.
public struct DateRange: Equatable, Sendable {
    public var since: DateArgument?
    public var until: DateArgument?

    public init(since: DateArgument?, until: DateArgument?) {
        self.since = since
        self.until = until
    }

    public func contains(_ commit: CommitInfo) -> Bool {
        let time = commit.filterDate.seconds
        return (since.map { time >= $0.first } ?? true) && (until.map { time <= $0.last } ?? true)
    }
}
