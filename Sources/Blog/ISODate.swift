import Foundation

/// ISO-8601 dates as Feder reads and stores them.
///
/// Stored form: UTC `YYYY-MM-DDTHH:MM:SSZ`, which sorts as text. Accepted input: a date
/// (`2026-10-03`, midnight in the given time zone) or a date-time with `T` or a space,
/// optional seconds and fraction, and `Z`, `±HH:MM`, `±HHMM` or no zone (the given zone).
public enum ISODate {
    public static func parse(_ text: String, defaultTimeZone: TimeZone = .gmt) -> Date? {
        if let stored = parseStored(text) { return stored }
        let bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2) else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var zone = defaultTimeZone
        if index < bytes.count {
            guard expect(84) || expect(32) || expect(116), let hour = number(2), expect(58), let minute = number(2) else { return nil }
            components.hour = hour
            components.minute = minute
            if expect(58) {
                guard let second = number(2) else { return nil }
                components.second = second
                if expect(46) {
                    while index < bytes.count, bytes[index] >= 48 && bytes[index] <= 57 { index += 1 }
                }
            }
            if expect(90) || expect(122) {
                zone = .gmt
            } else if index < bytes.count, bytes[index] == 43 || bytes[index] == 45 {
                let sign = bytes[index] == 45 ? -1 : 1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = expect(58)
                guard let minutes = number(2), let offset = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60)) else {
                    return nil
                }
                zone = offset
            }
        }
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day),
              (0...23).contains(components.hour!), (0...59).contains(components.minute!),
              (0...60).contains(components.second!) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil } // rejects 2026-02-31
        return date
    }

    /// The stored form `YYYY-MM-DDTHH:MM:SSZ` by arithmetic instead of a calendar: every page
    /// reads dozens (comments), and the calendar took microseconds each. Nil for anything
    /// else, which the general parser then reads.
    static func parseStored(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count == 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
                  bytes[19] == 90 else { return nil }
            func number(_ start: Int, _ digits: Int) -> Int? {
                var value = 0
                for byte in bytes[start..<(start + digits)] {
                    guard byte >= 48 && byte <= 57 else { return nil }
                    value = value * 10 + Int(byte - 48)
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
                  let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), hour < 24, minute < 60,
                  second < 60, day >= 1, day <= daysIn(month: month, year: year) else { return nil }
            // Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            let days = era * 146_097 + dayOfEra - 719_468
            return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
        }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `2026-11-25T09:00:00Z`
    public static func format(_ date: Date) -> String {
        let time = civil(date)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func append(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = abs(value)
            while divisor > 0 {
                bytes.append(UInt8(48 + (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        append(time.year, digits: 4); bytes.append(45); append(time.month, digits: 2); bytes.append(45)
        append(time.day, digits: 2); bytes.append(84); append(time.hour, digits: 2); bytes.append(58)
        append(time.minute, digits: 2); bytes.append(58); append(time.second, digits: 2); bytes.append(90)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Calendar date and time of `date` at `offset` seconds east of UTC, by arithmetic
    /// (H. Hinnant's civil_from_days): pages show dozens of dates, and a calendar took
    /// microseconds for each.
    public static func civil(_ date: Date, offset: Int = 0)
        -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }
}
