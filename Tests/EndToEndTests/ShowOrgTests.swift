import Foundation
import Testing

/// `charter show --org`: the reporting tree in every format, on repositories made by `charter init`,
/// with hostile titles and holders, and with the reporting lines only an invalid charter has.
@Suite("charter show --org")
struct ShowOrgTests {
    /// A repository at the scale stage: the CPO and CTO report to the external CEO, the VP of
    /// Engineering to the CTO; the board is external too.
    static func scaleRepository() throws -> (Scratch, short: String) {
        let scratch = try Scratch()
        try scratch.initRepository(stage: "scale")
        return (scratch, String(try scratch.head(in: "acme").prefix(7)))
    }

    @Test func textDrawsTheTree() throws {
        let (scratch, short) = try Self.scaleRepository()
        let outcome = try scratch.charter("show", "--org", in: "acme")
        #expect(outcome.status == 0 && outcome.stderr.isEmpty, "\(outcome)")
        #expect(outcome.stdout == """
            Org chart: Acme Robotics at \(short), committed 2020-01-15
            ├─ board  (external)
            └─ ceo  (external)
               ├─ cpo  Chief Product Officer
               └─ cto  Chief Technology Officer
                  └─ vp-engineering  VP of Engineering

            """)
        let part = try scratch.charter("show", "--org", "cto", in: "acme")
        #expect(part.stdout == "Org chart: Acme Robotics at \(short), committed 2020-01-15\n└─ cto  Chief Technology Officer\n   └─ vp-engineering  VP of Engineering\n",
                "with a role, the part under it: \(part)")
    }

    @Test func markdownNestsAList() throws {
        let (scratch, short) = try Self.scaleRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer\n", with: "title: Chief Technology Officer\nholder: Dana Reyes\n")
        try scratch.git("commit", "-qam", "Dana Reyes", in: "acme")
        let outcome = try scratch.charter("show", "--org", "--format", "markdown", "HEAD~1", in: "acme")
        #expect(outcome.stdout == """
            ### Org chart: Acme Robotics at \(short), committed 2020-01-15

            - **board** (external)
            - **ceo** (external)
              - **cpo** Chief Product Officer
              - **cto** Chief Technology Officer
                - **vp-engineering** VP of Engineering

            """, "\(outcome)")
        #expect(try scratch.charter("show", "--org", "--format", "markdown", in: "acme").stdout
            .contains("\n  - **cto** Chief Technology Officer (Dana Reyes)\n"))
    }

    @Test func jsonNestsTheReportsAndFollowsItsSchema() throws {
        let (scratch, _) = try Self.scaleRepository()
        let outputs = try OutputSchemaTests.expectValidOutputs([["show", "--org"], ["show", "--org", "cto"], ["show", "--org", "board"]],
                                                               in: "acme", of: scratch)
        let json = try OutputEscapingTests.json(Outcome(status: 0, stdout: outputs["org"]?.first ?? "", stderr: ""))
        let roots = try #require(json["roots"] as? [[String: Any]])
        #expect(roots.map { $0["id"] as? String } == ["board", "ceo"])
        #expect(roots.allSatisfy { $0["kind"] as? String == "external" && $0["title"] is NSNull })
        let reports = try #require(roots[1]["reports"] as? [[String: Any]])
        #expect(reports.map { $0["id"] as? String } == ["cpo", "cto"])
        #expect(reports[1]["title"] as? String == "Chief Technology Officer" && reports[1]["holder"] is NSNull
                && reports[1]["reportsTo"] as? String == "ceo" && reports[1]["detached"] is NSNull)
        #expect(((reports[1]["reports"] as? [[String: Any]])?.first)?["id"] as? String == "vp-engineering")
    }

    @Test func mermaidDeclaresEveryNodeOnceAndEveryEdgeBetweenThem() throws {
        let (scratch, _) = try Self.scaleRepository()
        let outcome = try scratch.charter("show", "--org", "--format", "mermaid", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        let diagram = try Self.mermaid(outcome.stdout)
        #expect(diagram.labels.values.sorted() == ["board<br/>(external)", "ceo<br/>(external)", "cpo<br/>Chief Product Officer",
                                                   "cto<br/>Chief Technology Officer", "vp-engineering<br/>VP of Engineering"])
        let byLabel = Dictionary(uniqueKeysWithValues: diagram.labels.map { ($0.value.prefix { $0 != "<" }, $0.key) })
        #expect(Set(diagram.edges.map { "\($0.0)>\($0.1)" })
            == ["\(byLabel["ceo"]!)>\(byLabel["cpo"]!)", "\(byLabel["ceo"]!)>\(byLabel["cto"]!)", "\(byLabel["cto"]!)>\(byLabel["vp-engineering"]!)"])
    }

    @Test func dotIsAGraphGraphvizDraws() throws {
        let (scratch, _) = try Self.scaleRepository()
        let outcome = try scratch.charter("show", "--org", "--format", "dot", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("\n    \"ceo\" -> \"cto\";\n    \"cto\" -> \"vp-engineering\";\n"), "\(outcome.stdout)")
        let svg = try Self.drawnByGraphviz(outcome.stdout, in: scratch)
        #expect(svg.contains(">VP of Engineering</text>") && svg.contains(">board</text>"), "\(svg)")
    }

    /// Quotes, brackets, angle brackets, line breaks, escapes and Mermaid's own syntax in a title and a
    /// holder: inert in every format, exact in JSON.
    @Test func hostileTitlesAndHoldersStayInert() throws {
        let (scratch, _) = try Self.scaleRepository()
        let title = "Chief \"Tech\" [Officer] <b>&amp;</b> `code` #quot; 100%\nn9[\"injected\"]\n%% comment\u{1B}[2J"
        let holder = "\"]; evil --> n1\r\n\"x\" -> \"y\"; \\N \\l"
        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer",
                         with: "title: \(OutputEscapingTests.yaml(title))\nholder: \(OutputEscapingTests.yaml(holder))")
        try scratch.edit("acme/charter.yaml", replacing: "company: Acme Robotics", with: "company: \(OutputEscapingTests.yaml(OutputEscapingTests.payload))")
        try scratch.git("commit", "-qam", "Hostile", in: "acme")

        let text = try scratch.charter("show", "--org", in: "acme")
        OutputEscapingTests.expectSafeText(text.stdout, "text")
        #expect(text.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("├─ ") || $0.hasPrefix("└─ ") || $0.hasPrefix(" ") },
                "content begins no line: \(text.stdout)")
        #expect(text.stdout.contains("└─ cto  Chief \"Tech\" [Officer] <b>&amp;</b> `code` #quot; 100%\\nn9[\"injected\"]\\n%% comment\\x1b[2J (\"]; evil --> n1\\r\\n\"x\" -> \"y\"; \\N \\l)\n"),
                "\(text.stdout)")
        let markdown = try scratch.charter("show", "--org", "--format", "markdown", in: "acme")
        OutputEscapingTests.expectInertMarkdown(markdown.stdout, "markdown")
        #expect(markdown.stdout.contains("**cto** Chief \"Tech\" \\[Officer\\] \\<b\\>\\&amp;\\</b\\> \\`code\\` \\#quot; 100% n9\\[\"injected\"\\] %% comment\\x1b\\[2J"),
                "\(markdown.stdout)")

        let mermaid = try Self.mermaid(try scratch.charter("show", "--org", "--format", "mermaid", in: "acme").stdout)
        #expect(mermaid.labels.count == 5 && mermaid.edges.count == 3)
        #expect(mermaid.labels.values.contains("cto<br/>Chief #34;Tech#34; [Officer] #60;b#62;#38;amp;#60;/b#62; #96;code#96; #35;quot; 100#37;\\nn9[#34;injected#34;]\\n#37;#37; comment\\x1b[2J<br/>#34;]; evil --#62; n1\\r\\n#34;x#34; -#62; #34;y#34;; \\N \\l"),
                "\(mermaid.labels)")

        let dot = try scratch.charter("show", "--org", "--format", "dot", in: "acme").stdout
        #expect(dot.contains("\"cto\" [label=\"cto\\nChief \\\"Tech\\\" [Officer] <b>&amp;</b> `code` #quot; 100%\\\\nn9[\\\"injected\\\"]\\\\n%% comment\\\\x1b[2J\\n\\\"]; evil --> n1\\\\r\\\\n\\\"x\\\" -> \\\"y\\\"; \\\\N \\\\l\"];"),
                "\(dot)")
        let svg = try Self.drawnByGraphviz(dot, in: scratch)
        // Graphviz shows the text as it is: a quote, a backslash and the escapes' letters, no new line of the label.
        #expect(svg.contains(">&quot;]; evil &#45;&#45;&gt; n1\\r\\n&quot;x&quot; &#45;&gt; &quot;y&quot;; \\N \\l</text>"), "\(svg)")

        let json = try OutputEscapingTests.json(try scratch.charter("show", "--org", "--format", "json", in: "acme"))
        let strings = OutputEscapingTests.strings(in: json)
        #expect(strings.contains(title) && strings.contains(holder) && strings.contains(OutputEscapingTests.payload), "JSON carries the text exactly")
    }

    /// Reporting lines only an invalid charter has, committed with plain git: a manager nobody knows, a
    /// cycle of two, then a role reporting to itself with another hanging off it. The chart is drawn all
    /// the same, each such root marked.
    @Test func unknownBossesAndCyclesAreMarkedRoots() throws {
        let (scratch, _) = try Self.scaleRepository()
        try scratch.edit("acme/roles/cpo.yaml", replacing: "reports-to: ceo", with: "reports-to: cfo")
        try scratch.edit("acme/roles/cto.yaml", replacing: "reports-to: ceo", with: "reports-to: vp-engineering")
        try scratch.git("commit", "-qam", "Broken reporting lines", in: "acme")
        let outcome = try scratch.charter("show", "--org", in: "acme")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == """
            Org chart: Acme Robotics at \(try scratch.head(in: "acme").prefix(7)), committed 2020-01-15
            ├─ board  (external)
            ├─ ceo  (external)
            ├─ cpo  Chief Product Officer  [reports to cfo, which is neither a role nor an external name]
            └─ cto  Chief Technology Officer  [reporting cycle cut here: reports to vp-engineering]
               └─ vp-engineering  VP of Engineering

            """)
        try OutputSchemaTests.expectValidOutputs([["show", "--org"]], in: "acme", of: scratch)
        let mermaid = try Self.mermaid(try scratch.charter("show", "--org", "--format", "mermaid", in: "acme").stdout)
        #expect(mermaid.edges.count == 1 && mermaid.labels.values.contains { $0.hasSuffix("<br/>reports to cfo, which is neither a role nor an external name") })
        _ = try Self.drawnByGraphviz(try scratch.charter("show", "--org", "--format", "dot", in: "acme").stdout, in: scratch)

        try scratch.edit("acme/roles/vp-engineering.yaml", replacing: "reports-to: cto", with: "reports-to: vp-engineering")
        try scratch.git("commit", "-qam", "Self-managed", in: "acme")
        let selfManaged = try scratch.charter("show", "--org", "--format", "json", in: "acme")
        let roots = try #require(try OutputEscapingTests.json(selfManaged)["roots"] as? [[String: Any]])
        #expect(roots.map { "\($0["id"]!):\($0["detached"]!)" } == ["board:<null>", "ceo:<null>", "cpo:unknown-boss", "vp-engineering:reporting-cycle"])
        #expect((roots[3]["reports"] as? [[String: Any]])?.map { $0["id"] as? String } == ["cto"], "the CTO hangs off the cut cycle")
    }

    @Test func usageErrors() throws {
        let (scratch, _) = try Self.scaleRepository()
        let unknown = try scratch.charter("show", "--org", "nobody", in: "acme")
        #expect(unknown.status == 2 && unknown.stderr.contains("no role or external name 'nobody' at "), "\(unknown)")
        let withoutOrg = try scratch.charter("show", "--format", "mermaid", in: "acme")
        #expect(withoutOrg.status == 2 && withoutOrg.stderr.contains("--format mermaid draws the reporting tree: add --org"), "\(withoutOrg)")
        for command in [["log"], ["diff"], ["audit"], ["validate"], ["blame", "cto"], ["review", "HEAD"]] {
            for format in ["mermaid", "dot"] {
                let refused = try scratch.run(Scratch.binary, command + ["--format", format], in: "acme")
                #expect(refused.status == 2 && refused.stderr.contains("--format \(format) is not available here"), "\(command) \(format): \(refused)")
            }
        }
        let orgOnly = try scratch.charter("show", "--org", "--format", "github", in: "acme")
        #expect(orgOnly.status == 2, "\(orgOnly)")
    }

    // MARK: - Checkers

    /// A Mermaid flowchart read line by line as charter writes it: the header, then node declarations
    /// (`n1["label"]`), edges (`n1 --> n2`) and class lines. Fails the test on any other line, a node
    /// declared twice, an edge or class naming an undeclared node, or a label that holds a quote, a
    /// tag other than charter's `<br/>`, or a control character.
    static func mermaid(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (labels: [String: String], edges: [(String, String)]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.removeLast().isEmpty, "ends with a line break", sourceLocation: sourceLocation)
        #expect(lines.removeFirst() == "flowchart TD", sourceLocation: sourceLocation)
        var labels: [String: String] = [:], edges: [(String, String)] = [], classed: [String] = []
        for line in lines {
            if let node = line.wholeMatch(of: /[ ]{4}(n[0-9]+)\["([^"]*)"\]/) {
                #expect(labels[String(node.1)] == nil, "\(node.1) declared twice", sourceLocation: sourceLocation)
                labels[String(node.1)] = String(node.2)
                let bare = node.2.replacing("<br/>", with: "")
                #expect(!bare.contains("<") && !bare.contains(">") && !bare.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F },
                        "label not escaped: \(line)", sourceLocation: sourceLocation)
            } else if let edge = line.wholeMatch(of: /[ ]{4}(n[0-9]+) --> (n[0-9]+)/) {
                edges.append((String(edge.1), String(edge.2)))
            } else if let styled = line.wholeMatch(of: /[ ]{4}class ([n0-9,]+) [a-z]+/) {
                classed += styled.1.split(separator: ",").map(String.init)
            } else {
                #expect(line.wholeMatch(of: /[ ]{4}classDef [a-z]+ [a-z0-9:#, -]+/) != nil, "unexpected line: \(line)", sourceLocation: sourceLocation)
            }
        }
        for name in edges.flatMap({ [$0.0, $0.1] }) + classed {
            #expect(labels[name] != nil, "\(name) is not declared", sourceLocation: sourceLocation)
        }
        return (labels, edges)
    }

    /// The SVG `dot -Tsvg` draws from `graph`; fails the test unless Graphviz reads it without a word.
    static func drawnByGraphviz(_ graph: String, in scratch: Scratch, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let dot = try #require(Scratch.program("dot"), "Graphviz is missing: `make test` installs it", sourceLocation: sourceLocation)
        let name = "graph-\(UUID().uuidString).dot"
        try scratch.write(name, graph)
        let drawn = try scratch.run(dot, ["-Tsvg", scratch.path(name)])
        #expect(drawn.status == 0 && drawn.stderr.isEmpty && drawn.stdout.contains("<svg"), "\(drawn)", sourceLocation: sourceLocation)
        return drawn.stdout
    }
}
