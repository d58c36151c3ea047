import Foundation
import Testing

/// Hostile repository content — terminal escape sequences, CR and LF followed by forged workflow
/// commands and forged `valid:` lines, C1 controls, Markdown and HTML payloads — in every field a
/// command prints: text output shows it inert on charter's own lines, Markdown escapes it, GitHub
/// annotations follow the runner's escaping, and JSON carries it exactly.
@Suite("Output escaping of repository content")
struct OutputEscapingTests {
    /// Everything at once: screen clear, an OSC 52 clipboard write, CR and LF each starting a forged
    /// workflow command and a forged `valid:` line, a C1 CSI, a bidi override, Markdown and HTML.
    static let payload = "Evil \u{1B}[2J\u{1B}]52;c;Zm9yZ2Vk\u{07}\r::error file=x::forged-cr\n::error file=x::forged-lf\n"
        + "valid: 0 errors\u{9B}31m\u{202E}rtl <img src=x onerror=alert(1)> [link](http://evil) ![img](http://evil) `tick` ##[error]legacy"
    /// One line of it, for the places git and charter keep to one line (names, trailers).
    static let oneLine = "Eve \u{1B}[31m\u{1B}]52;c;Zm9yZ2Vk\u{07}\u{9B}31m <img src=x onerror=alert(1)> [link](http://evil) ::error file=x::forged"
    /// An author name: git and charter refuse `<`, `>` and line breaks in one, and keep the rest.
    static let author = "Eve \u{1B}[31m\u{1B}]52;c;Zm9yZ2Vk\u{07}\u{9B}31m [link](http://evil) ![img](http://evil) ::error file=x::forged"
    /// What `charter commit` accepts as author and event: it refuses control characters in both (a
    /// plain git commit carries the rest).
    static let commitAuthor = "Eve [link](http://evil) ![img](http://evil) ::error file=x::forged"
    static let commitEvent = "Eve <img src=x onerror=alert(1)> [link](http://evil) ::error file=x::forged"
    static let subject = "Move things \u{1B}[2J\r::error file=x::forged-subject <img src=x onerror=alert(1)> ![img](http://evil) `tick`"
    static let body = "Because.\n::error file=x::forged-body\nvalid: 0 errors\n\u{1B}]52;c;Zm9yZ2Vk\u{07}"

