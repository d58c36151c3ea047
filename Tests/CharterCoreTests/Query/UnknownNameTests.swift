import CharterCore
import Testing

@Suite("Unknown names on the command line: typos refused with the closest names")
struct UnknownNameTests {
    @Test func suggestsTheClosestNames() {
        let error = UnknownName(.area, "stratgy", option: "--area", scope: "in the schema in force",
                                among: ["strategy", "innovation", "customers", "metrics"])
        #expect(error.closest == ["strategy"])
        #expect(error.description == "--area: no area 'stratgy' in the schema in force; did you mean 'strategy'?")
        #expect(error.hint == nil)
    }

    @Test func severalSuggestionsCloseOrdered() {
        let error = UnknownName(.role, "cfo", option: "--role", scope: "in the history read", among: ["cto", "cpo", "vp-engineering"])
        #expect(error.description == "--role: no role 'cfo' in the history read; did you mean 'cpo' or 'cto'?")
    }

    @Test func withNothingCloseAFewNamesAreListedManyAreNot() {
        let few = UnknownName(.area, "zzz", scope: "at 1a2b3c4", among: ["metrics", "customers"])
        #expect(few.description == "no area 'zzz' at 1a2b3c4 (areas: customers, metrics)")
        #expect(few.hint == nil)
        let many = UnknownName(.item, "nosuch", option: "--item", scope: "in the history read", among: (1...20).map { "item-\($0)" })
        #expect(many.description == "--item: no item 'nosuch' in the history read")
        #expect(many.hint == "charter show lists who holds what")
    }

    @Test func aCommand() {
        let error = UnknownName(.command, "valdate", scope: "", among: ["validate", "commit", "diff", "log"])
        #expect(error.description == "'valdate' is not a charter command; did you mean 'validate'?")
    }

    @Test func checkAcceptsAKnownName() throws {
        try UnknownName.check(.role, "cto", scope: "", among: ["cto"])
        #expect(throws: UnknownName.self) { try UnknownName.check(.role, "cfo", scope: "", among: ["cto"]) }
    }
}

@Suite("Names a history holds, collected as it is read")
struct KnownNamesTests {
    @Test func changesNameRolesItemsAndAreas() {
        var known = KnownNames()
        known.note([
            BoundaryChange(.moved, area: "customers", itemKind: .responsibility, item: "roadmap", from: "cpo", to: "cto", fromArea: "strategy"),
            BoundaryChange(.roleRenamed, from: "cto", to: "vp-engineering"),
            BoundaryChange(.ruleChanged, item: "single-owner", before: "error", after: "warning"),
        ])
        #expect(known.roles == ["cpo", "cto", "vp-engineering"])
        #expect(known.items == ["roadmap"], "a rule is no item")
        #expect(known.areas == ["customers", "strategy"])
        #expect(known.knows(role: "cto", area: "strategy", item: "roadmap"))
        #expect(!known.knows(role: "cfo"))
        #expect(throws: UnknownName.self) {
            try known.check(role: nil, area: "stratgy", item: nil, scope: "", areaScope: "in the schema in force")
        }
    }

    @Test func chartersNameTheirRolesItemsDecisionRightsAndSchemaAreas() {
        let (company, roles) = StarterCharters.charters(company: "Acme", stage: .growth)
        var known = KnownNames()
        known.note(CharterSet(company: company, schema: .fourArea, roles: roles, unreadableRoles: ["broken"]))
        #expect(known.roles == ["broken", "cpo", "cto"])
        #expect(known.items.isSuperset(of: ["roadmap", "defect-rate", "how", "why"]))
        #expect(known.areas == ["strategy", "innovation", "customers", "metrics"])
    }
}

@Suite("Paths after --: the charter files they name")
struct PathFilterTests {
    @Test(arguments: [
        ("roles/cto.yaml", PathFilter.Target.role("cto")),
        ("./roles//cto.yaml", .role("cto")),
        ("roles", .allRoles),
        ("roles/", .allRoles),
        ("", .everything),
        (".", .everything),
        ("schema.yaml", .repositoryWide),
        ("charter.yaml", .repositoryWide),
    ])
    func namesACharterFile(path: String, target: PathFilter.Target) {
        #expect(PathFilter.target(path) == target)
    }

    @Test(arguments: ["README.md", "roles/cto.yml", "roles/.yaml", "roles/.cto.yaml", "roles/sub/cto.yaml", "other/cto.yaml"])
    func namesNoCharterFile(path: String) {
        #expect(PathFilter.target(path) == nil)
    }

    @Test func aPathOutsideTheCharterFolderOrOfNoCharterFileIsRefused() {
        #expect(throws: PathFilter.NotACharterPath(path: "../x")) { try PathFilter([("../x", nil)]) }
        #expect(throws: PathFilter.NotACharterPath(path: "notes.txt")) { try PathFilter([("notes.txt", "notes.txt")]) }
    }

    @Test func keepsTheChangesThePathsConcern() throws {
        let move = BoundaryChange(.moved, area: "strategy", itemKind: .responsibility, item: "roadmap", from: "cpo", to: "cto")
        let rule = BoundaryChange(.ruleChanged, item: "single-owner", before: "error", after: "warning")
        let cto = try PathFilter([("roles/cto.yaml", "roles/cto.yaml")])
        #expect(cto.roles.map(\.role) == ["cto"])
        #expect(cto.keeps(move, roles: ["cto"]) && !cto.keeps(rule, roles: ["cto"]))
        #expect(!cto.keeps(move, roles: ["vp"]), "the roles followed decide")
        let schema = try PathFilter([("schema.yaml", "schema.yaml")])
        #expect(schema.keeps(rule, roles: []) && !schema.keeps(move, roles: []))
        let roles = try PathFilter([("roles/", "roles/")])
        #expect(roles.keeps(move, roles: []) && !roles.keeps(rule, roles: []))
        #expect(roles.keeps(file: "roles/cpo.yaml", roles: []) && !roles.keeps(file: "schema.yaml", roles: []))
        #expect(cto.keeps(file: "roles/cto.yaml", roles: ["cto"]) && !cto.keeps(file: "roles/cpo.yaml", roles: ["cto"]))
    }
}
