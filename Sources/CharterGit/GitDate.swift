import Foundation

/// A point in time with the UTC offset it was written in, as git stores it.
public struct GitTime: Equatable, Sendable {
    /// Seconds since the Unix epoch.
    public var seconds: Int64
    /// Minutes east of UTC.
    public var offsetMinutes: Int

    public init(seconds: Int64, offsetMinutes: Int) {
        self.seconds = seconds
        self.offsetMinutes = offsetMinutes
    }

    /// Now, in the local time zone.
    public static func now() -> GitTime {
        let date = Date()
        let offset = TimeZone.current.secondsFromGMT(for: date) / 60
        return GitTime(seconds: Int64(date.timeIntervalSince1970.rounded(.down)), offsetMinutes: offset)
    }

    /// The earliest time charter writes: the epoch. git refuses earlier dates (`@-1 +0000`, `1969-12-31`).
    public static let earliest = GitTime(seconds: 0, offsetMinutes: 0)
    /// The latest time charter writes: the largest timestamp `git fsck` accepts (2^63 − 1 seconds,
    /// 292277026596-12-04T15:30:07Z). git writes larger ones, but fsck reports them as overflowing.
    public static let latest = GitTime(seconds: .max, offsetMinutes: 0)
    /// The UTC offsets charter writes, in minutes: −14:59 to +14:59. libgit2 reads a larger offset
    /// back as +00:00, so a commit would show a different time than it was given.
    public static let offsetRange = -(14 * 60 + 59)...(14 * 60 + 59)

    /// Whether git stores this time as it is: seconds in `earliest...latest`, offset in `offsetRange`.
    public var isWritable: Bool { seconds >= 0 && Self.offsetRange.contains(offsetMinutes) }

    /// The range of dates charter writes, in words, for error messages.
    public static var writableRange: String {
        "from \(earliest.iso8601) (@0 +0000) to \(latest.iso8601) (@\(latest.seconds) +0000), with a UTC offset from -14:59 to +14:59"
    }

    /// ISO 8601 in the time's own offset: `2021-06-14T10:30:00+02:00` (`Z` for UTC). Years beyond
    /// 0000...9999 carry a sign (`+292277026596-12-04T15:30:07Z`), as ISO 8601's expanded form does.
    /// Any `seconds` and `offsetMinutes` format without overflow.
    public var iso8601: String {
        let (date, time) = localParts
        return date + "T" + time + zone
    }

    /// The calendar day in the time's own offset: `2021-06-14`.
    public var day: String { localParts.date }

    /// The local date and time of day, computed in parts so that no sum can overflow: the offset is
    /// split into whole days and a remainder before it meets the seconds.
    private var localParts: (date: String, time: String) {
        let offset = Int64(offsetMinutes)
        let secondOfDaySum = seconds.floorModulo(86_400) + offset.floorModulo(1_440) * 60  // < 2 days
        let days = seconds.floorDivided(by: 86_400) + offset.floorDivided(by: 1_440) + secondOfDaySum / 86_400
        let secondOfDay = secondOfDaySum % 86_400
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        let yearText = (0...9999).contains(year) ? pad(year, 4) : (year < 0 ? "-" : "+") + pad(Int(year.magnitude), 4)
        let time = "\(pad(Int(secondOfDay / 3600), 2)):\(pad(Int(secondOfDay / 60 % 60), 2)):\(pad(Int(secondOfDay % 60), 2))"
        return ("\(yearText)-\(pad(month, 2))-\(pad(day, 2))", time)
    }

    private var zone: String {
        guard offsetMinutes != 0 else { return "Z" }
        let magnitude = offsetMinutes.magnitude
        return (offsetMinutes < 0 ? "-" : "+") + "\(pad(Int(magnitude / 60), 2)):\(pad(Int(magnitude % 60), 2))"
    }

