@testable import CharterCore
import Testing

@Suite("Canonical YAML and starter charters")
struct CharterWriterTests {
    static func tree(company: Company, roles: [Role]) -> CharterTree {
        var tree = CharterTree(entries: [CharterTree.companyPath: .file(Array(CharterWriter.yaml(for: company).utf8)),
                                         CharterTree.rolesPath: .directory])
        for role in roles { tree.entries[role.file] = .file(Array(CharterWriter.yaml(for: role).utf8)) }
        return tree
    }

    @Test("starter charters are valid without a single finding", arguments: Company.Stage.allCases)
    func starterChartersAreClean(_ stage: Company.Stage) {
        let starter = StarterCharters.charters(company: "Acme", stage: stage)
        let report = CharterValidator.validate(Self.tree(company: starter.company, roles: starter.roles))
        #expect(report.findings.isEmpty, "\(Fixtures.summary(report.findings))")
        #expect(report.charters.roles.map(\.id) == starter.roles.map(\.id))
    }

    @Test func stagesTellTheStory() {
        #expect(StarterCharters.charters(company: "A", stage: .emerging).roles.map(\.id) == ["cto"])
        let growth = StarterCharters.charters(company: "A", stage: .growth).roles
        #expect(growth.map(\.id) == ["cpo", "cto"])
        #expect(growth[0].area("strategy")?.decides.map(\.value) == ["why", "what", "when"])
        #expect(growth[1].area("strategy")?.decides.map(\.value) == ["how"])
        #expect(growth[0].area("metrics")?.kpis.map(\.id).contains("retention") == true)
        #expect(growth[1].area("metrics")?.kpis.map(\.id).contains("product-performance") == true)
        #expect(StarterCharters.charters(company: "A", stage: .scale).roles.map(\.id) == ["cpo", "cto", "vp-engineering"])
    }

    @Test("text that YAML would read as something else is quoted and reads back unchanged", arguments: [
        "2024", "yes", "No", "on", "null", "~", "true", "3.14", "-", "key: value", "# not a comment", " leading space",
        "trailing space ", "quote's", "\"double\"", "[bracket", "{brace", "*star", "&amp", "!bang", "%percent", "@at",
        "`tick", "Zoë – “typographic” ✓", "multi\nline", "tab\there", "a, b", "?question",
    ])
    func roundTrip(_ text: String) throws {
        var role = StarterCharters.charters(company: "A", stage: .emerging).roles[0]
        role.title = text
        role.holder = text
        role.areas[0].responsibilities[0].text = text
        let yaml = CharterWriter.yaml(for: role)
        var tree = try Fixtures.repository("valid")
        tree.entries["roles/cto.yaml"] = .file(Array(yaml.utf8))
        tree.entries["roles/cpo.yaml"] = nil
        let report = CharterValidator.validate(tree)
        let read = try #require(report.charters.role("cto"), "\(Fixtures.summary(report.findings))\n\(yaml)")
        #expect(read.title == text)
        #expect(read.holder == text)
        #expect(read.areas[0].responsibilities[0].text == text)
        #expect(CharterWriter.yaml(for: read) == yaml)
    }
}

@Suite("The canonical form of a role file (charter textconv)")
struct CanonicalRoleTests {
    static let written = """
        role: cto
        title: Chief Technology Officer
        reports-to: ceo
        areas:
          strategy:
            decides: [how]
            responsibilities:
              - id: platform-roi
                text: Weigh the costs and returns of platforms.
          innovation:
            responsibilities: []
          customers:
            responsibilities:
              - id: customer-fit-technology
                text: Make technology fit how customers work.
                consults: [cpo]
          metrics:
            kpis:
              - id: cycle-time
                name: Cycle time
            responsibilities: []

        """

    /// The same role, laid out otherwise: areas and keys in another order, flow and block styles
    /// swapped, quotes, a folded line, comments.
    static let reformatted = """
        # The CTO, reformatted by hand
        areas:
          metrics: {responsibilities: [], kpis: [{name: "Cycle time", id: cycle-time}]}
          customers:
            responsibilities:
            - consults:
              - cpo
              text: 'Make technology fit
                how customers work.'
              id: customer-fit-technology
          strategy:
            responsibilities: [{id: platform-roi, text: Weigh the costs and returns of platforms.}]
            decides:
            - how    # the CTO's only right
          innovation: {responsibilities: []}
        title: "Chief Technology Officer"
        reports-to: ceo
        role: cto

        """

    static func canonical(_ text: String, schema: Schema = .fourArea) -> String? {
        CharterWriter.canonicalRole(Array(text.utf8), schema: schema)
    }

    @Test func aReformatReadsTheSame() throws {
        let canonical = try #require(Self.canonical(Self.written))
        #expect(Self.canonical(Self.reformatted) == canonical)
        #expect(Self.canonical(canonical) == canonical, "the canonical form is its own canonical form")
        #expect(canonical.hasPrefix(CharterWriter.editorSchemaComment + "role: cto\ntitle: Chief Technology Officer\nreports-to: ceo\nareas:\n  strategy:\n"))
        let areas = canonical.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
        #expect(areas == ["  strategy:", "  innovation:", "  customers:", "  metrics:"], "areas in the schema's order")
    }

    @Test func aRealChangeIsItsOwnLines() throws {
        let before = try #require(Self.canonical(Self.reformatted)).split(separator: "\n")
        let changed = Self.reformatted.replacingOccurrences(of: "returns of platforms.", with: "returns of platforms and tools.")
        let after = try #require(Self.canonical(changed)).split(separator: "\n")
        #expect(before.count == after.count)
        let differing = zip(before, after).filter { $0 != $1 }
        #expect(differing.map(\.1) == ["      text: Weigh the costs and returns of platforms and tools."])
    }

    @Test("what the model cannot hold, or that does not read as a role, has no canonical form", arguments: [
        "role: cto\nx-notes: kept by the team\n",
        written.replacingOccurrences(of: "    decides: [how]\n", with: "    decides: [how]\n    x-owner-since: 2021\n"),
        written.replacingOccurrences(of: "title: Chief", with: "titel: Chief"),
        written.replacingOccurrences(of: "  innovation:\n    responsibilities: []\n", with: ""),
        "role: cto\ntitle: [unclosed\n",
        "- a list\n",
        "",
        "role: NotAnID\n",
    ])
    func noCanonicalForm(_ text: String) {
        #expect(Self.canonical(text) == nil)
    }

    @Test func anotherSchemasAreasInThatSchemasOrder() throws {
        let tree = try Fixtures.repository("custom-schema")
        let schema = CharterValidator.load(tree).charters.schema
        #expect(schema.id != Schema.fourArea.id)
        guard case .file(let bytes)? = tree.entries["roles/cto.yaml"] else {
            Issue.record("the fixture has no roles/cto.yaml")
            return
        }
        let canonical = try #require(CharterWriter.canonicalRole(bytes, schema: schema))
        let areas = canonical.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.map { String($0.dropFirst(2).dropLast()) }
        #expect(areas == schema.areas.map(\.id))
        #expect(CharterWriter.canonicalRole(bytes, schema: .fourArea) == nil, "not a role under the built-in schema")
    }
}
