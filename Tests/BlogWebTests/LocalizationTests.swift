import Blog
import Foundation
import Testing
@testable import BlogWeb

@Suite struct LocalizationTests {
    /// Dates by arithmetic and the zone's offset agree with the calendar, across daylight
    /// saving changes and month ends, in zones east and west of UTC and at half hours.
    @Test(arguments: ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"])
    func datesMatchTheCalendarInTheSiteZone(_ zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let text = Localization(language: .en, timeZone: timeZone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var date = Date(timeIntervalSince1970: 1_700_000_000)
        for _ in 0..<3000 {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            #expect(text.date(date) == "\(text.monthName(parts.month!)) \(parts.day!), \(parts.year!)", "\(zone) \(date)")
            #expect(text.yearMonth(date) == (parts.year!, parts.month!))
            date = date.addingTimeInterval(11 * 3600 + 17 * 60)
        }
    }

    @Test func formatFillsPlaceholdersInOrder() {
        let text = Localization(language: .en, timeZone: .gmt)
        #expect(text.format("pageOf", 2, 5) == "Page 2 of 5")
        #expect(text.format("taggedHeading", "100% Swift") == "Tagged “100% Swift”")
        #expect(Localization(language: .de, timeZone: .gmt).format("commentPageOf", 3, 7) == "Kommentarseite 3 von 7")
        #expect(text.commentCount(12) == "12 comments" && text.readingTime(minutes: 4) == "4 min read")
    }

    /// Every message a field problem can show exists in both languages: a missing key was
    /// printed as itself ("errBodyInvalid") on the 422 page of a body with a control character.
    @Test func everyFieldProblemHasAMessageInEveryLanguage() {
        let issues: [CommentIssue] = [.required, .tooLong, .invalid, .tooDeep]
        for table in [Strings.english, Strings.german] {
            for field in CommentField.allCases {
                for issue in issues {
                    let key = WebApp.messageKey(field, issue)
                    #expect(table[key] != nil, "\(key)")
                }
            }
            #expect(Set(table.keys) == Set(Strings.english.keys))
        }
    }
}
