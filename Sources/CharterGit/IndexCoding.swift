import CLibGit2
import CharterCore

/// Writes the values of a history index record as bytes: unsigned LEB128 integers, strings as a
/// length and their UTF-8 bytes, optionals behind a presence byte.
struct IndexWriter: Sendable {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Bytes written as they are: a record copied whole.
    mutating func append(_ raw: ArraySlice<UInt8>) { bytes += raw }

    mutating func write(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            write(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    mutating func write(_ id: ObjectID) {
        withUnsafeBytes(of: id.raw.id) { bytes.append(contentsOf: $0) }
    }

    mutating func write<Element>(_ values: [Element], _ element: (inout IndexWriter, Element) -> Void) {
        write(values.count)
        for value in values { element(&self, value) }
    }
}

/// Reads what `IndexWriter` wrote, checking every length against the bytes there are: a damaged
/// record throws `IndexReader.Damaged`, it never traps.
struct IndexReader {
    struct Damaged: Error {}

    private let bytes: [UInt8]
    private(set) var offset: Int
    private let end: Int

    init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
    }

    var isAtEnd: Bool { offset == end }

    mutating func byte() throws(Damaged) -> UInt8 {
        guard offset < end else { throw Damaged() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func int() throws(Damaged) -> Int {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            let byte = try byte()
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte < 0x80 { return Int(Int64(bitPattern: value)) }
        }
        throw Damaged()
    }

    /// A count or length: never negative, never more than the bytes left could hold.
    mutating func count() throws(Damaged) -> Int {
        let value = try int()
        guard value >= 0, value <= end - offset else { throw Damaged() }
        return value
    }

    mutating func skip(_ length: Int) throws(Damaged) {
        guard length >= 0, length <= end - offset else { throw Damaged() }
        offset += length
    }

    mutating func bool() throws(Damaged) -> Bool {
        switch try byte() {
        case 0: false
        case 1: true
        default: throw Damaged()
        }
    }

    mutating func string() throws(Damaged) -> String {
        let length = try count()
        defer { offset += length }
        guard let string = String(validating: bytes[offset..<offset + length], as: UTF8.self) else { throw Damaged() }
        return string
    }

    mutating func byteArray() throws(Damaged) -> [UInt8] {
        Array(bytes[try byteRange()])
    }

    /// Where the bytes written as a length and the bytes are.
    mutating func byteRange() throws(Damaged) -> Range<Int> {
        let length = try count()
        defer { offset += length }
        return offset..<offset + length
    }

    mutating func optionalString() throws(Damaged) -> String? {
        try bool() ? try string() : nil
    }

    mutating func objectID() throws(Damaged) -> ObjectID {
        let size = MemoryLayout.size(ofValue: ObjectID.zero.raw.id)
        guard end - offset >= size else { throw Damaged() }
        var id = ObjectID.zero
        bytes.withUnsafeBytes { source in
            withUnsafeMutableBytes(of: &id.raw.id) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + size])) }
        }
        offset += size
        return id
    }

    mutating func array<Element>(_ element: (inout IndexReader) throws(Damaged) -> Element) throws(Damaged) -> [Element] {
        let count = try count()
        var values: [Element] = []
        // A count is at most the bytes left, but an element takes more room read than written.
        values.reserveCapacity(min(count, 1024))
        for _ in 0..<count { values.append(try element(&self)) }
        return values
    }

    /// A value of a string-backed enumeration.
    mutating func value<Value: RawRepresentable<String>>(_ type: Value.Type) throws(Damaged) -> Value {
        guard let value = Value(rawValue: try string()) else { throw Damaged() }
        return value
    }
}

extension ObjectID {
    /// All zeros: a placeholder filled in by `IndexReader.objectID()`.
    static var zero: ObjectID { ObjectID(git_oid()) }
}

// MARK: - The core's values

