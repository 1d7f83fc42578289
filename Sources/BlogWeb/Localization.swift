import Blog
import Foundation

/// UI strings and date formats in the site's language. Immutable, so any thread may use it.
public struct Localization: Sendable {
    public let language: SiteSettings.Language
    public let strings: [String: String]
    private let timeZone: TimeZone
    private let isUTC: Bool

    public init(language: SiteSettings.Language, timeZone: TimeZone) {
        self.language = language
        strings = language == .de ? Strings.german : Strings.english
        self.timeZone = timeZone
        isUTC = timeZone.secondsFromGMT() == 0 && timeZone.nextDaylightSavingTimeTransition == nil
    }

    public subscript(key: String) -> String { strings[key] ?? key }

    /// A string with `%d`/`%@` placeholders filled in order (on bytes, without Foundation's
    /// formatter, which cost microseconds on every article summary).
    public func format(_ key: String, _ arguments: any CustomStringConvertible...) -> String {
        Self.fill(self[key], arguments)
    }

    /// `template` with its `%d`/`%@` placeholders replaced by `arguments`, in order (the desk's
    /// strings use it too).
    public static func fill(_ template: String, _ arguments: [any CustomStringConvertible]) -> String {
        var template = template
        var remaining = arguments[...]
        return template.withUTF8 { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "%"), index + 1 < bytes.count,
                   bytes[index + 1] == UInt8(ascii: "d") || bytes[index + 1] == UInt8(ascii: "@"),
                   let argument = remaining.popFirst() {
                    result += argument.description.utf8
                    index += 2
                } else {
                    result.append(bytes[index])
                    index += 1
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    private static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                        "September", "October", "November", "December"]
    private static let germanMonths = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                                       "September", "Oktober", "November", "Dezember"]

    public func monthName(_ month: Int) -> String {
        (language == .de ? Self.germanMonths : Self.englishMonths)[month - 1]
    }

    /// "November 25, 2026" / "25. November 2026", in the site's time zone.
    public func date(_ date: Date) -> String {
        let parts = ISODate.civil(date, offset: offset(at: date))
        let month = monthName(parts.month)
        return language == .de ? "\(parts.day). \(month) \(parts.year)" : "\(month) \(parts.day), \(parts.year)"
    }

    /// Year and month in the site's time zone (archive grouping).
    public func yearMonth(_ date: Date) -> (year: Int, month: Int) {
        let parts = ISODate.civil(date, offset: offset(at: date))
        return (parts.year, parts.month)
    }

    /// Seconds east of UTC in the site's zone at `date` (daylight saving included).
    private func offset(at date: Date) -> Int {
        isUTC ? 0 : timeZone.secondsFromGMT(for: date)
    }

    public func commentCount(_ count: Int) -> String {
        switch count {
        case 0: self["commentCountZero"]
        case 1: self["commentCountOne"]
        default: format("commentCountMany", count)
        }
    }

    public func readingTime(minutes: Int) -> String { format("readingTime", minutes) }
}
