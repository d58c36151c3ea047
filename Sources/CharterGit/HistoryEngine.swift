import CharterCore
import Foundation

/// One commit as the history engine reads it: what it changed in the boundary between roles, and
/// what of its charters could not be read.
public struct HistoryStep {
    public var info: CommitInfo
    public var message: CommitMessage
    /// What the commit itself changed, with arrivals from a role that gave the item up earlier shown as
    /// the moves they are (`ItemProvenance`). Against its parent; for a merge whose parents are all
    /// followed, only what it changes beyond every parent: a conflict resolution, or an overlap that
    /// neither branch had alone. None at the shallow boundary, where what the commit changed cannot be known.
    public var changes: [BoundaryChange]
    /// At the shallow boundary (`isShallowBoundary`): the commit's charters, as the additions that would
    /// make them from nothing, the state the history above the boundary starts from. Empty elsewhere.
    public var startingState: [BoundaryChange] = []
    /// The charter files this commit changed and could not read: the first error of each. Their
    /// changes wait until a later commit makes them readable again.
    public var unreadable: [Finding]
    /// The files readable again in this commit: their changes are against their last readable version.
    public var readableAgain: [ReadableAgain]
    /// Whether the commit changed the charters: for a merge whose parents are all followed, whether they
    /// differ from every parent's, as `git log -- PATHS` lists merges.
    public var touchesCharters: Bool
    /// Whether it changed schema.yaml against its first parent.
    public var schemaChanged: Bool
    public var isMerge: Bool { info.parents.count > 1 }
    /// Whether the commit is at the boundary of a shallow clone: the commits before it are not in the
    /// clone, so it has no changes, only a `startingState`.
    public var isShallowBoundary: Bool { info.isShallowBoundary }
    /// What a replay of the history from nothing applies at this commit: its changes, or at the shallow
    /// boundary its starting state.
    public var replayedChanges: [BoundaryChange] { isShallowBoundary ? startingState : changes }
}

/// A charter file that some commits could not read, readable again: what a history view notes where
/// the changes made while it was unreadable appear.
public struct ReadableAgain: Sendable, Equatable {
    public var file: String
    /// The commit that made it unreadable.
    public var unreadableSince: ObjectID
}

/// The one walk through a charter history that log, audit, blame and report read: every commit
/// reachable (or the first-parent line), oldest first, each with the boundary changes it made.
/// A walk focused on a few files (blame's role file and the schema) reads only the commits that
/// change them.
///
/// Nothing a commit did is lost: a charter file a commit cannot read is replaced, for the comparison,
/// by its last readable version, so that the commit that makes it readable again shows everything
/// that changed meanwhile.
public final class HistoryEngine {
    public let repository: Repository
    public let cache: DecodeCache
    /// Follow only first parents ("what landed on the branch, when"): a merge's changes are then
    /// everything it brought to the branch.
    public let firstParent: Bool
    /// The only paths whose commits the walk reads, if any: a commit that leaves them as one of its
    /// parents had them is passed over. Releases made in the commits passed over are not seen, so a
    /// focused walk's arrivals are not resolved as moves across commits (`ItemProvenance`); and only
    /// these files keep their stand-ins across the commits passed over.
    public let focus: [String]?

    /// Whether a commit walked so far was a merge: when none was, every commit is on the first-parent line.
    public private(set) var walkedMerges = false

    private var ledger = ItemLedger()
    /// For the commits whose charters hold unreadable files: the readable stand-in of each.
    private var standIns: [ObjectID: [String: StandIn]] = [:]

    /// What a comparison reads in place of an unreadable file: its last readable version (nil when it
    /// never was readable), and the commit that made it unreadable.
    struct StandIn: Sendable {
        var entry: CharterTree.Entry?
        var since: ObjectID
    }

    /// Where the steps of the commits read once are kept (`Repository.historyIndex`).
    private let index: HistoryIndex

    /// The least number of commits a whole walk must read from git (not from the index) for a second
    /// thread to read the later ones ahead (`ReadAhead`); nil: one thread only. `CHARTER_WALK_SPLIT`
    /// in the environment sets it: `off`, or a number from 2 (tests split tiny histories with `2`).
    /// A caller sets it to nil for a walk that mostly stops after a few commits, or whose own work
    /// decodes again every file the walk reads (through the same `cache`): a second thread would not pay.
    public var readAheadThreshold: Int?

    public convenience init(_ repository: Repository, cache: DecodeCache, firstParent: Bool, focus: [String]? = nil) {
        self.init(repository, cache: cache, firstParent: firstParent, focus: focus, index: repository.historyIndex)
    }