extension IndexWriter {
    mutating func write(_ change: BoundaryChange) {
        write(change.kind.rawValue)
        write(change.itemKind?.rawValue)
        for field in [change.area, change.item, change.role, change.from, change.to, change.fromArea, change.field,
                      change.before, change.after, change.releasedIn] {
            write(field)
        }
        if change.kind == .rolesMerged || change.kind == .roleSplit || change.field == "continues" {
            write(change.continued ?? []) { $0.write($1) }
        }
        if change.kind == .rolesMerged || change.kind == .roleSplit {
            write(change.movedItems ?? 0)
            write(change.movedDecisions ?? 0)
        }
    }

    mutating func write(_ location: SourceLocation) {
        write(location.file)
        write(location.line)
        write(location.column)
    }

    mutating func write(_ finding: Finding) {
        write(finding.severity.rawValue)
        write(finding.code.rawValue)
        write(finding.location)
        write(finding.message)
        write(finding.related) { $0.write($1) }
    }
}

extension IndexReader {
    mutating func change() throws(Damaged) -> BoundaryChange {
        let kind = try value(BoundaryChange.Kind.self)
        let itemKind = try optionalString().map { raw throws(Damaged) in
            guard let kind = BoundaryChange.ItemKind(rawValue: raw) else { throw Damaged() }
            return kind
        }
        var change = BoundaryChange(kind, area: try optionalString(), itemKind: itemKind, item: try optionalString(),
                                    role: try optionalString(), from: try optionalString(), to: try optionalString(),
                                    fromArea: try optionalString(), field: try optionalString(), before: try optionalString(),
                                    after: try optionalString(), releasedIn: try optionalString())
        if kind == .rolesMerged || kind == .roleSplit || change.field == "continues" {
            let continued = try array { reader throws(Damaged) in try reader.string() }
            change.continued = continued.isEmpty ? nil : continued
        }
        if kind == .rolesMerged || kind == .roleSplit {
            change.movedItems = try int()
            change.movedDecisions = try int()
        }
        return change
    }

    mutating func location() throws(Damaged) -> SourceLocation {
        SourceLocation(file: try string(), line: try int(), column: try int())
    }

    mutating func finding() throws(Damaged) -> Finding {
        let severity = try value(Severity.self), code = try value(FindingCode.self)
        return Finding(severity, code, at: try location(), try string(), related: try array { reader throws(Damaged) in try reader.location() })
    }
}

// MARK: - The engine's steps

extension IndexWriter {
    mutating func write(_ step: HistoryEngine.ReadStep) {
        write(step.parents) { $0.write($1) }
        write(step.changedPaths) { writer, paths in writer.write(paths) { $0.write($1) } }
        write(step.changes) { $0.write($1) }
        write(step.unreadable) { $0.write($1) }
        write(step.readableAgain) { writer, again in
            writer.write(again.file)
            writer.write(again.unreadableSince)
        }
        write(step.touchesCharters)
        write(step.schemaChanged)
        write(step.standIns.sorted { $0.key < $1.key }) { writer, standIn in
            writer.write(standIn.key)
            writer.write(standIn.value.entry)
            writer.write(standIn.value.since)
        }
    }

    mutating func write(_ entry: CharterTree.Entry?) {
        switch entry {
        case nil: write(0)
        case .blob(let id)?: write(1); write(id)
        case .oversized(let size)?: write(2); write(size)
        case .symlink?: write(3)
        case .directory?: write(4)
        case .other?: write(5)
        case .file(let bytes)?: write(6); write(bytes.count); self.bytes += bytes
        }
    }
}

extension IndexReader {
    /// A step's parents and changed paths, which come first: what a focused walk asks of the commits it passes over.
    mutating func parentsAndChangedPaths() throws(Damaged) -> (parents: [ObjectID], changedPaths: [[String]]) {
        (try array { reader throws(Damaged) in try reader.objectID() },
         try array { reader throws(Damaged) in try reader.array { reader throws(Damaged) in try reader.string() } })
    }

