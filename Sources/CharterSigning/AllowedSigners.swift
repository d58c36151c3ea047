import Foundation

/// An allowed-signers file, the format of git's `gpg.ssh.allowedSignersFile` and
/// `ssh-keygen -Y verify -f` (ssh-keygen(1), "ALLOWED SIGNERS"): one entry a line,
///
///     principals [options] keytype base64 [comment]
///
/// with `#` comments and blank lines. Principals are comma-separated patterns (`*`, `?`, and
/// `!` to exclude); the options are `cert-authority`, `namespaces="a,b"`,
/// `valid-after="YYYYMMDD[HHMM[SS]][Z]"` and `valid-before="…"`.
///
/// Lines with a key type charter does not verify (`ssh-rsa`, `ecdsa-sha2-nistp384`, security
/// keys, certificates) are not errors: they are listed in `ignored`, since one file serves
/// everyone's git.
public struct AllowedSigners: Sendable {
    /// One line of the file.
    public struct Entry: Sendable {
        /// The principal patterns, as written (a leading `!` excludes).
        public var principals: [String]
        /// The key, with the line's comment if it has one.
        public var key: SSHPublicKey
        /// The namespace patterns of `namespaces="…"`; nil when the entry allows every namespace.
        public var namespaces: [String]?
        /// The 1-based line number in the file.
        public var line: Int
        /// `cert-authority`: the key signs certificates, it is never itself an allowed signer.
        public var isCertificateAuthority: Bool = false
        /// `valid-after`: the key is not valid for signatures made before this time.
        public var validAfter: Date?
        /// `valid-before`: the key is not valid for signatures made after this time.
        public var validBefore: Date?

        public init(principals: [String], key: SSHPublicKey, namespaces: [String]? = nil, line: Int,
                    isCertificateAuthority: Bool = false, validAfter: Date? = nil, validBefore: Date? = nil) {
            self.principals = principals
            self.key = key
            self.namespaces = namespaces
            self.line = line
            self.isCertificateAuthority = isCertificateAuthority
            self.validAfter = validAfter
            self.validBefore = validBefore
        }

        /// Whether the entry allows `principal` to sign under `namespace` at `date` (nil: any time).
        public func allows(_ principal: String, namespace: String, at date: Date? = nil) -> Bool {
            guard !isCertificateAuthority,
                  Pattern.matchList(principal, principals) else { return false }
            if let namespaces, !Pattern.matchList(namespace, namespaces) { return false }
            if let date {
                if let validAfter, date < validAfter { return false }
                if let validBefore, date > validBefore { return false }
            }
            return true
        }
    }

    /// A line whose key type charter does not verify.
    public struct Ignored: Sendable, Equatable {
        public var line: Int
        public var keyType: String
    }

    /// The entries, in file order.
    public var entries: [Entry]
    /// Lines left out because of their key type.
    public var ignored: [Ignored]

    static let sizeLimit = 16 * 1024 * 1024

