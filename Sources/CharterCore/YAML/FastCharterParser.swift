/// A purpose-built parser for the subset of YAML that charter files are written in: block mappings
/// and sequences (indentless ones too), one-line flow collections, and one-line plain, single- and
/// double-quoted scalars, with comments. It is about ten times faster than composing through libyaml.
///
/// It never reports an error. On anything outside the subset, and on anything that might be an error
/// (tabs, line and paragraph separators, byte-order marks past the first, anchors, tags, block scalars,
/// multi-line scalars, odd indentation, duplicate keys, nesting past the limit), it gives up and
/// returns nil, and the caller reads the file through libyaml, which
/// produces the node or the located error. Where it does return a node, that node is the one libyaml
/// composes, positions included: a differential test holds the two to that on every fixture and on
/// generated and mutated charters.
struct FastCharterParser {
    private struct GiveUp: Error {}

    private struct Line {
        /// Byte offsets of the line's first byte and of its end (the newline or the end of input).
        var start: Int
        var end: Int
        /// Leading spaces.
        var indent: Int
        /// Empty, spaces only, or a comment.
        var isBlank: Bool
    }

    private let bytes: [UInt8]
    private let maxDepth: Int
    private var lines: [Line] = []
    private var current = 0
    private var depth = 0
    /// The last position asked for: columns along a line are counted on from there, never again
    /// from the start of the line, so a line of 500,000 items is read in one pass.
    private var cursor = (line: -1, offset: 0, column: 1)

    /// The longest key libyaml reads: a simple key ends within 1,024 characters of its start.
    static let maxKeyLength = 1024

    static func parse(_ bytes: [UInt8], maxDepth: Int) -> YAMLNode? {
        var parser = FastCharterParser(bytes: bytes, maxDepth: maxDepth)
        return try? parser.document()
    }

    private init(bytes: [UInt8], maxDepth: Int) {
        // A byte-order mark at the start counts for nothing, as in libyaml.
        let skip = ByteGuard.byteOrderMarkLength(bytes)
        self.bytes = skip == 0 ? bytes : Array(bytes[skip...])
        self.maxDepth = maxDepth
    }

    // MARK: - Lines