    mutating func readStep() throws(Damaged) -> HistoryEngine.ReadStep {
        let (parents, changedPaths) = try parentsAndChangedPaths()
        return HistoryEngine.ReadStep(
            changes: try array { reader throws(Damaged) in try reader.change() },
            unreadable: try array { reader throws(Damaged) in try reader.finding() },
            readableAgain: try array { reader throws(Damaged) in ReadableAgain(file: try reader.string(), unreadableSince: try reader.objectID()) },
            touchesCharters: try bool(),
            schemaChanged: try bool(),
            standIns: Dictionary(try array { reader throws(Damaged) in
                (try reader.string(), HistoryEngine.StandIn(entry: try reader.entry(), since: try reader.objectID()))
            }) { first, _ in first },
            parents: parents, changedPaths: changedPaths)
    }

    mutating func entry() throws(Damaged) -> CharterTree.Entry? {
        switch try int() {
        case 0: return nil
        case 1: return .blob(id: try string())
        case 2: return .oversized(try int())
        case 3: return .symlink
        case 4: return .directory
        case 5: return .other
        case 6: return .file(try byteArray())
        default: throw Damaged()
        }
    }
}

// MARK: - A focused walk's passage

extension IndexWriter {
    /// `same`: the index among the parents followed of the one the commit is the same as on the focused files.
    mutating func writePassage(parents: [ObjectID], same: Int?) {
        write(parents) { $0.write($1) }
        write(same.map { $0 + 1 } ?? 0)
    }
}

extension IndexReader {
    mutating func passage() throws(Damaged) -> (parents: [ObjectID], same: Int?) {
        let parents = try array { reader throws(Damaged) in try reader.objectID() }
        let same = try int()
        guard same >= 0, same <= parents.count else { throw Damaged() }
        return (parents, same == 0 ? nil : same - 1)
    }
}

// MARK: - The audit's checks

extension IndexWriter {
    mutating func write(_ checked: Repository.CheckedCommit) {
        write(checked.importBrought?.prefix)
        write(checked.importBrought?.roles ?? []) { $0.write($1) }
        write(checked.importBrought?.overlaps ?? 0)
        write(checked.invalid.map { [$0.finding] } ?? []) { $0.write($1) }
        write(checked.invalid?.errors ?? []) { $0.write($1) }
        write(checked.changesChecked)
        write(checked.findings) { $0.write($1) }
        write(checked.signed) { record, approval in
            record.write(approval.role)
            record.write(approval.fingerprint)
            record.write(approval.holder)
        }
        write(checked.foundedKeys.keys.sorted()) { record, name in
            record.write(name)
            record.write(checked.foundedKeys[name]!.sorted()) { $0.write($1) }
        }
    }

    mutating func write(_ finding: AuditRules.Finding) {
        write(finding.code.rawValue)
        write(finding.message)
        write(finding.severity.rawValue)
    }
}

extension IndexReader {
    mutating func checkedCommit() throws(Damaged) -> Repository.CheckedCommit {
        let prefix = try optionalString(), roles = try array { reader throws(Damaged) in try reader.string() }, overlaps = try int()
        let invalid = try array { reader throws(Damaged) in try reader.auditFinding() }
        let errors = try array { reader throws(Damaged) in try reader.finding() }
        guard invalid.count <= 1 else { throw Damaged() }
        var checked = Repository.CheckedCommit(importBrought: prefix.map { ($0, roles, overlaps) }, invalid: invalid.first.map { ($0, errors) },
                                               changesChecked: try int(), findings: try array { reader throws(Damaged) in try reader.auditFinding() })
        checked.signed = try array { reader throws(Damaged) in
            SignedApproval(role: try reader.string(), fingerprint: try reader.string(), holder: try reader.optionalString())
        }
        for (name, keys) in try array({ reader throws(Damaged) in
            (try reader.string(), try reader.array { reader throws(Damaged) in try reader.string() })
        }) { checked.foundedKeys[name] = Set(keys) }
        return checked
    }

    mutating func auditFinding() throws(Damaged) -> AuditRules.Finding {
        AuditRules.Finding(code: try value(AuditRules.Code.self), message: try string(), severity: try value(Severity.self))
    }
}
