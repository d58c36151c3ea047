/// One role's charter: `roles/<id>.yaml`.
public struct Role: Sendable, Equatable {
    public var id: String
    /// The repository path of the file, `roles/<id>.yaml`.
    public var file: String
    /// Where `role:` was written.
    public var location: SourceLocation
    public var title: String
    public var holder: String?
    public var reportsTo: Located<String>?
    /// The roles this role continues (`continues: [cto]`): what it was called before a rename, the roles
    /// merged into it, the role it was split off from. Lineage is history: only the names a commit adds
    /// here mean anything, and only in that commit (`RoleLineage`).
    public var continues: [Located<String>] = []
    /// The public keys that speak for the role (OpenSSH lines, `ssh-ed25519 AAAA… dana@acme`): its
    /// holder's. An approval signed with one of them, as they stood before the approved commit, is the role's.
    public var keys: [Located<String>] = []
    /// The role's part of each schema area, in file order.
    public var areas: [AreaCharter]

    public init(id: String, file: String, location: SourceLocation, title: String, holder: String?,
                reportsTo: Located<String>?, continues: [Located<String>] = [], keys: [Located<String>] = [],
                areas: [AreaCharter]) {
        self.id = id
        self.file = file
        self.location = location
        self.title = title
        self.holder = holder
        self.reportsTo = reportsTo
        self.continues = continues
        self.keys = keys
        self.areas = areas
    }

    public func area(_ id: String) -> AreaCharter? { areas.first { $0.area == id } }
}

/// What a role holds in one area of the schema.
public struct AreaCharter: Sendable, Equatable {
    public var area: String
    /// Where the area's key was written.
    public var location: SourceLocation
    public var mandate: String?
    /// The decision rights (why, what, when, how) the role holds in this area.
    public var decides: [Located<String>]
    public var responsibilities: [Responsibility]
    public var kpis: [KPI]
}

public struct Responsibility: Sendable, Equatable {
    public var id: String
    public var text: String
    /// Roles this role consults on the responsibility without owning it.
    public var consults: [Located<String>]
    public var location: SourceLocation
}

public struct KPI: Sendable, Equatable {
    public var id: String
    public var name: String
    public var location: SourceLocation
}

/// The company file, `charter.yaml`.
public struct Company: Sendable, Equatable {
    public enum Stage: String, Sendable, CaseIterable {
        case emerging, growth, scale
    }

    public var name: String
    public var stage: Stage
    /// The schema the company declares (`schema:`), when it declares one.
    public var schema: Located<String>?
    /// Names outside the charters that roles may report to (`ceo`, `board`).
    public var external: [Located<String>]
    /// The public keys that speak for the external names (`keys: {ceo: [ssh-ed25519 …]}`), by name.
    public var keys: [String: [Located<String>]] = [:]
    /// Whether approvals must be signed (`approvals: signed`): from the commit that says so on, an
    /// `Approved-By` with no valid signature is an error rather than a warning.
    public var approvals: ApprovalPolicy = .typed

    public enum ApprovalPolicy: String, Sendable, CaseIterable {
        case typed, signed
    }

    /// Companies whose charters were imported (`charter import`), by the prefix of their role ids.
    /// An entry is only a claim: it counts when the history holds the import it names (`RecordedImport`).
    public var imports: [Import] = []

    public struct Import: Sendable, Equatable {
        public var prefix: String
        public var company: String?
        /// Where the entry was written.
        public var location: SourceLocation

        public init(prefix: String, company: String?, location: SourceLocation = SourceLocation(file: "charter.yaml")) {
            self.prefix = prefix
            self.company = company
            self.location = location
        }
    }
}

/// An import as the history records it: the merge `charter import` made, and what each role it
/// brought held on arrival. Only these make an overlap integration work rather than an error;
/// an `imports:` entry in charter.yaml without one is a claim nobody made.
public struct RecordedImport: Sendable, Equatable {
    public var prefix: String
    /// The import merge.
    public var commit: String
    /// For each role the import brought: the keys of what it held on arrival (`ItemKey`).
    public var holdings: [String: Set<String>]

    public init(prefix: String, commit: String, holdings: [String: Set<String>]) {
        self.prefix = prefix
        self.commit = commit
        self.holdings = holdings
    }

    /// The record of an import whose acquired side (the merge's second parent) holds `brought`.
    public init(prefix: String, commit: String, brought: CharterSet) {
        let roles = brought.roles.filter { $0.id.hasPrefix(prefix + "-") }
        self.init(prefix: prefix, commit: commit,
                  holdings: Dictionary(uniqueKeysWithValues: roles.map { ($0.id, ItemKey.all(of: $0)) }))
    }
}

/// The key of anything a role can hold, stable across areas: `responsibility:roadmap`,
/// `kpi:retention`, `decision:strategy/why`.
public enum ItemKey {
    public static func responsibility(_ id: String) -> String { "responsibility:\(id)" }
    public static func kpi(_ id: String) -> String { "kpi:\(id)" }
    public static func decision(area: String, right: String) -> String { "decision:\(area)/\(right)" }

    /// The keys of everything a role holds.
    public static func all(of role: Role) -> Set<String> {
        Set(role.areas.flatMap { area in
            area.decides.map { decision(area: area.area, right: $0.value) } + area.responsibilities.map { responsibility($0.id) }
                + area.kpis.map { kpi($0.id) }
        })
    }

    /// The key a change is about, when it is about an item or a decision right.
    public static func of(_ change: BoundaryChange) -> String? {
        guard let item = change.item, let kind = change.itemKind else { return nil }
        switch kind {
        case .decision: return decision(area: change.area ?? "", right: item)
        case .kpi: return kpi(item)
        case .responsibility: return responsibility(item)
        }
    }
}

/// Everything read from one revision (or the work tree) of a charter repository.
public struct CharterSet: Sendable, Equatable {
    public var company: Company?
    public var schema: Schema
    /// Roles sorted by id.
    public var roles: [Role]
    /// Role files present but unreadable (invalid YAML, wrong structure), by the id their file name gives.
    /// Other roles may still refer to them; rules that need every role (coverage) wait until they are fixed.
    public var unreadableRoles: Set<String>
    /// The imports the history records up to this revision; `company.imports` entries are checked against them.
    public var recordedImports: [RecordedImport]

    public init(company: Company?, schema: Schema, roles: [Role], unreadableRoles: Set<String> = [],
                recordedImports: [RecordedImport] = []) {
        self.company = company
        self.schema = schema
        self.roles = roles
        self.unreadableRoles = unreadableRoles
        self.recordedImports = recordedImports
    }

    /// Whether `role` holds `key` because an import brought it there: the import is recorded in the
    /// history, declared in charter.yaml, and the role held the key when it arrived.
    public func broughtByImport(_ role: String, _ key: String) -> Bool {
        let declared = Set(company?.imports.map(\.prefix) ?? [])
        return recordedImports.contains { declared.contains($0.prefix) && $0.holdings[role]?.contains(key) == true }
    }

    public func role(_ id: String) -> Role? { roles.first { $0.id == id } }

    /// Whether every role file could be read, so that rules over all roles can be judged.
    public var isComplete: Bool { unreadableRoles.isEmpty }
}
