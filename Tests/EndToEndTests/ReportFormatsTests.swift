import Foundation
import Testing

/// `--format junit` and `--format sarif` of validate, audit and review, on repositories with findings:
/// each output validated by real validators (the SARIF 2.1.0 JSON Schema through jsonschema, a JUnit
/// XSD through xmlschema), its findings located, and the exit codes those of every other format.
@Suite("JUnit and SARIF reports")
struct ReportFormatsTests {
    static let schemas = Scratch.packageRoot.appendingPathComponent("Tests/Fixtures/schemas")

    /// Validates `outputs` against `schema`, a file of Tests/Fixtures/schemas.
    static func expectValid(_ outputs: [String], against schema: String, in scratch: Scratch,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        try ReportCheck.expectValid(outputs, against: schemas.appendingPathComponent(schema), in: scratch, sourceLocation: sourceLocation)
    }

    /// The testcases of a JUnit report as charter writes them, a line each: name and, when it fails, the
    /// failure's message (XML references resolved).
    static func testcases(_ xml: String) -> [(name: String, failure: String?)] {
        let lines = xml.split(separator: "\n").map(String.init)
        return lines.indices.compactMap { index in
            guard let name = lines[index].firstMatch(of: /^    <testcase classname="[^"]*" name="([^"]*)"/)?.1 else { return nil }
            let failure = lines.indices.contains(index + 1) ? lines[index + 1].firstMatch(of: /^      <failure type="[^"]*" message="([^"]*)"/)?.1 : nil
            return (unescaped(String(name)), failure.map { unescaped(String($0)) })
        }
    }

    static func unescaped(_ text: String) -> String {
        [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#10;", "\n"), ("&#58;", ":"), ("&#35;", "#"), ("&amp;", "&")]
            .reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    static func sarif(_ outcome: Outcome) throws -> (rules: [String], results: [[String: Any]]) {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome)")
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "charter")
        let rules = ((driver["rules"] as? [[String: Any]]) ?? []).compactMap { rule in
            // GitHub code scanning requires both descriptions and the help.
            for key in ["shortDescription", "fullDescription", "help"] {
                #expect(((rule[key] as? [String: Any])?["text"] as? String)?.isEmpty == false, "\(key) of \(rule)")
            }
            return rule["id"] as? String
        }
        let results = (run["results"] as? [[String: Any]]) ?? []
        let artifacts = results.flatMap { result in
            ((result["locations"] as? [[String: Any]] ?? []) + (result["relatedLocations"] as? [[String: Any]] ?? []))
                .compactMap { ($0["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any] }
        }
        #expect(artifacts.allSatisfy { $0["uriBaseId"] as? String == "%SRCROOT%" }, "every relative uri has its base: \(artifacts)")
        return (rules, results)
    }

    /// The first location's file, line and column, or its logical location's name.
    static func location(_ result: [String: Any]) -> String {
        let location = (result["locations"] as? [[String: Any]])?.first ?? [:]
        if let physical = location["physicalLocation"] as? [String: Any] {
            let uri = (physical["artifactLocation"] as? [String: Any])?["uri"] as? String ?? ""
            let region = physical["region"] as? [String: Any] ?? [:]
            return "\(uri):\(region["startLine"] as? Int ?? 0):\(region["startColumn"] as? Int ?? 0)"
        }
        let logical = (location["logicalLocations"] as? [[String: Any]])?.first ?? [:]
        return "\(logical["kind"] as? String ?? ""):\(logical["fullyQualifiedName"] as? String ?? logical["name"] as? String ?? "")"
    }

    /// A repository whose work tree gives `roadmap` a second owner and makes the CTO report to a `cfo`.
    static func invalidWorkTree() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: platform-roi\n",
                         with: "    - id: roadmap\n      text: Build the roadmap too.\n    - id: platform-roi\n")
        try scratch.edit("acme/roles/cto.yaml", replacing: "reports-to: ceo", with: "reports-to: cfo")
        return scratch
    }

    @Test func anInvalidCharterFailsItsRulesAtTheirPlace() throws {
        let scratch = try Self.invalidWorkTree()
        let text = try scratch.charter("validate", in: "acme")
        let junit = try scratch.charter("validate", "--format", "junit", in: "acme")
        let sarif = try scratch.charter("validate", "--format", "sarif", in: "acme")
        for outcome in [text, junit, sarif] { #expect(outcome.status == 1 && outcome.stderr.isEmpty, "\(outcome)") }
        try Self.expectValid([junit.stdout], against: "junit.xsd", in: scratch)
        try Self.expectValid([sarif.stdout], against: "sarif-schema-2.1.0.json", in: scratch)

        // Every rule is a testcase; the two that found something fail, located, in the files they found it in.
        let cases = Self.testcases(junit.stdout)
        let failed = cases.filter { $0.failure != nil }
        #expect(failed.map(\.name).sorted() == ["overlap: roles/cto.yaml", "unknown-reference: roles/cto.yaml"], "\(failed)")
        let overlap = try #require(failed.first { $0.name.hasPrefix("overlap") }?.failure)
        #expect(text.stdout.contains(overlap.replacingOccurrences(of: ": responsibility", with: ": error[overlap]: responsibility")), "\(overlap)")
        #expect(overlap.hasPrefix("roles/cto.yaml:"), "\(overlap)")
        #expect(cases.contains { $0.name == "decider-conflict" && $0.failure == nil })
        #expect(junit.stdout.contains("<testsuites name=\"charter validate\" tests=\"\(cases.count)\" failures=\"2\" errors=\"0\" skipped=\"0\""))

        let (rules, results) = try Self.sarif(sarif)
        #expect(rules.contains("overlap") && rules.contains("unknown-reference") && rules.contains("yaml-syntax"))
        #expect(results.map { $0["ruleId"] as? String ?? "" }.sorted() == ["overlap", "unknown-reference"])
        #expect(results.allSatisfy { $0["level"] as? String == "error" })
        let json = try ReviewTests.json(try scratch.charter("validate", "--format", "json", in: "acme"))
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(Set(results.map(Self.location)) == Set(findings.map { "\($0["file"]!):\($0["line"]!):\($0["column"]!)" }))
    }

    /// Columns count code points, as text output does, and the run says so: an emoji and a ZWJ sequence
    /// (three code points, four UTF-16 units) before a finding on its line.
    @Test func columnsAreCodePoints() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: platform-roi\n",
                         with: "    - {text: \"\u{1F600} \u{1F469}\u{200D}\u{1F4BB} wide\", id: roadmap}\n    - id: platform-roi\n")
        let text = try scratch.charter("validate", in: "acme")
        #expect(text.stdout.hasPrefix("roles/cto.yaml:14:32: error[overlap]"), "\(text)")
        let sarif = try scratch.charter("validate", "--format", "sarif", in: "acme")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        #expect((log["runs"] as? [[String: Any]])?.first?["columnKind"] as? String == "unicodeCodePoints")
        #expect(try Self.sarif(sarif).results.map(Self.location) == ["roles/cto.yaml:14:32"])
    }

    /// A repository whose work tree puts a schema of its own in force, `acme`: the four-area schema
    /// with `undecided-right` off.
    static func ownSchema() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.initRepository()
        let schema = try String(contentsOf: Scratch.packageRoot.appendingPathComponent("Schemas/four-area.yaml"), encoding: .utf8)
        try scratch.write("acme/schema.yaml", schema.replacingOccurrences(of: "schema: four-area", with: "schema: acme")
            .replacingOccurrences(of: "undecided-right: warning", with: "undecided-right: off"))
        try scratch.edit("acme/charter.yaml", replacing: "schema: four-area", with: "schema: acme")
        return scratch
    }

    @Test func aValidRepositoryPassesEveryRuleAndSkipsTheOnesItsSchemaTurnsOff() throws {
        let scratch = try Self.ownSchema()
        let junit = try scratch.charter("validate", "--format", "junit", in: "acme")
        let sarif = try scratch.charter("validate", "--format", "sarif", in: "acme")
        #expect(junit.status == 0 && sarif.status == 0, "\(junit)\n\(sarif)")
        try Self.expectValid([junit.stdout], against: "junit.xsd", in: scratch)
        try Self.expectValid([sarif.stdout], against: "sarif-schema-2.1.0.json", in: scratch)
        #expect(Self.testcases(junit.stdout).allSatisfy { $0.failure == nil })
        #expect(junit.stdout.contains("<testcase classname=\"charter.validate\" name=\"undecided\" time=\"0\">\n      <skipped message=\"rule undecided-right is off in schema acme\"/>"),
                "\(junit.stdout)")
        #expect(junit.stdout.contains("failures=\"0\" errors=\"0\" skipped=\"1\""))
        #expect(try Self.sarif(sarif).results.isEmpty)
    }

