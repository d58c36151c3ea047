import CharterCore
@testable import CharterGit
import Foundation
import Testing

/// The second thread of a cold walk (`ReadAhead`): stopped early it ends with the walk, and what it
/// fails on the walk fails on with the same error.
@Suite("Reading a walk ahead on a second thread")
struct ReadAheadTests {
    typealias GitRepository = RepositoryTests.GitRepository

    /// A history of `count` commits, each rewriting roles/cto.yaml (readable or not, it is read).
    static func history(_ count: Int) throws -> (GitRepository, blobs: [String]) {
        let repository = try GitRepository()
        var blobs: [String] = []
        for number in 0..<count {
            try repository.write("roles/cto.yaml", Array("role: cto\nversion: \(number)\n".utf8))
            try repository.git("add", "-A")
            try repository.git(["commit", "-qm", "Version \(number)"], environment: ["GIT_COMMITTER_DATE": "2022-01-01T00:00:\(10 + number)Z"])
            blobs.append(try repository.git("rev-parse", "HEAD:roles/cto.yaml"))
        }
        return (repository, blobs)
    }

    /// The ids and changes a whole walk yields, or the error it throws; `threshold` nil reads on one thread.
    static func walk(_ path: String, threshold: Int?, stoppingAfter limit: Int = .max) -> Result<[String], Error> {
        Result {
            let repository = try Repository.open(discoveringFrom: path)
            let engine = HistoryEngine(repository, cache: DecodeCache(), firstParent: false, index: .disabled())
            engine.readAheadThreshold = threshold
            var steps: [String] = []
            try engine.walk(from: [try repository.commit(for: "HEAD")]) { step in
                steps.append("\(step.info.id) \(step.changes) \(step.unreadable) \(step.readableAgain)")
                return steps.count < limit
            }
            return steps
        }
    }

    @Test(arguments: [(nil, 500), ("off", nil), ("2", 2), ("1", 2), ("10000", 10_000), ("many", 500)] as [(String?, Int?)])
    func theSplitIsSetFromTheEnvironment(value: String?, threshold: Int?) {
        #expect(HistoryEngine.readAheadThreshold(value.map { ["CHARTER_WALK_SPLIT": $0] } ?? [:]) == threshold)
    }

    @Test func aWalkReadOnTwoThreadsYieldsWhatOneYields() throws {
        let (repository, _) = try Self.history(24)
        let oneThread = try Self.walk(repository.path, threshold: nil).get()
        #expect(oneThread.count == 24)
        #expect(try Self.walk(repository.path, threshold: 2).get() == oneThread)
    }

    @Test func aWalkStoppedEarlyEndsItsSecondThread() throws {
        let (repository, _) = try Self.history(24)
        for limit in [1, 12, 13, 20] {
            let steps = try Self.walk(repository.path, threshold: 2, stoppingAfter: limit).get()
            #expect(steps == Array(try Self.walk(repository.path, threshold: nil).get().prefix(limit)))
        }
    }

    @Test func anErrorInTheLaterHalfIsTheOneOneThreadThrows() throws {
        let (repository, blobs) = try Self.history(24)
        let missing = blobs[18]
        try FileManager.default.removeItem(atPath: "\(repository.path)/.git/objects/\(missing.prefix(2))/\(missing.dropFirst(2))")
        let oneThread = Self.walk(repository.path, threshold: nil)
        let twoThreads = Self.walk(repository.path, threshold: 2)
        guard case .failure(let expected) = oneThread, case .failure(let error) = twoThreads else {
            Issue.record("a missing blob is an error: \(oneThread), \(twoThreads)")
            return
        }
        #expect(String(describing: error) == String(describing: expected))
    }
}
