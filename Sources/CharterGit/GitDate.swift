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

    /// ISO 8601 in the time's own offset: `2021-06-14T10:30:00+02:00` (`Z` for UTC).
    public var iso8601: String {
        let local = seconds + Int64(offsetMinutes) * 60
        let (days, secondOfDay) = (local.floorDivided(by: 86_400), local.floorModulo(86_400))
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
        text += "\(pad(Int(secondOfDay / 3600), 2)):\(pad(Int(secondOfDay / 60 % 60), 2)):\(pad(Int(secondOfDay % 60), 2))"
        guard offsetMinutes != 0 else { return text + "Z" }
        let magnitude = abs(offsetMinutes)
        return text + (offsetMinutes < 0 ? "-" : "+") + "\(pad(magnitude / 60, 2)):\(pad(magnitude % 60, 2))"
    }

    /// The calendar day in the time's own offset: `2021-06-14`.
    public var day: String { String(iso8601.prefix(10)) }

    /// Year, month and day of a day count since 1970-01-01 in the proleptic Gregorian calendar
    /// (Howard Hinnant's `civil_from_days`), without a formatter or time zone database.
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

    /// Parses a date given on the command line (`--at`, `--since`): any format `parse` reads, and a bare
    /// day (`2021-06-14`) means the end of that day, local time, when `endOfDay` is set.
    public static func parseArgument(_ text: String, endOfDay: Bool) -> GitTime? {
        let isBareDay = text.count == 10 && text.filter { $0 == "-" }.count == 2
        guard let time = parse(text) else { return nil }
        guard isBareDay, endOfDay else { return time }
        return GitTime(seconds: time.seconds + 86_399, offsetMinutes: time.offsetMinutes)
    }

    /// Parses the date formats git accepts in `GIT_AUTHOR_DATE` and `GIT_COMMITTER_DATE`:
    /// git's own `<seconds> <±hhmm>` (optionally `@`-prefixed), RFC 2822
    /// (`Thu, 07 Apr 2005 22:13:13 +0200`) and ISO 8601 (`2005-04-07T22:13:13+02:00`).
    /// A time without a zone is local time, as in git.
    public static func parse(_ text: String) -> GitTime? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return parseRaw(trimmed) ?? parseISO8601(trimmed) ?? parseRFC2822(trimmed)
    }

    private static func parseRaw(_ text: String) -> GitTime? {
        var parts = text.split(separator: " ")
        guard let first = parts.first, parts.count <= 2 else { return nil }
        let isAt = first.hasPrefix("@")
        guard let seconds = Int64(isAt ? first.dropFirst() : first), isAt || parts.count == 2 else { return nil }
        parts.removeFirst()
        guard let zone = parts.first else { return GitTime(seconds: seconds, offsetMinutes: 0) }
        guard let offset = offsetMinutes(String(zone)) else { return nil }
        return GitTime(seconds: seconds, offsetMinutes: offset)
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

    /// `+0200`, `-05:30`, `Z`, `UTC`, `+02`.
    private static func offsetMinutes(_ zone: String) -> Int? {
        if zone == "Z" || zone == "UTC" || zone == "GMT" { return 0 }
        guard let sign = zone.first, sign == "+" || sign == "-" else { return nil }
        let digits = zone.dropFirst().replacingOccurrences(of: ":", with: "")
        guard digits.allSatisfy(\.isNumber), digits.count == 4 || digits.count == 2,
              let hours = Int(digits.prefix(2)), let minutes = Int(digits.dropFirst(2).isEmpty ? "0" : String(digits.dropFirst(2))),
              hours < 24, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
    }

    private static func make(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int?) -> GitTime? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second), (1970...9999).contains(year) else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, second)
        var calendar = Calendar(identifier: .gregorian)
        let zone = offset.flatMap { TimeZone(secondsFromGMT: $0 * 60) } ?? TimeZone.current
        calendar.timeZone = zone
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }
        return GitTime(seconds: Int64(date.timeIntervalSince1970), offsetMinutes: offset ?? zone.secondsFromGMT(for: date) / 60)
    }
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    func floorModulo(_ divisor: Int64) -> Int64 { self - floorDivided(by: divisor) * divisor }
}
