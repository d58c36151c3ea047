import CharterCore
import Testing

@Suite("Finding digests: many warnings of one code cut to a few and a count")
struct FindingDigestTests {
    static func findings(_ code: FindingCode, _ severity: Severity, _ count: Int) -> [Finding] {
        (1...count).map { Finding(severity, code, at: SourceLocation(file: "roles/r\($0).yaml"), "\(code.rawValue) \($0)") }
    }

    @Test func fewWarningsOfACodeAreShownWhole() {
        let findings = Self.findings(.undecided, .warning, FindingDigest.threshold)
        let digest = FindingDigest(findings)
        #expect(digest.shown == findings && digest.elided.isEmpty)
    }

    @Test func manyWarningsOfACodeShowTheFirstFewAndCountTheRest() {
        let undecided = Self.findings(.undecided, .warning, 41)
        let other = Self.findings(.unknownKey, .warning, 2)
        let errors = Self.findings(.overlap, .error, 9)
        let digest = FindingDigest(errors + undecided + other)
        #expect(digest.shown == errors + undecided.prefix(FindingDigest.examples) + other, "every error, the first warnings, the other codes whole")
        #expect(digest.elided == [FindingDigest.Elided(code: .undecided, count: 41 - FindingDigest.examples)])
    }

    @Test func allKeepsEverything() {
        let findings = Self.findings(.undecided, .warning, 12)
        #expect(FindingDigest(all: findings).shown == findings)
    }
}
