import Foundation
import Testing

/// `charter diff` and `charter show` on a repository with a short history:
/// founding (2020-01-15), platform ROI moves to the CPO (2021-06-14, tag v2),
/// the strategy `when` decision moves to the CTO (2022-03-01), and an uncommitted move of the roadmap.
@Suite("charter diff and charter show")
struct DiffShowTests {
    static func history() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.initRepository()
        try CommitTests.movePlatformROI(scratch)
        #expect(try scratch.charter("commit", "-m", "Platform ROI moves to the CPO", "--event", "hire: first CPO", in: "acme",
                                    environment: ["GIT_AUTHOR_DATE": "2021-06-14T10:00:00Z", "GIT_COMMITTER_DATE": "2021-06-14T10:00:00Z"]).status == 0)
        try scratch.git("tag", "v2", in: "acme")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    decides: [why, what, when]\n    responsibilities:\n    - id: product-vision",
                         with: "    decides: [why, what]\n    responsibilities:\n    - id: product-vision")
        try scratch.edit("acme/roles/cto.yaml", replacing: "    decides: [how]\n    responsibilities:\n    - id: delivery-approach",
                         with: "    decides: [when, how]\n    responsibilities:\n    - id: delivery-approach")
        #expect(try scratch.charter("commit", "-m", "Release dates are set by engineering", in: "acme",
                                    environment: ["GIT_AUTHOR_DATE": "2022-03-01T10:00:00Z", "GIT_COMMITTER_DATE": "2022-03-01T10:00:00Z"]).status == 0)
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: roadmap\n      text: Build the product roadmap and share it across the company.\n", with: "")
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n",
                         with: "    - id: roadmap\n      text: Build the product roadmap and share it across the company.\n    - id: delivery-approach\n")
        return scratch
    }

    @Test func headAgainstTheWorkTree() throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("diff", in: "acme")
        #expect(outcome.status == 0)
        let head = String(try scratch.head(in: "acme").prefix(7))
        #expect(outcome.stdout == "strategy  moved  roadmap  cpo → cto\n\n1 change: 1 moved (\(head) → work tree)\n")
    }

    @Test func oneRevisionAgainstTheWorkTree() throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("diff", "HEAD~1", in: "acme")
        #expect(outcome.stdout.hasPrefix("""
            strategy  moved           roadmap  cpo → cto
            strategy  decision-moved  when     cpo → cto

            """))
    }

    @Test("two revisions, and ranges, resolved as git resolves them",
          arguments: [["HEAD~2", "HEAD"], ["HEAD~2..HEAD"], ["v2~1..main"], ["HEAD~2.."], ["v2^", "v2~0^{commit}~0"]])
    func revisionPairs(_ arguments: [String]) throws {
        let scratch = try Self.history()
        let outcome = try scratch.run(Scratch.binary, ["diff", "--format", "json"] + arguments, in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let range = arguments.count == 1 ? arguments[0].components(separatedBy: "..") : arguments
        let from = try scratch.git("rev-parse", range[0] + "^{commit}", in: "acme").stdout.trimmingCharacters(in: .newlines)
        let to = try scratch.git("rev-parse", (range[1].isEmpty ? "HEAD" : range[1]) + "^{commit}", in: "acme").stdout
            .trimmingCharacters(in: .newlines)
        #expect(json["format"] as? Int == 1)
        #expect(json["from"] as? String == from)
        #expect(json["to"] as? String == to)
        let kinds = (json["changes"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
        if range[1].hasPrefix("v2") || (arguments.count == 2 && arguments[1].hasPrefix("v2")) {
            #expect(kinds == ["moved"])
        } else {
            #expect(kinds == ["moved", "decision-moved"])
        }
        let moved = try #require((json["changes"] as? [[String: Any]])?.first)
        #expect(moved["item"] as? String == "platform-roi")
        #expect(moved["itemKind"] as? String == "responsibility")
        #expect(moved["from"] as? String == "cto")
        #expect(moved["to"] as? String == "cpo")
        #expect(moved["area"] as? String == "strategy")
    }

    @Test func symmetricRangeUsesTheMergeBase() throws {
        let scratch = try Self.history()
        try scratch.git("branch", "side", "v2", in: "acme")
        let outcome = try scratch.charter("diff", "side...main", "--format", "json", in: "acme")
        let base = try scratch.git("merge-base", "side", "main", in: "acme").stdout.trimmingCharacters(in: .newlines)
        #expect(outcome.stdout.contains("\"from\": \"\(base)\""))
        #expect(outcome.stdout.contains("\"kind\": \"decision-moved\""))
    }

    @Test func filtersByRoleAndArea() throws {
        let scratch = try Self.history()
        let byArea = try scratch.charter("diff", "HEAD~2", "--area", "metrics", in: "acme")
        #expect(byArea.stdout.hasPrefix("no boundary changes"))
        let byRole = try scratch.charter("diff", "HEAD~2", "--role", "cpo", "--format", "json", in: "acme")
        #expect(byRole.stdout.components(separatedBy: "\"kind\"").count - 1 == 3)
        // A role neither side holds is a typo, not a role without changes (TypoTests).
        let none = try scratch.charter("diff", "HEAD~2", "--role", "vp-engineering", in: "acme")
        #expect(none.status == 2 && none.stdout.isEmpty && none.stderr.contains("no role 'vp-engineering' on either side"), "\(none)")
    }

    @Test func exitCodeReportsDifferences() throws {
        let scratch = try Self.history()
        #expect(try scratch.charter("diff", "--exit-code", in: "acme").status == 1)
        #expect(try scratch.charter("diff", "HEAD", "HEAD", "--exit-code", in: "acme").status == 0)
        #expect(try scratch.charter("diff", "HEAD~2", "HEAD", in: "acme").status == 0, "without --exit-code, changes are not an error")
    }

    @Test func markdownIsReadyForAReview() throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("diff", "HEAD~2", "--format", "markdown", in: "acme")
        #expect(outcome.stdout.hasPrefix("### Boundary diff: `"))
        #expect(outcome.stdout.contains("3 changes: 2 moved, 1 decision moved\n"))
        #expect(outcome.stdout.contains("#### Strategy\n\n| change | item | roles | details |\n|---|---|---|---|\n| moved | `platform-roi` | cto → cpo |"))
    }

    @Test func anUnknownRevisionIsTheOnlyError() throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("diff", "nope..HEAD", in: "acme")
        #expect(outcome.status == 3)
        #expect(outcome.stderr == "error: unknown revision 'nope'\n")
    }

    @Test func anUnreadableCharterIsNamedAndLeftOut() throws {
        let scratch = try Self.history()
        try scratch.write("acme/roles/cto.yaml", "role: cto\ntitle: [unclosed\n")
        let outcome = try scratch.charter("diff", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("strategy  removed  roadmap  cpo:"))
        #expect(outcome.stdout.contains("\nunreadable: roles/cto.yaml:3:1 in work tree, left out of the diff: "), "\(outcome)")
        #expect(outcome.stderr.isEmpty)
    }

    /// The CTO's charter with its strategy area indented wrongly: broken YAML.
    static func breakIndentation(_ scratch: Scratch) throws {
        try scratch.edit("acme/roles/cto.yaml", replacing: "  strategy:\n", with: "  strategy:\n   mandate: x\n  stray\n")
    }

    static let unreadableReason = "could not find expected ':' while scanning a simple key"

    @Test func anUnreadableSideIsADifferenceForExitCode() throws {
        let scratch = try Self.history()
        try scratch.git("checkout", "-q", "--", ".", in: "acme")
        try Self.breakIndentation(scratch)
        let base = String(try scratch.head(in: "acme").prefix(7))
        // The work tree's side: nothing else differs.
        let text = try scratch.charter("diff", "--exit-code", in: "acme")
        #expect(text.status == 1, "\(text)")
        #expect(text.stdout == "unreadable: roles/cto.yaml:9:12 in work tree, left out of the diff: \(Self.unreadableReason)\n"
            + "no boundary changes in what could be read; 1 file left out (\(base) → work tree)\n")
        #expect(text.stderr.isEmpty)

        // A committed side, in every format.
        try scratch.git("commit", "-qam", "Break the CTO's charter", in: "acme")
        let head = String(try scratch.head(in: "acme").prefix(7))
        let committed = try scratch.charter("diff", "HEAD~1", "HEAD", "--exit-code", in: "acme")
        #expect(committed.status == 1)
        #expect(committed.stdout.contains("unreadable: roles/cto.yaml:9:12 in \(head), left out of the diff: \(Self.unreadableReason)\n"))
        let json = try scratch.charter("diff", "HEAD~1..HEAD", "--exit-code", "--format", "json", in: "acme")
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let unreadable = try #require(object["unreadable"] as? [[String: Any]])
        #expect(unreadable.count == 1)
        #expect(unreadable.first?["side"] as? String == "to")
        #expect(unreadable.first?["file"] as? String == "roles/cto.yaml")
        #expect(unreadable.first?["line"] as? Int == 9)
        #expect(unreadable.first?["column"] as? Int == 12)
        #expect(unreadable.first?["code"] as? String == "yaml-syntax")
        #expect(unreadable.first?["message"] as? String == Self.unreadableReason)
        #expect((object["changes"] as? [Any])?.isEmpty == true)
        let markdown = try scratch.charter("diff", "HEAD", "HEAD~1", "--exit-code", "--format", "markdown", in: "acme")
        #expect(markdown.status == 1)
        #expect(markdown.stdout.contains("""
            #### Unreadable, left out of the diff

            | side | file | line | problem |
            |---|---|---|---|
            | from `\(head)` | `roles/cto.yaml` | 9:12 | could not find expected ':' while scanning a simple key |

            """), "\(markdown)")
        // Without --exit-code, the comparison itself succeeds.
        #expect(try scratch.charter("diff", "HEAD~1", "HEAD", in: "acme").status == 0)
    }

    @Test func whyAFileIsUnreadableIsEscaped() throws {
        let scratch = try Self.history()
        try scratch.git("checkout", "-q", "--", ".", in: "acme")
        try scratch.write("acme/roles/cto.yaml", "role: cto\ntitle: T\n\"k\\u001b[2J|*_\": 1\nareas: {}\n")
        let text = try scratch.charter("diff", "--exit-code", in: "acme")
        #expect(text.status == 1)
        #expect(text.stdout.contains("unreadable: roles/cto.yaml:3:1 in work tree, left out of the diff: unknown key 'k\\x1b[2J|*_' in a role charter\n"), "\(text)")
        #expect(!text.stdout.contains("\u{1B}"))
        let markdown = try scratch.charter("diff", "--format", "markdown", in: "acme")
        #expect(markdown.stdout.contains("| to `work tree` | `roles/cto.yaml` | 3:1 | unknown key 'k\\x1b\\[2J\\|\\*\\_' in a role charter |\n"), "\(markdown)")
        let json = try scratch.charter("diff", "--format", "json", in: "acme")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        // JSON carries the exact text.
        #expect((object["unreadable"] as? [[String: Any]])?.first?["message"] as? String == "unknown key 'k\u{1B}[2J|*_' in a role charter")
    }

    @Test func showsTheMapAtHEADOrAnyRevision() throws {
        let scratch = try Self.history()
        let head = try scratch.charter("show", in: "acme")
        #expect(head.status == 0)
        #expect(head.stdout.hasPrefix("Boundary map: Acme Robotics (growth stage) at \(try scratch.head(in: "acme").prefix(7)), committed 2022-03-01; schema four-area\n"))
        #expect(head.stdout.contains("Strategy\n  decides   why: cpo  what: cpo  when: cto  how: cto\n"))
        let founding = try scratch.charter("show", "HEAD~2", "cto", in: "acme")
        #expect(founding.stdout.contains("Strategy\n  decides   how: cto\n  cto       delivery-approach, technology-leverage, platform-roi\n"))
        #expect(!founding.stdout.contains("  cpo "))
        let roleOnly = try scratch.charter("show", "cpo", in: "acme")
        #expect(roleOnly.stdout.contains("  cpo       product-vision, platform-roi, roadmap, product-plan\n"))
    }

    @Test("--at takes the last commit on or before the date", arguments: [
        ("2020-01-15", "HEAD~2"), ("2021-06-13", "HEAD~2"), ("2021-06-14", "HEAD~1"), ("2021-06-14T09:59:59Z", "HEAD~2"),
        ("2030-01-01", "HEAD"),
    ])
    func showAt(_ date: String, _ revision: String) throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("show", "--at", date, "--format", "json", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        let expected = try scratch.git("rev-parse", revision, in: "acme").stdout.trimmingCharacters(in: .newlines)
        #expect(outcome.stdout.contains("\"commit\": \"\(expected)\""))
    }

    @Test func showBeforeTheFirstCommit() throws {
        let scratch = try Self.history()
        let outcome = try scratch.charter("show", "--at", "2019-12-31", in: "acme")
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "error: no commit on or before 2019-12-31\n")
    }

    @Test func showJSONAndMarkdown() throws {
        let scratch = try Self.history()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try scratch.charter("show", "--format", "json", in: "acme").stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? Int == 1)
        #expect(json["company"] as? String == "Acme Robotics")
        let strategy = try #require((json["areas"] as? [[String: Any]])?.first)
        #expect(strategy["area"] as? String == "strategy")
        let decisions = try #require(strategy["decisions"] as? [[String: Any]])
        #expect(decisions.map { "\($0["right"]!)=\(($0["roles"] as? [String])?.joined() ?? "")" } == ["why=cpo", "what=cpo", "when=cto", "how=cto"])
        let markdown = try scratch.charter("show", "v2", "--format", "markdown", in: "acme")
        #expect(markdown.stdout.contains("#### Strategy\n\n| role | decides | responsibilities | KPIs |\n|---|---|---|---|\n| cpo | why, what, when | `product-vision`, `platform-roi`, `roadmap`, `product-plan` |  |\n"))
        #expect(try scratch.charter("show", "nobody-here", in: "acme").status == 2)
    }
}
