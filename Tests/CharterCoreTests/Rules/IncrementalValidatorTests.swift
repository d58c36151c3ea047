@testable import CharterCore
import Testing

/// The incremental validator against the full one: random walks through charter states (roles
/// added, removed, edited, broken and mended, overlaps and decision conflicts coming and going,
/// imports, schema and company changes, jumps back to earlier states as a walk across branches
/// does) must give, at every step, the very report `CharterValidator.validate` gives.
@Suite("Incremental validation")
struct IncrementalValidatorTests {
    @Test("each step's report is the full validator's", arguments: 1...6)
    func matchesFullValidation(seed: UInt64) throws {
        var random = SplitMix(seed: seed)
        let blobs = BlobStore()
        var validator = IncrementalValidator(cache: DecodeCache(), read: blobs.read)
        var visited: [CharterState] = [.start]
        var state = CharterState.start
        var codes: Set<FindingCode> = []
        for step in 0..<400 {
            switch random.below(20) {
            case 0, 1: state = visited[random.below(visited.count)]  // another branch, or a merge back
            case 2: break  // the same tree again
            default: break
            }
            for _ in 0...random.below(3) { state.mutate(&random) }
            visited.append(state)
            let tree = blobs.tree(state)
            let imports = state.recordedImports
            let full = try CharterValidator.validate(tree, cache: DecodeCache(), read: blobs.read) { imports }
            let incremental = try validator.validate(tree) { imports }
            try #require(incremental.findings == full.findings, "step \(step), seed \(seed)")
            try #require(incremental.charters == full.charters, "step \(step), seed \(seed)")
            try #require(incremental.schemaReadable == full.schemaReadable, "step \(step), seed \(seed)")
            codes.formUnion(full.findings.map(\.code))
        }
        // The walks meet what the rules across roles report, or they would prove little.
        let expected: Set<FindingCode> = [.overlap, .kpiOverlap, .deciderConflict, .undecided, .uncoveredArea, .pendingIntegration,
                                          .unknownReference, .reportingCycle, .unrecordedImport, .schemaMismatch, .invalidFileName,
                                          .noRoles, .missingFile]
        #expect(expected.subtracting(codes).isEmpty, "never met: \(expected.subtracting(codes))")
    }

    @Test func aTreeNamedTwiceGivesTheSameReport() throws {
        let blobs = BlobStore()
        var validator = IncrementalValidator(cache: DecodeCache(), read: blobs.read)
        let tree = blobs.tree(.start)
        let first = try validator.validate(tree) { [] }
        let second = try validator.validate(tree) { [] }
        #expect(first.findings == second.findings)
        #expect(first.charters == second.charters)
    }
}

// MARK: - Charter states

/// A small charter repository described by what its files say, rendered to YAML.
private struct CharterState {
    struct RoleState {
        var reportsTo: String?
        /// Decision rights by area.
        var decides: [String: [String]] = [:]
        /// Responsibilities by area: id and the roles consulted.
        var responsibilities: [String: [(id: String, consults: [String])]] = [:]
        var kpis: [String] = []
        /// Whether its areas are not the schema's: it lacks the area the custom schema adds, or has it
        /// under the built-in schema.
        var misfit = false
        var broken = false
    }

    enum SchemaFile { case builtin, custom, customQuiet, invalid }
    enum RolesFolder { case folder, missing, file }

    var roles: [String: RoleState] = [:]
    var schema = SchemaFile.builtin
    var rolesFolder = RolesFolder.folder
    var hasCompany = true
    var external = ["ceo", "board"]
    var declaresSchema: String?
    var declaresImport = false
    var importRecorded = false
    var strayFiles: [String] = []

    static let roleIDs = ["cpo", "cto", "cfo", "coo", "acme-cpo", "acme-cto"]
    static let areas = ["strategy", "innovation", "customers", "metrics"]
    static let rights = ["why", "what", "when", "how"]
    static let items = ["roadmap", "pricing", "hiring", "billing", "onboarding", "support", "platform"]
    static let kpiIDs = ["retention", "revenue", "uptime"]

