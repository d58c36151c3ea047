import CLibGit2
import Foundation

/// Who made a commit, and when: one side of git's author/committer pair.
public struct Identity: Equatable, Sendable {
    public var name: String
    public var email: String
    public var time: GitTime

    public init(name: String, email: String, time: GitTime) {
        self.name = name
        self.email = email
        self.time = time
    }

    /// Parses `Name <email>` as given to `--author`. The parts are checked when the identity is
    /// resolved (`resolve`), so that a refusal can say what is wrong with them.
    public static func parse(_ text: String, time: GitTime) -> Identity? {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close,
              text[text.index(after: close)...].allSatisfy(\.isWhitespace) else { return nil }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        let email = text[text.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !email.isEmpty, !name.contains(where: { "<>".contains($0) }) else { return nil }
        return Identity(name: name, email: email, time: time)
    }
}

/// Why an author or committer could not be determined.
public enum IdentityError: Error, Equatable, CustomStringConvertible {
    case malformedAuthor(String)
    case invalidDate(variable: String, value: String)
    /// A date in one of git's formats that git would not store as given (`GitTime.writableRange`).
    case dateOutOfRange(variable: String, value: String)
    /// A name or email that would corrupt the commit or be stored differently: `source` says where
    /// it came from (`--author`, `GIT_AUTHOR_NAME`, `user.name in git config`), `problem` what is wrong.
    case invalidField(source: String, value: String, problem: String)
    case unknown(role: String)

    public var description: String {
        switch self {
        case .malformedAuthor(let text): "--author \(Identity.quoted(text)) is not in the form 'Name <email>'"
        case .invalidDate(let variable, let value): "\(variable) \(Identity.quoted(value)) is not a date git understands"
        case .dateOutOfRange(let variable, let value):
            "\(variable) \(Identity.quoted(value)) is out of range: git stores dates \(GitTime.writableRange)"
        case .invalidField(let source, let value, let problem): "\(source) \(Identity.quoted(value)) \(problem)"
        case .unknown(let role):
            "no \(role) identity: set user.name and user.email (git config), GIT_\(role.uppercased())_NAME and GIT_\(role.uppercased())_EMAIL, or use --author"
        }
    }
}

// MARK: - Checking names, emails and dates

extension Identity {
    /// The name or email git would store for `value`, or why it cannot be stored. Line breaks, NUL,
    /// other control characters and `<` `>` are refused anywhere: in a commit header they would end
    /// the line or the field (git itself drops LF, `<` and `>` silently; libgit2 writes LF and CR as
    /// they are). Spaces and the punctuation git calls "crud" (`. , : ; " ' \`) are stripped from
    /// both ends, as git and libgit2 both do; nothing left is refused, as git refuses it.
    public static func checked(_ value: String, source: String) throws(IdentityError) -> String {
        let rule = "names and emails may not contain line breaks, NUL, other control characters, '<' or '>'"
        for scalar in value.unicodeScalars {
            let found: String? = switch scalar {
            case "\n": "a line feed"
            case "\r": "a carriage return"
            case "\0": "a NUL"
            case "<", ">": "'\(scalar)'"
            default:
                switch scalar.properties.generalCategory {
                case .control: "a control character (\(codePoint(scalar)))"
                case .lineSeparator, .paragraphSeparator: "a line break (\(codePoint(scalar)))"
                default: nil
                }
            }
            if let found { throw .invalidField(source: source, value: value, problem: "contains \(found); \(rule)") }
        }
        let trimmed = trimmingCrud(value)
        guard !trimmed.isEmpty else {
            throw .invalidField(source: source, value: value,
                                problem: "has nothing left once the spaces and punctuation (. , : ; \" ' \\) around it are stripped, as git strips them")
        }
        return trimmed
    }

