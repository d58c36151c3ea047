// CYaml is the libyaml that Yams bundles. Its event API lets every limit apply while parsing,
// before a tree exists: an alias bomb or 100,000 nested brackets stop at their first event.
import CYaml

/// Reads one charter file into a `YAMLNode` tree, strictly: one document, no anchors,
/// aliases or tags, no duplicate keys, text keys only, nesting within the limit.
public enum YAMLReader {
    public static func read(_ bytes: [UInt8], limits: InputLimits = .standard) throws(YAMLInputError) -> YAMLNode {
        try ByteGuard.check(bytes, limits: limits)
        if let node = FastCharterParser.parse(bytes, maxDepth: limits.maxDepth) { return node }
        return try readThroughLibYAML(bytes, limits: limits)
    }

    /// Whether the fast parser, where it answers, gives exactly libyaml's node: the fuzzer's oracle.
    @_spi(Fuzzing)
    public static func fastParserAgreesWithLibYAML(_ bytes: [UInt8], limits: InputLimits = .standard) -> Bool {
        guard (try? ByteGuard.check(bytes, limits: limits)) != nil,
              let fast = FastCharterParser.parse(bytes, maxDepth: limits.maxDepth) else { return true }
        return (try? readThroughLibYAML(bytes, limits: limits)) == fast
    }

    /// The reference reader: libyaml's events, composed with every check. Used for everything the
    /// fast parser leaves alone, and by the tests that hold the two to the same answers.
    static func readThroughLibYAML(_ bytes: [UInt8], limits: InputLimits = .standard) throws(YAMLInputError) -> YAMLNode {
        var composer = Composer(maxDepth: limits.maxDepth)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLInputError(.yamlSyntax, "could not start the YAML parser")
        }
        defer { yaml_parser_delete(&parser) }

        // The encoding is set, so libyaml would not skip a byte-order mark itself: skip it here, as
        // libyaml does when it detects the encoding (it counts for no column).
        let skip = ByteGuard.byteOrderMarkLength(bytes)
        let result: Result<YAMLNode, YAMLInputError> = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress.map { $0 + skip }, buffer.count - skip)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return .failure(syntaxError(parser, bytes: bytes, limits: limits))
                }
                defer { yaml_event_delete(&event) }
                do throws(YAMLInputError) {
                    if let root = try composer.consume(event) { return .success(root) }
                } catch {
                    return .failure(error)
                }
            }
        }
        return try result.get()
    }

    /// Whether the key libyaml gave up on at `mark` has its colon on the same line, past the 1,024
    /// characters libyaml scans for one: a key too long rather than a key without a colon.
    private static func keyOutrunsLimit(at mark: yaml_mark_t, in bytes: [UInt8]) -> Bool {
        var offset = ByteGuard.byteOrderMarkLength(bytes)
        for _ in 0..<mark.line {
            guard let newline = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) else { return false }
            offset = newline + 1
        }
        var characters = 0
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") {
            if bytes[offset] & 0xC0 != 0x80 { characters += 1 }
            let key = characters - mark.column - 1
            if key > FastCharterParser.maxKeyLength, bytes[offset] == UInt8(ascii: ":"),
               offset + 1 == bytes.count || bytes[offset + 1] == UInt8(ascii: " ") || bytes[offset + 1] == UInt8(ascii: "\n") {
                return true
            }
            offset += 1
        }
        return false
    }

    /// What a tab where YAML wants indentation gets, in place of libyaml's words, which do not name the tab.
    static let tabIndentMessage = "tabs cannot indent YAML; use spaces"

    /// libyaml's problems that a tab in the indentation raises: before a key or a dash ("cannot start any
    /// token"), after a plain scalar's line, in a block scalar. Its problem mark is then on the tab.
    private static let tabProblems: Set<String> = [
        "found character that cannot start any token",
        "found a tab character that violates indentation",
        "found a tab character where an indentation space is expected",
    ]

    /// The byte offset of the character a libyaml mark is on: its `index` counts characters (a CRLF
    /// as two) from after a leading byte-order mark. Nil past the end.
    private static func byteOffset(of mark: yaml_mark_t, in bytes: [UInt8]) -> Int? {
        var offset = ByteGuard.byteOrderMarkLength(bytes)
        var characters = 0
        while characters < mark.index {
            guard offset < bytes.count else { return nil }
            offset += 1
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            characters += 1
        }
        return offset
    }

    private static func syntaxError(_ parser: yaml_parser_t, bytes: [UInt8], limits: InputLimits) -> YAMLInputError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if problem.hasPrefix("Maximum nesting level") {
            // libyaml's own guard (1,000 levels), met while it scans ahead through brackets.
            let mark = parser.problem_mark.line > 0 || parser.problem_mark.column > 0 ? parser.problem_mark : parser.context_mark
            return YAMLInputError(.tooDeep, line: mark.line + 1, column: mark.column + 1,
                                  "nesting is deeper than \(limits.maxDepth) levels")
        }
        let context = parser.context.map { String(cString: $0) }
        if problem == "could not find expected ':'", context == "while scanning a simple key",
           keyOutrunsLimit(at: parser.context_mark, in: bytes) {
            return YAMLInputError(.yamlSyntax, line: parser.context_mark.line + 1, column: parser.context_mark.column + 1,
                                  "key is longer than \(FastCharterParser.maxKeyLength) characters (YAML's limit for a key)")
        }
        if tabProblems.contains(problem), let offset = byteOffset(of: parser.problem_mark, in: bytes),
           offset < bytes.count, bytes[offset] == UInt8(ascii: "\t") {
            let (line, column) = ByteGuard.position(ofByte: offset, in: bytes)
            return YAMLInputError(.yamlSyntax, line: line, column: column, tabIndentMessage)
        }
        let message = context.map { "\(problem) \($0)" } ?? problem
        if parser.error == YAML_READER_ERROR {
            let offset = ByteGuard.byteOrderMarkLength(bytes) + parser.problem_offset
            let (line, column) = ByteGuard.position(ofByte: min(offset, bytes.count), in: bytes)
            return YAMLInputError(.yamlSyntax, line: line, column: column, message)
        }
        return YAMLInputError(.yamlSyntax, line: parser.problem_mark.line + 1,
                              column: parser.problem_mark.column + 1, message)
    }
}