    private mutating func document() throws(GiveUp) -> YAMLNode {
        // Tabs, carriage returns, line separators, byte-order marks and the characters YAML does not
        // allow in a stream all have rules of their own: leave them to libyaml.
        if !Self.onlyPlainCharacters(bytes) { throw GiveUp() }
        var start = 0
        var sawContent = false, sawStartMarker = false
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
            var indent = 0
            while start + indent < end, bytes[start + indent] == 32 { indent += 1 }
            let content = start + indent
            var blank = content == end || bytes[content] == 35
            if indent == 0, !blank {
                let text = bytes[start..<end]
                if text.elementsEqual([45, 45, 45]) && !sawContent && !sawStartMarker {
                    blank = true  // the document start marker; a second one starts a second document
                    sawStartMarker = true
                } else if text.starts(with: [45, 45, 45]) || text.starts(with: [46, 46, 46]) || bytes[start] == 37 {
                    throw GiveUp()  // a second document, a document end, a directive
                }
            }
            sawContent = sawContent || !blank
            lines.append(Line(start: start, end: end, indent: indent, isBlank: blank))
            if end == bytes.count { break }
            start = end + 1
        }
        skipBlankLines()
        guard current < lines.count else { throw GiveUp() }
        let root = try blockMapping(indent: lines[current].indent, firstKeyAt: nil)
        skipBlankLines()
        guard current == lines.count else { throw GiveUp() }
        return root
    }

    /// No control character but newline (no tab, CR, DEL, C1 control: NEL among them), no U+FFFE or
    /// U+FFFF, no byte-order mark (libyaml skips one at the start of any line), no U+2028 or U+2029:
    /// libyaml, reading YAML 1.1, takes the line and paragraph separators for line breaks anywhere, in a
    /// plain scalar, a key or a comment as in a quoted or block scalar, where this parser would read
    /// one character.
    private static func onlyPlainCharacters(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 && byte != 10 || byte == 0x7F { return false }
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return false }
            if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE { return false }
            if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { return false }
            if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] & 0xFE == 0xA8 { return false }
            index += 1
        }
        return true
    }

    private mutating func skipBlankLines() {
        while current < lines.count, lines[current].isBlank { current += 1 }
    }

    /// 1-based line and column (in code points) of a byte offset on line `index`. Counts on from the
    /// last position asked for when it is on the same line and not past `offset`; every caller asks
    /// in reading order, so each byte is counted once.
    private mutating func position(_ offset: Int, line index: Int) -> (Int, Int) {
        var (from, column) = (lines[index].start, 1)
        if cursor.line == index, cursor.offset <= offset { (from, column) = (cursor.offset, cursor.column) }
        var byte = from
        while byte < offset {
            if bytes[byte] & 0xC0 != 0x80 { column += 1 }
            byte += 1
        }
        cursor = (index, offset, column)
        return (index + 1, column)
    }

    private mutating func enter() throws(GiveUp) {
        depth += 1
        if depth > maxDepth { throw GiveUp() }
    }

    // MARK: - Block collections

    /// A block mapping whose keys stand at `indent`; the first key may start mid-line (after `- `).
    private mutating func blockMapping(indent: Int, firstKeyAt: Int?) throws(GiveUp) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        var entries: [YAMLEntry] = []
        var keys = KeySet()
        var origin: (Int, Int)?
        var keyStart = firstKeyAt
        while true {
            if keyStart == nil {
                skipBlankLines()
                guard current < lines.count, lines[current].indent >= indent else { break }
                guard lines[current].indent == indent else { throw GiveUp() }
                keyStart = lines[current].start + indent
            }
            let lineIndex = current
            let line = lines[lineIndex]
            guard let start = keyStart, let (key, colon) = try mappingKey(at: start, end: line.end) else { throw GiveUp() }
            keyStart = nil
            let keyPosition = position(start, line: lineIndex)
            if origin == nil { origin = keyPosition }
            if !keys.isNew(key, among: entries) { throw GiveUp() }
            let value = try blockValue(after: colon, line: lineIndex, parentIndent: indent, allowIndentlessSequence: true)
            entries.append(YAMLEntry(key: key, keyLine: keyPosition.0, keyColumn: keyPosition.1, value: value))
        }
        guard let origin else { throw GiveUp() }
        return YAMLNode(.mapping(entries), line: origin.0, column: origin.1)
    }

    /// A block sequence whose dashes stand at `indent`.
    private mutating func blockSequence(indent: Int) throws(GiveUp) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        var items: [YAMLNode] = []
        var origin: (Int, Int)?
        while true {
            skipBlankLines()
            guard current < lines.count, lines[current].indent >= indent else { break }
            guard lines[current].indent == indent else { throw GiveUp() }
            let lineIndex = current
            let line = lines[lineIndex]
            let dash = line.start + indent
            guard isEntryDash(dash, end: line.end) else { break }
            let dashPosition = position(dash, line: lineIndex)
            if origin == nil { origin = dashPosition }
            var content = dash + 1
            while content < line.end, bytes[content] == 32 { content += 1 }
            if content < line.end, bytes[content] != 35, try mappingKey(at: content, end: line.end) != nil {
                // `- key: value`: a mapping whose keys line up with this first one.
                items.append(try blockMapping(indent: content - line.start, firstKeyAt: content))
            } else {
                items.append(try blockValue(after: dash, line: lineIndex, parentIndent: indent, allowIndentlessSequence: false))
            }
        }
        guard let origin else { throw GiveUp() }
        return YAMLNode(.sequence(items), line: origin.0, column: origin.1)
    }

    /// `-` followed by a space or the end of the line.
    private func isEntryDash(_ offset: Int, end: Int) -> Bool {
        bytes[offset] == 45 && (offset + 1 == end || bytes[offset + 1] == 32)
    }

    /// The value after a key's colon or an entry's dash (`indicator`): on the same line, on the lines
    /// below (more indented, or an indentless sequence after a key), or nothing (an empty scalar).
    private mutating func blockValue(after indicator: Int, line lineIndex: Int, parentIndent: Int,
                                     allowIndentlessSequence: Bool) throws(GiveUp) -> YAMLNode {
        let line = lines[lineIndex]
        var start = indicator + 1
        while start < line.end, bytes[start] == 32 { start += 1 }
        current = lineIndex + 1
        if start < line.end, bytes[start] != 35 {
            let node = try inlineValue(at: start, line: lineIndex)
            // A plain scalar continued on the next, more indented line is a multi-line scalar: not ours.
            skipBlankLines()
            if current < lines.count, lines[current].indent > parentIndent { throw GiveUp() }
            return node
        }
        if start < line.end, start == indicator + 1 { throw GiveUp() }  // `key:#`: a comment must follow a space
        skipBlankLines()
        if current < lines.count {
            let next = lines[current]
            let first = next.start + next.indent
            if next.indent > parentIndent {
                return isEntryDash(first, end: next.end) ? try blockSequence(indent: next.indent)
                    : try blockMapping(indent: next.indent, firstKeyAt: nil)
            }
            if allowIndentlessSequence, next.indent == parentIndent, isEntryDash(first, end: next.end) {
                return try blockSequence(indent: next.indent)
            }
        }
        let (row, column) = position(indicator + 1, line: lineIndex)
        return YAMLNode(.scalar("", .plain), line: row, column: column)
    }

    // MARK: - Keys and inline values

    /// A key and the offset of its colon, when the text at `start` is `key:` followed by a space or the end of the line.
    private func mappingKey(at start: Int, end: Int) throws(GiveUp) -> (String, Int)? {
        var colon: Int
        let key: String
        switch bytes[start] {
        case 34, 39:
            let (text, after) = try quoted(at: start, end: end)
            colon = after
            while colon < end, bytes[colon] == 32 { colon += 1 }
            guard colon < end, bytes[colon] == 58 else { return nil }
            key = text
        default:
            guard Self.canStartPlain(bytes[start], next: start + 1 < end ? bytes[start + 1] : nil) else { return nil }
            var index = start
            while index < end {
                if bytes[index] == 58, index + 1 == end || bytes[index + 1] == 32 { break }
                if bytes[index] == 35, bytes[index - 1] == 32 { return nil }
                index += 1
            }
            guard index < end else { return nil }
            colon = index
            var last = colon
            while last > start, bytes[last - 1] == 32 { last -= 1 }
            key = String(decoding: bytes[start..<last], as: UTF8.self)
        }
        guard colon + 1 == end || bytes[colon + 1] == 32 else { return nil }
        // libyaml refuses a longer key; in bytes, a key this short is short enough in characters too.
        guard colon - start <= Self.maxKeyLength else { throw GiveUp() }
        return (key, colon)
    }

    /// A value that starts and ends on this line: a flow collection, a quoted or a plain scalar.
    private mutating func inlineValue(at start: Int, line lineIndex: Int) throws(GiveUp) -> YAMLNode {
        let end = lines[lineIndex].end
        let (row, column) = position(start, line: lineIndex)
        var after: Int
        let node: YAMLNode
        switch bytes[start] {
        case 91, 123:
            (node, after) = try flow(at: start, line: lineIndex)
        case 34, 39:
            let (text, next) = try quoted(at: start, end: end)
            (node, after) = (YAMLNode(.scalar(text, .quoted), line: row, column: column), next)
        default:
            guard Self.canStartPlain(bytes[start], next: start + 1 < end ? bytes[start + 1] : nil) else { throw GiveUp() }
            var index = start
            while index < end {
                let byte = bytes[index]
                if byte == 58, index + 1 == end || bytes[index + 1] == 32 { throw GiveUp() }  // `a: b: c`
                if byte == 35, bytes[index - 1] == 32 { break }
                index += 1
            }
            var last = index
            while last > start, bytes[last - 1] == 32 { last -= 1 }
            return YAMLNode(.scalar(String(decoding: bytes[start..<last], as: UTF8.self), .plain), line: row, column: column)
        }
        // Only spaces and a comment may follow on the line.
        let gap = after
        while after < end, bytes[after] == 32 { after += 1 }
        if after < end, !(bytes[after] == 35 && after > gap) { throw GiveUp() }
        return node
    }

    /// A one-line single- or double-quoted scalar starting at `start`: its text and the offset after it.
    private func quoted(at start: Int, end: Int) throws(GiveUp) -> (String, Int) {
        let quote = bytes[start]
        var text: [UInt8] = []
        var index = start + 1
        while index < end {
            let byte = bytes[index]
            if quote == 39, byte == 39 {
                guard index + 1 < end, bytes[index + 1] == 39 else { return (String(decoding: text, as: UTF8.self), index + 1) }
                text.append(39)
                index += 2
                continue
            }
            if quote == 34, byte == 34 { return (String(decoding: text, as: UTF8.self), index + 1) }
            if quote == 34, byte == 92 {
                guard index + 1 < end else { throw GiveUp() }
                switch bytes[index + 1] {
                case 34, 92, 47: text.append(bytes[index + 1])
                case 110: text.append(10)
                case 116: text.append(9)
                default: throw GiveUp()  // the rarer escapes are libyaml's
                }
                index += 2
                continue
            }
            text.append(byte)
            index += 1
        }
        throw GiveUp()  // unterminated on this line
    }

    /// A one-line flow sequence or mapping at `start`; returns it and the offset after its closing bracket.
    private mutating func flow(at start: Int, line lineIndex: Int) throws(GiveUp) -> (YAMLNode, Int) {
        try enter()
        defer { depth -= 1 }
        let end = lines[lineIndex].end
        let isMapping = bytes[start] == 123
        let close: UInt8 = isMapping ? 125 : 93
        let (row, column) = position(start, line: lineIndex)
        var items: [YAMLNode] = []
        var entries: [YAMLEntry] = []
        var keys = KeySet()
        var index = start + 1
        func skipSpaces() { while index < end, bytes[index] == 32 { index += 1 } }
        skipSpaces()
        if index < end, bytes[index] == close {
            return (YAMLNode(isMapping ? .mapping([]) : .sequence([]), line: row, column: column), index + 1)
        }
        while true {
            guard index < end else { throw GiveUp() }
            if isMapping {
                let keyStart = index
                let keyPosition = position(keyStart, line: lineIndex)
                let (key, _, afterKey) = try flowScalar(at: index, line: lineIndex)
                index = afterKey
                guard index + 1 < end, bytes[index] == 58, bytes[index + 1] == 32 else { throw GiveUp() }
                guard index - keyStart <= Self.maxKeyLength else { throw GiveUp() }
                index += 1
                skipSpaces()
                let value = try flowItem(at: &index, line: lineIndex)
                if !keys.isNew(key, among: entries) { throw GiveUp() }
                entries.append(YAMLEntry(key: key, keyLine: keyPosition.0, keyColumn: keyPosition.1, value: value))
            } else {
                items.append(try flowItem(at: &index, line: lineIndex))
            }
            skipSpaces()
            guard index < end else { throw GiveUp() }
            if bytes[index] == close { break }
            guard bytes[index] == 44 else { throw GiveUp() }
            index += 1
            skipSpaces()
            if index < end, bytes[index] == close { throw GiveUp() }  // a trailing comma
        }
        return (YAMLNode(isMapping ? .mapping(entries) : .sequence(items), line: row, column: column), index + 1)
    }

    private mutating func flowItem(at index: inout Int, line lineIndex: Int) throws(GiveUp) -> YAMLNode {
        guard index < lines[lineIndex].end else { throw GiveUp() }
        if bytes[index] == 91 || bytes[index] == 123 {
            let (node, after) = try flow(at: index, line: lineIndex)
            index = after
            return node
        }
        let (row, column) = position(index, line: lineIndex)
        let (text, style, after) = try flowScalar(at: index, line: lineIndex)
        index = after
        return YAMLNode(.scalar(text, style), line: row, column: column)
    }

    /// A quoted scalar, or a plain one of characters that cannot end or open anything in flow context.
    private func flowScalar(at start: Int, line lineIndex: Int) throws(GiveUp) -> (String, YAMLNode.ScalarStyle, Int) {
        let end = lines[lineIndex].end
        if bytes[start] == 34 || bytes[start] == 39 {
            let (text, after) = try quoted(at: start, end: end)
            return (text, .quoted, after)
        }
        guard Self.canStartPlain(bytes[start], next: start + 1 < end ? bytes[start + 1] : nil) else { throw GiveUp() }
        var index = start
        while index < end, ![44, 91, 93, 123, 125, 58, 35].contains(bytes[index]) { index += 1 }
        var last = index
        while last > start, bytes[last - 1] == 32 { last -= 1 }
        guard last > start else { throw GiveUp() }
        return (String(decoding: bytes[start..<last], as: UTF8.self), .plain, index)
    }

    /// The keys of one mapping so far, for the duplicate check: a scan of the entries while there are
    /// as few as a charter mapping has, a hash set past that, so that 80,000 keys stay linear.
    private struct KeySet {
        private var hashed: Set<String>?

        /// Whether `key` is not among `entries` (the mapping's entries so far); remembers it.
        mutating func isNew(_ key: String, among entries: [YAMLEntry]) -> Bool {
            if hashed == nil {
                guard entries.count >= 16 else { return !entries.contains { $0.key == key } }
                hashed = Set(entries.lazy.map(\.key))
            }
            return hashed!.insert(key).inserted
        }
    }

    /// Whether a plain scalar may start with `byte`: not an indicator, and `-` only before a non-space.
    private static func canStartPlain(_ byte: UInt8, next: UInt8?) -> Bool {
        switch byte {
        case 45: next != nil && next != 32
        case 33, 34, 35, 37, 38, 39, 42, 44, 58, 62, 63, 64, 91, 93, 96, 123, 124, 125, 32: false
        default: true
        }
    }
}
