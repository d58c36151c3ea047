import CharterGit
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
}
