import Foundation

/// UI strings and date formats in the site's language. Immutable, so any thread may use it.
public struct Localization: Sendable {
    public let language: SiteSettings.Language
    public let strings: [String: String]
    private let calendar: Calendar

    public init(language: SiteSettings.Language, timeZone: TimeZone) {
        self.language = language
        strings = language == .de ? Strings.german : Strings.english
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    public subscript(key: String) -> String { strings[key] ?? key }

    /// A string with `%d`/`%@` placeholders filled in order.
    public func format(_ key: String, _ arguments: CVarArg...) -> String {
        String(format: self[key], arguments: arguments)
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
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let month = monthName(parts.month!)
        return language == .de ? "\(parts.day!). \(month) \(parts.year!)" : "\(month) \(parts.day!), \(parts.year!)"
    }

    /// Year and month in the site's time zone (archive grouping).
    public func yearMonth(_ date: Date) -> (year: Int, month: Int) {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return (parts.year!, parts.month!)
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