    init(_ repository: Repository, cache: DecodeCache, firstParent: Bool, focus: [String]? = nil, index: HistoryIndex) {
        self.repository = repository
        self.index = index
        self.cache = cache
        self.firstParent = firstParent
        self.focus = focus
        self.readAheadThreshold = Self.readAheadThreshold(ProcessInfo.processInfo.environment)
        wholeStepKind = firstParent ? .firstParentStep : .step
        // A focused walk's stand-ins are those of its files only: its steps are kept apart from a whole walk's.
        stepKind = focus == nil ? wholeStepKind : (firstParent ? .firstParentFocusedStep : .focusedStep)
        stepSubject = focus?.joined(separator: "\n") ?? ""
        // The parents followed decide what a merge is passed over for: a first-parent walk's passages are its own.
        passageSubject = stepSubject + (firstParent ? "\n--first-parent" : "")
    }

    /// Under which kind and subject the index keeps this walk's steps, a whole walk's steps, and (for a
    /// focused walk) the passages of the commits it passes over.
    private let stepKind: HistoryIndex.Kind
    private let stepSubject: String
    private let wholeStepKind: HistoryIndex.Kind
    private let passageSubject: String

    /// A second thread costs about 10 ms of CPU (a repository opened, the charters decoded afresh): on
    /// the generated histories a cold log of 250 commits gains 10% of its 0.1 s, of 500 25% of 0.16 s,
    /// of 1,000 30% of 0.27 s.
    static let defaultReadAheadThreshold = 500

    static func readAheadThreshold(_ environment: [String: String]) -> Int? {
        switch environment["CHARTER_WALK_SPLIT"] {
        case nil: defaultReadAheadThreshold
        case "off": nil
        case let value?: Int(value).map { max($0, 2) } ?? defaultReadAheadThreshold
        }
    }

    /// Walks the commits reachable from `tips`, oldest first (parents before children), calling `body`
    /// for each until it returns false. Only the role files a commit changed are read, each distinct
    /// blob decoded once. In a shallow clone the walk starts at the boundary commits, each read as the
    /// starting state of the history above it (`HistoryStep.startingState`).
    public func walk(from tips: [ObjectID], _ body: (HistoryStep) throws -> Bool) throws {
        let commits = try RevisionWalk(repository, from: tips, firstParent: firstParent, oldestFirst: true).all()
        defer { index.save() }
        let ahead = readAhead(of: commits)
        defer { ahead?.stop() }
        for id in commits {
            guard let step = try step(at: id, ahead: ahead) else { continue }
            guard try body(step) else { return }
        }
    }

    /// A second thread reading the later part of a whole walk, when enough of its commits are not in
    /// the index: it starts at the commit that leaves as many of them to read before it as after, the
    /// part before it being this thread's (`readAheadShare`).
    private func readAhead(of commits: [ObjectID]) -> ReadAhead? {
        guard focus == nil, let threshold = readAheadThreshold else { return nil }
        let unindexed = commits.indices.filter { index.record(stepKind, of: commits[$0]) == nil }
        guard unindexed.count >= threshold else { return nil }
        let start = unindexed[unindexed.count * Self.readAheadShare.mine / Self.readAheadShare.of]
        // The thread reads each commit against its parent, as the walk does: it needs the files of the
        // commits around it only. A quarter of the cache keeps a cold log of the 10,000-commit history
        // under 140 MB (a whole one: 145 MB) and costs a history of 200 roles some re-decoding (5% of its time).
        return ReadAhead(Array(commits[start...]), gitDirectory: repository.gitDirectory, charterFolder: repository.charterFolder,
                         firstParent: firstParent,
                         cacheCapacity: cache.capacity / 4)
    }

    /// The part of the commits to read that this thread keeps: it also replays, renders and indexes
    /// every step, the second thread only reads.
    static let readAheadShare = (mine: 1, of: 2)

    /// The step `ahead` read for `id`, if any, when a read on this thread would give the same. The second
    /// thread starts with no stand-ins: its steps hold as long as no parent it did not read has any here.
    /// From the first that does not, every later step of it is dropped and this thread reads them.
    private func aheadRead(of id: ObjectID, from ahead: ReadAhead?) -> ReadAhead.Commit? {
        guard let ahead, let read = ahead.take(id) else { return nil }
        guard read.info.parents.allSatisfy({ ahead.reads($0) || standIns[$0] == nil }) else {
            ahead.stop()
            return nil
        }
        return read
    }

