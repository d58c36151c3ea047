import CLibGit2

// One final class per libgit2 handle: each frees its handle in deinit and keeps its repository alive.

/// A commit object.
final class Commit {
    let pointer: OpaquePointer
    let repository: Repository

    init(_ id: ObjectID, in repository: Repository) throws(GitError) {
        var pointer: OpaquePointer?
        var raw = id.raw
        try Git.check(git_commit_lookup(&pointer, repository.pointer, &raw), "look up commit \(id)")
        self.pointer = pointer!
        self.repository = repository
    }

    deinit { git_commit_free(pointer) }

    var id: ObjectID { ObjectID(git_commit_id(pointer)) }

    func tree() throws(GitError) -> Tree {
        var tree: OpaquePointer?
        try Git.check(git_commit_tree(&tree, pointer), "read the tree of commit \(id)")
        return Tree(owning: tree!, in: repository)
    }
}

/// A tree object.
final class Tree {
    let pointer: OpaquePointer
    let repository: Repository

    init(owning pointer: OpaquePointer, in repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }

    convenience init(_ id: ObjectID, in repository: Repository) throws(GitError) {
        var pointer: OpaquePointer?
        var raw = id.raw
        try Git.check(git_tree_lookup(&pointer, repository.pointer, &raw), "look up tree \(id)")
        self.init(owning: pointer!, in: repository)
    }

    deinit { git_tree_free(pointer) }

    var id: ObjectID { ObjectID(git_tree_id(pointer)) }

    /// A tree entry, copied out as a value.
    struct Entry {
        var name: String
        var id: ObjectID
        var mode: git_filemode_t
    }

    var entries: [Entry] {
        (0..<git_tree_entrycount(pointer)).compactMap { index in
            git_tree_entry_byindex(pointer, index).map(Self.copy)
        }
    }

    func entry(named name: String) -> Entry? {
        git_tree_entry_byname(pointer, name).map(Self.copy)
    }

    /// This tree's entries that `newer` no longer has, or has with other content, compared in libgit2's
    /// memory without copying the entries that stayed.
    func entriesReplaced(in newer: Tree?) -> [Entry] {
        (0..<git_tree_entrycount(pointer)).compactMap { index -> Entry? in
            guard let entry = git_tree_entry_byindex(pointer, index) else { return nil }
            if let newer, let kept = git_tree_entry_byname(newer.pointer, git_tree_entry_name(entry)),
               git_tree_entry_filemode(kept) == git_tree_entry_filemode(entry),
               ObjectID(charter_tree_entry_oid(kept)) == ObjectID(charter_tree_entry_oid(entry)) { return nil }
            return Self.copy(entry)
        }
    }

    /// The entries that differ between `older` and this tree, as the charters see them: a file by its
    /// blob id (executable or not), anything else by its kind. Both listings are walked together in
    /// git's order, comparing object ids in libgit2's memory: nothing is copied for an entry that stayed.
    /// Each change is a name with its entry here, nil when this tree no longer has it; a name that
    /// changed kind (a file made a folder) comes as its removal, then its addition.
    func charterChanges(since older: Tree) -> [(name: String, entry: Entry?)] {
        let count = git_tree_entrycount(pointer), olderCount = git_tree_entrycount(older.pointer)
        var changes: [(name: String, entry: Entry?)] = []
        var removals: [(name: String, entry: Entry?)] = []
        var index = 0, olderIndex = 0
        while index < count || olderIndex < olderCount {
            let entry = index < count ? git_tree_entry_byindex(pointer, index) : nil
            let was = olderIndex < olderCount ? git_tree_entry_byindex(older.pointer, olderIndex) : nil
            let order = entry.flatMap { entry in was.map { git_tree_entry_cmp(entry, $0) } } ?? (entry == nil ? 1 : -1)
            if order < 0, let entry {
                changes.append((String(cString: git_tree_entry_name(entry)), Self.copy(entry)))
                index += 1
            } else if order > 0, let was {
                removals.append((String(cString: git_tree_entry_name(was)), nil))
                olderIndex += 1
            } else if let entry, let was {
                if !Self.sameCharterFile(entry, was) { changes.append((String(cString: git_tree_entry_name(entry)), Self.copy(entry))) }
                index += 1
                olderIndex += 1
            }
        }
        return removals + changes
    }

