/// The company event behind a charter change: `acquisition: Globex`, `hire: first CPO`.
public struct CharterEvent: Equatable, Sendable, CustomStringConvertible {
    public var kind: String
    public var text: String

    /// Parses `KIND:TEXT`; the kind is an id (`hire`, `acquisition`, `product-line`), the text is free.
    public init?(parsing value: String) {
        guard let colon = value.firstIndex(of: ":") else { return nil }
        let kind = value[..<colon].trimmed
        let text = value[value.index(after: colon)...].trimmed
        guard Identifier.isValid(kind), !text.isEmpty, !value.contains(where: \.isNewline) else { return nil }
        self.kind = kind
        self.text = text
    }

    public var description: String { "\(kind): \(text)" }

    /// Kinds the documentation suggests; any id is accepted.
    public static let suggestedKinds = ["founding", "hire", "departure", "product-line", "acquisition", "reorganization"]
}

/// A charter commit's message: what changed and why, plus the git trailers charter reads back
/// (`Charter-Event: acquisition: Globex`, `Approved-By: cpo`).
public struct CommitMessage: Equatable, Sendable {
    public static let eventTrailer = "Charter-Event"
    public static let approvalTrailer = "Approved-By"
    public static let importTrailer = "Imported-From"
    public static let importPrefixTrailer = "Charter-Import"

    /// The subject and any body, as the user wrote them.
    public var text: String
    public var event: CharterEvent?
    public var approvals: [String]
    /// For a commit `charter import` rewrote: the id of the acquired company's original commit.
    public var importedFrom: String?
    /// For the merge `charter import` made: the prefix the acquired roles received.
    public var importPrefix: String?

    public init(text: String, event: CharterEvent? = nil, approvals: [String] = []) {
        self.text = text
        self.event = event
        self.approvals = approvals
    }

    /// `git commit -m A -m B` joins paragraphs with a blank line; so do we.
    public init(paragraphs: [String], event: CharterEvent? = nil, approvals: [String] = []) {
        let text = paragraphs.map { $0.trimmed }.filter { !$0.isEmpty }
            .joined(separator: "\n\n")
        self.init(text: text, event: event, approvals: approvals)
    }

    /// A message git prepared (MERGE_MSG) made ready to commit, as git's default `strip` clean-up
    /// does: lines beginning with `#` dropped, trailing white space cut, runs of blank lines made
    /// one, blank lines at either end removed.
    public init(prepared message: String, event: CharterEvent? = nil, approvals: [String] = []) {
        var lines: [Substring] = []
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) where !line.hasPrefix("#") {
            let kept = line[..<(line.lastIndex(where: { !$0.isWhitespace }).map(line.index(after:)) ?? line.startIndex)]
            if kept.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(kept)
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        self.init(text: lines.joined(separator: "\n"), event: event, approvals: approvals)
    }

    public var subject: String {
        String(text[..<(text.firstIndex(of: "\n") ?? text.endIndex)])
    }

    /// The full message, trailers in a final paragraph, ending in a newline as git writes it.
    public var rendered: String {
        var seen: Set<String> = []
        var trailers = event.map { ["\(Self.eventTrailer): \($0)"] } ?? []
        trailers += approvals.filter { seen.insert($0).inserted }.map { "\(Self.approvalTrailer): \($0)" }
        return trailers.isEmpty ? text + "\n" : text + "\n\n" + trailers.joined(separator: "\n") + "\n"
    }

    /// Reads a commit message back: its text and the charter trailers of its last paragraph.
    /// Trailer keys are matched without regard to case, as git does.
    public init(parsing message: String) {
        let whole = message.trimmed
        var event: CharterEvent?
        var approvals: [String] = []
        var importedFrom: String?
        var importPrefix: String?
        var text = Substring(whole)
        if let lastBreak = Self.lastParagraphBreak(in: whole) {
            let lines = whole[whole.utf8.index(lastBreak, offsetBy: 2)...].split(separator: "\n")
            let trailers = lines.compactMap(Self.trailer)
            if !lines.isEmpty, trailers.count == lines.count {
                text = whole[..<lastBreak]
                for (key, value) in trailers {
                    switch key.lowercased() {
                    case Self.eventTrailer.lowercased(): event = CharterEvent(parsing: value)
                    case Self.approvalTrailer.lowercased(): approvals.append(value)
                    case Self.importTrailer.lowercased(): importedFrom = value
                    case Self.importPrefixTrailer.lowercased(): importPrefix = value
                    default: break
                    }
                }
            }
        }
        self.init(text: String(text).trimmed, event: event, approvals: approvals)
        self.importedFrom = importedFrom
        self.importPrefix = importPrefix
    }

    /// Where the last paragraph begins, two bytes on: the last blank line (`\n\n`) of the message as
    /// splitting it at every blank line, from the start, finds it.
    private static func lastParagraphBreak(in message: String) -> String.Index? {
        let utf8 = message.utf8
        var last: String.Index?
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let next = utf8.index(after: index)
            if utf8[index] == 0x0A, next != utf8.endIndex, utf8[next] == 0x0A {
                last = index
                index = utf8.index(after: next)
            } else {
                index = next
            }
        }
        return last
    }

    /// A value from elsewhere (a company's name from its charter.yaml, a file name) made fit to
    /// interpolate into a message charter writes: one line, so it can never begin a paragraph or a
    /// trailer (`Approved-By: cpo`). Control characters and line and paragraph breaks become spaces,
    /// runs of white space one space, the ends are trimmed, and past `limit` characters (Unicode
    /// scalars) the rest is cut, marked with "…".
    public static func oneLine(_ value: String, limit: Int = 120) -> String {
        var text = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            if isBreaking(scalar) || scalar.properties.generalCategory == .spaceSeparator {
                pendingSpace = !text.isEmpty
                continue
            }
            guard text.count + (pendingSpace ? 1 : 0) < limit else { return String(text) + "…" }
            if pendingSpace { text.append(" ") }
            pendingSpace = false
            text.append(scalar)
        }
        return String(text)
    }

    /// The first character of `text` that `oneLine` replaces: a control character or a line or
    /// paragraph break. For refusing such input where the user typed it.
    public static func firstControlCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isBreaking)
    }

    private static func isBreaking(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    /// The message without its subject line: the rationale. Empty when there is none.
    public var body: String {
        text[(text.firstIndex(of: "\n") ?? text.endIndex)...].trimmed
    }

    private static func isASCIIKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"): true
        default: false
        }
    }

    /// `Key: value`, with a key of letters, digits and dashes.
    private static func trailer(_ line: Substring) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard !key.isEmpty, key.utf8.allSatisfy(Self.isASCIIKeyByte) || key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        else { return nil }
        return (String(key), line[line.index(after: colon)...].trimmed)
    }
}
