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

    // MARK: - Extremes

    @Test(arguments: [
        (GitTime(seconds: .max, offsetMinutes: 0), "+292277026596-12-04T15:30:07Z"),
        (GitTime(seconds: .max, offsetMinutes: 840), "+292277026596-12-05T05:30:07+14:00"),
        (GitTime(seconds: .min, offsetMinutes: 0), "-292277022657-01-27T08:29:52Z"),
        (GitTime(seconds: .min, offsetMinutes: -899), "-292277022657-01-26T17:30:52-14:59"),
        (GitTime(seconds: 99_999_999_999, offsetMinutes: 840), "5138-11-16T23:46:39+14:00"),
        (GitTime(seconds: -62_135_596_800, offsetMinutes: 0), "0001-01-01T00:00:00Z"),
        (GitTime(seconds: 253_402_300_800, offsetMinutes: 0), "+10000-01-01T00:00:00Z"),
    ])
    func formatsExtremesWithoutOverflow(_ time: GitTime, _ text: String) {
        #expect(time.iso8601 == text)
        #expect(time.day == String(text.prefix { $0 != "T" }))
    }

    @Test func absurdOffsetsFormatWithoutTrapping() {
        for seconds in [Int64.min, -1, 0, 1, .max] {
            for offset in [Int.min, Int.min + 1, -1, 1, Int.max] {
                let text = GitTime(seconds: seconds, offsetMinutes: offset).iso8601
                #expect(text.contains("T"), "\(seconds) \(offset)")
            }
        }
    }

    @Test(arguments: [
        ("@99999999999 +1400", GitTime(seconds: 99_999_999_999, offsetMinutes: 840)),
        ("5138-11-16T09:46:39Z", GitTime(seconds: 99_999_999_999, offsetMinutes: 0)),
        ("@9223372036854775807 -1459", GitTime(seconds: .max, offsetMinutes: -899)),
        ("@0 +0000", GitTime(seconds: 0, offsetMinutes: 0)),
        ("1970-01-01T01:00:00+01:00", GitTime(seconds: 0, offsetMinutes: 60)),
    ])
    func readsEveryDateGitStores(_ text: String, _ time: GitTime) {
        #expect(GitTime.read(text) == .time(time))
        #expect(time.isWritable)
    }

    @Test(arguments: ["@-1 +0000", "-1 +0000", "@9223372036854775808 +0000", "@18446744073709551615 +0000",
                      "@100 +1500", "@100 -1500", "1623659400 +2500", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00+01:00",
                      "0001-01-01T00:00:00Z"])
    func refusesDatesOutsideGitsRange(_ text: String) {
        #expect(GitTime.read(text) == .outOfRange)
        #expect(GitTime.parse(text) == nil)
    }

    @Test func theRangeIsSaidInWords() {
        #expect(GitTime.writableRange.contains("1970-01-01T00:00:00Z"))
        #expect(GitTime.writableRange.contains("+292277026596-12-04T15:30:07Z (@9223372036854775807 +0000)"))
        #expect(GitTime.writableRange.contains("-14:59 to +14:59"))
    }

    // MARK: - Names and emails

    @Test(arguments: [
        ("Eve\nparent 0000", "a line feed"), ("Eve\r", "a carriage return"), ("Eve\0x", "a NUL"),
        ("Eve <x", "'<'"), ("Eve>", "'>'"), ("Eve\u{1B}[31m", "a control character (U+001B)"),
        ("Eve\u{7F}", "a control character (U+007F)"), ("Eve\u{85}", "a control character (U+0085)"),
        ("Eve\u{2028}x", "a line break (U+2028)"),
    ])
    func refusesNamesThatWouldCorruptACommit(_ value: String, _ problem: String) {
        #expect(throws: IdentityError.self) { try Identity.checked(value, source: "GIT_AUTHOR_NAME") }
        do {
            _ = try Identity.checked(value, source: "GIT_AUTHOR_NAME")
        } catch {
            #expect(error.description.hasPrefix("GIT_AUTHOR_NAME '"))
            #expect(error.description.contains("contains \(problem);"), "\(error)")
            #expect(!error.description.contains(where: { $0.isNewline || $0 == "\0" || $0 == "\u{1B}" }), "the message is one clean line")
        }
    }

    @Test(arguments: [(" Eve Smith ", "Eve Smith"), (".,Eve Smith;. ", "Eve Smith"), ("Sammy Davis Jr.", "Sammy Davis Jr"),
                      (":\"Eve'\\", "Eve"), ("Eve \"Q\" Smith", "Eve \"Q\" Smith"), ("Zoë", "Zoë"), ("  ev@x. ", "ev@x")])
    func stripsWhatGitStrips(_ value: String, _ stored: String) throws {
        #expect(try Identity.checked(value, source: "user.name in git config") == stored)
    }

    @Test func refusesANameGitWouldFindEmpty() {
        #expect(throws: IdentityError.self) { try Identity.checked(".,; ", source: "user.name in git config") }
    }

    @Test func resolveNamesWhereABadValueCameFrom() {
        let base = ["GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "C", "GIT_COMMITTER_EMAIL": "c@x"]
        for (variable, value) in [("GIT_AUTHOR_NAME", "Eve\0"), ("GIT_AUTHOR_EMAIL", "e\n@x"), ("GIT_COMMITTER_NAME", "<Eve>"),
                                  ("GIT_COMMITTER_EMAIL", "e\r@x")] {
            var environment = base
            environment[variable] = value
            #expect(throws: IdentityError.self) { try Identity.resolve(author: nil, in: nil, environment: environment) }
            do {
                _ = try Identity.resolve(author: nil, in: nil, environment: environment)
            } catch {
                #expect(error.description.hasPrefix(variable + " "), "\(error)")
            }
        }
        #expect(throws: IdentityError.invalidField(source: "--author", value: "Eve\0", problem:
            "contains a NUL; names and emails may not contain line breaks, NUL, other control characters, '<' or '>'")) {
            try Identity.resolve(author: "Eve\0 <e@x>", in: nil, environment: base)
        }
        #expect(throws: IdentityError.dateOutOfRange(variable: "GIT_COMMITTER_DATE", value: "@-1 +0000")) {
            try Identity.resolve(author: nil, in: nil, environment: base.merging(["GIT_COMMITTER_DATE": "@-1 +0000"]) { $1 })
        }
        let far = try? Identity.resolve(author: nil, in: nil, environment: base.merging(["GIT_AUTHOR_DATE": "@99999999999 +1400"]) { $1 })
        #expect(far?.author.time == GitTime(seconds: 99_999_999_999, offsetMinutes: 840))
    }
}
