/// A place in a charter repository file: 1-based line and column, as editors count them.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 1, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// How much a finding matters. `off` exists only in a schema's rule table: it silences a rule.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case error, warning, off

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .off: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in a charter repository, located in the file it concerns.
public struct Finding: Hashable, Sendable {
    public var severity: Severity
    public var code: FindingCode
    public var location: SourceLocation
    public var message: String
    /// Other places the finding concerns (the first owner of an overlapping item, say).
    public var related: [SourceLocation]

    public init(_ severity: Severity = .error, _ code: FindingCode, at location: SourceLocation,
                _ message: String, related: [SourceLocation] = []) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
        self.related = related
    }

    /// `2 errors, 1 warning`.
    public static func tally(errors: Int, warnings: Int) -> String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    /// What the user can do about it.
    public var hint: String { code.hint }

    /// Findings in reading order: by file, then position, then code.
    public static func readingOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        (lhs.location.file, lhs.location.line, lhs.location.column, lhs.code.rawValue, lhs.message)
            < (rhs.location.file, rhs.location.line, rhs.location.column, rhs.code.rawValue, rhs.message)
    }
}

extension Array where Element == Finding {
    public var errorCount: Int { count { $0.severity == .error } }
    public var warningCount: Int { count { $0.severity == .warning } }

    /// `2 errors, 1 warning`.
    public var tally: String { Finding.tally(errors: errorCount, warnings: warningCount) }
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
