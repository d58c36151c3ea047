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
    /// The role's part of each schema area, in file order.
    public var areas: [AreaCharter]

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
    /// Companies whose charters were imported (`charter import`), by the prefix of their role ids.
    /// Overlaps between an imported role and another are integration work, reported as warnings.
    public var imports: [Import] = []

    public struct Import: Sendable, Equatable {
        public var prefix: String
        public var company: String?

        public init(prefix: String, company: String?) {
            self.prefix = prefix
            self.company = company
        }
    }

    /// Whether a role id came with an import.
    public func isImported(_ role: String) -> Bool {
        imports.contains { role.hasPrefix($0.prefix + "-") }
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

    public init(company: Company?, schema: Schema, roles: [Role], unreadableRoles: Set<String> = []) {
        self.company = company
        self.schema = schema
        self.roles = roles
        self.unreadableRoles = unreadableRoles
    }

    public func role(_ id: String) -> Role? { roles.first { $0.id == id } }

    /// Whether every role file could be read, so that rules over all roles can be judged.
    public var isComplete: Bool { unreadableRoles.isEmpty }
}