    /// Whether two entries are the same to the charters: files with the same content, or two things
    /// of one other kind (links, folders, anything else), as `CharterTree.Entry` tells them apart.
    private static func sameCharterFile(_ entry: OpaquePointer, _ other: OpaquePointer) -> Bool {
        func kind(_ mode: git_filemode_t) -> git_filemode_t {
            switch mode {
            case GIT_FILEMODE_BLOB_EXECUTABLE: GIT_FILEMODE_BLOB
            case GIT_FILEMODE_BLOB, GIT_FILEMODE_LINK, GIT_FILEMODE_TREE: mode
            default: GIT_FILEMODE_COMMIT
            }
        }
        let mode = kind(git_tree_entry_filemode(entry))
        guard mode == kind(git_tree_entry_filemode(other)) else { return false }
        return mode != GIT_FILEMODE_BLOB || git_oid_equal(git_tree_entry_id(entry), git_tree_entry_id(other)) == 1
    }

    /// The entry at a slash-separated path below this tree.
    func entry(atPath path: String) -> Entry? {
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, pointer, path) == 0, let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        return Self.copy(entry)
    }

    private static func copy(_ entry: OpaquePointer) -> Entry {
        Entry(name: String(cString: git_tree_entry_name(entry)), id: ObjectID(charter_tree_entry_oid(entry)),
              mode: git_tree_entry_filemode(entry))
    }
}

/// A repository's index (the staging area).
final class Index {
    let pointer: OpaquePointer
    let repository: Repository

    init(of repository: Repository) throws(GitError) {
        var pointer: OpaquePointer?
        try Git.check(git_repository_index(&pointer, repository.pointer), "open the index")
        self.pointer = pointer!
        self.repository = repository
    }

    /// The index file at `path`, as git names one to its hooks in `GIT_INDEX_FILE`; read only.
    init(file path: String, of repository: Repository) throws(GitError) {
        var pointer: OpaquePointer?
        try Git.check(git_index_open(&pointer, path), "open the index \(path)")
        self.pointer = pointer!
        self.repository = repository
    }

    deinit { git_index_free(pointer) }

    /// An entry copied out as a value.
    struct Entry {
        var path: String
        /// 0 for a resolved path, 1 to 3 for the base, ours and theirs of a conflict.
        var stage: Int32
        var id: ObjectID
        var mode: git_filemode_t
        /// Added with `git add -N`: in the index, but not in the next commit.
        var intentToAdd: Bool

        init(_ entry: UnsafePointer<git_index_entry>) {
            path = String(cString: entry.pointee.path)
            stage = git_index_entry_stage(entry)
            id = ObjectID(entry.pointee.id)
            mode = git_filemode_t(entry.pointee.mode)
            intentToAdd = UInt32(entry.pointee.flags_extended) & GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue != 0
        }
    }

    /// Every entry, in the index's order (by path, then stage).
    var entries: [Entry] {
        (0..<git_index_entrycount(pointer)).compactMap { git_index_get_byindex(pointer, $0).map(Entry.init) }
    }

    /// The entries whose path begins with `prefix`, in the index's order.
    func entries(withPrefix prefix: String) -> [Entry] {
        var position = 0
        guard git_index_find_prefix(&position, pointer, prefix) == 0 else { return [] }
        var found: [Entry] = []
        while let entry = git_index_get_byindex(pointer, position).map(Entry.init), entry.path.hasPrefix(prefix) {
            found.append(entry)
            position += 1
        }
        return found
    }

    /// The paths that have conflict entries, sorted, each once.
    var conflictedPaths: [String] {
        Set(entries.filter { $0.stage > 0 }.map(\.path)).sorted()
    }

    /// Records `path` as holding blob `id`, in place of any conflict entries it had. Stat data is
    /// left empty so git compares content the next time it looks, rather than trusting a file that
    /// may have changed since it was read.
    func stage(_ path: String, blob id: ObjectID) throws(GitError) {
        try removeConflict(path)
        var entry = git_index_entry()
        entry.mode = UInt32(GIT_FILEMODE_BLOB.rawValue)
        entry.id = id.raw
        let rc = path.withCString { cPath in
            entry.path = cPath
            return git_index_add(pointer, &entry)
        }
        try Git.check(rc, "stage \(path)")
    }

