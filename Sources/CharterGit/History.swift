import CLibGit2
import CharterCore

/// A revision walk, newest first: libgit2's, or in a shallow clone charter's own (`CommitGraph`), which
/// libgit2 1.5 cannot do. A walk made again in the same process lists the commits the first one listed,
/// without reading them again; a whole walk from one commit, what the history index keeps of the latest
/// one (`Repository.indexedWalk`).
final class RevisionWalk {
    /// What makes two walks the same walk.
    struct Key: Hashable {
        var starts: [ObjectID]
        var hidden: [ObjectID]
        var firstParent: Bool
        var oldestFirst: Bool
    }

    /// libgit2's walk; nil in a shallow clone and for a walk made before.
    private let pointer: OpaquePointer?
    /// Without libgit2's walk: the commits still to come, the next one last.
    private var remaining: [ObjectID] = []
    /// With libgit2's walk: the commits it listed so far, kept by the repository when it ends.
    private var listed: [ObjectID] = []
    private let key: Key
    let repository: Repository

    convenience init(_ repository: Repository, from start: ObjectID, firstParent: Bool, oldestFirst: Bool = false) throws(GitError) {
        try self.init(repository, from: [start], firstParent: firstParent, oldestFirst: oldestFirst)
    }

    /// A walk of the commits reachable from any of `starts` and from none of `hidden`.
    init(_ repository: Repository, from starts: [ObjectID], hiding hidden: [ObjectID] = [], firstParent: Bool,
         oldestFirst: Bool = false) throws(GitError) {
        self.repository = repository
        key = Key(starts: starts, hidden: hidden, firstParent: firstParent, oldestFirst: oldestFirst)
        if let walked = repository.completedWalks[key] {
            pointer = nil
            remaining = walked.reversed()
            return
        }
        guard repository.shallowBoundary.isEmpty else {
            pointer = nil
            let walked = try repository.graphWalk(from: starts, hiding: hidden, firstParent: firstParent)
            remaining = oldestFirst ? walked : walked.reversed()
            return
        }
        if hidden.isEmpty, starts.count == 1, let walked = repository.indexedWalk(from: starts[0], firstParent: firstParent) {
            pointer = nil
            remaining = oldestFirst ? walked : walked.reversed()
            return
        }
        var pointer: OpaquePointer?
        try Git.check(git_revwalk_new(&pointer, repository.pointer), "start a revision walk")
        self.pointer = pointer!
        let order = GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue | (oldestFirst ? GIT_SORT_REVERSE.rawValue : 0)
        try Git.check(git_revwalk_sorting(pointer, order), "sort the walk")
        if firstParent { try Git.check(git_revwalk_simplify_first_parent(pointer), "follow first parents") }
        for start in starts {
            var raw = start.raw
            try Git.check(git_revwalk_push(pointer, &raw), "start the walk at \(start)")
        }
        for id in hidden {
            var raw = id.raw
            try Git.check(git_revwalk_hide(pointer, &raw), "hide \(id.short) from the walk")
        }
    }

    deinit { if let pointer { git_revwalk_free(pointer) } }

    func next() throws(GitError) -> ObjectID? {
        guard let pointer else { return remaining.popLast() }
        var id = git_oid()
        let rc = git_revwalk_next(&id, pointer)
        if rc == GIT_ITEROVER.rawValue {
            repository.remember(key, walked: listed)
            if key.hidden.isEmpty, key.starts.count == 1 {
                repository.rememberWalk(key.oldestFirst ? listed.reversed() : listed, firstParent: key.firstParent)
            }
            return nil
        }
        try Git.check(rc, "walk the history")
        listed.append(ObjectID(id))
        return ObjectID(id)
    }

    /// The commits still to come, in the walk's order.
    func all() throws(GitError) -> [ObjectID] {
        var ids: [ObjectID] = []
        while let id = try next() { ids.append(id) }
        return ids
    }
}

/// One commit of a charter history: its charter files and what it changed in them against its first parent.
public struct CharterRevision {
    public var info: CommitInfo
    /// The commit's charter files, as blob ids.
    public var tree: CharterTree
    /// The first parent's charter files; nil for a root commit.
    public var parentTree: CharterTree?
    /// Names in roles/ added, removed or changed against the first parent.
    public var changedRoleFiles: Set<String>
    /// Whether charter.yaml, schema.yaml, or roles/ as a whole (added, removed, made a file) changed.
    public var companyChanged: Bool
    public var schemaChanged: Bool
    public var rolesFolderChanged: Bool

    /// The charter paths whose entries (`CharterTree.Entry`) differ from its first parent's, sorted, when
    /// roles/ itself stayed a folder.
    var changedPaths: [String] {
        ([CharterTree.companyPath, CharterTree.schemaPath].filter { tree.entries[$0] != parentTree?.entries[$0] }
            + changedRoleFiles.map { CharterTree.rolesPath + "/" + $0 }).sorted()
    }

    /// Whether the commit touched any charter file.
    public var touchesCharters: Bool {
        companyChanged || schemaChanged || rolesFolderChanged || !changedRoleFiles.isEmpty
    }
}

