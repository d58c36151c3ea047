import ArgumentParser
import CharterCore
import CharterGit

/// A charter repository opened for one command: its revisions and, unless it is bare, its work tree.
struct Workspace {
    let repository: Repository
    /// How the charter folder was found, and where charter looked: what a missing charter.yaml says.
    var discovery: CharterFolder.Discovery

    /// The charter folder of the work tree (`CharterFolder`), ending in `/`. A bare repository has none: whatever needs it throws
    /// `bareRepository`, which `Charter.main` reports as a usage error naming the command
    /// (`WorkTreeCommand`).
    var root: String {
        get throws(RepositoryError) {
            guard let root = repository.charterDirectory else { throw .bareRepository(path: repository.gitDirectory) }
            return root
        }
    }

    func workTreeCharters() throws -> CharterTree {
        try repository.workTreeCharters()
    }

    /// The charters staged for the next commit; a bare repository has no index to commit from.
    func stagedCharters() throws -> CharterTree {
        _ = try root
        return try repository.stagedCharterTree()
    }

    /// Decoded charter files by blob id, shared by every revision this command reads.
    let cache = DecodeCache()

    // MARK: - Snapshots

    /// Something to read charters from: a commit, the work tree, the index (what is staged for the next
    /// commit), or nothing at all (before the first commit).
    enum Snapshot: Equatable {
        case commit(ObjectID)
        case workTree
        case index
        case empty

        /// The full commit id, `worktree`, or `empty`, as JSON output names it.
        var label: String {
            switch self {
            case .commit(let id): id.description
            case .workTree: "worktree"
            case .index: "index"
            case .empty: "empty"
            }
        }

        /// The short id or `work tree`, as text output names it.
        var shortLabel: String {
            switch self {
            case .commit(let id): id.short
            case .workTree: "work tree"
            case .index: "index"
            case .empty: "nothing"
            }
        }
    }

    /// The charters as they stand: the work tree's, or HEAD's in a bare repository.
    func current() throws -> Snapshot {
        repository.workingDirectory == nil ? try head() : .workTree
    }

    /// HEAD's commit, or `empty` on a branch with no commit yet.
    func head() throws -> Snapshot {
        try repository.head().commit.map(Snapshot.commit) ?? .empty
    }

    func snapshot(_ revision: String) throws -> Snapshot {
        .commit(try repository.commit(for: revision))
    }

    /// The commit `--at DATE` names: the last one committed on or before the date on HEAD's first-parent
    /// line. None is a finding (exit 1), said with what a shallow clone leaves out.
    func lastCommit(at date: DateArgument) throws -> ObjectID {
        guard let head = try repository.head().commit, let commit = try repository.lastCommit(onOrBefore: date.last, from: head) else {
            let shallow = repository.shallowBoundary.isEmpty ? "" : " in this shallow clone: the commits before its boundary are not in it (git fetch --unshallow)"
            throw CommandFailure(status: .findings, message: "no commit on or before \(date.text)" + shallow)
        }
        return commit
    }

    /// The charter files of a snapshot.
    func tree(_ snapshot: Snapshot) throws -> CharterTree {
        switch snapshot {
        case .commit(let id): try repository.charterTree(at: id)
        case .workTree: try workTreeCharters()
        case .index: try stagedCharters()
        case .empty: CharterTree()
        }
    }

    /// The boundary changes between two snapshots, and what each side could not read. Only the role
    /// files that differ are read: a role the same on both sides cannot change the boundary.
    func boundaryChanges(from before: Snapshot, to after: Snapshot) throws -> Comparison {
        let old = try tree(before), new = try tree(after)
        let files = Repository.changedRoleFiles(old, new)
        let read: CharterValidator.BlobReader = repository.readBlob
        let oldReport = try CharterValidator.load(old, roleFiles: files, cache: cache, read: read)
        let newReport = try CharterValidator.load(new, roleFiles: files, cache: cache, read: read)
        var (oldCharters, newCharters) = (oldReport.charters, newReport.charters)
        if files != nil, RoleLineage.isDeclared(from: oldCharters, to: newCharters) {
            oldCharters = try CharterValidator.load(old, cache: cache, read: read).charters
            newCharters = try CharterValidator.load(new, cache: cache, read: read).charters
        }
        let through = try lineageThrough(from: before, to: after, oldCharters, newCharters)
        let changes = try withProvenance(BoundaryDiff.changes(from: oldCharters, to: newCharters, through: through), since: before)
        return Comparison(from: before, to: after, changes: changes,
                          unreadable: oldReport.unreadable.map { UnreadableFile(side: .from, snapshot: before, finding: $0) }
                              + newReport.unreadable.map { UnreadableFile(side: .to, snapshot: after, finding: $0) })
    }

