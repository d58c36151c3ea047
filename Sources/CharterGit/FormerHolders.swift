import CLibGit2
import CharterCore
import Foundation

extension Repository {
    /// For each key (`ItemKey`), the role that last held it before the commit given for it, on the
    /// first-parent line from `start`, and the commit in which that role gave it up — when no role
    /// holds it at the commit given (otherwise an arrival is no move: see `ItemProvenance`). One walk
    /// back from `start` answers every key: a key joins the search when the walk reaches its commit.
    /// Nobody holds a searched key between its release and its commit, so a commit gave it up exactly
    /// when its parent's version of a role file it replaced holds it; only those files are read, and a
    /// file is decoded only when its words include an id still searched for.
    public func formerHolders(of queries: [String: ObjectID], along start: ObjectID,
                              cache: DecodeCache) throws -> [String: ItemProvenance.FormerHolder] {
        var waiting: [ObjectID: [String]] = [:]
        for (key, commit) in queries { waiting[commit, default: []].append(key) }
        var searched: Set<String> = []
        var found: [String: ItemProvenance.FormerHolder] = [:]
        let walk = try RevisionWalk(self, from: start, firstParent: true)
        while let id = try walk.next(), !(searched.isEmpty && waiting.isEmpty) {
            let commit = try Commit(id, in: self)
            let root = try commit.tree()
            if let keys = waiting.removeValue(forKey: id) {
                let held = try heldKeys(Set(keys), in: root, cache: cache)
                searched.formUnion(keys.filter { !held.contains($0) })
            }
            guard !searched.isEmpty, let parent = commit.info.parents.first else { continue }
            let parentRoot = try Commit(parent, in: self).tree()
            guard let rolesThen = parentRoot.entry(named: CharterTree.rolesPath), rolesThen.mode == GIT_FILEMODE_TREE else { continue }
            let rolesNow = root.entry(named: CharterTree.rolesPath)
            if rolesNow?.id == rolesThen.id, root.entry(named: CharterTree.schemaPath)?.id == parentRoot.entry(named: CharterTree.schemaPath)?.id {
                continue
            }
            let now = try rolesNow.flatMap { entry throws(GitError) in entry.mode == GIT_FILEMODE_TREE ? try Tree(entry.id, in: self) : nil }
            for entry in try Tree(rolesThen.id, in: self).entriesReplaced(in: now) where !searched.isEmpty {
                guard let then = try role(entry, named: entry.name, in: parentRoot, mentioning: searched, cache: cache) else { continue }
                let after = try CharterValidator.load(try charterTree(root: root), roleFiles: [entry.name], cache: cache, read: readBlob)
                // A role file that cannot be read now gave nothing up that can be known.
                if after.charters.unreadableRoles.contains(then.id) { continue }
                let held = ItemKey.all(of: then), kept = after.charters.roles.first.map(ItemKey.all(of:)) ?? []
                for key in searched where held.contains(key) && !kept.contains(key) {
                    found[key] = ItemProvenance.FormerHolder(role: then.id, commit: id.description)
                    searched.remove(key)
                }
            }
        }
        return found
    }

    /// Which of `keys` some role holds in a commit's tree.
    private func heldKeys(_ keys: Set<String>, in root: Tree, cache: DecodeCache) throws -> Set<String> {
        guard let roles = root.entry(named: CharterTree.rolesPath), roles.mode == GIT_FILEMODE_TREE else { return [] }
        var held: Set<String> = []
        for entry in try Tree(roles.id, in: self).entries {
            guard let role = try role(entry, named: entry.name, in: root, mentioning: keys, cache: cache) else { continue }
            held.formUnion(ItemKey.all(of: role).intersection(keys))
        }
        return held
    }

    /// The role a file of `root`'s roles/ holds, decoded only when its words include the id of one of
    /// `keys` (or an escape, behind which any id may hide).
    private func role(_ entry: Tree.Entry, named name: String, in root: Tree, mentioning keys: Set<String>,
                      cache: DecodeCache) throws -> Role? {
        guard entry.mode == GIT_FILEMODE_BLOB || entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE,
              case .bytes(let bytes) = try readBlob(entry.id.description, maxBytes: InputLimits.standard.maxBytes) else { return nil }
        let words = Self.words(of: bytes)
        guard bytes.contains(UInt8(ascii: "\\")) || keys.contains(where: { words.contains(Self.itemID(ofKey: $0)) }) else { return nil }
        return try CharterValidator.load(try charterTree(root: root), roleFiles: [name], cache: cache, read: readBlob).charters.roles.first
    }

    /// The words of a file that could be ids: runs of lower-case letters, digits and `-`.
    private static func words(of bytes: [UInt8]) -> Set<Substring> {
        let text = String(decoding: bytes, as: UTF8.self)
        return Set(text.split { !($0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-")) })
    }

    /// The id a key's file would spell: `roadmap` of `responsibility:roadmap`, `why` of `decision:strategy/why`.
    private static func itemID(ofKey key: String) -> Substring {
        let id = key.drop { $0 != ":" }.dropFirst()
        return id.split(separator: "/").last ?? id
    }
}