    @Test func anAuditWithAMissingApprovalFailsAtTheCommit() throws {
        let scratch = try ReviewTests.branch(approvedBy: ["cto"])
        let head = try scratch.head(in: "acme")
        let junit = try scratch.charter("audit", "--format", "junit", in: "acme")
        let sarif = try scratch.charter("audit", "--format", "sarif", in: "acme")
        for outcome in [junit, sarif] { #expect(outcome.status == 1 && outcome.stderr.isEmpty, "\(outcome)") }
        try Self.expectValid([junit.stdout], against: "junit.xsd", in: scratch)
        try Self.expectValid([sarif.stdout], against: "sarif-schema-2.1.0.json", in: scratch)

        let failed = Self.testcases(junit.stdout).filter { $0.failure != nil }
        #expect(failed.map(\.name) == ["missing-approval: \(head.prefix(7)) Platform ROI to the CPO"], "\(failed)")
        #expect(failed.first?.failure?.hasPrefix("\(head.prefix(7)): no Approved-By: cpo") == true, "\(failed)")

        let (rules, results) = try Self.sarif(sarif)
        #expect(rules.count == 14 && rules.first == "invalid-commit", "one rule per audit code")
        // The commit that names the holders gives no rationale: a warning.
        #expect(results.map { "\($0["ruleId"]!) \($0["level"]!)" } == ["missing-approval error", "no-rationale warning"], "\(results)")
        let result = try #require(results.first)
        #expect(Self.location(result) == "commit:\(head)")
        #expect((result["properties"] as? [String: Any])?["subject"] as? String == "Platform ROI to the CPO")

        // Without findings: every audit rule passes, exit 0.
        let clean = try scratch.charter("audit", "main", "--format", "junit", in: "acme")
        #expect(clean.status == 0, "\(clean)")
        #expect(Self.testcases(clean.stdout).map(\.name).count == 14, "one testcase per audit code")
    }

    /// A testcase's name holds the commit's subject cut as text output cuts it, after 200 characters.
    @Test func anAuditTestcaseNameCutsALongSubject() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: "Set the strategic approach", with: "Choose the approach")
        let subject = String(repeating: "word ", count: 59) + "last-words-beyond-the-cut"
        #expect(try scratch.git("commit", "-qam", subject, in: "acme").status == 0)
        let head = try scratch.head(in: "acme")
        let text = try scratch.charter("audit", in: "acme")
        let junit = try scratch.charter("audit", "--format", "junit", in: "acme")
        let cut = String(subject.prefix(200)) + "… (\(subject.count) characters)"
        #expect(text.stdout.contains("    \(cut)\n"), "\(text)")
        #expect(Self.testcases(junit.stdout).map(\.name).contains("no-rationale: \(head.prefix(7)) \(cut)"), "\(junit.stdout)")
    }

    @Test func aReviewReportsTheMissingApprovalTheAuditAndTheResult() throws {
        let scratch = try ReviewTests.branch(approvedBy: ["cto"])
        try scratch.edit("acme/roles/cto.yaml", replacing: "reports-to: ceo", with: "reports-to: cfo")
        var outputs: [String: String] = [:]
        for format in ["junit", "sarif"] {
            let report = try scratch.charter("review", "--work-tree", "--format", format, in: "acme")
            #expect(report.status == 0 && report.stderr.isEmpty, "without --exit-code the review only reports: \(report)")
            let gate = try scratch.charter("review", "--work-tree", "--exit-code", "--format", format, in: "acme")
            #expect(gate.status == 1 && gate.stdout == report.stdout, "\(gate)")
            outputs[format] = report.stdout
        }
        try Self.expectValid([outputs["junit"]!], against: "junit.xsd", in: scratch)
        try Self.expectValid([outputs["sarif"]!], against: "sarif-schema-2.1.0.json", in: scratch)

        let failed = Self.testcases(outputs["junit"]!).filter { $0.failure != nil }.map(\.name)
        #expect(failed.count == 3 && failed[0] == "approval of cpo" && failed[1].hasPrefix("missing-approval: ")
                    && failed[2] == "unknown-reference: roles/cto.yaml", "\(failed)")
        #expect(outputs["junit"]!.contains("<testcase classname=\"charter.review.approvals\" name=\"approval of cto\" time=\"0\">\n      <system-out>approved in"))

        let results = try Self.sarif(Outcome(status: 0, stdout: outputs["sarif"]!, stderr: "")).results
        #expect(results.map { "\($0["ruleId"]!) \(Self.location($0))" }.first == "missing-approval roles/cpo.yaml:1:1", "\(results)")
        #expect(results.contains { $0["ruleId"] as? String == "unknown-reference" && Self.location($0).hasPrefix("roles/cto.yaml:") })
    }

    /// Every JUnit and SARIF output fixture (the sample story, the history of bad input) validates.
    @Test func theRecordedReportsValidate() throws {
        let scratch = try Scratch()
        let folder = OutputFixtureTests.fixtures
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
        for (format, schema) in [("junit", "junit.xsd"), ("sarif", "sarif-schema-2.1.0.json")] {
            let reports = try files.filter { $0.hasSuffix("." + format) }.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
            #expect(reports.count >= 7, "\(format): \(reports.count)")
            try Self.expectValid(reports, against: schema, in: scratch)
        }
    }

    /// What SARIF viewers would render as a link to a site or a related location, and as placeholders.
    static let sarifLinks = "[see](https://evil.example/x) {0} [here](1) \\[x]"

    /// Repository content with control characters, markup and forged commands: well-formed XML that
    /// carries it inert (XML 1.0 forbids most controls even as references), and SARIF messages that
    /// form no link and no placeholder (`\[`, `\]`, `\\`, `{{`, `}}`), the text exact otherwise.
    @Test func hostileContentStaysInert() throws {
        let (scratch, _) = try OutputEscapingTests.hostileRepository()
        // A commit that moves a responsibility to the CPO, whose holder has links, approved by a link only.
        let platform = "    - id: platform-roi\n      text: Weigh the costs and returns of platforms and solutions before the company commits to them.\n"
        try scratch.edit("acme/roles/cto.yaml", replacing: platform, with: "")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: roadmap\n", with: platform + "    - id: roadmap\n")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "reports-to: ceo\n", with: "reports-to: ceo\nholder: \(OutputEscapingTests.yaml(Self.sarifLinks))\n")
        try scratch.write("message.txt", "Links in an approval\n\nApproved-By: [Open report](https://evil.example/{0})\n")
        try scratch.git("add", "-A", in: "acme")
        #expect(try scratch.git("commit", "-q", "--cleanup=verbatim", "-F", scratch.path("message.txt"), in: "acme").status == 0)
        try scratch.edit("acme/roles/cto.yaml", replacing: "reports-to: ceo",
                         with: "reports-to: \(OutputEscapingTests.yaml(OutputEscapingTests.payload + " " + Self.sarifLinks))")
        var junit: [String] = [], sarif: [String] = []
        for arguments in [["validate"], ["audit"], ["review", "HEAD~1"], ["review", "HEAD~2", "--work-tree"]] {
            junit.append(try scratch.run(Scratch.binary, arguments + ["--format", "junit"], in: "acme").stdout)
            sarif.append(try scratch.run(Scratch.binary, arguments + ["--format", "sarif"], in: "acme").stdout)
        }
        try Self.expectValid(junit, against: "junit.xsd", in: scratch)
        try Self.expectValid(sarif, against: "sarif-schema-2.1.0.json", in: scratch)
        for xml in junit {
            OutputEscapingTests.expectSafeText(xml, "junit")
            #expect(!xml.contains("<img"))
        }
        let messages = try sarif.flatMap { try Self.sarif(Outcome(status: 0, stdout: $0, stderr: "")).results }
            .compactMap { ($0["message"] as? [String: Any])?["text"] as? String }
        let links = #"\[see\](https://evil.example/x) {{0}} \[here\](1) \\\[x\]"#
        #expect(messages.contains { $0.contains(OutputEscapingTests.payload.replacing("[", with: "\\[").replacing("]", with: "\\]") + " " + links) },
                "\(messages)")
        #expect(messages.contains { $0.contains("Approved-By: \\[Open report\\](https://evil.example/{{0}})") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("cpo (\(links)) has not approved: ") }, "\(messages)")
        for message in messages {
            let bare = message.replacing(/\\[\\\[\]]|\{\{|\}\}/, with: "")
            #expect(!bare.contains { "[]{}\\".contains($0) }, "an unescaped link or placeholder character: \(message)")
        }
    }
}
