import CharterCore
import CharterGit

/// JUnit XML, as Jenkins, GitLab and the GitHub test reporters read it: `testsuites`, a `testsuite` per
/// part of the command, a `testcase` per check, counts in attributes. Every rule charter checks appears,
/// so CI shows what was checked:
///
/// - a rule that found nothing is one passing testcase named after it (`overlap`); one a schema turns
///   off is skipped;
/// - a rule that found something is a testcase per file (validate) or commit (audit) it found it in
///   (`overlap: roles/cto.yaml`, `missing-approval: 1a2b3c4 Subject`): with an error, one `failure`
///   whose message is the first finding, located (`roles/cto.yaml:10:11: …`), and whose text lists
///   them all; with warnings only, it passes and lists them in `system-out`;
/// - review adds a testcase per approval the change needs, and whether both sides could be read.
///
/// Repository content goes through `XMLText` where it is interpolated.
enum JUnitRenderer {
    static func render(_ result: ValidationResult, to out: Terminal) {
        out.write(document("charter validate", [Suite(name: "charter validate", cases: validation(result.report, classname: "charter.validate"))]))
    }

    static func render(_ audit: HistoryAudit, to out: Terminal) {
        out.write(document("charter audit", [Suite(name: "charter audit", cases: self.audit(audit, classname: "charter.audit"))]))
    }

    static func render(_ review: ReviewReport, to out: Terminal) {
        let approvals = review.approvals.map { approval in
            Case(classname: "charter.review.approvals", name: "approval of \(approval.role)",
                 outcome: approval.isPresent ? .passed(output: xml("approved in \(approval.approvedIn.map(\.short).joined(separator: ", ")): \(approval.changeList)") + "\n")
                     : .failed(type: AuditRules.Code.missingApproval.rawValue, message: approval.notApproved, text: xml(approval.notApproved) + "\n"))
        }
        let unreadable = review.comparison.unreadable.map { file in
            "\(file.finding.location) in \(file.snapshot.shortLabel): \(file.finding.message)"
        }
        let readable = Case(classname: "charter.review.diff", name: "both sides readable",
                            outcome: unreadable.isEmpty ? .passed(output: nil)
                                : .failed(type: "unreadable", message: "left out of the diff: " + unreadable[0],
                                          text: unreadable.map { "left out of the diff: \(xml($0))\n" }.joined()))
        out.write(document("charter review", [
            Suite(name: "charter review: boundary diff", cases: [readable]),
            Suite(name: "charter review: approvals",
                  cases: approvals.isEmpty ? [Case(classname: "charter.review.approvals", name: "no approval needed", outcome: .passed(output: nil))] : approvals),
            Suite(name: "charter review: audit", cases: audit(review.audit, classname: "charter.review.audit")),
            Suite(name: "charter review: result", cases: validation(review.result, classname: "charter.review.result")),
        ]))
    }

    // MARK: - Checks

    private struct Suite {
        var name: String
        var cases: [Case]
    }

    private struct Case {
        enum Outcome {
            /// `output`: what it reports without failing (warnings), as XML text.
            case passed(output: String?)
            /// `text`: every finding, as XML text.
            case failed(type: String, message: String, text: String)
            case skipped(String)
        }

        var classname: String
        var name: String
        /// Where the first finding is.
        var location: SourceLocation?
        var outcome: Outcome

        init(classname: String, name: String, location: SourceLocation? = nil, outcome: Outcome) {
            self.classname = classname
            self.name = name
            self.location = location
            self.outcome = outcome
        }
    }

    /// Every finding code, per file it found something in.
    private static func validation(_ report: ValidationReport, classname: String) -> [Case] {
        let schema = report.charters.schema
        return FindingCode.allCases.flatMap { code -> [Case] in
            let found = report.findings.filter { $0.code == code }
            guard !found.isEmpty else {
                if let rule = code.rule, schema.severity(of: rule) == .off {
                    return [Case(classname: classname, name: code.rawValue, outcome: .skipped("rule \(rule.rawValue) is off in schema \(schema.id)"))]
                }
                return [Case(classname: classname, name: code.rawValue, outcome: .passed(output: nil))]
            }
            return grouped(found, by: \.location.file).map { file, findings in
                let text = findings.map { finding in
                    "\(xml(finding.location.description)): \(finding.severity.rawValue)[\(code.rawValue)]: \(xml(finding.message))\n"
                        + finding.related.map { "  see: \(xml($0.description))\n" }.joined() + "  hint: \(xml(finding.hint))\n"
                }.joined()
                let first = findings.first { $0.severity == .error }
                return Case(classname: classname, name: "\(code.rawValue): \(file)", location: findings[0].location,
                            outcome: first.map { .failed(type: code.rawValue, message: "\($0.location): \($0.message)", text: text) }
                                ?? .passed(output: text))
            }
        }
    }

