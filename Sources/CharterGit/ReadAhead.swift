import CharterCore
import Foundation

/// The later part of a whole walk, read from git on a second thread while the walk reads the earlier
/// part, so that a cold walk keeps two cores busy. The thread has a repository handle, a decode cache
/// and an engine of its own, with no index; only values cross between the threads: commit ids, and
/// each commit as read (`Commit`), handed over in walk order as they are read.
///
/// The walk decides whether each step holds (`HistoryEngine.aheadRead`): the thread started with no
/// stand-ins, which the earlier part may have left. It ends when it has read its commits, at its first
/// error (the walk then reads that commit itself, and throws what it throws), or when `stop()` is called.
final class ReadAhead {
    /// A commit as read from git: its record as the history index keeps it (a few hundred bytes, far
    /// less than the step it holds: the thread may be thousands of commits ahead), and its commit.
    struct Commit: Sendable {
        var info: CommitInfo
        var record: IndexWriter

        /// The step the record holds.
        var step: HistoryEngine.ReadStep? {
            var reader = IndexReader(record.bytes, range: record.bytes.indices)
            return try? reader.readStep()
        }
    }

    /// The commits the thread reads, in walk order.
    private let commits: [ObjectID]
    private let members: Set<ObjectID>
    private let channel = Channel()
    /// The commits taken from the channel and not yet handed to the walk, and the next one's position.
    private var taken: [Commit] = []
    private var nextTaken = 0
    /// The position in `commits` of the next one the walk asks for.
    private var next = 0
    private var stopped = false

    /// Starts the thread reading `commits` in the repository whose git folder is `gitDirectory`, with its
    /// charters in `charterFolder`.
    init(_ commits: [ObjectID], gitDirectory: String, charterFolder: CharterFolder, firstParent: Bool, cacheCapacity: Int) {
        self.commits = commits
        self.members = Set(commits)
        let channel = channel
        let thread = Thread {
            channel.run { deliver in
                let repository = try Repository.open(discoveringFrom: gitDirectory)
                repository.useCharters(in: charterFolder)
                let engine = HistoryEngine(repository, cache: DecodeCache(capacity: cacheCapacity), firstParent: firstParent,
                                           index: .disabled())
                try engine.read(commits, deliver)
            }
        }
        // As much stack as the main thread has: the walk reads the same files there.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Whether `id` is one of the commits the thread reads.
    func reads(_ id: ObjectID) -> Bool { members.contains(id) }

    /// The thread's read of `id`, waiting for it: nil when `id` comes before the thread's commits, or
    /// when the thread stopped before reading it (after that, nil for every later one).
    func take(_ id: ObjectID) -> Commit? {
        guard !stopped, next < commits.count, commits[next] == id else { return nil }
        next += 1
        if nextTaken == taken.count {
            taken = channel.receive()
            nextTaken = 0
        }
        guard nextTaken < taken.count else {
            stop()
            return nil
        }
        defer { nextTaken += 1 }
        return taken[nextTaken]
    }

    /// Stops the thread and waits for it to end, its reads dropped: at most the commit it is reading
    /// is read to its end.
    func stop() {
        guard !stopped else { return }
        stopped = true
        taken = []
        channel.close()
    }

    /// What passes between the two threads, under one lock.
    private final class Channel: Sendable {
        private let condition = NSCondition()
        /// The commits read and not yet received; whether the thread ended; whether it is asked to.
        /// Guarded by `condition`: `nonisolated(unsafe)` as the compiler cannot see the lock.
        private nonisolated(unsafe) var pending: [Commit] = []
        private nonisolated(unsafe) var ended = false
        private nonisolated(unsafe) var closed = false

        /// Runs on the thread: `read` hands each commit to the channel until it is closed.
        func run(_ read: (_ deliver: (Commit) -> Bool) throws -> Void) {
            try? read { commit in
                locked {
                    pending.append(commit)
                    return !closed
                }
            }
            locked { ended = true }
        }

        /// The commits read since the last call, waiting for at least one unless the thread ended.
        func receive() -> [Commit] {
            locked {
                while pending.isEmpty && !ended { condition.wait() }
                defer { pending = [] }
                return pending
            }
        }

        /// Asks the thread to end, waits until it has, and drops what it read.
        func close() {
            locked {
                closed = true
                while !ended { condition.wait() }
                pending = []
            }
        }

        private func locked<Value>(_ body: () throws -> Value) rethrows -> Value {
            condition.lock()
            defer {
                condition.broadcast()
                condition.unlock()
            }
            return try body()
        }
    }
}
