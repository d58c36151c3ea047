import Foundation

// MARK: - Reading

/// A bounds-checked reader over the SSH wire encoding (RFC 4251 §5): `uint32` big-endian,
/// `string` as a `uint32` length and that many bytes, `mpint` as a two's-complement string.
/// Every read names the field it reads, so truncated input says where it ends.
struct SSHWireReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    mutating func readBytes(_ count: Int, _ field: String) throws(SSHSigningError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw .truncated(field) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func readUInt32(_ field: String) throws(SSHSigningError) -> UInt32 {
        let b = try readBytes(4, field)
        return UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
    }

    mutating func readByte(_ field: String) throws(SSHSigningError) -> UInt8 {
        try readBytes(1, field)[0]
    }

    mutating func readString(_ field: String) throws(SSHSigningError) -> [UInt8] {
        let length = try readUInt32(field)
        guard Int(length) <= remaining else { throw .truncated(field) }
        return try readBytes(Int(length), field)
    }

    /// A string that must be UTF-8 text.
    mutating func readText(_ field: String) throws(SSHSigningError) -> String {
        let raw = try readString(field)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw .malformed("\(field) is not UTF-8 text")
        }
        return text
    }

    /// A positive `mpint` of at most `width` bytes, minimally encoded, returned left-padded to
    /// `width` bytes.
    mutating func readPositiveMPInt(width: Int, _ field: String) throws(SSHSigningError) -> [UInt8] {
        var raw = try readString(field)
        guard let first = raw.first else { throw .malformed("\(field) is zero") }
        guard first & 0x80 == 0 else { throw .malformed("\(field) is negative") }
        if first == 0 {
            guard raw.count > 1, raw[1] & 0x80 != 0 else {
                throw .malformed("\(field) has a superfluous leading zero")
            }
            raw.removeFirst()
        }
        guard raw.count <= width else { throw .malformed("\(field) is longer than \(width) bytes") }
        return [UInt8](repeating: 0, count: width - raw.count) + raw
    }

    func expectEnd(_ what: String) throws(SSHSigningError) {
        guard isAtEnd else { throw .trailingData(what) }
    }
}

// MARK: - Writing

/// The writing side of `SSHWireReader`.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw<S: Sequence<UInt8>>(_ data: S) { bytes.append(contentsOf: data) }

    mutating func uint32(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    mutating func string<S: Collection<UInt8>>(_ data: S) {
        uint32(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    mutating func string(_ text: String) { string(Array(text.utf8)) }

    /// An unsigned big-endian number as a minimal positive `mpint`.
    mutating func positiveMPInt(_ magnitude: [UInt8]) {
        var digits = Array(magnitude.drop { $0 == 0 })
        if let first = digits.first, first & 0x80 != 0 { digits.insert(0, at: 0) }
        string(digits)
    }
}

// MARK: - Base64

enum Base64 {
    /// Strict base64 (padded, no whitespace), or nil.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard !text.isEmpty, let data = Data(base64Encoded: String(text)) else { return nil }
        return [UInt8](data)
    }

    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// `bytes` in base64, in lines of `width` characters, each ended by a newline.
    static func wrapped(_ bytes: [UInt8], width: Int) -> String {
        let text = Array(encode(bytes))
        var out = ""
        var start = 0
        while start < text.count {
            let end = min(start + width, text.count)
            out += String(text[start..<end]) + "\n"
            start = end
        }
        return out
    }
}

// MARK: - Armour

/// PEM-like armour: a BEGIN line, base64 lines, an END line. Surrounding blank space and CRLF
/// line ends are accepted; any other text before BEGIN or after END is not.
enum Armor {
    static func decode(
        _ text: String, begin: String, end: String, limit: Int,
        what: String, notArmored: SSHSigningError, unterminated: SSHSigningError
    ) throws(SSHSigningError) -> [UInt8] {
        guard text.utf8.count <= limit else { throw .inputTooLarge(what, limit: limit) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r"))) }
        var index = lines.startIndex
        while index < lines.endIndex, lines[index].isEmpty { index += 1 }
        guard index < lines.endIndex, lines[index] == begin else { throw notArmored }
        index += 1
        var body = ""
        while index < lines.endIndex, lines[index] != end {
            body += lines[index]
            index += 1
        }
        guard index < lines.endIndex else { throw unterminated }
        guard lines[(index + 1)...].allSatisfy(\.isEmpty) else {
            throw .trailingData("the \(end.trimmingCharacters(in: CharacterSet(charactersIn: "-"))) line")
        }
        guard let bytes = Base64.decode(body) else { throw .invalidBase64(what) }
        return bytes
    }
}
