/// A composed YAML node with its position. Only what the charter format can hold: text scalars,
/// sequences and mappings with text keys. Anchors, aliases and tags never get this far.
public struct YAMLNode: Sendable, Equatable {
    public enum ScalarStyle: Sendable, Equatable {
        case plain, quoted, block
    }

    public enum Content: Sendable, Equatable {
        case scalar(String, ScalarStyle)
        case sequence([YAMLNode])
        /// Keys in document order; keys are unique (duplicates are rejected while composing).
        case mapping([YAMLEntry])
    }

    public var content: Content
    /// 1-based line and column of the node's first character.
    public var line: Int
    public var column: Int

    public init(_ content: Content, line: Int, column: Int) {
        self.content = content
        self.line = line
        self.column = column
    }

    /// What the node is, in words a user understands ("a list", "a number").
    public var kindDescription: String {
        switch content {
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .scalar(let text, let style):
            switch style == .plain ? PlainScalar(text) : .string {
            case .null: "nothing (null)"
            case .bool: "a boolean"
            case .int, .float: "a number"
            case .string: "text"
            }
        }
    }
}

public struct YAMLEntry: Sendable, Equatable {
    public var key: String
    public var keyLine: Int
    public var keyColumn: Int
    public var value: YAMLNode
}

/// How a plain (unquoted) scalar resolves under the YAML 1.2 core schema.
/// YAML 1.1's `yes`, `no`, `on` and `off` stay text: they are never booleans here.
public enum PlainScalar: Equatable, Sendable {
    case null, bool, int, float, string

    public init(_ text: String) {
        // Most charter text starts with a letter that no null, boolean or number can start with.
        if let first = text.utf8.first, Self.startsOnlyText(first) {
            self = .string
            return
        }
        switch text {
        case "", "~", "null", "Null", "NULL": self = .null
        case "true", "True", "TRUE", "false", "False", "FALSE": self = .bool
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
             ".nan", ".NaN", ".NAN": self = .float
        default:
            if PlainScalar.matchesInteger(text) {
                self = .int
            } else if PlainScalar.matchesFloat(text) {
                self = .float
            } else {
                self = .string
            }
        }
    }

    /// Whether a scalar starting with this byte can only be text: every non-text plain scalar starts
    /// with a digit, a sign, a dot, `~`, or the first letter of null, true or false.
    private static func startsOnlyText(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "~"),
             UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            false
        default:
            true
        }
    }

    private static func matchesInteger(_ text: String) -> Bool {
        var scalars = Substring(text)
        if scalars.hasPrefix("0x") { return scalars.count > 2 && scalars.dropFirst(2).allSatisfy(\.isHexDigit) }
        if scalars.hasPrefix("0o") {
            return scalars.count > 2 && scalars.dropFirst(2).allSatisfy { ("0"..."7").contains($0) }
        }
        if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
        return !scalars.isEmpty && scalars.allSatisfy(\.isASCIIDigit)
    }

    private static func matchesFloat(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let mantissaEnd = rest.firstIndex { $0 == "e" || $0 == "E" } ?? rest.endIndex
        let mantissa = rest[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              parts.contains(where: { !$0.isEmpty }) else { return false }
        guard mantissaEnd < rest.endIndex else { return parts.count == 2 }
        var exponent = rest[rest.index(after: mantissaEnd)...]
        if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigit)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