    /// Reads a commit from git: its step, and the record of it the history index keeps.
    private func read(_ id: ObjectID) throws -> (info: CommitInfo, step: ReadStep, record: IndexWriter) {
        let revision = try repository.charterRevision(at: id)
        let step = try read(revision)
        var record = IndexWriter()
        record.write(step)
        return (revision.info, step, record)
    }

    /// Reads `commits` in order from git, as a walk with no index does, handing each to `deliver` until
    /// it returns false: what a `ReadAhead` thread does with an engine of its own.
    func read(_ commits: [ObjectID], _ deliver: (ReadAhead.Commit) -> Bool) throws {
        for id in commits {
            let (info, step, record) = try read(id)
            keepStandIns(of: id, step)
            guard deliver(ReadAhead.Commit(info: info, record: record)) else { return }
        }
    }

    /// Keeps a commit's stand-ins for the steps of its children.
    private func keepStandIns(of id: ObjectID, _ read: ReadStep) {
        standIns[id] = read.standIns.isEmpty ? nil : read.standIns
    }

    private func step(at id: ObjectID, ahead: ReadAhead?) throws -> HistoryStep? {
        if let focus, let passedOver = try parentPassedOver(id, focus: focus) {
            standIns[id] = standIns[passedOver]?.filter { focus.contains($0.key) }
            return nil
        }
        // Asked of every commit the second thread read, indexed or not: whether its later steps hold depends on each.
        let readAhead = aheadRead(of: id, from: ahead)
        let info: CommitInfo
        let read: ReadStep
        if var record = index.record(stepKind, of: id, subject: stepSubject), let cached = try? record.readStep(), record.isAtEnd {
            info = try readAhead?.info ?? repository.commitInfo(id)
            read = cached
        } else {
            let record: IndexWriter
            if let readAhead, let step = readAhead.step {
                (info, read, record) = (readAhead.info, step, readAhead.record)
            } else {
                (info, read, record) = try self.read(id)
            }
            index.store(stepKind, of: id, subject: stepSubject, record)
        }
        walkedMerges = walkedMerges || info.parents.count > 1
        keepStandIns(of: id, read)
        var changes = read.changes
        if focus == nil, !changes.isEmpty {
            changes = ledger.replay(changes, commit: id.description) { release in
                // Across branches, a release explains an arrival only among the commit's ancestors.
                firstParent || ((try? repository.isAncestor(release, of: id)) ?? false)
            }
        }
        let boundary = info.isShallowBoundary
        return HistoryStep(info: info, message: CommitMessage(parsing: info.message), changes: boundary ? [] : changes,
                           startingState: boundary ? changes : [], unreadable: read.unreadable, readableAgain: read.readableAgain,
                           touchesCharters: read.touchesCharters, schemaChanged: read.schemaChanged)
    }

    /// What a commit changed, before the ledger resolves moves across commits: all of it depends on
    /// the commit and its ancestors only, which is what the history index keeps of it.
    struct ReadStep: Sendable {
        /// Against its parents (`HistoryStep.changes`); at the shallow boundary, its starting state.
        var changes: [BoundaryChange]
        var unreadable: [Finding]
        var readableAgain: [ReadableAgain]
        var touchesCharters: Bool
        var schemaChanged: Bool
        /// The readable stand-ins of the commit's unreadable files.
        var standIns: [String: StandIn]
        /// The commit's parents, all of them, and for each parent followed the charter paths
        /// (`CharterTree.entries`) whose entries differ from the commit's: what a focused walk asks of every commit.
        var parents: [ObjectID]
        var changedPaths: [[String]]
    }

    /// For a focused walk, the parent of `id` whose entries on the focused files are the commit's own (the
    /// first such parent followed): the commit is then passed over. Nil when the commit changed them
    /// against every parent followed, or has none. What the index knows spares reading the commit: a
    /// whole walk's step (its parents and changed paths), or what an earlier walk with the same focus found.
    private func parentPassedOver(_ id: ObjectID, focus: [String]) throws -> ObjectID? {
        let parents: [ObjectID]
        let same: ObjectID?
        if var record = index.record(wholeStepKind, of: id), let known = try? record.parentsAndChangedPaths(),
           known.changedPaths.count == followed(known.parents).count {
            parents = known.parents
            same = followed(parents).indices.first { known.changedPaths[$0].allSatisfy { !focus.contains($0) } }.map { parents[$0] }
        } else if var record = index.record(.focusPassage, of: id, subject: passageSubject), let passage = try? record.passage(),
                  record.isAtEnd, passage.same.map({ $0 < followed(passage.parents).count }) ?? true {
            parents = passage.parents
            same = passage.same.map { parents[$0] }
        } else {
            parents = try repository.commitInfo(id).parents
            let followed = followed(parents)
            same = followed.isEmpty ? nil : try repository.parent(of: id, among: followed, sameOn: focus)
            var record = IndexWriter()
            record.writePassage(parents: parents, same: same.flatMap { followed.firstIndex(of: $0) })
            index.store(.focusPassage, of: id, subject: passageSubject, record)
        }
        walkedMerges = walkedMerges || parents.count > 1
        return same
    }

