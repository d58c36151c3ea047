import CharterCore
import CharterGit
import Foundation

/// SARIF 2.1.0, the static-analysis format code scanning tools read (GitHub code scanning, SARIF
/// viewers): one run of charter, with a rule per code the command checks and a result per finding.
/// A finding in a file is located there (repository-relative path, line, column); a finding about a
/// commit (audit) is located by a logical location of kind `commit`, the files of an invalid commit's
/// findings as related locations; a missing approval, at the role's file. Message texts go through
/// `SARIFText` (no link or placeholder forms from content), every string through `JSONValue`.
enum SARIFRenderer {
    static func render(_ result: ValidationResult, to out: Terminal) {
        write(rules: findingRules, results: result.report.findings.map(self.result), to: out)
    }

    static func render(_ audit: HistoryAudit, to out: Terminal) {
        write(rules: auditRules, results: audit.entries.map(result), to: out)
    }

    static func render(_ review: ReviewReport, to out: Terminal) {
        let approvals = review.missing.map { approval in
            // A role the change removes has no file left to point at.
            let location = review.result.charters.role(approval.role) == nil
                ? logical(approval.role, kind: "role") : physical(SourceLocation(file: CharterTree.roleFile(approval.role)))
            return Result(ruleId: AuditRules.Code.missingApproval.rawValue, severity: .error,
                          message: approval.notApproved, location: location)
        }
        // What the tip could not read is among the result's findings; what the base could not, only here.
        let unreadable = review.comparison.unreadable.filter { $0.side == .from }.map { file in
            var base = result(file.finding)
            base.message = "unreadable in \(file.snapshot.shortLabel), left out of the diff: " + base.message
            return base
        }
        let rules = auditRules + findingRules.filter { rule in !auditRules.contains { $0.id == rule.id } }
        write(rules: rules, results: approvals + unreadable + review.audit.entries.map(result) + review.result.findings.map(result), to: out)
    }

    // MARK: - Rules and results

    /// A code: its summary is the short description, its hint the help, both the full description
    /// (code scanning requires all three).
    private struct Rule {
        var id: String
        var summary: String
        var hint: String
    }

    private static let findingRules = FindingCode.allCases.map { Rule(id: $0.rawValue, summary: $0.summary, hint: $0.hint) }
    private static let auditRules = AuditRules.Code.allCases.map { Rule(id: $0.rawValue, summary: $0.summary, hint: $0.hint) }

    private struct Result {
        var ruleId: String
        var severity: Severity
        var message: String
        var location: JSONValue
        var related: [(location: SourceLocation, message: String?)] = []
        var properties: [(String, JSONValue)] = []
    }

    private static func result(_ finding: Finding) -> Result {
        Result(ruleId: finding.code.rawValue, severity: finding.severity, message: finding.message, location: physical(finding.location),
               related: finding.related.map { ($0, nil) })
    }

    private static func result(_ entry: HistoryAudit.Entry) -> Result {
        Result(ruleId: entry.finding.code.rawValue, severity: entry.finding.severity, message: entry.finding.message,
               location: logical(entry.info.id.short, fullyQualified: entry.info.id.description, kind: "commit"),
               related: entry.details.map { ($0.location, "\($0.code.rawValue): \($0.message)") },
               properties: [("commit", .string(entry.info.id.description)), ("date", .string(entry.info.author.time.iso8601)),
                            ("subject", .string(entry.info.subject))])
    }

    // MARK: - JSON

    private static func write(rules: [Rule], results: [Result], to out: Terminal) {
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let driver: JSONValue = .object([
            ("name", "charter"),
            ("version", .string(Charter.configuration.version)),
            ("rules", .array(rules.map { rule in
                .object([("id", .string(rule.id)), ("shortDescription", text(rule.summary)),
                         ("fullDescription", text("\(rule.summary). What to do: \(rule.hint).")), ("help", text(rule.hint))])
            })),
        ])
        let log: JSONValue = .object([
            ("$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"),
            ("version", "2.1.0"),
            ("runs", [.object([
                ("tool", .object([("driver", driver)])),
                // Columns as text output counts them (`SourceLocation`): code points, not UTF-16 units.
                ("columnKind", "unicodeCodePoints"),
                ("results", .array(results.map { result in
                    var members: [(String, JSONValue)] = [
                        ("ruleId", .string(result.ruleId)), ("ruleIndex", .int(index[result.ruleId]!)),
                        ("level", .string(result.severity.level)),
                        ("message", text(result.message)),
                        ("locations", [result.location]),
                    ]
                    if !result.related.isEmpty {
                        members.append(("relatedLocations", .array(result.related.enumerated().map { number, related in
                            .object([("id", .int(number + 1)), ("physicalLocation", physicalLocation(related.location))]
                                + (related.message.map { [("message", text($0))] } ?? []))
                        })))
                    }
                    if !result.properties.isEmpty { members.append(("properties", .object(result.properties))) }
                    return .object(members)
                })),
            ])]),
        ])
        out.write(log.rendered() + "\n")
    }

    /// A message or description: every text SARIF writes goes through here, escaped once.
    private static func text(_ text: String) -> JSONValue { .object([("text", .string(SARIFText.escaped(text)))]) }

    /// A place in a file of the repository.
    private static func physical(_ location: SourceLocation) -> JSONValue {
        .object([("physicalLocation", physicalLocation(location))])
    }

    private static func physicalLocation(_ location: SourceLocation) -> JSONValue {
        .object([
            ("artifactLocation", .object([("uri", .string(location.file.addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? location.file)),
                                          ("uriBaseId", .string(sourceRoot))])),
            ("region", .object([("startLine", .int(location.line)), ("startColumn", .int(location.column))])),
        ])
    }

    /// The base of every relative URI: the folder that holds charter.yaml, which the consumer supplies
    /// (code scanning does), so that the log names no path of the machine that wrote it.
    private static let sourceRoot = "%SRCROOT%"

    /// What a relative URI keeps of a path as it is; a colon would read as a scheme.
    private static let pathAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: ":"))

    /// Something that is not a place in a file: a commit, a role.
    private static func logical(_ name: String, fullyQualified: String? = nil, kind: String) -> JSONValue {
        .object([("logicalLocations", [.object([("name", .string(name))]
            + (fullyQualified.map { [("fullyQualifiedName", .string($0))] } ?? []) + [("kind", .string(kind))])])])
    }
}