    static var start: CharterState {
        var state = CharterState()
        state.roles["cpo"] = RoleState(reportsTo: "ceo", decides: ["strategy": ["why", "what"]],
                                       responsibilities: ["strategy": [("roadmap", [])], "customers": [("support", ["cto"])]],
                                       kpis: ["retention"])
        state.roles["cto"] = RoleState(reportsTo: "cpo", decides: ["strategy": ["how"], "innovation": ["why", "what", "when", "how"]],
                                       responsibilities: ["innovation": [("platform", [])], "metrics": [("hiring", [])]])
        state.roles["acme-cpo"] = RoleState(reportsTo: "cpo", decides: ["strategy": ["why"]],
                                            responsibilities: ["strategy": [("roadmap", [])]], kpis: ["retention"])
        state.declaresImport = true
        state.importRecorded = true
        return state
    }

    var recordedImports: [RecordedImport] {
        guard importRecorded else { return [] }
        return [RecordedImport(prefix: "acme", commit: "import", holdings: [
            "acme-cpo": [ItemKey.responsibility("roadmap"), ItemKey.kpi("retention"), ItemKey.decision(area: "strategy", right: "why")],
            "acme-cto": [ItemKey.responsibility("platform"), ItemKey.decision(area: "innovation", right: "how")],
        ])]
    }

    mutating func mutate(_ random: inout SplitMix) {
        let id = Self.roleIDs[random.below(Self.roleIDs.count)]
        switch random.below(40) {
        case 0..<6: roles[id] = roles[id] == nil ? RoleState(reportsTo: "ceo") : nil
        case 6..<14:
            let area = Self.areas[random.below(Self.areas.count)], item = Self.items[random.below(Self.items.count)]
            guard var role = roles[id] else { return }
            if let area = Self.areas.first(where: { role.responsibilities[$0]?.contains { $0.id == item } == true }) {
                role.responsibilities[area]!.removeAll { $0.id == item }
            } else {
                let consults = random.below(4) == 0 ? [Self.roleIDs[random.below(Self.roleIDs.count)]] : []
                role.responsibilities[area, default: []].append((item, consults))
            }
            roles[id] = role
        case 14..<20:
            let area = Self.areas[random.below(Self.areas.count)], right = Self.rights[random.below(Self.rights.count)]
            guard var role = roles[id] else { return }
            if role.decides[area]?.contains(right) == true { role.decides[area]!.removeAll { $0 == right } } else { role.decides[area, default: []].append(right) }
            roles[id] = role
        case 20..<23:
            let kpi = Self.kpiIDs[random.below(Self.kpiIDs.count)]
            guard var role = roles[id], !role.responsibilities.values.contains(where: { $0.contains { $0.id == kpi } }) else { return }
            if role.kpis.contains(kpi) { role.kpis.removeAll { $0 == kpi } } else { role.kpis.append(kpi) }
            roles[id] = role
        case 23..<26:
            let bosses = ["ceo", "board", "nobody"] + Self.roleIDs
            roles[id]?.reportsTo = random.below(6) == 0 ? nil : bosses[random.below(bosses.count)]
        case 26..<28: roles[id]?.broken.toggle()
        case 28: roles[id]?.misfit.toggle()
        case 29: schema = [.builtin, .builtin, .builtin, .custom, .customQuiet, .invalid][random.below(6)]
        case 30: rolesFolder = random.below(3) == 0 ? [.missing, .file][random.below(2)] : .folder
        case 31: hasCompany = random.below(4) != 0
        case 32: external = [["ceo", "board"], ["ceo"], ["ceo", "cfo"], []][random.below(4)]
        case 33: declaresSchema = [nil, "four-area", "five-area"][random.below(3)]
        case 34, 35: declaresImport.toggle()
        case 36, 37: importRecorded.toggle()
        case 38: strayFiles = [[], ["Not A Role.yaml"], [".gitkeep"], ["notes.txt"]][random.below(4)]
        default:
            for id in roles.keys.sorted() where random.below(2) == 0 { roles[id] = nil }
        }
    }

