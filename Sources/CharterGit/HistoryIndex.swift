import CLibGit2
import CharterCore
import Foundation

/// The persistent history index, `charter/history` in the repository's git folder: per commit, what
/// reading it cost most to learn (its boundary changes, unreadable files, validity), so that a walk
/// reads each commit's charters once in the life of the repository. Like git's commit-graph it is
/// only a cache:
/// - It is verified when read (format, version, a SHA-1 of the whole file); a damaged, truncated or
///   unknown file is ignored and written anew, never trusted.
/// - It is keyed by commit id, and what it holds of a commit depends only on the commit and its
///   ancestors, which its id names: an index copied from another repository answers only for the
///   commits the two share, with the same answers.
/// - Deleting it or making it unwritable changes no answer, only the time. It is never pushed: git
///   does not transfer what its folder holds beside the objects and refs.
/// - It is not used in a shallow clone, where what a commit changed depends on where the clone ends.
///
/// `CHARTER_INDEX=off` in the environment neither reads nor writes it.
public final class HistoryIndex {
    /// What a record holds of its commit.
    enum Kind: UInt8 {
        /// The engine's step, all parents followed (`HistoryEngine.CachedStep`).
        case step = 1
        /// The engine's step on the first-parent line.
        case firstParentStep = 2
        /// What audit finds at the commit, the range aside (`Repository.CheckedCommit`).
        case audit = 3
        /// The step of a walk focused on some files (blame's), all parents followed; the record's
        /// subject names the files.
        case focusedStep = 4
        /// The step of a focused walk on the first-parent line.
        case firstParentFocusedStep = 5
    }

    private struct Key: Hashable {
        var commit: ObjectID
        var kind: Kind
        /// What the record is about beyond its commit: a focused step's files; empty for the others.
        var subject: String
    }

    /// Bumped whenever what a record means changes: a record of another version is never read.
    static let version = 4
    private static let magic = Array("CHARTER-HISTORY-INDEX\n".utf8)
    /// An index file over this size is not read.
    private static let maxBytes = 512 << 20
    private static let checksumSize = Int(GIT_OID_RAWSZ)

    /// Where the index lives; nil when it is neither read nor written.
    let path: String?
    /// The records: each a commit id, a kind, a length and that many bytes.
    private var records: [UInt8] = []
    private var ranges: [Key: Range<Int>] = [:]
    private var changed = false

    private init(path: String?) {
        self.path = path
    }

    /// An index that is neither read nor written: what a walk reading ahead on a second thread has.
    static func disabled() -> HistoryIndex { HistoryIndex(path: nil) }

    /// The index of `repository`, read from disk if there is a valid one; empty otherwise.
    static func open(for repository: Repository, environment: [String: String] = ProcessInfo.processInfo.environment) -> HistoryIndex {
        guard environment["CHARTER_INDEX"] != "off", repository.shallowBoundary.isEmpty else { return disabled() }
        let index = HistoryIndex(path: repository.commonDirectory + "charter/history")
        index.load()
        return index
    }

    /// The record of `kind` for `commit` (and `subject`), if the index holds one.
    func record(_ kind: Kind, of commit: ObjectID, subject: String = "") -> IndexReader? {
        ranges[Key(commit: commit, kind: kind, subject: subject)].map { IndexReader(records, range: $0) }
    }

    /// Adds a record, written to disk by `save()`.
    func store(_ kind: Kind, of commit: ObjectID, subject: String = "", _ record: IndexWriter) {
        guard path != nil else { return }
        var header = IndexWriter()
        header.write(commit)
        header.write(Int(kind.rawValue))
        header.write(subject)
        header.write(record.bytes.count)
        records += header.bytes
        ranges[Key(commit: commit, kind: kind, subject: subject)] = records.count..<(records.count + record.bytes.count)
        records += record.bytes
        changed = true
    }

    /// Writes the index if records were added, replacing the file at once (a new file renamed over
    /// the old). A failure to write is not an error: the index is only a cache.
    func save() {
        guard changed, let path else { return }
        changed = false
        var file = Self.magic
        var version = IndexWriter()
        version.write(Self.version)
        file += version.bytes
        file += records
        file += Self.checksum(file)
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? Data(file).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private func load() {
        guard let path, let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.size] as? Int ?? .max) <= Self.maxBytes,
              let data = FileManager.default.contents(atPath: path) else { return }
        let file = [UInt8](data)
        guard file.count >= Self.magic.count + Self.checksumSize, file.starts(with: Self.magic),
              Array(file.suffix(Self.checksumSize)) == Self.checksum(file.dropLast(Self.checksumSize)) else { return }
        var reader = IndexReader(file, range: Self.magic.count..<(file.count - Self.checksumSize))
        guard (try? reader.int()) == Self.version else { return }
        // Every record is checked for its framing before any is used: one bad frame discards the file.
        var ranges: [Key: Range<Int>] = [:]
        let start = reader.offset
        while !reader.isAtEnd {
            guard let commit = try? reader.objectID(), let raw = try? reader.int(), (0...Int(UInt8.max)).contains(raw),
                  let kind = Kind(rawValue: UInt8(raw)), let subject = try? reader.string(), let length = try? reader.count() else { return }
            ranges[Key(commit: commit, kind: kind, subject: subject)] = (reader.offset - start)..<(reader.offset - start + length)
            guard (try? reader.skip(length)) != nil else { return }
        }
        records = Array(file[start..<(file.count - Self.checksumSize)])
        self.ranges = ranges
    }

    /// The SHA-1 of `bytes`, as git would name them as a blob.
    private static func checksum(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var id = git_oid()
        let contiguous = Array(bytes)
        _ = contiguous.withUnsafeBytes { git_odb_hash(&id, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        return withUnsafeBytes(of: id.id) { Array($0) }
    }
}
