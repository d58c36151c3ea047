/// The limits every charter repository file is held to before its YAML is composed.
public struct InputLimits: Sendable {
    /// Largest accepted file, in bytes.
    public var maxBytes: Int
    /// Deepest accepted nesting of sequences and mappings (the top-level mapping is level 1).
    public var maxDepth: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 32) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    public static let standard = InputLimits()
}

/// Why a file could not be read as YAML, with the 1-based position of the problem.
public struct YAMLInputError: Error, Equatable, Sendable {
    public var code: FindingCode
    public var line: Int
    public var column: Int
    public var message: String
    /// A second position the problem concerns (the first occurrence of a duplicate key).
    public var related: (line: Int, column: Int)?

    public init(_ code: FindingCode, line: Int = 1, column: Int = 1, _ message: String,
                related: (line: Int, column: Int)? = nil) {
        self.code = code
        self.line = line
        self.column = column
        self.message = message
        self.related = related
    }

    public static func == (lhs: YAMLInputError, rhs: YAMLInputError) -> Bool {
        (lhs.code, lhs.line, lhs.column, lhs.message) == (rhs.code, rhs.line, rhs.column, rhs.message)
            && lhs.related?.line == rhs.related?.line && lhs.related?.column == rhs.related?.column
    }
}

/// Byte-level checks that run before any YAML parsing: size, NUL bytes, UTF-8.
enum ByteGuard {
    static func check(_ bytes: [UInt8], limits: InputLimits) throws(YAMLInputError) {
        guard bytes.count <= limits.maxBytes else {
            throw YAMLInputError(.fileTooLarge, "file is \(bytes.count) bytes, over the limit of \(limits.maxBytes)")
        }
        if let offset = bytes.firstIndex(of: 0) {
            let (line, column) = position(ofByte: offset, in: bytes)
            throw YAMLInputError(.binaryContent, line: line, column: column, "file contains a NUL byte")
        }
        if let offset = firstInvalidUTF8Offset(bytes) {
            let (line, column) = position(ofByte: offset, in: bytes)
            throw YAMLInputError(.notUTF8, line: line, column: column,
                                 "file is not valid UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)))")
        }
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        // The standard library's validation is fast; the scalar-by-scalar walk only locates a failure.
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// 1-based line and column (in characters) of a byte offset in valid-so-far UTF-8. A byte-order
    /// mark at the start of the file counts for no column, as in libyaml's positions.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let prefix = bytes[..<offset]
        let lineStart = (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? min(byteOrderMarkLength(bytes), offset)
        let line = prefix.count { $0 == UInt8(ascii: "\n") } + 1
        let column = bytes[lineStart..<offset].count { $0 & 0xC0 != 0x80 } + 1
        return (line, column)
    }

    /// 3 when the file starts with a UTF-8 byte-order mark, else 0. Both readers skip it.
    static func byteOrderMarkLength(_ bytes: [UInt8]) -> Int {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }
}