extension Repository {
    private func revision(_ info: CommitInfo, root: Tree, parentRoot: Tree?) throws(GitError) -> CharterRevision {
        func entry(_ tree: Tree?, _ name: String) -> Tree.Entry? { tree?.entry(named: name) }
        func same(_ name: String) -> Bool {
            let now = entry(root, name), then = entry(parentRoot, name)
            return now?.id == then?.id && now?.mode == then?.mode
        }
        let parentTree = try parentRoot.map { parent throws(GitError) in try charterTree(root: parent) }
        let rolesNow = entry(root, CharterTree.rolesPath), rolesThen = entry(parentRoot, CharterTree.rolesPath)
        let tree: CharterTree
        var changed: Set<String> = []
        var folderChanged = false
        if let parentTree, rolesNow?.id == rolesThen?.id, rolesNow?.mode == rolesThen?.mode {
            tree = try charterTree(root: root, from: parentTree, changing: [])
        } else if let parentTree, let rolesNow, let rolesThen, rolesNow.mode == GIT_FILEMODE_TREE, rolesThen.mode == GIT_FILEMODE_TREE {
            // Compare the two roles/ listings by blob id: only the files that differ are read later.
            let changes = try Tree(rolesNow.id, in: self).charterChanges(since: Tree(rolesThen.id, in: self))
            changed = Set(changes.map(\.name))
            tree = try charterTree(root: root, from: parentTree, changing: changes)
        } else {
            tree = try charterTree(root: root)
            if rolesNow?.id != rolesThen?.id || rolesNow?.mode != rolesThen?.mode {
                folderChanged = true
                changed = Set(tree.roleEntryNames)
            }
        }
        return CharterRevision(info: info, tree: tree, parentTree: parentTree, changedRoleFiles: changed,
                               companyChanged: !same(CharterTree.companyPath), schemaChanged: !same(CharterTree.schemaPath),
                               rolesFolderChanged: folderChanged)
    }
}

extension Repository {
    /// The commits reachable from `tip` and not from `other`, as `git rev-list tip ^other` lists them.
    public func commits(from tip: ObjectID, excluding other: ObjectID) throws -> [ObjectID] {
        try commits(in: RevisionRange(tips: [tip], hidden: [other]))
    }

    /// Whether `ancestor` (a full commit id) is `commit` itself or one of its ancestors.
    public func isAncestor(_ ancestor: String, of commit: ObjectID) throws -> Bool {
        let other = try ObjectID(hex: ancestor)
        if other == commit { return true }
        if !shallowBoundary.isEmpty { return try graphIsAncestor(other, of: commit) }
        var descendant = commit.raw, candidate = other.raw
        let rc = git_graph_descendant_of(pointer, &descendant, &candidate)
        try Git.check(rc, "compare \(commit.short) with \(other.short)")
        return rc == 1
    }

    /// For each commit that a merge on `tip`'s first-parent line brought to it from a branch: that merge.
    public func mergesBringing(to tip: ObjectID) throws -> [ObjectID: ObjectID] {
        var mergedBy: [ObjectID: ObjectID] = [:]
        for id in try firstParentLine(from: tip).reversed() {
            let parents = try commitInfo(id).parents
            guard let first = parents.first, parents.count > 1 else { continue }
            for parent in parents.dropFirst() {
                for commit in try commits(from: parent, excluding: first) where mergedBy[commit] == nil { mergedBy[commit] = id }
            }
        }
        return mergedBy
    }

    /// The commit ids of the first-parent line from `start`, newest first.
    public func firstParentLine(from start: ObjectID) throws -> [ObjectID] {
        try RevisionWalk(self, from: start, firstParent: true).all()
    }

    /// The first of `parents` whose entries on `paths` are the commit's own, as `CharterTree` tells entries
    /// apart; nil when the commit changed them against every one. Only the entries on those paths are looked at.
    func parent(of commitID: ObjectID, among parents: [ObjectID], sameOn paths: [String]) throws(GitError) -> ObjectID? {
        let root = try Commit(commitID, in: self).charterRoot()
        for parent in parents {
            let parentRoot = try Commit(parent, in: self).charterRoot()
            // The same to the charters, as `CharterTree` tells entries apart (a mode change of a file is not a change).
            let same = paths.allSatisfy { path in
                root.entry(atPath: path).map(Self.charterEntry) == parentRoot.entry(atPath: path).map(Self.charterEntry)
            }
            if same { return parent }
        }
        return nil
    }

    /// For each role that one of `commits` changed and whose `continues` list names other roles: those
    /// names, each once. What a comparison across the commits needs to follow a chain of renames.
    public func lineageDeclared(in commits: [ObjectID], cache: DecodeCache) throws -> [String: [String]] {
        var declared: [String: [String]] = [:]
        for id in commits {
            let revision = try charterRevision(at: id)
            let read = try CharterValidator.load(revision.tree, roleFiles: revision.changedRoleFiles, cache: cache, read: readBlob)
            for role in read.charters.roles {
                for name in role.continues where declared[role.id]?.contains(name.value) != true {
                    declared[role.id, default: []].append(name.value)
                }
            }
        }
        return declared
    }

    /// One commit's charter files and what it changed in them against its first parent.
    public func charterRevision(at commitID: ObjectID) throws -> CharterRevision {
        let commit = try Commit(commitID, in: self)
        let parentRoot = try commit.info.parents.first.map { parent throws(GitError) in try Commit(parent, in: self).charterRoot() }
        return try revision(commit.info, root: try commit.charterRoot(), parentRoot: parentRoot)
    }
}