    /// A YAML double-quoted scalar holding `text` exactly.
    static func yaml(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x2028...0x2069).contains(scalar.value):
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A repository whose charters, commits, authors and trailers carry the payloads: a plain-git commit
    /// (author by GIT_AUTHOR_NAME, hostile subject, body and trailers), then a `charter commit`.
    static func hostileRepository() throws -> (Scratch, commit: Outcome) {
        let scratch = try Scratch()
        try scratch.initRepository()
        let role = "acme/roles/cto.yaml"
        try scratch.edit("acme/charter.yaml", replacing: "company: Acme Robotics", with: "company: \(yaml(payload))")
        try scratch.edit(role, replacing: "title: Chief Technology Officer", with: "title: \(yaml(payload))\nholder: \(yaml(oneLine))")
        try scratch.edit(role, replacing: "mandate: 'The how of the product: the approach to development and delivery.'",
                         with: "mandate: \(yaml(payload))")
        try scratch.edit(role, replacing: "text: Set the strategic approach to developing and delivering the product.",
                         with: "text: \(yaml(payload))")
        try scratch.edit(role, replacing: "name: Cycle time", with: "name: \(yaml(payload))")
        // A block text: several lines, each one trying to start an output line, and longer than 200 characters.
        try scratch.edit(role, replacing: "text: Decide how the team uses technology to improve products and services.\n",
                         with: "text: |\n        ::error file=x::forged-block\n        valid: 0 errors, 0 warnings\n        "
                            + String(repeating: "long ", count: 60) + "\n")
        let message = "\(subject)\n\n\(body)\n\nCharter-Event: hire: \(oneLine)\nApproved-By: cto\nApproved-By: \(oneLine)\n"
        try scratch.write("message.txt", message)
        try scratch.git("add", "-A", in: "acme")
        let plain = try scratch.run("/usr/bin/env", ["git", "commit", "-q", "--cleanup=verbatim", "-F", scratch.path("message.txt")],
                                    in: "acme", environment: ["GIT_AUTHOR_NAME": author])
        #expect(plain.status == 0, "\(plain)")

        // A charter commit: the moved responsibility keeps its hostile text; subject, body, event and author hostile too.
        try scratch.edit(role, replacing: "    - id: delivery-approach\n      text: \(yaml(payload))\n", with: "")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: roadmap\n",
                         with: "    - id: delivery-approach\n      text: \(yaml(payload + " reworded"))\n    - id: roadmap\n")
        let commit = try scratch.charter("commit", "-m", subject, "-m", body, "--event", "hire:\(commitEvent)",
                                         "--approved-by", "cpo", "--approved-by", "cto", in: "acme",
                                         environment: ["GIT_AUTHOR_NAME": commitAuthor])
        #expect(commit.status == 0, "\(commit)")
        return (scratch, commit)
    }

    // MARK: - What every output must hold

    /// Text output: no control character but tab and newline, nothing that starts a workflow command, and
    /// no line that content begins: the forged `valid:` lines appear only after charter's own words.
    static func expectSafeText(_ output: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = output.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
        #expect(bad.isEmpty, "\(what): control characters \(bad.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
        #expect(!output.unicodeScalars.contains { (0x2028...0x2029).contains($0.value) || (0x202A...0x202E).contains($0.value) },
                "\(what): separators or bidi controls", sourceLocation: sourceLocation)
        #expect(!output.contains("##["), "\(what): a legacy workflow command", sourceLocation: sourceLocation)
        for line in output.split(separator: "\n") {
            let start = line.drop { $0.isWhitespace }
            #expect(!start.hasPrefix("::"), "\(what): a line that is a workflow command: \(line)", sourceLocation: sourceLocation)
            #expect(!line.hasPrefix("valid: 0 errors") && !line.hasPrefix("::error file=x"),
                    "\(what): content begins a line: \(line)", sourceLocation: sourceLocation)
            if line.hasPrefix("valid:") {
                #expect(line.wholeMatch(of: /valid: \d+ roles?, \d+ errors?, \d+ warnings?/) != nil, "\(what): \(line)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Markdown: safe as text, and nothing in it renders as a tag, link or image.
    static func expectInertMarkdown(_ output: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectSafeText(output, what, sourceLocation: sourceLocation)
        // A backslash before punctuation is Markdown's escape: only an occurrence without one would render.
        for live in ["<img", "[link](", "![", "<http"] {
            let unescaped = output.ranges(of: live).contains { range in
                range.lowerBound == output.startIndex || output[output.index(before: range.lowerBound)] != "\\"
            }
            #expect(!unescaped, "\(what): live \(live)", sourceLocation: sourceLocation)
        }
    }

    static func json(_ outcome: Outcome, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(!outcome.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "raw controls in JSON", sourceLocation: sourceLocation)
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any],
                            sourceLocation: sourceLocation)
    }

    /// Every string anywhere in a JSON document.
    static func strings(in value: Any) -> [String] {
        switch value {
        case let text as String: [text]
        case let array as [Any]: array.flatMap(strings)
        case let object as [String: Any]: object.values.flatMap(strings)
        default: []
        }
    }

    // MARK: - Tests

    @Test func textAndMarkdownOutputKeepContentInert() throws {
        let (scratch, commit) = try Self.hostileRepository()
        Self.expectSafeText(commit.stdout, "commit stdout")
        Self.expectSafeText(commit.stderr, "commit stderr")
        #expect(commit.stdout.contains("] Move things \\x1b[2J\\r:\\:error file=x:\\:forged-subject"), "\(commit.stdout)")

        let runs: [[String]] = [
            ["diff", "HEAD~2", "HEAD"], ["diff", "HEAD~1"], ["log"], ["log", "--events"], ["audit"], ["show"], ["show", "HEAD", "cto"],
            ["show", "--org"], ["blame", "cto"], ["blame", "cpo"], ["who", "delivery-approach"], ["who", "cycle-time"], ["who", "strategy/how"],
            ["validate"], ["validate", "--rev", "HEAD~1"],
        ]
        for arguments in runs {
            let text = try scratch.run(Scratch.binary, arguments, in: "acme")
            #expect([0, 1].contains(text.status), "\(arguments): \(text)")
            #expect(!text.stdout.isEmpty, "\(arguments)")
            Self.expectSafeText(text.stdout, "\(arguments) stdout")
            Self.expectSafeText(text.stderr, "\(arguments) stderr")
            guard arguments[0] != "validate" else { continue }
            let markdown = try scratch.run(Scratch.binary, arguments + ["--format", "markdown"], in: "acme")
            #expect([0, 1].contains(markdown.status), "\(arguments) markdown: \(markdown)")
            Self.expectInertMarkdown(markdown.stdout, "\(arguments) markdown")
            Self.expectSafeText(markdown.stderr, "\(arguments) markdown stderr")
        }

        // What the escapes look like: visible, on charter's own line, columns held, long texts cut.
        let diff = try scratch.charter("diff", "HEAD~2", "HEAD~1", in: "acme").stdout
        #expect(diff.contains("\"Chief Technology Officer\" → \"Evil \\x1b[2J\\x1b]52;c;Zm9yZ2Vk\\x07\\r:\\:error file=x:\\:forged-cr\\n"),
                "\(diff)")
        #expect(diff.contains("\\u009b31m\\u202ertl <img src=x onerror=alert(1)>"))
        // The block text's lines go on under the details column: each begins with charter's indent.
        let continuation = "\n" + String(repeating: " ", count: 46)
        #expect(diff.contains("→ \":\\:error file=x:\\:forged-block" + continuation + "valid: 0 errors, 0 warnings" + continuation + "long long"),
                "\(diff)")
        #expect(diff.contains(" lon…\" (358 characters)\n"), "the block text is cut, its length given: \(diff)")
        let areas = ["roles ", "strategy ", "innovation ", "customers ", "metrics "]
        #expect(diff.split(separator: "\n").allSatisfy { line in
            areas.contains { line.hasPrefix($0) } || line.first?.isNumber == true || line.hasPrefix(continuation.dropFirst())
        }, "every line begins with an area, the summary or the indent of a text's next line: \(diff)")
        // The last two commits: charter's (its author and event are what charter commit accepts) and the plain one.
        let log = try scratch.charter("log", "-n", "2", in: "acme").stdout
        #expect(log.hasPrefix("commit "), "\(log)")
        #expect(log.contains("  Eve \\x1b[31m\\x1b]52;c;Zm9yZ2Vk\\x07\\u009b31m [link](http://evil) ![img](http://evil) :\\:error file=x:\\:forged\n"), "\(log)")
        #expect(log.contains("\n    Move things \\x1b[2J\\r:\\:error file=x:\\:forged-subject"))
        #expect(log.contains("\n    event: hire: Eve \\x1b[31m"))
        let markdown = try scratch.charter("log", "-n", "1", "--format", "markdown", in: "acme").stdout
        #expect(markdown.contains("Move things \\x1b\\[2J ::error file=x::forged-subject \\<img src=x onerror=alert(1)\\> \\!\\[img\\](http://evil) \\`tick\\`"),
                "\(markdown)")
        let show = try scratch.charter("show", in: "acme").stdout
        #expect(show.hasPrefix("Boundary map: Evil \\x1b[2J"), "\(show)")
    }

    @Test func auditQuotesHostileApproversInert() throws {
        let (scratch, _) = try Self.hostileRepository()
        let audit = try scratch.charter("audit", in: "acme")
        #expect(audit.status == 1, "an approver that names no role is an error: \(audit)")
        #expect(audit.stdout.contains("error[unknown-approver]: Approved-By: Eve \\x1b[31m"), "\(audit.stdout)")
        Self.expectSafeText(audit.stdout, "audit")
        let json = try Self.json(try scratch.charter("audit", "--format", "json", in: "acme"))
        let messages = (json["findings"] as? [[String: Any]])?.compactMap { $0["message"] as? String } ?? []
        #expect(messages.contains("Approved-By: \(Self.oneLine) names no role"), "\(messages)")
    }

    @Test func validateEscapesFindingsForTextGitHubAndJSON() throws {
        let (scratch, _) = try Self.hostileRepository()
        // An unknown key quoted in a finding's message, and a refused commit that prints the findings.
        let key = "bad\u{1B}[2J\n::error file=x::forged-key\nvalid: 0 errors"
        try scratch.edit("acme/roles/cpo.yaml", replacing: "reports-to: ceo\n", with: "reports-to: ceo\n\(Self.yaml(key)): 1\n")
        let text = try scratch.charter("validate", in: "acme")
        #expect(text.status == 1, "\(text)")
        Self.expectSafeText(text.stdout, "validate")
        #expect(text.stdout.contains("unknown key 'bad\\x1b[2J\\n:\\:error file=x:\\:forged-key\\nvalid: 0 errors'"), "\(text.stdout)")
        #expect(text.stdout.contains("\ninvalid: 1 role, 1 error, 0 warnings\n"), "\(text.stdout)")

        let github = try scratch.charter("validate", "--format", "github", in: "acme")
        #expect(github.status == 1)
        let lines = github.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1 && lines.allSatisfy { $0.hasPrefix("::error file=roles/cpo.yaml,line=") }, "\(github.stdout)")
        #expect(github.stdout.contains("unknown key 'bad\\x1b[2J%0A::error file=x::forged-key%0Avalid: 0 errors'"), "\(github.stdout)")
        #expect(!github.stdout.contains("\u{1B}"))

        let json = try Self.json(try scratch.charter("validate", "--format", "json", in: "acme"))
        let messages = (json["findings"] as? [[String: Any]])?.compactMap { $0["message"] as? String } ?? []
        #expect(messages.contains { $0.contains("'\(key)'") }, "JSON keeps the key exactly: \(messages)")

        let refused = try scratch.charter("commit", "-m", Self.subject, in: "acme")
        #expect(refused.status == 1)
        Self.expectSafeText(refused.stdout, "refused commit stdout")
        Self.expectSafeText(refused.stderr, "refused commit stderr")
        #expect(refused.stderr.contains("unknown key 'bad\\x1b[2J\\n:\\:error"), "\(refused.stderr)")
    }

    @Test func jsonCarriesTheExactText() throws {
        let (scratch, _) = try Self.hostileRepository()
        let everything = try [["diff", "HEAD~2", "HEAD"], ["log"], ["show"], ["show", "HEAD~1"], ["show", "--org"], ["blame", "cto"], ["blame", "cpo"],
                             ["audit"], ["who", "delivery-approach"], ["who", "cycle-time"]]
            .flatMap { arguments in
                Self.strings(in: try Self.json(try scratch.run(Scratch.binary, arguments + ["--format", "json"], in: "acme")))
            }
        for expected in [Self.payload, Self.oneLine, Self.author, Self.commitAuthor, Self.subject, Self.body, "hire: \(Self.oneLine)", "hire: \(Self.commitEvent)", Self.payload + " reworded"] {
            #expect(everything.contains(expected), "\(expected.debugDescription) is in the JSON exactly")
        }
        // git, the independent witness, stored the same text.
        #expect(try scratch.git("log", "-1", "--format=%an", in: "acme").stdout == Self.commitAuthor + "\n")
        #expect(try scratch.git("log", "-1", "--format=%an", "HEAD~1", in: "acme").stdout == Self.author + "\n")
    }
}
