/// A charter schema: the areas every role charter covers, the decision rights that can be held
/// in each area, and how strictly each boundary rule applies. It is data, versioned in the
/// repository (`schema.yaml`), with the four-area schema built in as the default.
public struct Schema: Sendable, Equatable {
    public struct DecisionRight: Sendable, Equatable {
        public var id: String
        /// What holding the right means.
        public var meaning: String
    }

    public struct Area: Sendable, Equatable {
        public var id: String
        public var title: String
        /// The guiding questions the area answers.
        public var questions: [String]
        /// Whether roles may track KPIs in this area.
        public var allowsKPIs: Bool
    }

    public var id: String
    public var version: Int
    public var title: String
    public var decisionRights: [DecisionRight]
    public var areas: [Area]
    public var rules: [Rule: Severity]
    /// Where the schema came from: `schema.yaml`, or `Schemas/four-area.yaml` for the built-in one.
    public var source: String

    public func area(_ id: String) -> Area? { areas.first { $0.id == id } }

    public func severity(of rule: Rule) -> Severity { rules[rule] ?? rule.defaultSeverity }

    /// The built-in four-area schema.
    public static let fourArea: Schema = {
        let log = FindingLog()
        guard let node = try? YAMLReader.read(Array(BuiltinSchema.text.utf8)),
              let schema = SchemaLoader.decode(node, file: BuiltinSchema.path, log: log), log.findings.isEmpty
        else { preconditionFailure("the built-in schema is invalid: \(log.findings)") }
        return schema
    }()

    /// The YAML text of the built-in schema, as `charter schema` prints it.
    public static let fourAreaText = BuiltinSchema.text
}

/// The boundary rules a schema can tune.
public enum Rule: String, Sendable, CaseIterable, Codable {
    /// A responsibility id belongs to exactly one role.
    case singleOwner = "single-owner"
    /// In each area, each decision right is held by at most one role.
    case oneDecider = "one-decider"
    /// In each area, each decision right is held by some role.
    case undecidedRight = "undecided-right"
    /// Every area has at least one responsibility in some role.
    case coverage
    /// A KPI id is tracked by exactly one role.
    case kpiOwner = "kpi-owner"
    /// `reports-to` and `consults` name roles (or external names) that exist.
    case references
    /// Nobody reports, through any chain, to themselves.
    case reportingCycle = "reporting-cycle"

    public var defaultSeverity: Severity { self == .undecidedRight ? .warning : .error }
}
