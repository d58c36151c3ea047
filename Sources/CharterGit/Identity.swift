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

    /// Parses `Name <email>` as given to `--author`.
    public static func parse(_ text: String, time: GitTime) -> Identity? {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close,
              text[text.index(after: close)...].allSatisfy(\.isWhitespace) else { return nil }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        let email = text[text.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !email.isEmpty, !name.contains(where: { "<>\n".contains($0) }) else { return nil }
        return Identity(name: name, email: email, time: time)
    }
}

/// Why an author or committer could not be determined.
public enum IdentityError: Error, Equatable, CustomStringConvertible {
    case malformedAuthor(String)
    case invalidDate(variable: String, value: String)
    case unknown(role: String)

    public var description: String {
        switch self {
        case .malformedAuthor(let text): "--author '\(text)' is not in the form 'Name <email>'"
        case .invalidDate(let variable, let value): "\(variable) '\(value)' is not a date git understands"
        case .unknown(let role):
            "no \(role) identity: set user.name and user.email (git config), GIT_\(role.uppercased())_NAME and GIT_\(role.uppercased())_EMAIL, or use --author"
        }
    }
}

extension Identity {
    /// Author and committer as git determines them: `--author` wins for the author; otherwise the
    /// environment (`GIT_AUTHOR_NAME`, …) over the configuration (`author.name`, then `user.name`).
    /// Dates come from `GIT_AUTHOR_DATE` and `GIT_COMMITTER_DATE` when set, else now.
    /// Without a repository, the global and system configuration are read.
    public static func resolve(author explicitAuthor: String?, in repository: Repository?,
                               environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(IdentityError) -> (author: Identity, committer: Identity) {
        let config = repository.flatMap { try? Config(of: $0) } ?? Config.defaults()
        func time(_ variable: String) throws(IdentityError) -> GitTime {
            guard let value = environment[variable], !value.isEmpty else { return .now() }
            guard let time = GitTime.parse(value) else { throw .invalidDate(variable: variable, value: value) }
            return time
        }
        func field(_ role: String, _ key: String) -> String? {
            let candidates = [environment["GIT_\(role.uppercased())_\(key.uppercased())"],
                              config?.string("\(role).\(key)"), config?.string("user.\(key)"),
                              key == "email" ? environment["EMAIL"] : nil]
            return candidates.compactMap { $0 }.first { !$0.isEmpty }
        }
        func identity(_ role: String, time: GitTime) throws(IdentityError) -> Identity {
            guard let name = field(role, "name"), let email = field(role, "email") else { throw .unknown(role: role) }
            return Identity(name: name, email: email, time: time)
        }
        let authorTime = try time("GIT_AUTHOR_DATE")
        let author: Identity
        if let explicitAuthor {
            guard let parsed = Identity.parse(explicitAuthor, time: authorTime) else { throw .malformedAuthor(explicitAuthor) }
            author = parsed
        } else {
            author = try identity("author", time: authorTime)
        }
        let committer = try identity("committer", time: try time("GIT_COMMITTER_DATE"))
        return (author, committer)
    }
}

/// A `git_signature`, owned.
final class Signature {
    let pointer: UnsafeMutablePointer<git_signature>

    init(_ identity: Identity) throws(GitError) {
        var pointer: UnsafeMutablePointer<git_signature>?
        try Git.check(git_signature_new(&pointer, identity.name, identity.email, git_time_t(identity.time.seconds),
                                        Int32(identity.time.offsetMinutes)),
                      "make a signature for \(identity.name) <\(identity.email)>")
        self.pointer = pointer!
    }

    deinit { git_signature_free(pointer) }
}
