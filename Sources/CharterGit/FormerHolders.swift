import CLibGit2
import CharterCore
import Foundation

extension Repository {
    /// For each item key, the role that last gave the item up at or before the commit given for it
    /// (on the first-parent line from `start`), and the commit in which it did; keys never given up
    /// are missing. One walk back from `start` answers every key: a key joins the search when the walk
    /// reaches its commit. A commit gave an item up when its parent's version of a role file holds it
    /// and its own does not, so only the role files a commit changed are looked at, and only those whose
    /// bytes mention an id still searched for are decoded.
    public func formerHolders(of queries: [String: ObjectID], along start: ObjectID,
                              cache: DecodeCache) throws -> [String: ItemProvenance.FormerHolder] {
        var waiting = Dictionary(grouping: queries.keys) { queries[$0]! }
        var searched: Set<String> = []
        var found: [String: ItemProvenance.FormerHolder] = [:]
        let walk = try RevisionWalk(self, from: start, firstParent: true)
        while let id = try walk.next(), !(searched.isEmpty && waiting.isEmpty) {
            if let keys = waiting.removeValue(forKey: id) { searched.formUnion(keys) }
            guard !searched.isEmpty else { continue }
            let commit = try Commit(id, in: self)
            guard let parent = commit.info.parents.first else { continue }
            let root = try commit.tree(), parentRoot = try Commit(parent, in: self).tree()
            guard let rolesThen = parentRoot.entry(named: CharterTree.rolesPath), rolesThen.mode == GIT_FILEMODE_TREE else { continue }
            let rolesNow = root.entry(named: CharterTree.rolesPath)
            if rolesNow?.id == rolesThen.id, root.entry(named: CharterTree.schemaPath)?.id == parentRoot.entry(named: CharterTree.schemaPath)?.id {
                continue
            }
            let now = try rolesNow.flatMap { entry throws(GitError) in entry.mode == GIT_FILEMODE_TREE ? try Tree(entry.id, in: self) : nil }
            // Only a role file this commit replaced can have given an item up; decode it only when it names one searched for.
            for entry in try Tree(rolesThen.id, in: self).entriesReplaced(in: now) where !searched.isEmpty {
                guard entry.mode == GIT_FILEMODE_BLOB || entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE,
                      case .bytes(let bytes) = try readBlob(entry.id.description, maxBytes: InputLimits.standard.maxBytes),
                      searched.contains(where: { bytes.contains(Self.itemID(ofKey: $0)) }) else { continue }
                let then = try CharterValidator.load(try charterTree(root: parentRoot), roleFiles: [entry.name], cache: cache, read: readBlob)
                let after = try CharterValidator.load(try charterTree(root: root), roleFiles: [entry.name], cache: cache, read: readBlob)
                guard let role = then.charters.roles.first else { continue }
                // A role file that cannot be read now gave nothing up that can be known.
                if after.charters.unreadableRoles.contains(role.id) { continue }
                let held = ItemKey.all(of: role), kept = after.charters.roles.first.map(ItemKey.all(of:)) ?? []
                for key in searched where held.contains(key) && !kept.contains(key) {
                    found[key] = ItemProvenance.FormerHolder(role: role.id, commit: id.description)
                    searched.remove(key)
                }
            }
        }
        return found
    }

    /// `roadmap` of `responsibility:roadmap`.
    private static func itemID(ofKey key: String) -> [UInt8] {
        Array(key.drop { $0 != ":" }.dropFirst().utf8)
    }
}

private extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the bytes: a scan for its first byte, then a comparison.
    func contains(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= count else { return needle.isEmpty }
        var index = startIndex
        let last = count - needle.count
        while index <= last, let hit = self[index...last].firstIndex(of: first) {
            if self[hit..<(hit + needle.count)].elementsEqual(needle) { return true }
            index = hit + 1
        }
        return false
    }
}
