import Foundation
import Testing

/// Multi-line and very long texts in text output: a YAML block scalar's lines go on under the column
/// the text stands in, an 80 KB text is cut with `…` and its length, and JSON gives both whole.
@Suite("Text output keeps its columns")
struct TextColumnsTests {
    static let blockText = "Set the strategic approach.\nSecond line of it.\nThird line.\n"
    static let longText = String(repeating: "word ", count: 16_000) + "end"

    /// The starter repository, then a commit that makes one text a 3-line block scalar and another 80 KB long.
    static func history() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml",
                         replacing: "      text: Set the strategic approach to developing and delivering the product.\n",
                         with: "      text: |\n        Set the strategic approach.\n        Second line of it.\n        Third line.\n")
        try scratch.edit("acme/roles/cto.yaml",
                         replacing: "      text: Decide how the team uses technology to improve products and services.\n",
                         with: "      text: \(longText)\n")
        let commit = try scratch.charter("commit", "-m", "Longer texts", in: "acme",
                                         environment: ["GIT_AUTHOR_DATE": "2021-06-14T10:00:00Z", "GIT_COMMITTER_DATE": "2021-06-14T10:00:00Z"])
        #expect(commit.status == 0, "\(commit)")
        return scratch
    }

    /// The change lines of `output` (from the first line that begins with `indent` + an area): the block
    /// text's lines under the details column, the long text cut, every line short.
    static func expectColumns(_ output: String, indent: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = try #require(lines.firstIndex { $0.hasPrefix(indent + "strategy  reworded  delivery-approach") },
                                 "\(output)", sourceLocation: sourceLocation)
        // The details column: where `cto:` begins on the change's line.
        let column = try #require(lines[first].range(of: "cto: ").map { lines[first].distance(from: lines[first].startIndex, to: $0.lowerBound) },
                                  sourceLocation: sourceLocation)
        let continuation = String(repeating: " ", count: column)
        #expect(lines[first].hasSuffix("→ \"Set the strategic approach."), "\(lines[first])", sourceLocation: sourceLocation)
        #expect(lines[first + 1] == continuation + "Second line of it.", "\(output)", sourceLocation: sourceLocation)
        #expect(lines[first + 2] == continuation + "Third line.\\n\"", "\(output)", sourceLocation: sourceLocation)
        let long = try #require(lines.first { $0.hasPrefix(indent + "strategy  reworded  technology-leverage") },
                                "\(output)", sourceLocation: sourceLocation)
        #expect(long.hasSuffix(" word word …\" (80003 characters)"), "\(long)", sourceLocation: sourceLocation)
        #expect(long.range(of: "cto: ")?.lowerBound.utf16Offset(in: long) == column, sourceLocation: sourceLocation)
        // Every line of the output is short: nothing printed whole.
        #expect(lines.allSatisfy { $0.count < 400 }, sourceLocation: sourceLocation)
    }

    @Test func diffKeepsItsColumns() throws {
        let scratch = try Self.history()
        let diff = try scratch.charter("diff", "HEAD~1", "HEAD", in: "acme")
        #expect(diff.status == 0, "\(diff)")
        try Self.expectColumns(diff.stdout, indent: "")
        #expect(diff.stdout.contains("\n\n2 changes: 2 reworded ("), "\(diff.stdout)")
    }

    @Test func logKeepsItsColumns() throws {
        let scratch = try Self.history()
        let log = try scratch.charter("log", "-n", "1", in: "acme")
        #expect(log.status == 0, "\(log)")
        #expect(log.stdout.hasPrefix("commit "), "\(log.stdout)")
        try Self.expectColumns(log.stdout, indent: "    ")
    }

    @Test func jsonGivesTheTextsWhole() throws {
        let scratch = try Self.history()
        let diff = try scratch.charter("diff", "HEAD~1", "HEAD", "--format", "json", in: "acme")
        let diffJSON = try #require(try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any])
        let log = try scratch.charter("log", "-n", "1", "--format", "json", in: "acme")
        let logJSON = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any])
        let commit = try #require((logJSON["commits"] as? [[String: Any]])?.first)
        for changes in [diffJSON["changes"], commit["changes"]] {
            let texts = try #require(changes as? [[String: Any]]).reduce(into: [String: String]()) { texts, change in
                texts[change["item"] as? String ?? ""] = change["after"] as? String
            }
            #expect(texts["delivery-approach"] == Self.blockText)
            #expect(texts["technology-leverage"] == Self.longText)
        }
    }

    @Test func markdownTableRowsStayWhole() throws {
        let scratch = try Self.history()
        let markdown = try scratch.charter("diff", "HEAD~1", "HEAD", "--format", "markdown", in: "acme").stdout
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| reworded") }
        #expect(rows.count == 2, "\(markdown)")
        #expect(rows.allSatisfy { $0.hasSuffix(" |") && $0.count < 600 }, "\(markdown)")
        #expect(rows.contains { $0.contains("Set the strategic approach. Second line of it. Third line.") }, "\(markdown)")
        #expect(rows.contains { $0.contains("…") && $0.contains("(80003 characters)") }, "\(markdown)")
    }

    @Test func whoShowsABlockTextUnderItsColumn() throws {
        let scratch = try Self.history()
        let who = try scratch.charter("who", "delivery-approach", in: "acme").stdout
        let continuation = String(repeating: " ", count: 14)
        #expect(who.contains("    text      \"Set the strategic approach.\n\(continuation)Second line of it.\n\(continuation)Third line.\\n\"\n"),
                "\(who)")
    }

    // MARK: - YAML that only libyaml reads

    @Test func tabIndentationIsNamedByValidate() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: "  innovation:\n", with: "\tinnovation:\n")
        let line = try scratch.read("acme/roles/cto.yaml").split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("\tinnovation:") }.map { $0 + 1 }
        let outcome = try scratch.charter("validate", in: "acme")
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.stdout.contains("roles/cto.yaml:\(line ?? 0):1: error[yaml-syntax]: tabs cannot indent YAML; use spaces\n"),
                "\(outcome)")
    }

    /// A line separator in a title is a line break to libyaml: the file is invalid whether or not a tab
    /// elsewhere sends it past the fast reader.
    @Test func lineSeparatorInATitleIsOneAnswer() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer\n", with: "title: Chief Technology\u{2028}Officer\n")
        let without = try scratch.charter("validate", in: "acme")
        try scratch.write("acme/roles/cto.yaml", try scratch.read("acme/roles/cto.yaml") + "# a comment\twith a tab\n")
        let with = try scratch.charter("validate", in: "acme")
        #expect(without.status == 1, "\(without)")
        #expect(without.stdout == with.stdout, "\(without.stdout)\n\(with.stdout)")
        #expect(without.stdout.contains("roles/cto.yaml:"), "\(without)")
        #expect(without.stdout.contains("error[yaml-syntax]"), "\(without)")
    }
}
