import CharterGit
import Foundation
import Testing

/// Dates on the command line (issue 16): every form, read against a fixed now.
@Suite("Dates given to --since, --until and --at")
struct DateArgumentTests {
    static let utc = TimeZone(identifier: "UTC")!

    /// Seconds of an ISO 8601 time with a zone, read by `GitTime` (the reader of git's own formats).
    static func seconds(_ iso: String) -> Int64 { GitTime.parse(iso)!.seconds }

    static func date(_ iso: String) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds(iso))) }

    /// Reads `text` at `now` in `timeZone`, as (first, last) in ISO 8601 UTC, for readable failures.
    static func read(_ text: String, now: String = "2024-03-31T10:00:00Z", in timeZone: TimeZone = utc) throws -> [String] {
        let argument = try DateArgument(text, now: date(now), timeZone: timeZone)
        #expect(argument.text == text)
        return [argument.first, argument.last].map { GitTime(seconds: $0, offsetMinutes: 0).iso8601 }
    }

    // MARK: - Instants

    @Test("a time or a relative date names one second", arguments: [
        ("now", "2024-03-31T10:00:00Z"), ("NOW", "2024-03-31T10:00:00Z"), (" now ", "2024-03-31T10:00:00Z"),
        ("0 days ago", "2024-03-31T10:00:00Z"), ("0 months ago", "2024-03-31T10:00:00Z"),
        ("1 second ago", "2024-03-31T09:59:59Z"), ("90 minutes ago", "2024-03-31T08:30:00Z"),
        ("3 hours ago", "2024-03-31T07:00:00Z"), ("1 hour ago", "2024-03-31T09:00:00Z"), ("1 hours ago", "2024-03-31T09:00:00Z"),
        ("1 day ago", "2024-03-30T10:00:00Z"), ("31 days ago", "2024-02-29T10:00:00Z"),
        ("2 weeks ago", "2024-03-17T10:00:00Z"), ("2.weeks.ago", "2024-03-17T10:00:00Z"), ("2 Weeks Ago", "2024-03-17T10:00:00Z"),
        ("last week", "2024-03-24T10:00:00Z"), ("last.day", "2024-03-30T10:00:00Z"),
        // Months and years move the calendar; a day the month lacks becomes its last.
        ("1 month ago", "2024-02-29T10:00:00Z"), ("last month", "2024-02-29T10:00:00Z"), ("2 months ago", "2024-01-31T10:00:00Z"),
        ("3 months ago", "2023-12-31T10:00:00Z"), ("4 months ago", "2023-11-30T10:00:00Z"), ("13 months ago", "2023-02-28T10:00:00Z"),
        ("1 year ago", "2023-03-31T10:00:00Z"), ("12 months ago", "2023-03-31T10:00:00Z"), ("424 years ago", "1600-03-31T10:00:00Z"),
        ("13387975200 seconds ago", "1600-01-01T00:00:00Z"),
        // Times in git's formats, as before.
        ("2021-06-14T10:30:00+02:00", "2021-06-14T08:30:00Z"), ("@1623659400 +0200", "2021-06-14T08:30:00Z"),
        ("Mon, 14 Jun 2021 10:30:00 +0200", "2021-06-14T08:30:00Z"), ("2021-06-14 08:30:00Z", "2021-06-14T08:30:00Z"),
    ])
    func instants(_ text: String, _ expected: String) throws {
        #expect(try Self.read(text) == [expected, expected])
    }

    @Test("a year back from a leap day ends on February 28; four years back finds February 29", arguments: [
        ("1 year ago", "2023-02-28T10:00:00Z"), ("4 years ago", "2020-02-29T10:00:00Z"), ("1 month ago", "2024-01-29T10:00:00Z"),
        ("12 months ago", "2023-02-28T10:00:00Z"),
    ])
    func fromALeapDay(_ text: String, _ expected: String) throws {
        #expect(try Self.read(text, now: "2024-02-29T10:00:00Z") == [expected, expected])
    }

    @Test func monthsKeepTheLocalClockTime() throws {
        // 2024-03-31 12:00 in Paris (summer time, +02:00) is 2024-02-29 12:00 a month back (winter time, +01:00).
        let paris = TimeZone(identifier: "Europe/Paris")!
        #expect(try Self.read("1 month ago", now: "2024-03-31T12:00:00+02:00", in: paris) == ["2024-02-29T11:00:00Z", "2024-02-29T11:00:00Z"])
        // Seconds to weeks are exact seconds back, as in git, whatever the clock did.
        #expect(try Self.read("1 day ago", now: "2024-03-31T12:00:00+02:00", in: paris) == ["2024-03-30T10:00:00Z", "2024-03-30T10:00:00Z"])
    }

    // MARK: - Days and months

    @Test("a day or a month names every second of it", arguments: [
        ("today", "2024-03-31T00:00:00Z", "2024-03-31T23:59:59Z"), ("Yesterday", "2024-03-30T00:00:00Z", "2024-03-30T23:59:59Z"),
        ("2021-06-14", "2021-06-14T00:00:00Z", "2021-06-14T23:59:59Z"), ("2021-6-4", "2021-06-04T00:00:00Z", "2021-06-04T23:59:59Z"),
        ("2024-02-29", "2024-02-29T00:00:00Z", "2024-02-29T23:59:59Z"),
        ("2024-03", "2024-03-01T00:00:00Z", "2024-03-31T23:59:59Z"), ("2024-02", "2024-02-01T00:00:00Z", "2024-02-29T23:59:59Z"),
        ("2023-02", "2023-02-01T00:00:00Z", "2023-02-28T23:59:59Z"), ("2024-12", "2024-12-01T00:00:00Z", "2024-12-31T23:59:59Z"),
        ("2000-02", "2000-02-01T00:00:00Z", "2000-02-29T23:59:59Z"), ("1900-02", "1900-02-01T00:00:00Z", "1900-02-28T23:59:59Z"),
        ("1600-01-01", "1600-01-01T00:00:00Z", "1600-01-01T23:59:59Z"),
        ("9999-12-31", "9999-12-31T00:00:00Z", "9999-12-31T23:59:59Z"), ("9999-12", "9999-12-01T00:00:00Z", "9999-12-31T23:59:59Z"),
    ])
    func periods(_ text: String, _ first: String, _ last: String) throws {
        #expect(try Self.read(text) == [first, last])
    }

    @Test func daysAreLocalDays() throws {
        let plusTwo = TimeZone(secondsFromGMT: 2 * 3600)!
        #expect(try Self.read("2021-06-14", in: plusTwo) == ["2021-06-13T22:00:00Z", "2021-06-14T21:59:59Z"])
        // The day summer time begins in New York has 23 hours.
        let newYork = TimeZone(identifier: "America/New_York")!
        #expect(try Self.read("2024-03-10", in: newYork) == ["2024-03-10T05:00:00Z", "2024-03-11T03:59:59Z"])
        // Just after midnight UTC it is still yesterday in New York.
        #expect(try Self.read("today", now: "2024-03-31T02:00:00Z", in: newYork) == ["2024-03-30T04:00:00Z", "2024-03-31T03:59:59Z"])
    }

    // MARK: - Refusals

    @Test("anything else is refused with the forms that read", arguments: [
        "", "garbage", "2 weeks", "ago", "last", "weeks ago", "-1 days ago", "1.5 days ago", "1e3 days ago", "2 fortnights ago",
        "last tuesday", "tomorrow", "2024-13", "2024-00", "2024-02-30", "2023-02-29", "2024-03-00", "2024-03-01-02", "24-03",
        "1623659400", "2024-03-",
    ])
    func unreadable(_ text: String) {
        #expect(throws: DateArgumentError.unreadable(text)) { try DateArgument(text) }
        #expect(DateArgumentError.unreadable(text).description.contains("a month (2024-03)"))
        #expect(DateArgumentError.unreadable(text).description.contains("2 weeks ago"))
    }

    @Test func aBareYearIsAmbiguous() {
        #expect(throws: DateArgumentError.ambiguousYear("2024")) { try DateArgument("2024") }
        #expect(DateArgumentError.ambiguousYear("2024").description.contains("2024-01"))
    }

    @Test("far out of range is refused, never a trap", arguments: [
        "99999999999 years ago", "9223372036854775807 years ago", "9223372036854775807 months ago", "9223372036854775807 weeks ago",
        "99999999999999999999 seconds ago", "425 years ago", "13387975201 seconds ago", "1599-12", "1599-12-31", "0000-01",
        "1969-12-31T23:59:59Z", "2021-06-14T10:30:00+2500",
    ])
    func outOfRange(_ text: String) {
        #expect(throws: DateArgumentError.outOfRange(text)) { try DateArgument(text, now: Self.date("2024-03-31T10:00:00Z"), timeZone: Self.utc) }
    }

    @Test func theRealClockIsTheDefault() throws {
        let before = Int64(Date().timeIntervalSince1970)
        let now = try DateArgument("now")
        #expect(now.first >= before && now.first <= Int64(Date().timeIntervalSince1970))
        let twoWeeks = try DateArgument("2 weeks ago")
        #expect(now.first - twoWeeks.first >= 14 * 86_400 && now.first - twoWeeks.first <= 14 * 86_400 + 2)
    }
}
