import Foundation

/// A date given on the command line (`--since`, `--until`, `--at`), read as the span of time it
/// names: a time names one second, a day every second of that day, a month every second of that
/// month. `--since` starts at `first`, `--until` and `--at` end at `last`, so `--since 2024-03
/// --until 2024-03` is all of March.
///
/// Forms, case-insensitive:
/// - a day `2021-06-14` or a month `2024-03`, in the local time zone;
/// - a time in any form `GitTime.read` takes (`2021-06-14T10:30:00+02:00`, `@1623659400 +0200`,
///   RFC 2822); without a zone it is local time;
/// - `now`; `today` and `yesterday`, days;
/// - `N <unit> ago` and `last <unit>` (one unit ago), also written with dots (`2.weeks.ago`), with
///   units `second`, `minute`, `hour`, `day`, `week`, `month`, `year`, singular or plural. Seconds to
///   weeks are exact multiples of a second counted back from now, as in git; months and years move
///   the calendar and keep the clock time, a day the target month lacks becoming its last
///   (`1 month ago` on 2024-03-31 is 2024-02-29).
///
/// A bare year (`2024`) is refused: git reads it as today's date in that year, a reader may mean the
/// whole year or a timestamp; `2024-01`, `2024-01-01` and `@SECONDS` each say which.
public struct DateArgument: Equatable, Sendable {
    /// The text as given, for messages.
    public let text: String
    /// The first second named, in seconds since the Unix epoch.
    public let first: Int64
    /// The last second named.
    public let last: Int64

    /// Reads `text` relative to `now`; days, months and calendar arithmetic in `timeZone`.
    public init(_ text: String, now: Date = Date(), timeZone: TimeZone = .current) throws(DateArgumentError) {
        let words = text.lowercased().replacingOccurrences(of: ".", with: " ").split(separator: " ").map(String.init)
        let clock = Clock(now: now, timeZone: timeZone)
        let span: (first: Int64, last: Int64)
        switch words {
        case ["now"]: span = (clock.now, clock.now)
        case ["today"]: span = try clock.day(daysBack: 0, text)
        case ["yesterday"]: span = try clock.day(daysBack: 1, text)
        case let words where words.count == 3 && words[2] == "ago":
            let instant = try clock.instant(back: words[0], Unit(words[1], text), text)
            span = (instant, instant)
        case let words where words.count == 2 && words[0] == "last":
            let instant = try clock.instant(back: "1", Unit(words[1], text), text)
            span = (instant, instant)
        default: span = try Self.absolute(text, clock)
        }
        self.text = text
        (first, last) = span
    }