    /// For a comparison several commits apart whose lineage names roles the earlier side did not have:
    /// what the commits between declared (`RoleLineage.between`), so that a chain of renames reads as one.
    private func lineageThrough(from before: Snapshot, to after: Snapshot, _ old: CharterSet, _ new: CharterSet) throws -> [String: [String]] {
        guard case .commit(let base) = before, !RoleLineage.between(old, new).unknown.isEmpty else { return [:] }
        let tip: ObjectID
        switch after {
        case .commit(let id): tip = id
        case .workTree, .index:
            guard case .commit(let head) = try head() else { return [:] }
            tip = head
        case .empty: return [:]
        }
        return try repository.lineageDeclared(in: try repository.commits(from: tip, excluding: base), cache: cache)
    }

    /// What a comparison of two snapshots found.
    struct Comparison {
        var from: Snapshot
        var to: Snapshot
        var changes: [BoundaryChange]
        /// The files left out of the comparison because a side could not read them.
        var unreadable: [UnreadableFile]
    }

    /// A charter file one side of a comparison could not read (broken YAML, a role of the wrong
    /// shape, an invalid schema.yaml), with the first finding that says why.
    struct UnreadableFile {
        enum Side: String { case from, to }
        var side: Side
        var snapshot: Snapshot
        var finding: Finding
    }

    /// `changes` made after `snapshot`, with each item arriving from nowhere that a role gave up in
    /// `snapshot`'s history shown as the move it is (`ItemProvenance`).
    func withProvenance(_ changes: [BoundaryChange], since snapshot: Snapshot) throws -> [BoundaryChange] {
        let arrivals = ItemProvenance.arrivals(in: changes)
        guard case .commit(let base) = snapshot, !arrivals.isEmpty else { return changes }
        let queries = Dictionary(uniqueKeysWithValues: arrivals.map { ($0, base) })
        return ItemProvenance.resolve(changes, formerHolders: try repository.formerHolders(of: queries, along: base, cache: cache))
    }

    /// The charters of a snapshot as read, without the rules across roles: what a question about its roles,
    /// their lineage or their keys needs.
    func charters(_ snapshot: Snapshot) throws -> CharterSet {
        try CharterValidator.load(try tree(snapshot), cache: cache, read: repository.readBlob).charters
    }

    /// The charters of a snapshot, validated; invalid or unreadable files do not stop the reading.
    func validated(_ snapshot: Snapshot) throws -> ValidationReport {
        var report = try validatedCharters(snapshot)
        for index in report.findings.indices where report.findings[index].code == .missingFile
            && report.findings[index].location.file == CharterTree.companyPath {
            report.findings[index].message = "charter.yaml is missing: " + whereLooked(snapshot)
        }
        return report
    }

    /// `report` with its findings' files named from the repository's root (`org/roles/cto.yaml`), as git,
    /// editors and CI annotations name them, when the charters are in a folder of the repository.
    func locatedInRepository(_ report: ValidationReport) -> ValidationReport {
        let folder = repository.charterFolder
        guard !folder.path.isEmpty else { return report }
        var located = report
        for index in located.findings.indices {
            located.findings[index].location.file = folder.repositoryPath(located.findings[index].location.file)
            for related in located.findings[index].related.indices {
                located.findings[index].related[related].file = folder.repositoryPath(located.findings[index].related[related].file)
            }
        }
        return located
    }

    /// Says on standard error that no charter folder was found, from where charter runs nor in the
    /// revisions it reads: a history command would otherwise read nothing and report nothing, as if the
    /// charters had not changed (charters deeper than the search goes, or in a bare repository).
    func warnWithoutCharters() {
        guard !repository.chartersFound else { return }
        let stderr = Terminal.standardError
        stderr.write(stderr.warning("warning: ") + "no charters found: no charter.yaml from here up to the repository's root, "
                     + "nor in the index, HEAD or the revisions read (\(CharterFolder.searchDepth) folders deep); run charter in the "
                     + "charters' folder, or name it with `git config \(CharterFolder.setting) PATH`\n")
    }

