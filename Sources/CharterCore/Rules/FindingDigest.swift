/// Findings as text shows them to a person: every error, and the warnings of each code, unless more
/// than `threshold` share it: then the first `examples` of them and a count of the rest. After an
/// acquisition, forty `pending-integration` warnings of three lines each would bury the one error
/// that matters; three show the pattern, the count says how big it is. Five or fewer of a code are
/// shown whole, as a count would save little. Machine formats take every finding, never a digest.
public struct FindingDigest: Sendable, Equatable {
    /// The warnings of one code left out.
    public struct Elided: Sendable, Equatable {
        public var code: FindingCode
        public var count: Int

        public init(code: FindingCode, count: Int) {
            self.code = code
            self.count = count
        }
    }

    /// More warnings of one code than this are cut to `examples`.
    public static let threshold = 5
    public static let examples = 3

    /// The findings to show, in their order.
    public var shown: [Finding]
    /// The warnings left out, by code, in the order their codes first appear.
    public var elided: [Elided]

    public init(_ findings: [Finding], threshold: Int = Self.threshold, examples: Int = Self.examples) {
        var counts: [FindingCode: Int] = [:]
        for finding in findings where finding.severity == .warning { counts[finding.code, default: 0] += 1 }
        var seen: [FindingCode: Int] = [:]
        var elided: [Elided] = []
        shown = findings.filter { finding in
            guard finding.severity == .warning, let count = counts[finding.code], count > threshold else { return true }
            seen[finding.code, default: 0] += 1
            if seen[finding.code] == examples + 1 { elided.append(Elided(code: finding.code, count: count - examples)) }
            return seen[finding.code]! <= examples
        }
        self.elided = elided
    }

    /// Every finding, none left out.
    public init(all findings: [Finding]) {
        shown = findings
        elided = []
    }
}