    /// Reads the text of an allowed-signers file. An error names the line it is on.
    public init(text: String) throws(SSHSigningError) {
        guard text.utf8.count <= Self.sizeLimit else { throw .inputTooLarge("the allowed signers file", limit: Self.sizeLimit) }
        var entries: [Entry] = []
        var ignored: [Ignored] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = Substring(raw.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r"))))
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                switch try Self.parse(line, number: number) {
                case .entry(let entry): entries.append(entry)
                case .ignored(let type): ignored.append(Ignored(line: number, keyType: type))
                }
            } catch {
                throw .allowedSigners(line: number, reason: error.reason)
            }
        }
        self.entries = entries
        self.ignored = ignored
    }

    /// The keys allowed for `principal` under `namespace`, in file order, without repeats.
    /// With a `date`, entries whose `valid-after`/`valid-before` exclude it are left out; without,
    /// validity windows are not checked: pass the signature's time where you have it.
    public func keys(for principal: String, namespace: String, at date: Date? = nil) -> [SSHPublicKey] {
        var keys: [SSHPublicKey] = []
        for entry in entries where entry.allows(principal, namespace: namespace, at: date) {
            if !keys.contains(entry.key) { keys.append(entry.key) }
        }
        return keys
    }

    /// Whether `key` may sign for `principal` under `namespace` (at `date`, if given).
    public func allows(_ key: SSHPublicKey, for principal: String, namespace: String, at date: Date? = nil) -> Bool {
        entries.contains { $0.key == key && $0.allows(principal, namespace: namespace, at: date) }
    }

    // MARK: - One line

    private enum Parsed {
        case entry(Entry)
        case ignored(String)
    }

    /// A failure inside a line, before it is given its line number.
    struct LineError: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func parse(_ line: Substring, number: Int) throws(LineError) -> Parsed {
        var rest = line
        let principals: Substring
        if rest.first == "\"" {
            guard let close = rest.dropFirst().firstIndex(of: "\"") else { throw LineError("unterminated quote in the principals") }
            principals = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            guard rest.isEmpty || rest.first!.isWhitespace else { throw LineError("text right after the quoted principals") }
        } else {
            let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
            principals = rest[..<end]
            rest = rest[end...]
        }
        let patterns = principals.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !patterns.isEmpty, !patterns.contains(where: \.isEmpty) else { throw LineError("an empty principal") }
        rest = rest.drop(while: \.isWhitespace)
        guard !rest.isEmpty else { throw LineError("no key after the principals") }

        var options = Options()
        let firstWord = rest.prefix(while: { !$0.isWhitespace })
        if !SSHPublicKey.looksLikeKeyType(firstWord) {
            let (written, after) = try splitOptions(rest)
            try options.apply(written)
            rest = after.drop(while: \.isWhitespace)
            guard !rest.isEmpty else { throw LineError("no key after the options") }
        }
        let type = String(rest.prefix(while: { !$0.isWhitespace }))
        guard SSHPublicKey.supportedAlgorithms.contains(type) else {
            guard SSHPublicKey.looksLikeKeyType(type) else { throw LineError("expected a key type, found \(quoted(type))") }
            return .ignored(type)
        }
        let key: SSHPublicKey
        do { key = try SSHPublicKey(line: String(rest)) } catch { throw LineError(error.description) }
        return .entry(Entry(principals: patterns, key: key, namespaces: options.namespaces, line: number,
                            isCertificateAuthority: options.isCertificateAuthority,
                            validAfter: options.validAfter, validBefore: options.validBefore))
    }

    /// Splits `options key…` into the comma-separated options (quotes kept out of the values)
    /// and what follows the first whitespace outside quotes.
    private static func splitOptions(_ text: Substring) throws(LineError) -> ([(String, String?)], Substring) {
        var options: [(String, String?)] = []
        var current = ""
        var inQuotes = false
        var index = text.startIndex
        func finish() throws(LineError) {
            guard !current.isEmpty else { throw LineError("an empty option") }
            if let equals = current.firstIndex(of: "=") {
                let name = String(current[..<equals])
                let value = current[current.index(after: equals)...]
                guard value.count >= 2, value.first == "\"", value.last == "\"" else {
                    throw LineError("the value of option \(quoted(name)) must be in double quotes")
                }
                options.append((name, String(value.dropFirst().dropLast())))
            } else {
                options.append((current, nil))
            }
            current = ""
        }
        while index < text.endIndex {
            let c = text[index]
            if c == "\"" {
                inQuotes.toggle()
            } else if !inQuotes && c == "," {
                try finish()
                index = text.index(after: index)
                continue
            } else if !inQuotes && c.isWhitespace {
                break
            }
            current.append(c)
            index = text.index(after: index)
        }
        guard !inQuotes else { throw LineError("unterminated quote in the options") }
        try finish()
        return (options, text[index...])
    }

    /// The options of one line.
    private struct Options {
        var namespaces: [String]?
        var isCertificateAuthority = false
        var validAfter: Date?
        var validBefore: Date?

        mutating func apply(_ options: [(String, String?)]) throws(LineError) {
            var seen: Set<String> = []
            for (rawName, value) in options {
                let name = rawName.lowercased()
                guard seen.insert(name).inserted else { throw LineError("option \(quoted(name)) given twice") }
                switch (name, value) {
                case ("cert-authority", nil):
                    isCertificateAuthority = true
                case ("namespaces", let value?):
                    let list = value.split(separator: ",", omittingEmptySubsequences: false)
                        .map { $0.trimmingCharacters(in: .whitespaces) }
                    guard !list.contains(where: \.isEmpty) else { throw LineError("an empty namespace") }
                    namespaces = list
                case ("valid-after", let value?):
                    validAfter = try AllowedSigners.time(value, option: name)
                case ("valid-before", let value?):
                    validBefore = try AllowedSigners.time(value, option: name)
                case ("cert-authority", _), ("namespaces", nil), ("valid-after", nil), ("valid-before", nil):
                    throw LineError(value == nil ? "option \(quoted(name)) needs a value" : "option \(quoted(name)) takes no value")
                default:
                    throw LineError("unknown option \(quoted(rawName))")
                }
            }
        }
    }

    /// `YYYYMMDD`, `YYYYMMDDHHMM` or `YYYYMMDDHHMMSS`, UTC with a trailing `Z`, else local time.
    static func time(_ text: String, option: String) throws(LineError) -> Date {
        var digits = Substring(text)
        var zone = TimeZone.current
        if digits.last == "Z" || digits.last == "z" {
            digits = digits.dropLast()
            zone = TimeZone(identifier: "UTC")!
        }
        let bad = LineError("option \(quoted(option)): \(quoted(text)) is not YYYYMMDD[HHMM[SS]][Z]")
        guard [8, 12, 14].contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw bad }
        let chars = Array(digits)
        func number(_ from: Int, _ count: Int) -> Int { Int(String(chars[from..<from + count]))! }
        var parts = DateComponents()
        parts.year = number(0, 4)
        parts.month = number(4, 2)
        parts.day = number(6, 2)
        parts.hour = chars.count >= 12 ? number(8, 2) : 0
        parts.minute = chars.count >= 12 ? number(10, 2) : 0
        parts.second = chars.count == 14 ? number(12, 2) : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: parts) else { throw bad }
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard back.year == parts.year, back.month == parts.month, back.day == parts.day,
              back.hour == parts.hour, back.minute == parts.minute, back.second == parts.second else { throw bad }
        return date
    }
}

// MARK: - Patterns

/// OpenSSH's pattern lists (`match_pattern_list`): comma-separated globs with `*` and `?`,
/// a leading `!` negating one. A negated match denies outright; otherwise any positive match
/// allows. Case-sensitive, as ssh-keygen matches principals and namespaces.
enum Pattern {
    static func matchList(_ text: String, _ patterns: [String]) -> Bool {
        var allowed = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if match(text, pattern.dropFirst()) { return false }
            } else if match(text, Substring(pattern)) {
                allowed = true
            }
        }
        return allowed
    }

    /// Glob match in O(text × pattern), so hostile patterns cannot blow up.
    static func match(_ text: String, _ pattern: Substring) -> Bool {
        let t = Array(text.unicodeScalars)
        let p = Array(pattern.unicodeScalars)
        var row = [Bool](repeating: false, count: t.count + 1)
        row[0] = true
        for c in p {
            var next = [Bool](repeating: false, count: t.count + 1)
            if c == "*" {
                var any = false
                for i in 0...t.count { any = any || row[i]; next[i] = any }
            } else {
                for i in 0..<t.count where row[i] && (c == "?" || c == t[i]) { next[i + 1] = true }
            }
            row = next
        }
        return row[t.count]
    }
}