    /// Every audit code, per commit it found something at.
    private static func audit(_ audit: HistoryAudit, classname: String) -> [Case] {
        AuditRules.Code.allCases.flatMap { code -> [Case] in
            let found = audit.entries.filter { $0.finding.code == code }
            guard !found.isEmpty else { return [Case(classname: classname, name: code.rawValue, outcome: .passed(output: nil))] }
            return grouped(found, by: \.info.id).map { commit, entries in
                let info = entries[0].info
                let text = "commit \(commit) \(info.author.time.day) \(xml(info.subject))\n" + entries.map { entry in
                    "\(entry.finding.severity.rawValue)[\(code.rawValue)]: \(xml(entry.finding.message))\n"
                        + entry.details.map { "  \(xml($0.location.description)): \($0.severity.rawValue)[\($0.code.rawValue)]: \(xml($0.message))\n" }.joined()
                }.joined()
                let first = entries.first { $0.finding.severity == .error }
                // The subject cut as text output cuts it: a name is one line of a CI page.
                return Case(classname: classname, name: "\(code.rawValue): \(commit.short) \(info.subject.excerpt(limit: 200))",
                            outcome: first.map { .failed(type: code.rawValue, message: "\(commit.short): \($0.finding.message)", text: text) }
                                ?? .passed(output: text))
            }
        }
    }

    /// The elements grouped by `key`, in the order each key first appears.
    private static func grouped<Element, Key: Hashable>(_ elements: [Element], by key: (Element) -> Key) -> [(Key, [Element])] {
        var order: [Key] = []
        var groups: [Key: [Element]] = [:]
        for element in elements {
            let value = key(element)
            if groups[value] == nil { order.append(value) }
            groups[value, default: []].append(element)
        }
        return order.map { ($0, groups[$0]!) }
    }

    // MARK: - XML

    private static func document(_ name: String, _ suites: [Suite]) -> String {
        let cases = suites.flatMap(\.cases)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"\(name)\"\(counts(cases))>\n"
            + suites.map { suite in
                "  <testsuite name=\"\(suite.name)\"\(counts(suite.cases))>\n" + suite.cases.map(element).joined() + "  </testsuite>\n"
            }.joined()
            + "</testsuites>\n"
    }

    /// ` tests="3" failures="1" errors="0" skipped="0" time="0"`: charter's checks fail, they never err.
    private static func counts(_ cases: [Case]) -> String {
        var failures = 0, skipped = 0
        for check in cases {
            switch check.outcome {
            case .failed: failures += 1
            case .skipped: skipped += 1
            case .passed: break
            }
        }
        return " tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"0\""
    }

    private static func element(_ check: Case) -> String {
        let location = check.location.map { " file=\"\(xml($0.file))\" line=\"\($0.line)\"" } ?? ""
        let open = "    <testcase classname=\"\(check.classname)\" name=\"\(xml(check.name))\"\(location) time=\"0\""
        switch check.outcome {
        case .passed(nil):
            return open + "/>\n"
        case .passed(let output?):
            return open + ">\n      <system-out>\(output)</system-out>\n    </testcase>\n"
        case .failed(let type, let message, let text):
            return open + ">\n      <failure type=\"\(type)\" message=\"\(xml(message))\">\(text)</failure>\n    </testcase>\n"
        case .skipped(let reason):
            return open + ">\n      <skipped message=\"\(xml(reason))\"/>\n    </testcase>\n"
        }
    }

    /// Repository content, in XML text or an attribute value.
    private static func xml(_ text: String) -> String { XMLText.escaped(text) }
}