    /// Where charter looked for the charters of `snapshot`, for a missing charter.yaml.
    private func whereLooked(_ snapshot: Snapshot) -> String {
        let folder = repository.charterFolder.path.isEmpty ? "the repository's root" : repository.charterFolder.path
        switch snapshot {
        case .workTree where discovery.how == .head:
            return "HEAD has one in \(folder), the work tree has not: restore it with `git checkout HEAD -- \(repository.charterFolder.repositoryPath(CharterTree.companyPath))`"
        case .workTree:
            let searched = discovery.searched.map(TerminalText.escaped).joined(separator: ", ")
            return "no folder from \(searched.isEmpty ? "here" : searched) up to the repository's root holds one, nor does HEAD "
                + "\(CharterFolder.searchDepth) folders deep; run charter in the charters' folder or below it (or with -C DIR), "
                + "name it with `git config \(CharterFolder.setting) PATH`, or add charters with `charter init DIR`"
        case .index: return "none is staged in \(folder)"
        case .commit(let id): return "commit \(id.short) has none in \(folder)"
        case .empty: return "there are no commits yet"
        }
    }

    private func validatedCharters(_ snapshot: Snapshot) throws -> ValidationReport {
        switch snapshot {
        case .commit(let id):
            try CharterValidator.validate(try repository.charterTree(at: id), cache: cache, read: repository.readBlob) {
                try recordedImports(at: .commit(id))
            }
        case .workTree:
            try CharterValidator.validate(try workTreeCharters()) { try recordedImports(at: try head()) }
        case .index:
            try CharterValidator.validate(try stagedCharters(), cache: cache, read: repository.readBlob) {
                try recordedImports(at: try head())
            }
        case .empty: .empty
        }
    }

    /// `report` with the lineage `snapshot` is about to record checked (`RoleLineage.findings`): every role
    /// a `continues:` list newly names must be a role of the snapshot's parent, the commit it is made on
    /// (HEAD for the work tree and the index, the first parent for a commit). A merge may continue a role
    /// of any of its parents (MERGE_HEAD's too, for the work tree). At a shallow clone's boundary the
    /// parents are not in the clone: nothing can be said.
    func lineageChecked(_ report: ValidationReport, of snapshot: Snapshot) throws -> ValidationReport {
        guard report.charters.roles.contains(where: { !$0.continues.isEmpty }) else { return report }
        let parents: [Snapshot]
        switch snapshot {
        case .workTree, .index:
            parents = [try head()] + repository.mergeHeadsInProgress.map(Snapshot.commit)
        case .commit(let id):
            let info = try repository.commitInfo(id)
            if info.isShallowBoundary { return report }
            parents = info.parents.isEmpty ? [.empty] : info.parents.map(Snapshot.commit)
        case .empty:
            return report
        }
        var lineage: RoleLineage?
        var rolesBefore: Set<String> = []
        for parent in parents {
            let before = try charters(parent)
            let against = RoleLineage.between(before, report.charters)
            guard var found = lineage else {
                (lineage, rolesBefore) = (against, Set(before.roles.map(\.id)).union(before.unreadableRoles))
                continue
            }
            found.unknown.removeAll { unknown in !against.unknown.contains { $0.role == unknown.role && $0.name == unknown.name } }
            lineage = found
        }
        guard let findings = lineage?.findings(rolesBefore: rolesBefore), !findings.isEmpty else { return report }
        var checked = report
        checked.findings += findings
        return checked
    }

    /// The imports the history records at a commit, the work tree's being those of HEAD.
    func recordedImports(at snapshot: Snapshot) throws -> [RecordedImport] {
        guard case .commit(let id) = snapshot else { return [] }
        let history = importHistories.histories[id] ?? RecordedImports(repository, upTo: [id], cache: cache)
        importHistories.histories[id] = history
        return try history.imports(at: id)
    }

    /// The import histories this command has walked, by the commit they end at: each is walked once.
    private let importHistories = ImportHistories()

    private final class ImportHistories {
        var histories: [ObjectID: RecordedImports] = [:]
    }
}

/// A command with a form that needs a work tree, and what to do instead in a bare repository.
protocol WorkTreeCommand: ParsableCommand {
    /// Said after "this is a bare repository: `charter NAME` needs a work tree; ".
    static var bareRepositoryHint: String { get }
}
