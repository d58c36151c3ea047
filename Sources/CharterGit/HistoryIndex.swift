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
        /// What a focused walk found of a commit: its parents, and the first followed one whose entries
        /// on the files of the record's subject are the commit's own (the commit is then passed over).
        /// The subject says too whether the walk followed the first parent only.
        case focusPassage = 6
        /// The commits of the latest whole walk from one commit, newest first, in libgit2's order
        /// (`Repository.indexedWalk`); keyed by no commit, the subject says whether first-parent.
        case latestWalk = 7
    }

    private struct Key: Hashable {
        var commit: ObjectID
        var kind: Kind
        /// What the record is about beyond its commit (a focused step's files; empty for the others),
        /// by its number in `subjects`: an index holds few subjects, repeated in most of its records.
        var subject: Int
    }

    /// The subjects of the records, as written; the first is the empty one.
    private var subjects: [[UInt8]] = [[]]
    private var subjectNumbers: [String: Int] = ["": 0]

    /// Bumped whenever what a record means changes: a record of another version is never read.
    static let version = 10
    private static let magic = Array("CHARTER-HISTORY-INDEX\n".utf8)
    /// What an index file begins with: the magic, then the version.
    private static var header: [UInt8] {
        var version = IndexWriter()
        version.write(Self.version)
        return magic + version.bytes
    }
    /// An index file over this size is not read.
    private static let maxBytes = 512 << 20
    private static let checksumSize = Int(GIT_OID_RAWSZ)

    /// Where the index lives; nil when it is neither read nor written.
    let path: String?
    /// The file as read or to be written, but its checksum: the header, then the records, each a commit
    /// id, a kind, a subject, a length and that many bytes.
    private var contents: [UInt8]
    /// Where each record's bytes are in `contents`.
    private var ranges: [Key: Range<Int>] = [:]
    private var changed = false
    /// Records replaced by a later one of the same key (a record that could not be read, written again):
    /// left out when the index is written.
    private var superseded = 0

    private init(path: String?) {
        self.path = path
        contents = Self.header
    }

    /// An index that is neither read nor written: what a walk reading ahead on a second thread has.
    static func disabled() -> HistoryIndex { HistoryIndex(path: nil) }

    /// The index of `repository`, read from disk if there is a valid one; empty otherwise. Each charter
    /// folder has its own: what the history holds depends on where the charters are read from.
    static func open(for repository: Repository, environment: [String: String] = ProcessInfo.processInfo.environment) -> HistoryIndex {
        guard environment["CHARTER_INDEX"] != "off", repository.shallowBoundary.isEmpty else { return disabled() }
        let index = HistoryIndex(path: repository.commonDirectory + "charter/" + fileName(for: repository.charterFolder,
                                                                                           besides: repository.otherCharterFolders))
        index.load()
        return index
    }

    /// `history` for charters at the repository's root; for a folder, its path with `/` and `%` escaped
    /// (`history-org%2Fteam`), so that no two folders share a file. The other charter folders HEAD holds
    /// change what a history in a folder follows: they are named too. A name too long for a file system
    /// is replaced by its hash.
    static func fileName(for folder: CharterFolder, besides others: Set<String> = []) -> String {
        func escaped(_ path: String) -> String {
            path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "/", with: "%2F").replacingOccurrences(of: "+", with: "%2B")
        }
        let name = (["history" + (folder.path.isEmpty ? "" : "-" + escaped(String(folder.path.dropLast())))]
            + others.sorted().map { escaped($0) }).joined(separator: "+")
        guard name.utf8.count > 200 else { return name }
        var id = git_oid()
        _ = git_odb_hash(&id, name, name.utf8.count, GIT_OBJECT_BLOB)
        return "history-" + ObjectID(id).description
    }

    /// The record of `kind` for `commit` (and `subject`), if the index holds one.
    func record(_ kind: Kind, of commit: ObjectID, subject: String = "") -> IndexReader? {
        guard let number = subjectNumbers[subject] else { return nil }
        return ranges[Key(commit: commit, kind: kind, subject: number)].map { IndexReader(contents, range: $0) }
    }

    /// The number of `subject`, given it if it is new.
    private func number(of subject: String) -> Int {
        if let number = subjectNumbers[subject] { return number }
        subjects.append(Array(subject.utf8))
        subjectNumbers[subject] = subjects.count - 1
        return subjects.count - 1
    }

    /// The number of the subject whose bytes are `bytes[range]`, given it if it is new; nil for bytes that
    /// are not UTF-8. The first subjects are compared byte for byte, sparing a string per record.
    private func number(ofSubjectIn bytes: [UInt8], _ range: Range<Int>) -> Int? {
        if let known = subjects.prefix(8).firstIndex(where: { $0.elementsEqual(bytes[range]) }) { return known }
        guard let subject = String(validating: bytes[range], as: UTF8.self) else { return nil }
        return number(of: subject)
    }

    /// Adds a record, written to disk by `save()`.
    func store(_ kind: Kind, of commit: ObjectID, subject: String = "", _ record: IndexWriter) {
        guard path != nil else { return }
        let key = Key(commit: commit, kind: kind, subject: number(of: subject))
        if ranges[key] != nil { superseded += 1 }
        append(key, record)
        changed = true
    }

    private func append(_ key: Key, _ record: IndexWriter) {
        var frame = IndexWriter()
        frame.write(key.commit)
        frame.write(Int(key.kind.rawValue))
        frame.write(subjects[key.subject].count)
        frame.append(subjects[key.subject][...])
        frame.write(record.bytes.count)
        contents += frame.bytes
        ranges[key] = contents.count..<(contents.count + record.bytes.count)
        contents += record.bytes
    }

    /// Writes the index if records were added, replacing the file at once (a new file renamed over
    /// the old). A failure to write is not an error: the index is only a cache.
    func save() {
        guard changed, let path else { return }
        changed = false
        if superseded > 0 { compact() }
        let file = contents + Self.checksum(contents[...])
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? Data(file).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private func load() {
        guard let path, let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.size] as? Int ?? .max) <= Self.maxBytes,
              let data = FileManager.default.contents(atPath: path) else { return }
        var file = [UInt8](data)
        let end = file.count - Self.checksumSize
        guard end >= Self.magic.count, file.starts(with: Self.magic),
              file[end...].elementsEqual(Self.checksum(file[..<end])) else { return }
        var reader = IndexReader(file, range: Self.magic.count..<end)
        guard (try? reader.int()) == Self.version else { return }
        // Every record is checked for its framing before any is used: one bad frame discards the file.
        var ranges: [Key: Range<Int>] = [:]
        ranges.reserveCapacity(end / 64)
        while !reader.isAtEnd {
            guard let commit = try? reader.objectID(), let raw = try? reader.int(), (0...Int(UInt8.max)).contains(raw),
                  let kind = Kind(rawValue: UInt8(raw)), let subjectRange = try? reader.byteRange(),
                  let subject = number(ofSubjectIn: file, subjectRange), let length = try? reader.count() else { return }
            let key = Key(commit: commit, kind: kind, subject: subject)
            if ranges[key] != nil { superseded += 1 }
            ranges[key] = reader.offset..<(reader.offset + length)
            guard (try? reader.skip(length)) != nil else { return }
        }
        file.removeLast(Self.checksumSize)
        contents = file
        self.ranges = ranges
    }

    /// Keeps only the latest record of each key, in the order they were written.
    private func compact() {
        let kept = ranges.sorted { $0.value.lowerBound < $1.value.lowerBound }
        let old = contents
        contents = Self.header
        ranges = [:]
        superseded = 0
        for (key, range) in kept {
            var record = IndexWriter()
            record.append(old[range])
            append(key, record)
        }
    }

    /// The SHA-1 of `bytes`, as git would name them as a blob.
    private static func checksum(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var id = git_oid()
        _ = bytes.withUnsafeBytes { git_odb_hash(&id, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        return withUnsafeBytes(of: id.id) { Array($0) }
    }
}