    /// Year, month and day of a day count since 1970-01-01 in the proleptic Gregorian calendar
    /// (Howard Hinnant's `civil_from_days`), without a formatter or time zone database. Exact for any
    /// day count within ±2^62 (every intermediate stays far below Int64's range).
    private static func civilDate(daysSinceEpoch: Int64) -> (Int, Int, Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// How a date given to charter reads.
    public enum Reading: Equatable, Sendable {
        /// A date git stores as it is.
        case time(GitTime)
        /// A date in one of git's formats, but outside `writableRange`: before the epoch, past
        /// 2^63 − 1 seconds, or with an offset beyond ±14:59.
        case outOfRange
        case unreadable
    }

    /// Reads the date formats git accepts in `GIT_AUTHOR_DATE` and `GIT_COMMITTER_DATE`:
    /// git's own `<seconds> <±hhmm>` (optionally `@`-prefixed), RFC 2822
    /// (`Thu, 07 Apr 2005 22:13:13 +0200`) and ISO 8601 (`2005-04-07T22:13:13+02:00`).
    /// A time without a zone is local time, as in git.
    public static func read(_ text: String) -> Reading {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let reading = readRaw(trimmed) ?? (parseISO8601(trimmed) ?? parseRFC2822(trimmed)).map(Reading.time) ?? .unreadable
        if case .time(let time) = reading, !time.isWritable { return .outOfRange }
        return reading
    }

    /// The time `read` finds, if it is one git stores as it is.
    public static func parse(_ text: String) -> GitTime? {
        guard case .time(let time) = read(text) else { return nil }
        return time
    }

    /// `[@]<seconds> <±hhmm>`; nil when the text is not of that shape. Seconds beyond Int64 are out of range.
    private static func readRaw(_ text: String) -> Reading? {
        var parts = text.split(separator: " ")
        guard let first = parts.first, parts.count <= 2 else { return nil }
        let isAt = first.hasPrefix("@")
        let number = isAt ? first.dropFirst() : first
        let digits = number.hasPrefix("-") ? number.dropFirst() : number
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }), isAt || parts.count == 2 else { return nil }
        parts.removeFirst()
        var offset = 0
        if let zone = parts.first {
            guard let parsed = offsetMinutes(String(zone)) else { return .unreadable }
            offset = parsed
        }
        guard let seconds = Int64(number) else { return .outOfRange }
        return .time(GitTime(seconds: seconds, offsetMinutes: offset))
    }

    /// `YYYY-MM-DD`, then optionally `T` or a space and `HH:MM[:SS][.fraction]`, then optionally a zone.
    private static func parseISO8601(_ text: String) -> GitTime? {
        let scanner = Scanner(string: text)
        scanner.charactersToBeSkipped = nil
        guard let year = scanner.scanInt(), scanner.scanString("-") != nil,
              let month = scanner.scanInt(), scanner.scanString("-") != nil,
              let day = scanner.scanInt() else { return nil }
        var hour = 0, minute = 0, second = 0
        if scanner.scanString("T") != nil || scanner.scanString(" ") != nil {
            guard let h = scanner.scanInt(), scanner.scanString(":") != nil, let m = scanner.scanInt() else { return nil }
            hour = h
            minute = m
            if scanner.scanString(":") != nil {
                guard let s = scanner.scanInt() else { return nil }
                second = s
                if scanner.scanString(".") != nil { _ = scanner.scanCharacters(from: .decimalDigits) }
            }
        }
        let zone = String(text[scanner.currentIndex...]).trimmingCharacters(in: .whitespaces)
        let offset: Int?
        if zone.isEmpty {
            offset = nil
        } else {
            guard let parsed = offsetMinutes(zone) else { return nil }
            offset = parsed
        }
        return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// `[Day, ]DD Mon YYYY HH:MM[:SS] ±hhmm`.
    private static func parseRFC2822(_ text: String) -> GitTime? {
        var words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        if let first = words.first, Int(first) == nil { words.removeFirst() }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard words.count >= 4, let day = Int(words[0]),
              let monthIndex = months.firstIndex(of: words[1].prefix(3).lowercased()),
              let year = Int(words[2]) else { return nil }
        let clock = words[3].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 2 || clock.count == 3 else { return nil }
        var offset: Int?
        if words.count >= 5 {
            guard let parsed = offsetMinutes(words[4]) else { return nil }
            offset = parsed
        }
        return make(year: year, month: monthIndex + 1, day: day, hour: clock[0], minute: clock[1],
                    second: clock.count == 3 ? clock[2] : 0, offset: offset)
    }

    /// `+0200`, `-05:30`, `Z`, `UTC`, `+02`. Any two-digit hour reads (`+2500`); `read` then
    /// finds it out of range.
    private static func offsetMinutes(_ zone: String) -> Int? {
        if zone == "Z" || zone == "UTC" || zone == "GMT" { return 0 }
        guard let sign = zone.first, sign == "+" || sign == "-" else { return nil }
        let digits = zone.dropFirst().replacingOccurrences(of: ":", with: "")
        guard digits.allSatisfy({ ("0"..."9").contains($0) }), digits.count == 4 || digits.count == 2,
              let hours = Int(digits.prefix(2)), let minutes = Int(digits.dropFirst(2).isEmpty ? "0" : String(digits.dropFirst(2))),
              minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
    }

    /// The time of a calendar date and clock time in `offset` minutes east of UTC, or local time.
    /// Years 1 to 9999 read; one before 1970 gives negative seconds, which `read` finds out of range.
    private static func make(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int?) -> GitTime? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second), (1...9999).contains(year) else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, second)
        var calendar = Calendar(identifier: .gregorian)
        // With an offset, the clock time is read as UTC and the offset subtracted: exact for any
        // offset, where a TimeZone exists only up to ±18 hours.
        calendar.timeZone = offset == nil ? TimeZone.current : TimeZone(secondsFromGMT: 0)!
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        guard let offset else {
            return GitTime(seconds: seconds, offsetMinutes: TimeZone.current.secondsFromGMT(for: date) / 60)
        }
        return GitTime(seconds: seconds - Int64(offset) * 60, offsetMinutes: offset)
    }
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder with the divisor's sign; computed from `%`, so it cannot overflow (unlike
    /// `self - floorDivided(by:) * divisor` near `Int64.min`).
    func floorModulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder != 0 && (remainder < 0) != (divisor < 0) ? remainder + divisor : remainder
    }
}