    /// `value` without git's "crud" at either end: bytes up to the space, and `. , : ; < > " ' \`.
    static func trimmingCrud(_ value: String) -> String {
        let isCrud = { (scalar: Unicode.Scalar) in scalar.value <= 32 || ".,:;<>\"'\\".unicodeScalars.contains(scalar) }
        var scalars = Substring(value).unicodeScalars[...]
        while let first = scalars.first, isCrud(first) { scalars.removeFirst() }
        while let last = scalars.last, isCrud(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// A date given in `variable`: parsed, and within the range git stores as given.
    static func checkedTime(_ value: String, variable: String) throws(IdentityError) -> GitTime {
        switch GitTime.read(value) {
        case .time(let time): return time
        case .outOfRange: throw .dateOutOfRange(variable: variable, value: value)
        case .unreadable: throw .invalidDate(variable: variable, value: value)
        }
    }

    /// `value` in single quotes, fit for one line of an error message: control characters, line
    /// breaks and invisible format characters escaped (`\n`, `\u{1B}`), at most `limit` characters shown.
    static func quoted(_ value: String, limit: Int = 80) -> String {
        var text = "'"
        for (index, scalar) in value.unicodeScalars.enumerated() {
            guard index < limit else { text += "…"; break }
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\0": text += "\\0"
            case "'": text += "\\'"
            case "\\": text += "\\\\"
            default:
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator:
                    text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        return text + "'"
    }

    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The identity as a commit header records it: `Name <email> seconds ±hhmm`, after the same checks
    /// as `resolve` (a last guard for identities made in code). `role` names it in an error.
    func signatureLine(as role: String) throws(IdentityError) -> [UInt8] {
        let name = try Self.checked(name, source: "the \(role) name")
        let email = try Self.checked(email, source: "the \(role) email")
        guard time.isWritable else {
            throw .dateOutOfRange(variable: "the \(role) date", value: "@\(time.seconds) \(time.offsetMinutes) minutes")
        }
        let magnitude = time.offsetMinutes.magnitude
        let zone = (time.offsetMinutes < 0 ? "-" : "+") + String(format: "%02d%02d", Int(magnitude / 60), Int(magnitude % 60))
        return Array("\(name) <\(email)> \(time.seconds) \(zone)".utf8)
    }
}

extension Identity {
    /// Author and committer as git determines them: `--author` wins for the author; otherwise the
    /// environment (`GIT_AUTHOR_NAME`, …) over the configuration (`author.name`, then `user.name`).
    /// Dates come from `GIT_AUTHOR_DATE` and `GIT_COMMITTER_DATE` when set, else now.
    /// Without a repository, the global and system configuration are read.
    /// Every name, email and date is checked here, before anything is written: see `checked` and
    /// `GitTime.writableRange`; the error names where a bad value came from.
    public static func resolve(author explicitAuthor: String?, in repository: Repository?,
                               environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(IdentityError) -> (author: Identity, committer: Identity) {
        let config = repository.flatMap { try? Config(of: $0) } ?? Config.defaults()
        func time(_ variable: String) throws(IdentityError) -> GitTime {
            guard let value = environment[variable], !value.isEmpty else { return .now() }
            return try checkedTime(value, variable: variable)
        }
        func field(_ role: String, _ key: String) throws(IdentityError) -> String? {
            let variable = "GIT_\(role.uppercased())_\(key.uppercased())"
            let candidates: [(value: String?, source: String)] = [
                (environment[variable], variable),
                (config?.string("\(role).\(key)"), "\(role).\(key) in git config"),
                (config?.string("user.\(key)"), "user.\(key) in git config"),
                (key == "email" ? environment["EMAIL"] : nil, "EMAIL"),
            ]
            guard let found = candidates.first(where: { !($0.value ?? "").isEmpty }), let value = found.value else { return nil }
            return try checked(value, source: found.source)
        }
        func identity(_ role: String, time: GitTime) throws(IdentityError) -> Identity {
            guard let name = try field(role, "name"), let email = try field(role, "email") else { throw .unknown(role: role) }
            return Identity(name: name, email: email, time: time)
        }
        let authorTime = try time("GIT_AUTHOR_DATE")
        let author: Identity
        if let explicitAuthor {
            guard let parsed = Identity.parse(explicitAuthor, time: authorTime) else {
                // A line break is worth naming: it is the usual way an --author goes wrong on purpose.
                if explicitAuthor.contains(where: \.isNewline) { _ = try checked(explicitAuthor, source: "--author") }
                throw .malformedAuthor(explicitAuthor)
            }
            author = Identity(name: try checked(parsed.name, source: "--author"), email: try checked(parsed.email, source: "--author"),
                              time: authorTime)
        } else {
            author = try identity("author", time: authorTime)
        }
        let committer = try identity("committer", time: try time("GIT_COMMITTER_DATE"))
        return (author, committer)
    }
}
