/// The history index keeps the order of the latest whole walk, all parents followed and first-parent
/// (one of each): listing a long history costs libgit2 a read of every commit (70 ms for 10,000),
/// more than a warm blame costs otherwise.
///
/// The order is libgit2's own, so a walk served from it lists what libgit2 would. A walk from a commit
/// the indexed one does not start at is served too when that commit reaches the indexed start through
/// commits of one parent (the first, on the first-parent line): such a commit is the only one of its
/// walk with no child in it, so libgit2 lists it first; its parent then is the only one ready, and from
/// there the walk is the indexed one. Commits added on top of a branch thus cost only their own reads.
extension Repository {
    /// How many commits back from a walk's start the indexed start is looked for: reading a few hundred
    /// commits costs less than libgit2's walk of a long history, and a start on another branch is given
    /// up on soon.
    static let indexedWalkReach = 256

    private static func indexedWalkSubject(firstParent: Bool) -> String { firstParent ? "first-parent" : "" }

    /// The commits of the walk from `start`, newest first, as libgit2's topological, time-sorted walk
    /// lists them, if the index's latest walk answers it.
    func indexedWalk(from start: ObjectID, firstParent: Bool) -> [ObjectID]? {
        guard let order = keptWalk(firstParent: firstParent), let indexedStart = order.first else { return nil }
        var above: [ObjectID] = []
        var id = start
        while id != indexedStart {
            guard above.count < Self.indexedWalkReach, let parents = try? commitInfo(id).parents,
                  parents.count == 1 || (firstParent && !parents.isEmpty) else { return nil }
            above.append(id)
            id = parents[0]
        }
        keptWalksUsed.insert(firstParent)
        guard !above.isEmpty else { return order }
        let walk = above + order
        rememberWalk(walk, firstParent: firstParent)
        return walk
    }

    /// The latest whole walk of its kind the index keeps, newest first.
    private func keptWalk(firstParent: Bool) -> [ObjectID]? {
        guard var record = historyIndex.record(.latestWalk, of: .zero, subject: Self.indexedWalkSubject(firstParent: firstParent)),
              let order = try? record.array({ reader throws(IndexReader.Damaged) in try reader.objectID() }), record.isAtEnd
        else { return nil }
        return order
    }

    /// Keeps `commits`, a whole walk newest first, as the index's latest walk of its kind; unless this
    /// process used the kept walk already and `commits` starts at a commit it passes through (blame
    /// following a role's lineage walks from older commits after a walk from the one asked for): the kept
    /// walk is the one the next command most likely starts from, and the index is not written for nothing.
    /// A command whose first walk starts further back (after `git reset HEAD~1`) replaces it.
    func rememberWalk(_ commits: [ObjectID], firstParent: Bool) {
        guard let start = commits.first else { return }
        if keptWalksUsed.contains(firstParent), let kept = keptWalk(firstParent: firstParent), kept.count > commits.count,
           kept.contains(start) { return }
        keptWalksUsed.insert(firstParent)
        var record = IndexWriter()
        record.write(commits) { $0.write($1) }
        historyIndex.store(.latestWalk, of: .zero, subject: Self.indexedWalkSubject(firstParent: firstParent), record)
    }
}
