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
