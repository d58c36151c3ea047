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

        let result: Result<YAMLNode, YAMLInputError> = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
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

    private static func syntaxError(_ parser: yaml_parser_t, bytes: [UInt8], limits: InputLimits) -> YAMLInputError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if problem.hasPrefix("Maximum nesting level") {
            // libyaml's own guard (1,000 levels), met while it scans ahead through brackets.
            let mark = parser.problem_mark.line > 0 || parser.problem_mark.column > 0 ? parser.problem_mark : parser.context_mark
            return YAMLInputError(.tooDeep, line: mark.line + 1, column: mark.column + 1,
                                  "nesting is deeper than \(limits.maxDepth) levels")
        }
        let context = parser.context.map { String(cString: $0) }
        let message = context.map { "\(problem) \($0)" } ?? problem
        if parser.error == YAML_READER_ERROR {
            let (line, column) = ByteGuard.position(ofByte: min(parser.problem_offset, bytes.count), in: bytes)
            return YAMLInputError(.yamlSyntax, line: line, column: column, message)
        }
        return YAMLInputError(.yamlSyntax, line: parser.problem_mark.line + 1,
                              column: parser.problem_mark.column + 1, message)
    }
}

/// Builds the tree from parser events with an explicit stack (no recursion, so no stack overflow).
private struct Composer {
    private enum Frame {
        case sequence([YAMLNode], line: Int, column: Int)
        case mapping([YAMLEntry], pendingKey: (String, Int, Int)?, seen: [String: (Int, Int)], line: Int, column: Int)
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
            let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let style: YAMLNode.ScalarStyle = switch scalar.style {
            case YAML_PLAIN_SCALAR_STYLE: .plain
            case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: .block
            default: .quoted
            }
            try attach(YAMLNode(.scalar(value, style), line: line, column: column))
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            try Self.rejectAnchorAndTag(anchor: start.anchor, tag: start.tag, line: line, column: column)
            try push(.sequence([], line: line, column: column), line: line, column: column)
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            try Self.rejectAnchorAndTag(anchor: start.anchor, tag: start.tag, line: line, column: column)
            try push(.mapping([], pendingKey: nil, seen: [:], line: line, column: column), line: line, column: column)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            switch stack.removeLast() {
            case .sequence(let items, let line, let column):
                try attach(YAMLNode(.sequence(items), line: line, column: column))
            case .mapping(let entries, _, _, let line, let column):
                try attach(YAMLNode(.mapping(entries), line: line, column: column))
            }
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

    private mutating func push(_ frame: Frame, line: Int, column: Int) throws(YAMLInputError) {
        guard stack.count < maxDepth else {
            throw YAMLInputError(.tooDeep, line: line, column: column,
                                 "nesting is deeper than \(maxDepth) levels")
        }
        stack.append(frame)
    }

    private mutating func attach(_ node: YAMLNode) throws(YAMLInputError) {
        guard let top = stack.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(var items, let line, let column):
            items.append(node)
            stack.append(.sequence(items, line: line, column: column))
        case .mapping(var entries, let pendingKey, var seen, let line, let column):
            if let (key, keyLine, keyColumn) = pendingKey {
                entries.append(YAMLEntry(key: key, keyLine: keyLine, keyColumn: keyColumn, value: node))
                stack.append(.mapping(entries, pendingKey: nil, seen: seen, line: line, column: column))
                return
            }
            guard case .scalar(let key, _) = node.content else {
                throw YAMLInputError(.wrongType, line: node.line, column: node.column,
                                     "mapping keys must be text, not \(node.kindDescription)")
            }
            if let first = seen[key] {
                throw YAMLInputError(.duplicateKey, line: node.line, column: node.column,
                                     "key '\(key)' appears twice in this mapping (first at line \(first.0))",
                                     related: first)
            }
            seen[key] = (node.line, node.column)
            stack.append(.mapping(entries, pendingKey: (key, node.line, node.column), seen: seen,
                                  line: line, column: column))
        }
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