    private func read(_ revision: CharterRevision) throws -> ReadStep {
        let id = revision.info.id
        let parents = followed(revision.info.parents)
        let firstParentTree = revision.parentTree ?? CharterTree()
        guard firstParentTree.entries != revision.tree.entries || parents.count > 1 else {
            return ReadStep(changes: [], unreadable: [], readableAgain: [], touchesCharters: false, schemaChanged: false,
                            standIns: revision.info.parents.first.flatMap { standIns[$0] } ?? [:],
                            parents: revision.info.parents, changedPaths: parents.map { _ in [] })
        }
        // The parents followed, as committed and as read (each unreadable file replaced by its stand-in).
        var parentTrees: [(id: ObjectID?, tree: CharterTree)] = [(revision.info.parents.first, firstParentTree)]
        for parent in parents.dropFirst() { parentTrees.append((parent, try repository.charterTree(at: parent))) }
        let readableParents = parentTrees.map { readable($0.tree, of: $0.id) }
        let base = readableParents[0]
        // The stand-ins this commit inherits: a file brought unchanged from a parent keeps that parent's.
        let parentStandIns = parentTrees.map { $0.id.flatMap { standIns[$0] } ?? [:] }
        var inherited: [String: StandIn] = [:]
        for file in Set(parentStandIns.flatMap(\.keys)) {
            let source = parentTrees.indices.first {
                parentStandIns[$0][file] != nil && parentTrees[$0].tree.entries[file] == revision.tree.entries[file]
            } ?? 0
            inherited[file] = parentStandIns[source][file]
        }
        // What this commit cannot read, judged on the files that differ from the first parent's readable charters.
        // Against the first parent's charters as committed, the role files that may differ are known already.
        let candidates = revision.info.parents.first.flatMap { standIns[$0] } == nil ? revision.changedRoleFiles : nil
        let raw = try load(revision.tree, comparedWith: base, among: candidates)
        var own: [String: StandIn] = [:]
        for finding in raw.report.unreadable {
            let file = finding.location.file
            own[file] = inherited[file] ?? StandIn(entry: base.entries[file], since: id)
        }
        // A file not read here is still the unreadable version it was, unless it is its stand-in again.
        for (file, standIn) in inherited where !Self.reads(file, raw) && revision.tree.entries[file] != standIn.entry {
            own[file] = standIn
        }
        let after = Self.replacing(revision.tree, with: own)

        var changes = try diff(from: base, to: after, reusing: own.isEmpty ? raw : nil)
        var touches = revision.touchesCharters
        if parents.count > 1 {
            touches = readableParents.allSatisfy { $0.entries != after.entries }
            var diffs = [changes]
            for other in readableParents.dropFirst() { diffs.append(try diff(from: other, to: after, reusing: nil)) }
            changes = Self.beyondEveryParent(diffs)
        }
        // The unreadable versions this commit made: a file it brought unchanged from a parent was shown there.
        let unreadable = raw.report.unreadable.filter { finding in
            parentTrees.allSatisfy { $0.tree.entries[finding.location.file] != revision.tree.entries[finding.location.file] }
        }
        // A file deleted while unreadable is not readable again: its removal is compared with its stand-in.
        let readableAgain = inherited.filter { own[$0.key] == nil && revision.tree.entries[$0.key] != nil }
            .map { ReadableAgain(file: $0.key, unreadableSince: $0.value.since) }.sorted { $0.file < $1.file }
        let changedPaths = parentTrees.prefix(parents.count).indices.map { index in
            index == 0 && !revision.rolesFolderChanged ? revision.changedPaths
                : Self.changedPaths(from: parentTrees[index].tree, to: revision.tree)
        }
        return ReadStep(changes: changes, unreadable: unreadable, readableAgain: readableAgain,
                        touchesCharters: touches || !readableAgain.isEmpty, schemaChanged: revision.schemaChanged, standIns: own,
                        parents: revision.info.parents, changedPaths: changedPaths)
    }

    /// The parents of a commit the walk follows: the first only, with `firstParent`.
    private func followed(_ parents: [ObjectID]) -> [ObjectID] {
        firstParent ? Array(parents.prefix(1)) : parents
    }

