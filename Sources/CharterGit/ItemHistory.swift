import CharterCore

/// What `charter who` tells of a match beyond the charters themselves: how its owner came to hold it,
/// where it began, and the last commit that changed anything about it.
public struct ItemHistory: Sendable {
    /// The owner's blame of the item (`BlameLine.arrival`, `BlameLine.origin`); nil for a decision right
    /// nobody holds.
    public var since: BlameLine?
    public var lastChange: ItemChange?
}

/// The latest commit whose boundary changes concern an item, and those changes: moved, reworded, its
/// consults changed, added to or removed from a role, a decision right granted or dropped.
public struct ItemChange: Sendable {
    public var info: CommitInfo
    public var message: CommitMessage
    public var changes: [BoundaryChange]
}

extension Repository {
    /// The history of each match at `target`, in the order given. One walk of the whole history finds
    /// every match's last change; each owning role is blamed once, however many of its items matched.
    public func histories(of matches: [OwnershipMatch], at target: ObjectID, cache: DecodeCache,
                          progress: () -> Void = {}) throws -> [ItemHistory] {
        // The whole walk first: it fills the history index that the blames' walks then read.
        let lastChanges = try lastChanges(of: Set(matches.map(\.key)), upTo: target, cache: cache, progress: progress)
        var blamed: [String: [String: BlameLine]] = [:]
        for owner in matches.compactMap(\.owner) where blamed[owner.id] == nil {
            let lines = try blame(owner, at: target, firstParent: false, cache: cache, progress: progress)
            blamed[owner.id] = Dictionary(lines.map { ($0.key, $0) }) { first, _ in first }
        }
        return matches.map { match in
            ItemHistory(since: match.owner.flatMap { blamed[$0.id]?[match.key] }, lastChange: lastChanges[match.key])
        }
    }

    /// For each item key (`ItemKey`), the latest commit reachable from `target` whose changes concern it,
    /// in the order `charter log` lists them (its first under `--item`): one walk of the whole history for
    /// every key, all parents followed, so that a move across commits is the move it is and a change made
    /// in another role's file (an overlap removed) counts. A focused walk on the owners' files would read
    /// fewer commits cold, but would see such moves as additions and miss what happened to an item in
    /// the roles it was in before; the whole walk's steps are those `log` and `audit` keep in the history
    /// index, so that a warm walk reads no commit.
    public func lastChanges(of keys: Set<String>, upTo target: ObjectID, cache: DecodeCache,
                            progress: () -> Void = {}) throws -> [String: ItemChange] {
        var latest: [String: ItemChange] = [:]
        try HistoryEngine(self, cache: cache, firstParent: false).walk(from: [target]) { step in
            progress()
            var concerning: [String: [BoundaryChange]] = [:]
            for change in step.changes {
                guard let key = ItemKey.of(change), keys.contains(key) else { continue }
                concerning[key, default: []].append(change)
            }
            for (key, changes) in concerning {
                latest[key] = ItemChange(info: step.info, message: step.message, changes: changes)
            }
            return true
        }
        return latest
    }
}