/// Builds the tree from parser events with an explicit stack (no recursion, so no stack overflow).
/// Each open collection grows in place on the stack, so composing is linear in the number of nodes.
private struct Composer {
    /// An open sequence or mapping. Only the array of its kind is used.
    private struct Frame {
        var isMapping: Bool
        var line: Int
        var column: Int
        var items: [YAMLNode] = []
        var entries: [YAMLEntry] = []
        var pendingKey: (text: String, line: Int, column: Int)?
        /// Where each key of a mapping first appeared, for the duplicate check.
        var seen: [String: (line: Int, column: Int)] = [:]
    }

    let maxDepth: Int
    private var stack: [Frame] = []
    private var root: YAMLNode?
    private var documents = 0

    init(maxDepth: Int) { self.maxDepth = maxDepth }

    /// Feeds one event; returns the root once the stream has ended.
    mutating func consume(_ event: yaml_event_t) throws(YAMLInputError) -> YAMLNode? {
        let line = event.start_mark.line + 1
        let column = event.start_mark.column + 1
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw YAMLInputError(.multipleDocuments, line: line, column: column,
                                     "file holds more than one YAML document")
            }
        case YAML_ALIAS_EVENT:
            throw YAMLInputError(.yamlAlias, line: line, column: column,
                                 "alias '*\(Self.text(event.data.alias.anchor))' is not allowed")
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            try Self.rejectAnchorAndTag(anchor: scalar.anchor, tag: scalar.tag, line: line, column: column)
            let buffer = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
            // The byte guard keeps NUL bytes out of the file; an escape (`"\0"`, `"\x00"`, `"\u0000"`)
            // would still put one into the text.
            if buffer.contains(0) {
                throw YAMLInputError(.binaryContent, line: line, column: column,
                                     "text contains a NUL character (written as an escape)")
            }
            let value = String(decoding: buffer, as: UTF8.self)
            let style: YAMLNode.ScalarStyle = switch scalar.style {
            case YAML_PLAIN_SCALAR_STYLE: .plain
            case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: .block
            default: .quoted
            }
            try attach(YAMLNode(.scalar(value, style), line: line, column: column))
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            try Self.rejectAnchorAndTag(anchor: start.anchor, tag: start.tag, line: line, column: column)
            try push(Frame(isMapping: false, line: line, column: column))
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            try Self.rejectAnchorAndTag(anchor: start.anchor, tag: start.tag, line: line, column: column)
            try push(Frame(isMapping: true, line: line, column: column))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let frame = stack.removeLast()
            let content: YAMLNode.Content = frame.isMapping ? .mapping(frame.entries) : .sequence(frame.items)
            try attach(YAMLNode(content, line: frame.line, column: frame.column))
        case YAML_STREAM_END_EVENT:
            guard let root, !root.isEmptyDocument else {
                throw YAMLInputError(.emptyFile, "file is empty: a charter file holds one YAML mapping")
            }
            return root
        default:
            break
        }
        return nil
    }

    private mutating func push(_ frame: Frame) throws(YAMLInputError) {
        guard stack.count < maxDepth else {
            throw YAMLInputError(.tooDeep, line: frame.line, column: frame.column,
                                 "nesting is deeper than \(maxDepth) levels")
        }
        stack.append(frame)
    }

    /// Adds a finished node to the open collection on top of the stack, in place, or makes it the root.
    private mutating func attach(_ node: YAMLNode) throws(YAMLInputError) {
        let top = stack.count - 1
        guard top >= 0 else {
            root = node
            return
        }
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        if let key = stack[top].pendingKey {
            stack[top].entries.append(YAMLEntry(key: key.text, keyLine: key.line, keyColumn: key.column, value: node))
            stack[top].pendingKey = nil
            return
        }
        guard case .scalar(let key, _) = node.content else {
            throw YAMLInputError(.wrongType, line: node.line, column: node.column,
                                 "mapping keys must be text, not \(node.kindDescription)")
        }
        if let first = stack[top].seen.updateValue((node.line, node.column), forKey: key) {
            throw YAMLInputError(.duplicateKey, line: node.line, column: node.column,
                                 "key '\(key)' appears twice in this mapping (first at line \(first.line))",
                                 related: first)
        }
        stack[top].pendingKey = (key, node.line, node.column)
    }

    private static func rejectAnchorAndTag(anchor: UnsafeMutablePointer<yaml_char_t>?,
                                           tag: UnsafeMutablePointer<yaml_char_t>?,
                                           line: Int, column: Int) throws(YAMLInputError) {
        if let anchor {
            throw YAMLInputError(.yamlAlias, line: line, column: column, "anchor '&\(text(anchor))' is not allowed")
        }
        if let tag {
            throw YAMLInputError(.yamlTag, line: line, column: column, "tag '\(text(tag))' is not allowed")
        }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}

private extension YAMLNode {
    /// A document with no content (`---` alone, or only `~`) counts as an empty file.
    var isEmptyDocument: Bool {
        if case .scalar(let text, .plain) = content { return PlainScalar(text) == .null }
        return false
    }
}
