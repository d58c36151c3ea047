import CLibGit2
import CharterCore
import Foundation

extension Repository {
    /// For each key (`ItemKey`), the role that last held it before the commit given for it, among that
    /// commit's ancestors (on the first-parent line from `start` only, with `firstParent`), and the
    /// commit in which that role gave it up — when no role
    /// holds it at the commit given (otherwise an arrival is no move: see `ItemProvenance`). One walk
    /// back from `start` answers every key: a key joins the search when the walk reaches its commit.
    /// Nobody holds a searched key between its release and its commit, so a commit gave it up exactly
    /// when its parent's version of a role file it replaced holds it; only those files are read, and a
    /// file is decoded only when its words include an id still searched for.
    public func formerHolders(of queries: [String: ObjectID], along start: ObjectID, firstParent: Bool = false,
                              cache: DecodeCache) throws -> [String: ItemProvenance.FormerHolder] {
        var waiting = Dictionary(grouping: queries, by: \.value).mapValues { $0.map(\.key) }
        var searched: Set<String> = []
        var found: [String: ItemProvenance.FormerHolder] = [:]
        // The ids searched for, prepared once for as long as the set of keys stays the same.
        var mentions = (keys: Set<String>(), ids: IDMentions(keys: []))
        let walk = try RevisionWalk(self, from: start, firstParent: firstParent)
        while let id = try walk.next(), !(searched.isEmpty && waiting.isEmpty) {
            let commit = try Commit(id, in: self)
            let root = try commit.charterRoot()
            if let keys = waiting.removeValue(forKey: id) {
                let held = try heldKeys(Set(keys), in: root, cache: cache)
                searched.formUnion(keys.filter { !held.contains($0) })
            }
            guard !searched.isEmpty, let parent = commit.info.parents.first else { continue }
            let parentRoot = try Commit(parent, in: self).charterRoot()
            guard let rolesThen = parentRoot.entry(named: CharterTree.rolesPath), rolesThen.mode == GIT_FILEMODE_TREE else { continue }
            let rolesNow = root.entry(named: CharterTree.rolesPath)
            if rolesNow?.id == rolesThen.id, root.entry(named: CharterTree.schemaPath)?.id == parentRoot.entry(named: CharterTree.schemaPath)?.id {
                continue
            }
            let now = try rolesNow.flatMap { entry throws(GitError) in entry.mode == GIT_FILEMODE_TREE ? try Tree(entry.id, in: self) : nil }
            if mentions.keys != searched { mentions = (searched, IDMentions(keys: searched)) }
            for entry in try Tree(rolesThen.id, in: self).entriesReplaced(in: now) where !searched.isEmpty {
                guard let then = try role(entry, named: entry.name, in: parentRoot, mentioning: mentions.ids, cache: cache) else { continue }
                let after = try CharterValidator.load(try charterTree(root: root), roleFiles: [entry.name], cache: cache, read: readBlob)
                // A role file that cannot be read now gave nothing up that can be known.
                if after.charters.unreadableRoles.contains(then.id) { continue }
                let held = ItemKey.all(of: then), kept = after.charters.roles.first.map(ItemKey.all(of:)) ?? []
                for key in searched where held.contains(key) && !kept.contains(key) {
                    // Across branches, only a release among the arrival's ancestors explains it.
                    if !firstParent, let arrival = queries[key], try !isAncestor(id.description, of: arrival) { continue }
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
        let ids = IDMentions(keys: keys)
        for entry in try Tree(roles.id, in: self).entries {
            guard let role = try role(entry, named: entry.name, in: root, mentioning: ids, cache: cache) else { continue }
            held.formUnion(ItemKey.all(of: role).intersection(keys))
        }
        return held
    }

    /// The role a file of `root`'s roles/ holds, decoded only when it mentions the id of one of `keys`
    /// (or holds an escape, behind which any id may hide).
    private func role(_ entry: Tree.Entry, named name: String, in root: Tree, mentioning ids: IDMentions,
                      cache: DecodeCache) throws -> Role? {
        guard entry.mode == GIT_FILEMODE_BLOB || entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE,
              case .bytes(let bytes) = try readBlob(entry.id.description, maxBytes: InputLimits.standard.maxBytes),
              bytes.contains(UInt8(ascii: "\\")) || ids.occur(in: bytes) else { return nil }
        return try CharterValidator.load(try charterTree(root: root), roleFiles: [name], cache: cache, read: readBlob).charters.roles.first
    }

}

/// Whether a file mentions any of some ids as a word (a run of `a-z`, `0-9` and `-`). A few ids are
/// searched for directly; many, through one pass that hashes each word of the file, so the cost stays
/// linear in the file whatever the number of ids. A hash collision only costs a decode.
private struct IDMentions {
    private let ids: [[UInt8]]
    private let hashes: Set<UInt64>

    /// The ids the keys (`ItemKey`) spell in a file: `roadmap` of `responsibility:roadmap`, `why` of `decision:strategy/why`.
    init(keys: Set<String>) {
        ids = keys.map { key in
            let id = key.drop { $0 != ":" }.dropFirst()
            return Array((id.split(separator: "/").last ?? id).utf8)
        }
        hashes = ids.count > 8 ? Set(ids.map { Self.hash($0[...]) }) : []
    }

    func occur(in bytes: [UInt8]) -> Bool {
        guard ids.count > 8 else { return ids.contains { Self.find($0, in: bytes) } }
        var hash = Self.seed, length = 0
        for byte in bytes {
            if Self.isWordByte(byte) {
                hash = (hash ^ UInt64(byte)) &* Self.prime
                length += 1
            } else {
                if length > 0, hashes.contains(hash) { return true }
                hash = Self.seed
                length = 0
            }
        }
        return length > 0 && hashes.contains(hash)
    }

    private static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x100_0000_01b3

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
    }

    /// FNV-1a, as `occur` computes it word by word.
    private static func hash(_ word: ArraySlice<UInt8>) -> UInt64 {
        word.reduce(seed) { ($0 ^ UInt64($1)) &* prime }
    }

    /// `id` as a whole word of `bytes`.
    private static func find(_ id: [UInt8], in bytes: [UInt8]) -> Bool {
        guard let first = id.first, id.count <= bytes.count else { return false }
        var index = 0
        let last = bytes.count - id.count
        while index <= last, let hit = bytes[index...last].firstIndex(of: first) {
            let end = hit + id.count
            if bytes[hit..<end].elementsEqual(id), hit == 0 || !isWordByte(bytes[hit - 1]),
               end == bytes.count || !isWordByte(bytes[end]) { return true }
            index = hit + 1
        }
        return false
    }
}
