import CLibGit2
import Foundation

// A shallow clone (`git clone --depth N`) is a normal state, not damage: git lists the commits at its
// boundary in `shallow` and reads each of them as having no parents, their parents being missing on
// purpose. libgit2 1.5 does not: its revision walk and its graph calls (merge bases, ancestry) read
// every parent they meet, and fail with "object not found" at the boundary. So charter applies the
// boundary itself: `Commit.info` reads a boundary commit as parentless, and in a shallow repository
// the walks and graph questions are answered by `CommitGraph` rather than by libgit2.

extension Repository {
    /// The commits the `shallow` file of a repository lists, in its common git folder (shared by linked
    /// work trees; the repository itself when bare). No file, or an empty one, is a complete history.
    static func shallowBoundary(of pointer: OpaquePointer) throws(GitError) -> Set<ObjectID> {
        let path = String(cString: git_repository_commondir(pointer)) + "shallow"
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw GitError(code: GIT_ERROR.rawValue, operation: "read the shallow boundary in \(path)", message: error.localizedDescription)
        }
        return try parseShallowBoundary(bytes, path: path)
    }

    /// Reads a `shallow` file strictly: one full hexadecimal commit id a line, each line ending in a
    /// newline (the last may lack it). Anything else is damage, named by its line.
    static func parseShallowBoundary(_ bytes: [UInt8], path: String) throws(GitError) -> Set<ObjectID> {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var boundary: Set<ObjectID> = []
        for (index, line) in lines.enumerated() {
            guard let id = try? ObjectID(hex: String(decoding: line, as: UTF8.self)) else {
                throw GitError(code: GIT_EINVALID.rawValue, operation: "read the shallow boundary in \(path)",
                               message: "line \(index + 1) is not a commit id")
            }
            boundary.insert(id)
        }
        return boundary
    }
}

/// What charter's own walks know of a shallow history: each commit's parents (none at the boundary)
/// and committer time, read once. libgit2 1.5 cannot walk past a shallow boundary; these walks order
/// the commits as its topological, time-sorted walk does.
struct CommitGraph {
    struct Node {
        var parents: [ObjectID]
        var time: Int64
    }

    var nodes: [ObjectID: Node] = [:]
}

extension Repository {
    /// A commit's parents as history reads them (none at the shallow boundary) and its committer time.
    private func node(_ id: ObjectID) throws(GitError) -> CommitGraph.Node {
        if let node = commitGraph.nodes[id] { return node }
        let info = try Commit(id, in: self).info
        let node = CommitGraph.Node(parents: info.parents, time: info.committer.time.seconds)
        commitGraph.nodes[id] = node
        return node
    }

    /// `starts` and every commit reachable from them, following only first parents if asked, and not
    /// past the commits of `stop`.
    private func reachable(from starts: [ObjectID], firstParent: Bool = false,
                           stoppingAt stop: Set<ObjectID> = []) throws(GitError) -> Set<ObjectID> {
        var reached: Set<ObjectID> = []
        var pending = starts
        while let id = pending.popLast() {
            guard !stop.contains(id), reached.insert(id).inserted else { continue }
            let parents = try node(id).parents
            pending += firstParent ? Array(parents.prefix(1)) : parents
        }
        return reached
    }

    /// The commits reachable from `starts` and from none of `hidden`, newest first, as libgit2 walks
    /// them with `GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME`: a commit comes after all its children, and of
    /// the commits whose children have all come, the one with the latest committer time (on a tie,
    /// the one ready first). A hidden commit hides its whole history, over every parent, as in git.
    func graphWalk(from starts: [ObjectID], hiding hidden: [ObjectID], firstParent: Bool) throws(GitError) -> [ObjectID] {
        let listed = try reachable(from: starts, firstParent: firstParent, stoppingAt: try reachable(from: hidden))
        var children: [ObjectID: Int] = [:]
        for id in listed {
            for parent in try node(id).parents where listed.contains(parent) { children[parent, default: 0] += 1 }
        }
        // Ready commits with the order in which they became ready; the first ones, in the order the tips were given.
        var ready: [(id: ObjectID, time: Int64, order: Int)] = []
        var readied = 0
        func makeReady(_ id: ObjectID) throws(GitError) {
            ready.append((id, try node(id).time, readied))
            readied += 1
        }
        var tips: Set<ObjectID> = []
        for id in starts where listed.contains(id) && children[id] == nil && tips.insert(id).inserted { try makeReady(id) }
        var walked: [ObjectID] = []
        walked.reserveCapacity(listed.count)
        while let next = ready.indices.max(by: { (ready[$0].time, -ready[$0].order) < (ready[$1].time, -ready[$1].order) }) {
            let id = ready.remove(at: next).id
            walked.append(id)
            for parent in try node(id).parents where listed.contains(parent) {
                children[parent]! -= 1
                if children[parent] == 0 { try makeReady(parent) }
            }
        }
        return walked
    }

    /// Whether `ancestor` is `commit` or one of its ancestors, in a shallow history.
    func graphIsAncestor(_ ancestor: ObjectID, of commit: ObjectID) throws(GitError) -> Bool {
        try reachable(from: [commit]).contains(ancestor)
    }

    /// The best common ancestors of two commits in a shallow history, latest committer time first: the
    /// common ancestors that are no ancestor of another.
    func graphMergeBases(_ one: ObjectID, _ two: ObjectID) throws(GitError) -> [ObjectID] {
        let common = try reachable(from: [one]).intersection(try reachable(from: [two]))
        var below: [ObjectID] = []
        for id in common { below += try node(id).parents }
        let bases = common.subtracting(try reachable(from: below))
        var timed: [(id: ObjectID, time: Int64)] = []
        for id in bases { timed.append((id, try node(id).time)) }
        return timed.sorted { ($0.time, $0.id.description) > ($1.time, $1.id.description) }.map(\.id)
    }
}
