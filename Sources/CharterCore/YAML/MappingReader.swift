/// A value together with where it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// Collects findings while a file is decoded, so that every problem is reported, not just the first.
final class FindingLog {
    private(set) var findings: [Finding] = []

    func add(_ finding: Finding) { findings.append(finding) }

    func error(_ code: FindingCode, at location: SourceLocation, _ message: String) {
        findings.append(Finding(.error, code, at: location, message))
    }
}

/// Reads a YAML mapping key by key, strictly: wrong types, missing required keys and unknown keys
/// (other than `x-` extensions) become findings in the log.
struct MappingReader {
    let file: String
    let log: FindingLog
    let entries: [YAMLEntry]
    let location: SourceLocation
    /// Which entries some reader asked for, by position.
    private var consumed: [Bool]

    /// Returns nil (after logging a finding) when the node is not a mapping.
    init?(_ node: YAMLNode, file: String, what: String, log: FindingLog) {
        let location = SourceLocation(file: file, line: node.line, column: node.column)
        guard case .mapping(let entries) = node.content else {
            log.error(.wrongType, at: location, "\(what) must be a mapping, found \(node.kindDescription)")
            return nil
        }
        self.file = file
        self.log = log
        self.entries = entries
        self.location = location
        self.consumed = Array(repeating: false, count: entries.count)
    }

    func location(of node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    func keyLocation(of entry: YAMLEntry) -> SourceLocation {
        SourceLocation(file: file, line: entry.keyLine, column: entry.keyColumn)
    }

    /// The entry for `key`, marking it as known; logs `missing-key` when required and absent.
    mutating func entry(_ key: String, required: Bool = false) -> YAMLEntry? {
        guard let index = entries.firstIndex(where: { $0.key == key }) else {
            if required { log.error(.missingKey, at: location, "missing required key '\(key)'") }
            return nil
        }
        consumed[index] = true
        return entries[index]
    }

    /// A text value. Plain scalars that YAML resolves to numbers, booleans or null are type errors.
    mutating func text(_ key: String, required: Bool = false, allowEmpty: Bool = false) -> Located<String>? {
        guard let entry = entry(key, required: required) else { return nil }
        return textValue(entry.value, named: key, allowEmpty: allowEmpty)
    }

    func textValue(_ node: YAMLNode, named name: String, allowEmpty: Bool = false) -> Located<String>? {
        let location = location(of: node)
        guard case .scalar(let text, let style) = node.content,
              style != .plain || PlainScalar(text) == .string || (allowEmpty && text.isEmpty) else {
            log.error(.wrongType, at: location, "'\(name)' must be text, found \(node.kindDescription)")
            return nil
        }
        if !allowEmpty, text.allSatisfy(\.isWhitespace) {
            log.error(.invalidValue, at: location, "'\(name)' must not be empty")
            return nil
        }
        return Located(text, at: location)
    }

    /// An id value (`[a-z][a-z0-9-]{0,62}`).
    mutating func id(_ key: String, required: Bool = false) -> Located<String>? {
        guard let entry = entry(key, required: required) else { return nil }
        return idValue(entry.value, named: key)
    }

    func idValue(_ node: YAMLNode, named name: String) -> Located<String>? {
        guard let text = textValue(node, named: name) else { return nil }
        guard Identifier.isValid(text.value) else {
            log.error(.invalidID, at: text.location, "'\(text.value)' is not a valid id for '\(name)'")
            return nil
        }
        return text
    }

    /// The items of a list value; `null` or absence gives nil.
    mutating func list(_ key: String, required: Bool = false) -> [YAMLNode]? {
        guard let entry = entry(key, required: required) else { return nil }
        guard case .sequence(let items) = entry.value.content else {
            log.error(.wrongType, at: location(of: entry.value),
                      "'\(key)' must be a list, found \(entry.value.kindDescription)")
            return nil
        }
        return items
    }

    /// A list of OpenSSH public key lines, each checked (`PublicKeyLine`).
    mutating func keyList(_ key: String) -> [Located<String>] {
        (list(key) ?? []).compactMap { node in
            guard let line = textValue(node, named: key) else { return nil }
            if case .failure(let problem) = PublicKeyLine.parse(line.value) {
                log.error(.invalidKey, at: line.location, "\(problem)")
                return nil
            }
            return line
        }
    }

    /// A list of ids, each checked.
    mutating func idList(_ key: String) -> [Located<String>] {
        (list(key) ?? []).compactMap { idValue($0, named: key) }
    }

    /// A nested mapping value.
    mutating func mapping(_ key: String, required: Bool = false, what: String) -> MappingReader? {
        guard let entry = entry(key, required: required) else { return nil }
        return MappingReader(entry.value, file: file, what: what, log: log)
    }

    /// Logs every key that was never asked for, unless it is an `x-` extension.
    func rejectUnknownKeys(in what: String) {
        for (entry, wasRead) in zip(entries, consumed) where !wasRead && !entry.key.hasPrefix("x-") {
            log.error(.unknownKey, at: keyLocation(of: entry), "unknown key '\(entry.key)' in \(what)")
        }
    }
}

/// The id syntax shared by roles, areas, decision rights, items and external names.
public enum Identifier {
    public static let pattern = "^[a-z][a-z0-9-]{0,62}$"

    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= 63, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "-")
        }
    }
}
