import CharterGit
import Foundation
import Testing

@Suite("Dates and identities as git reads them")
struct GitTimeTests {
    @Test(arguments: [
        ("1623659400 +0200", 1_623_659_400, 120),
        ("@1623659400", 1_623_659_400, 0),
        ("@1623659400 -0130", 1_623_659_400, -90),
        ("2021-06-14T10:30:00+02:00", 1_623_659_400, 120),
        ("2021-06-14T10:30:00.250+0200", 1_623_659_400, 120),
        ("2021-06-14 08:30:00Z", 1_623_659_400, 0),
        ("2021-06-14T08:30Z", 1_623_659_400, 0),
        ("Mon, 14 Jun 2021 10:30:00 +0200", 1_623_659_400, 120),
        ("14 Jun 2021 10:30 +0200", 1_623_659_400, 120),
    ])
    func parses(_ text: String, _ seconds: Int64, _ offset: Int) {
        #expect(GitTime.parse(text) == GitTime(seconds: seconds, offsetMinutes: offset))
    }

    @Test(arguments: ["", "yesterday", "2021-13-01T00:00:00Z", "2021-02-30T00:00:00Z", "2021-06-14T25:00:00Z",
                      "1623659400", "1623659400 +2500", "Mon, 14 Foo 2021 10:30:00 +0200"])
    func rejects(_ text: String) {
        #expect(GitTime.parse(text) == nil)
    }

    @Test func dateWithoutAZoneIsLocalTime() {
        let parsed = GitTime.parse("2021-06-14T10:30:00")
        #expect(parsed != nil)
        #expect(parsed.map { $0.seconds + Int64($0.offsetMinutes * 60) } == 1_623_666_600)
    }

    @Test func authorSyntax() {
        let now = GitTime(seconds: 0, offsetMinutes: 0)
        #expect(Identity.parse("Dana Reyes <dana@acme.example>", time: now) == Identity(name: "Dana Reyes", email: "dana@acme.example", time: now))
        #expect(Identity.parse("Dana <d@x> ", time: now)?.email == "d@x")
        #expect(Identity.parse("Dana", time: now) == nil)
        #expect(Identity.parse("<d@x>", time: now) == nil)
        #expect(Identity.parse("Dana <>", time: now) == nil)
        #expect(Identity.parse("Dana <d@x> trailing", time: now) == nil)
    }

    @Test func environmentOverConfigurationAndExplicitAuthorOverBoth() throws {
        let environment = ["GIT_AUTHOR_NAME": "Env Author", "GIT_AUTHOR_EMAIL": "env@a", "GIT_COMMITTER_NAME": "Env Committer",
                           "GIT_COMMITTER_EMAIL": "env@c", "GIT_AUTHOR_DATE": "@100 +0000", "GIT_COMMITTER_DATE": "@200 +0100"]
        let resolved = try Identity.resolve(author: nil, in: nil, environment: environment)
        #expect(resolved.author == Identity(name: "Env Author", email: "env@a", time: GitTime(seconds: 100, offsetMinutes: 0)))
        #expect(resolved.committer == Identity(name: "Env Committer", email: "env@c", time: GitTime(seconds: 200, offsetMinutes: 60)))
        let explicit = try Identity.resolve(author: "Flag Author <flag@a>", in: nil, environment: environment)
        #expect(explicit.author.name == "Flag Author")
        #expect(explicit.author.time.seconds == 100)
    }

    @Test(arguments: [
        (GitTime(seconds: 0, offsetMinutes: 0), "1970-01-01T00:00:00Z"),
        (GitTime(seconds: 1_623_659_400, offsetMinutes: 120), "2021-06-14T10:30:00+02:00"),
        (GitTime(seconds: 1_623_659_400, offsetMinutes: -330), "2021-06-14T03:00:00-05:30"),
        (GitTime(seconds: 951_782_400, offsetMinutes: 0), "2000-02-29T00:00:00Z"),
        (GitTime(seconds: -1, offsetMinutes: 0), "1969-12-31T23:59:59Z"),
        (GitTime(seconds: 4_102_444_799, offsetMinutes: 60), "2100-01-01T00:59:59+01:00"),
    ])
    func formatsISO8601(_ time: GitTime, _ text: String) {
        #expect(time.iso8601 == text)
        #expect(time.day == String(text.prefix(10)))
    }

    @Test func formattingAgreesWithFoundationOverManyDays() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        for seconds in stride(from: Int64(-2_000_000_000), to: 5_000_000_000, by: 7_777_777) {
            let ours = GitTime(seconds: seconds, offsetMinutes: 0).iso8601
            #expect(ours == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))), "\(seconds)")
        }
    }
}