    /// A day, a month, or a time as git stores it.
    private static func absolute(_ text: String, _ clock: Clock) throws(DateArgumentError) -> (first: Int64, last: Int64) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in !part.isEmpty && part.allSatisfy { ("0"..."9").contains($0) } }
        if parts.allSatisfy(isDigits), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count <= 2 }) {
            let numbers = parts.compactMap { Int($0) }
            switch numbers.count {
            case 1: throw .ambiguousYear(text)
            case 2: return try clock.period(year: numbers[0], month: numbers[1], day: nil, text)
            case 3: return try clock.period(year: numbers[0], month: numbers[1], day: numbers[2], text)
            default: throw .unreadable(text)
            }
        }
        switch GitTime.read(trimmed) {
        case .time(let time): return (time.seconds, time.seconds)
        case .outOfRange: throw .outOfRange(text)
        case .unreadable: throw .unreadable(text)
        }
    }

    /// The units of `N <unit> ago`.
    private enum Unit: String {
        case second, minute, hour, day, week, month, year

        init(_ word: String, _ text: String) throws(DateArgumentError) {
            let singular = word.hasSuffix("s") ? String(word.dropLast()) : word
            guard let unit = Unit(rawValue: singular) else { throw .unreadable(text) }
            self = unit
        }

        /// Its length in seconds; nil for months and years, which move the calendar.
        var seconds: Int64? {
            switch self {
            case .second: 1
            case .minute: 60
            case .hour: 3_600
            case .day: 86_400
            case .week: 604_800
            case .month, .year: nil
            }
        }
    }

    /// Now, and the calendar of the time zone that days, months and relative dates are read in.
    private struct Clock {
        let now: Int64
        let date: Date
        let calendar: Calendar

        /// The years days, months and relative dates reach: Foundation's Gregorian calendar is the
        /// Julian one before October 1582, so earlier days would not be the days `GitTime` prints.
        static let years = 1600...9999
        /// 1600-01-01T00:00:00Z, the earliest a relative date reaches.
        static let earliest: Int64 = -11_676_096_000

        init(now: Date, timeZone: TimeZone) {
            date = now
            self.now = Int64(now.timeIntervalSince1970.rounded(.down))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            self.calendar = calendar
        }

        /// `count` units before now; a count or a result out of range is an error, never a trap.
        func instant(back count: String, _ unit: Unit, _ text: String) throws(DateArgumentError) -> Int64 {
            guard !count.isEmpty, count.allSatisfy({ ("0"..."9").contains($0) }) else { throw .unreadable(text) }
            guard let number = Int64(count) else { throw .outOfRange(text) }
            guard let length = unit.seconds else {
                let (months, overflow) = number.multipliedReportingOverflow(by: unit == .year ? 12 : 1)
                guard !overflow else { throw .outOfRange(text) }
                return try monthsBack(months, text)
            }
            let (span, overflow) = number.multipliedReportingOverflow(by: length)
            let (result, underflow) = now.subtractingReportingOverflow(span)
            guard !overflow, !underflow, result >= Self.earliest else { throw .outOfRange(text) }
            return result
        }

        /// The same clock time `months` calendar months back, on the same day or the month's last.
        private func monthsBack(_ months: Int64, _ text: String) throws(DateArgumentError) -> Int64 {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            guard let year = parts.year, let month = parts.month, let day = parts.day else { throw .outOfRange(text) }
            let index = Int64(year) * 12 + Int64(month - 1) - months
            guard index >= Int64(Self.years.lowerBound) * 12 else { throw .outOfRange(text) }
            var target = parts
            (target.year, target.month, target.day) = (Int(index / 12), Int(index % 12) + 1, 1)
            guard let firstOfMonth = calendar.date(from: target),
                  let length = calendar.range(of: .day, in: .month, for: firstOfMonth)?.count else { throw .outOfRange(text) }
            target.day = min(day, length)
            guard let result = calendar.date(from: target) else { throw .outOfRange(text) }
            return Int64(result.timeIntervalSince1970.rounded(.down))
        }

        /// Today, or a day `daysBack` days before it, as a whole day.
        func day(daysBack: Int, _ text: String) throws(DateArgumentError) -> (first: Int64, last: Int64) {
            guard let day = calendar.date(byAdding: .day, value: -daysBack, to: date) else { throw .outOfRange(text) }
            let parts = calendar.dateComponents([.year, .month, .day], from: day)
            return try period(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day, text)
        }

        /// Every second of a day, or of a month when `day` is nil.
        func period(year: Int, month: Int, day: Int?, _ text: String) throws(DateArgumentError) -> (first: Int64, last: Int64) {
            guard (1...12).contains(month) else { throw .unreadable(text) }
            guard Self.years.contains(year) else { throw .outOfRange(text) }
            let start = DateComponents(year: year, month: month, day: day ?? 1)
            guard let first = calendar.date(from: start), calendar.component(.day, from: first) == start.day,
                  let next = calendar.date(byAdding: day == nil ? .month : .day, value: 1, to: first) else { throw .unreadable(text) }
            return (Int64(first.timeIntervalSince1970.rounded(.down)), Int64(next.timeIntervalSince1970.rounded(.down)) - 1)
        }
    }
}

/// Why a date on the command line was refused; each message lists the forms that read.
public enum DateArgumentError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    /// A bare year such as `2024`.
    case ambiguousYear(String)
    /// A date in a form charter reads, but too far back or ahead: a day, month or relative date outside
    /// the years 1600 to 9999, or a time outside the range git stores.
    case outOfRange(String)

    /// The forms a date may take, for messages and help.
    public static let forms = "a day (2021-06-14), a month (2024-03), a time (2021-06-14T10:30:00+02:00), now, today, "
        + "yesterday, N units ago (2 weeks ago, 2.weeks.ago; seconds, minutes, hours, days, weeks, months, years) or last week"

    public var description: String {
        switch self {
        case .unreadable(let text):
            "'\(text)' is not a date; give \(Self.forms)"
        case .ambiguousYear(let text):
            "'\(text)' is a bare year; give a month (\(text)-01), a day (\(text)-01-01) or a timestamp (@\(text))"
        case .outOfRange(let text):
            "'\(text)' is out of range: days, months and relative dates reach from 1600 to 9999, times \(GitTime.writableRange)"
        }
    }
}