    /// Removes `path` from the index: its entry, its conflict entries, and anything below it if it was a folder.
    func unstage(_ path: String) throws(GitError) {
        try removeConflict(path)
        let rc = git_index_remove(pointer, path, 0)
        if rc != GIT_ENOTFOUND.rawValue { try Git.check(rc, "remove \(path) from the index") }
        try Git.check(git_index_remove_directory(pointer, path, 0), "remove \(path)/ from the index")
    }

    /// Removes the conflict entries (stages 1 to 3) of `path`, if it has any.
    private func removeConflict(_ path: String) throws(GitError) {
        let rc = git_index_conflict_remove(pointer, path)
        if rc != GIT_ENOTFOUND.rawValue { try Git.check(rc, "resolve the conflict of \(path) in the index") }
    }

    /// Writes the index's tree objects, as `git write-tree` does; the index must hold no conflicts.
    func writeTree() throws(GitError) -> ObjectID {
        var id = git_oid()
        try Git.check(git_index_write_tree(&id, pointer), "build the tree of the index")
        return ObjectID(id)
    }

    func write() throws(GitError) {
        try Git.check(git_index_write(pointer), "write the index")
    }
}

/// A snapshot of the repository's configuration (global, system and local), or one of its files to write.
final class Config {
    let pointer: OpaquePointer

    init(of repository: Repository) throws(GitError) {
        var pointer: OpaquePointer?
        try Git.check(git_repository_config_snapshot(&pointer, repository.pointer), "read the git configuration")
        self.pointer = pointer!
    }

    private init(owning pointer: OpaquePointer) { self.pointer = pointer }

    /// The global and system configuration, for when there is no repository yet.
    static func defaults() -> Config? {
        Git.start()
        var config: OpaquePointer?
        guard git_config_open_default(&config) == 0, let config else { return nil }
        defer { git_config_free(config) }
        var snapshot: OpaquePointer?
        guard git_config_snapshot(&snapshot, config) == 0, let snapshot else { return nil }
        return Config(owning: snapshot)
    }

    /// The repository's own configuration file (`.git/config`, shared by its work trees), to write.
    static func local(of repository: Repository) throws(GitError) -> Config {
        var all: OpaquePointer?
        try Git.check(git_repository_config(&all, repository.pointer), "read the git configuration")
        defer { git_config_free(all) }
        var local: OpaquePointer?
        try Git.check(git_config_open_level(&local, all, GIT_CONFIG_LEVEL_LOCAL), "open the repository's git configuration")
        return Config(owning: local!)
    }

    deinit { git_config_free(pointer) }

    func string(_ name: String) -> String? {
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, pointer, name) == 0, let value else { return nil }
        return String(cString: value)
    }

    /// The level of the file a setting comes from (`GIT_CONFIG_LEVEL_GLOBAL`...); nil when it is not set.
    func level(_ name: String) -> git_config_level_t? {
        var entry: UnsafeMutablePointer<git_config_entry>?
        guard git_config_get_entry(&entry, pointer, name) == 0, let entry else { return nil }
        defer { git_config_entry_free(entry) }
        return entry.pointee.level
    }

    /// A path setting, `~/` expanded as git expands it.
    func path(_ name: String) -> String? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard git_config_get_path(&buffer, pointer, name) == 0, let value = buffer.ptr else { return nil }
        return String(cString: value)
    }

    func set(_ name: String, _ value: String) throws(GitError) {
        try Git.check(git_config_set_string(pointer, name, value), "set \(name) in the git configuration")
    }

    /// Removes a setting; false when it was not set.
    func remove(_ name: String) throws(GitError) -> Bool {
        let rc = git_config_delete_entry(pointer, name)
        if rc == GIT_ENOTFOUND.rawValue { return false }
        try Git.check(rc, "remove \(name) from the git configuration")
        return true
    }
}