    /// The repository's files: path and content, or nil content for roles/ made a file.
    var files: [String: String] {
        var files: [String: String] = [:]
        if hasCompany {
            var company = "company: Fixture Co\nstage: growth\nexternal: [\(external.joined(separator: ", "))]\n"
            if let declaresSchema { company += "schema: \(declaresSchema)\n" }
            if declaresImport { company += "imports:\n  - prefix: acme\n    company: Acme\n" }
            files[CharterTree.companyPath] = company
        }
        switch schema {
        case .builtin: break
        case .custom: files[CharterTree.schemaPath] = Self.customSchema(quiet: false)
        case .customQuiet: files[CharterTree.schemaPath] = Self.customSchema(quiet: true)
        case .invalid: files[CharterTree.schemaPath] = "schema: Not An Id\n"
        }
        guard rolesFolder == .folder else { return files }
        let custom = schema == .custom || schema == .customQuiet
        for (id, role) in roles { files["roles/\(id).yaml"] = Self.yaml(id, role, security: custom != role.misfit) }
        for name in strayFiles { files["roles/\(name)"] = "role: stray\n" }
        return files
    }

    private static func customSchema(quiet: Bool) -> String {
        """
        schema: five-area
        version: 2
        title: Four areas plus security
        decision-rights:
          why: Why.
          what: What.
          when: When.
          how: How.
        areas:
          strategy:
            title: Strategy
          innovation:
            title: Innovation
          customers:
            title: Customers
          metrics:
            title: Metrics
            kpis: true
          security:
            title: Security

        """ + (quiet ? "rules:\n  single-owner: warning\n  undecided-right: off\n  one-decider: off\n" : "")
    }

    private static func yaml(_ id: String, _ role: RoleState, security: Bool) -> String {
        if role.broken { return "role: \(id)\ntitle: [unclosed\n" }
        var text = "role: \(id)\ntitle: Role \(id)\n"
        if let boss = role.reportsTo { text += "reports-to: \(boss)\n" }
        text += "areas:\n"
        for area in areas + (security ? ["security"] : []) {
            text += "  \(area):\n"
            if let decides = role.decides[area], !decides.isEmpty { text += "    decides: [\(decides.joined(separator: ", "))]\n" }
            text += "    responsibilities:\n"
            for item in role.responsibilities[area] ?? [] {
                text += "      - id: \(item.id)\n        text: Look after \(item.id).\n"
                if !item.consults.isEmpty { text += "        consults: [\(item.consults.joined(separator: ", "))]\n" }
            }
            if (role.responsibilities[area] ?? []).isEmpty { text.removeLast("    responsibilities:\n".count) }
            if area == "metrics", !role.kpis.isEmpty {
                text += "    kpis:\n" + role.kpis.map { "      - id: \($0)\n        name: \($0)\n" }.joined()
            }
            if text.hasSuffix("  \(area):\n") { text += "    responsibilities: []\n" }
        }
        return text
    }
}

/// Files stored as blobs, as a git tree gives them, so that the walk goes through the decode cache.
private final class BlobStore: @unchecked Sendable {
    private var contents: [[UInt8]] = []
    private var ids: [[UInt8]: String] = [:]

    func tree(_ state: CharterState) -> CharterTree {
        var tree = CharterTree()
        if state.rolesFolder == .file { tree.entries[CharterTree.rolesPath] = blob("roles") }
        if state.rolesFolder == .folder { tree.entries[CharterTree.rolesPath] = .directory }
        for (path, text) in state.files.sorted(by: { $0.key < $1.key }) { tree.entries[path] = blob(text) }
        return tree
    }

    private func blob(_ text: String) -> CharterTree.Entry {
        let bytes = Array(text.utf8)
        if let id = ids[bytes] { return .blob(id: id) }
        let id = "blob-\(contents.count)"
        contents.append(bytes)
        ids[bytes] = id
        return .blob(id: id)
    }

    func read(_ id: String, _ maxBytes: Int) throws -> CharterTree.BlobContent {
        let bytes = contents[Int(id.dropFirst(5))!]
        return bytes.count > maxBytes ? .oversized(bytes.count) : .bytes(bytes)
    }
}

/// The seeded generator of the fast parser's tests, so that every walk is the same on every run.
private typealias SplitMix = FastParserTests.Seeded

extension SplitMix {
    init(seed: UInt64) { self.init(state: seed) }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