    /// A tree read for comparison with another: what was read, and which role files (nil: all).
    private struct Loaded {
        var report: ValidationReport
        var files: Set<String>?
    }

    /// Whether a tree read for comparison read `file`: the schema always, a role file when it was compared.
    private static func reads(_ file: String, _ loaded: Loaded) -> Bool {
        guard file != CharterTree.schemaPath else { return true }
        guard loaded.report.schemaReadable else { return false }
        return loaded.files.map { $0.contains(String(file.dropFirst(CharterTree.rolesPath.count + 1))) } ?? true
    }

    /// A commit's charters with each file it cannot read replaced by its stand-in.
    private func readable(_ tree: CharterTree, of commit: ObjectID?) -> CharterTree {
        guard let commit, let replaced = standIns[commit] else { return tree }
        return Self.replacing(tree, with: replaced)
    }

    private static func replacing(_ tree: CharterTree, with standIns: [String: StandIn]) -> CharterTree {
        var tree = tree
        for (file, standIn) in standIns { tree.entries[file] = standIn.entry }
        return tree
    }

    /// A tree read for comparison with `other`: only the role files that differ from it (all of them
    /// when the schema or roles/ itself differs), among `candidates` when they are known.
    private func load(_ tree: CharterTree, comparedWith other: CharterTree, among candidates: Set<String>? = nil) throws -> Loaded {
        let files = Repository.changedRoleFiles(other, tree, among: candidates)
        return Loaded(report: try CharterValidator.load(tree, roleFiles: files, cache: cache, read: repository.readBlob), files: files)
    }

    /// The boundary changes from one tree to another; `reusing` is the second tree read already
    /// against the first.
    private func diff(from before: CharterTree, to after: CharterTree,
                      reusing loaded: Loaded?) throws -> [BoundaryChange] {
        guard before.entries != after.entries else { return [] }
        let new = try loaded ?? load(after, comparedWith: before)
        let old = try CharterValidator.load(before, roleFiles: new.files, cache: cache, read: repository.readBlob)
        guard new.files != nil, RoleLineage.isDeclared(from: old.charters, to: new.report.charters) else {
            return BoundaryDiff.changes(from: old.charters, to: new.report.charters)
        }
        return BoundaryDiff.changes(from: try CharterValidator.load(before, cache: cache, read: repository.readBlob).charters,
                                    to: try CharterValidator.load(after, cache: cache, read: repository.readBlob).charters)
    }

    /// The charter paths whose entries differ between two trees, sorted.
    private static func changedPaths(from before: CharterTree, to after: CharterTree) -> [String] {
        Set(before.entries.keys).union(after.entries.keys).filter { before.entries[$0] != after.entries[$0] }.sorted()
    }

    /// What a merge changed beyond every parent, from its changes against each (`diffs`, in parent
    /// order): the subjects changed against all of them, each shown as it changed against the parent it
    /// differs from least. A resolution that rewords what a branch moved is a rewording, not the move.
    static func beyondEveryParent(_ diffs: [[BoundaryChange]]) -> [BoundaryChange] {
        let bySubject = diffs.map { Dictionary(grouping: $0, by: subject) }
        let common = bySubject.dropFirst().reduce(Set(bySubject[0].keys)) { $0.intersection($1.keys) }
        guard !common.isEmpty else { return [] }
        var closest: [String: Int] = [:]
        for key in common {
            // The first parent wins a tie.
            closest[key] = bySubject.indices.min { weight(bySubject[$0][key]!) < weight(bySubject[$1][key]!) }
        }
        return diffs.indices.flatMap { parent in diffs[parent].filter { closest[subject($0)] == parent } }
    }

    /// How far apart two versions are on one subject: a change of holder counts more than of words.
    private static func weight(_ changes: [BoundaryChange]) -> Int {
        changes.reduce(0) { total, change in
            switch change.kind {
            case .reworded, .fieldChanged, .consultsChanged, .ruleChanged, .schemaChanged: total + 1
            case .moved, .decisionMoved: total + (change.before == nil ? 2 : 3)
            default: total + 2
            }
        }
    }

    /// What a change is about, whatever it did to it: a merge changed something beyond its parents
    /// when its charters differ from every parent's on it.
    private static func subject(_ change: BoundaryChange) -> String {
        if let key = ItemKey.of(change) { return key }
        let group: String = switch change.kind {
        case .roleAdded, .roleRemoved: "role"
        default: change.kind.rawValue
        }
        return [group, change.role ?? "", change.field ?? "", change.area ?? "", change.item ?? ""].joined(separator: "|")
    }
}
