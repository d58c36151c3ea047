/// A JSON document with object keys kept in the order they were written, so that output reads
/// naturally (`"format": 1` first) and is byte-for-byte stable.
public indirect enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    /// `nil` becomes `null`.
    public init(_ optional: String?) { self = optional.map(JSONValue.string) ?? .null }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered(pretty: false) == rhs.rendered(pretty: false)
    }

    /// The JSON text; pretty output indents by two spaces and ends without a newline.
    public func rendered(pretty: Bool = true) -> String {
        rendered(indent: pretty ? 0 : nil)
    }

    /// Pretty output as if nested `indent` spaces deep, for streaming the elements of a long array.
    public func rendered(indent: Int?) -> String {
        var out = ""
        write(into: &out, indent: indent)
        return out
    }

    private func write(into out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .string(let value): JSONValue.writeString(value, into: &out)
        case .array(let items):
            writeContainer(items, open: "[", close: "]", into: &out, indent: indent) { item, out, inner in
                item.write(into: &out, indent: inner)
            }
        case .object(let members):
            writeContainer(members, open: "{", close: "}", into: &out, indent: indent) { member, out, inner in
                JSONValue.writeString(member.0, into: &out)
                out += inner == nil ? ":" : ": "
                member.1.write(into: &out, indent: inner)
            }
        }
    }

    private func writeContainer<Element>(_ elements: [Element], open: String, close: String, into out: inout String,
                                         indent: Int?, writeElement: (Element, inout String, Int?) -> Void) {
        guard !elements.isEmpty else {
            out += open + close
            return
        }
        out += open
        let inner = indent.map { $0 + 2 }
        for (index, element) in elements.enumerated() {
            if index > 0 { out += "," }
            if let inner { JSONValue.writeLineBreak(indent: inner, into: &out) }
            writeElement(element, &out, inner)
        }
        if let indent { JSONValue.writeLineBreak(indent: indent, into: &out) }
        out += close
    }

    /// A line break and the indentation of the next line.
    private static func writeLineBreak(indent: Int, into out: inout String) {
        out += indent < lineBreaks.count ? lineBreaks[indent] : "\n" + String(repeating: " ", count: indent)
    }

    private static let lineBreaks = (0..<32).map { "\n" + String(repeating: " ", count: $0) }

    private static func writeString(_ value: String, into out: inout String) {
        out += "\""
        // Most strings are printable ASCII without a quote or backslash: they are written as they are.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where TerminalText.isControl(scalar):
                // All C0 controls, as JSON requires; DEL, C1 controls, U+2028/U+2029 and bidi controls
                // too, so that JSON printed to a terminal or embedded in a script carries none raw.
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
