import CharterCore
import Foundation

/// The imports a history records: the merges `charter import` made, each checked against what it
/// claims, and for every commit the imports among its ancestors. In a shallow clone, the imports
/// listed at the boundary count as recorded there (`importsListed(atBoundary:)`). Built by one walk, oldest first,
/// the first time it is asked: a history whose charters never declare an import never pays for it.
public final class RecordedImports {
    private let repository: Repository
    private let tips: [ObjectID]
    private let cache: DecodeCache
    private var found: [RecordedImport] = []
    /// For each commit with an import among its ancestors (or itself): the indices into `found`.
    private var reachable: [ObjectID: Set<Int>]?
    /// The acquired companies' own commits: those a recorded import merged in (its second parent's
    /// history, less what the first parent had).
    private var acquired: Set<ObjectID> = []

    /// The imports of the history that ends at `tips`.
    public init(_ repository: Repository, upTo tips: [ObjectID], cache: DecodeCache) {
        self.repository = repository
        self.tips = tips
        self.cache = cache
    }

    /// The imports recorded at `commit` (itself or its ancestors), oldest first. `commit` must be in the history.
    public func imports(at commit: ObjectID) throws -> [RecordedImport] {
        if reachable == nil { try build() }
        return (reachable?[commit] ?? []).sorted().map { found[$0] }
    }

    /// Whether `commit` is an acquired company's own, brought in by a recorded import: a commit that
    /// merely says `Imported-From` is not.
    public func isAcquired(_ commit: ObjectID) throws -> Bool {
        if reachable == nil { try build() }
        return acquired.contains(commit)
    }

    private func build() throws {
        var reachable: [ObjectID: Set<Int>] = [:]
        let walk = try RevisionWalk(repository, from: tips, firstParent: false, oldestFirst: true)
        while let id = try walk.next() {
            let info = try repository.commitInfo(id)
            var imports = info.parents.reduce(into: Set<Int>()) { $0.formUnion(reachable[$1] ?? []) }
            if let record = try repository.recordedImport(info, cache: cache) {
                found.append(record)
                imports.insert(found.count - 1)
                acquired.formUnion(try repository.commits(from: info.parents[1], excluding: info.parents[0]))
            }
            if info.isShallowBoundary {
                for record in try repository.importsListed(atBoundary: id, cache: cache) {
                    found.append(record)
                    imports.insert(found.count - 1)
                }
            }
            if !imports.isEmpty { reachable[id] = imports }
        }
        self.reachable = reachable
    }
}

extension Repository {
    /// The imports charter.yaml lists at a commit at the shallow boundary: made behind the boundary, out
    /// of the clone's reach, so each is taken as recorded there, with what its roles hold at the
    /// boundary standing for what they brought. An entry written above the boundary is still checked.
    func importsListed(atBoundary id: ObjectID, cache: DecodeCache) throws -> [RecordedImport] {
        let charters = try CharterValidator.load(try charterTree(at: id), cache: cache, read: readBlob).charters
        return (charters.company?.imports ?? []).map { RecordedImport(prefix: $0.prefix, commit: id.description, brought: charters) }
    }

    /// The import a commit records, if it is an import merge as `charter import` writes one: a
    /// `Charter-Import: <prefix>` trailer on a merge whose first parent has no `<prefix>-` roles and
    /// whose second parent is the rewritten history (`Imported-From`) holding only `<prefix>-` roles,
    /// all of which the merge keeps.
    func recordedImport(_ info: CommitInfo, cache: DecodeCache) throws -> RecordedImport? {
        // Most commits: no trailer, nothing to read.
        guard info.message.range(of: CommitMessage.importPrefixTrailer, options: .caseInsensitive) != nil,
              let prefix = CommitMessage(parsing: info.message).importPrefix, Identifier.isValid(prefix),
              info.parents.count == 2 else { return nil }
        let ours = try charterTree(at: info.parents[0]), theirs = try charterTree(at: info.parents[1])
        let merged = try charterTree(at: info.id)
        let brought = theirs.roleEntryNames
        guard !brought.isEmpty, brought.allSatisfy({ $0.hasPrefix(prefix + "-") && $0.hasSuffix(".yaml") }),
              !ours.roleEntryNames.contains(where: { $0.hasPrefix(prefix + "-") }),
              brought.allSatisfy({ merged.entries["\(CharterTree.rolesPath)/\($0)"] != nil }),
              CommitMessage(parsing: try commitInfo(info.parents[1]).message).importedFrom != nil else { return nil }
        let charters = try CharterValidator.load(theirs, cache: cache, read: readBlob).charters
        return RecordedImport(prefix: prefix, commit: info.id.description, brought: charters)
    }
}
