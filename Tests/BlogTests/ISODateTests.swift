@testable import Blog
import Foundation
import Testing

@Suite struct ISODateTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static let accepted: [(text: String, utc: String)] = [
        ("2026-11-25", "2026-11-24T23:00:00Z"), // midnight in the given zone
        ("2026-07-01", "2026-06-30T22:00:00Z"), // summer time
        ("2026-11-25T09:00:00Z", "2026-11-25T09:00:00Z"),
        ("2026-11-25t09:00:00z", "2026-11-25T09:00:00Z"),
        ("2026-11-25 09:00:00Z", "2026-11-25T09:00:00Z"),
        ("2026-11-25T09:00Z", "2026-11-25T09:00:00Z"),
        ("2026-11-25T09:00", "2026-11-25T08:00:00Z"), // no zone: the given zone
        ("2026-11-25T09:00:00+02:00", "2026-11-25T07:00:00Z"),
        ("2026-11-25T09:00:00+0200", "2026-11-25T07:00:00Z"),
        ("2026-11-25T09:00:00-05:30", "2026-11-25T14:30:00Z"),
        ("2026-11-25T09:00:00.123456Z", "2026-11-25T09:00:00Z"),
        ("2026-11-25T09:00:00.5+01:00", "2026-11-25T08:00:00Z"),
        ("  2026-11-25T09:00:00Z  ", "2026-11-25T09:00:00Z"),
        ("2028-02-29T12:00:00Z", "2028-02-29T12:00:00Z"),
    ]

    @Test(arguments: accepted)
    func accepts(_ text: String, _ utc: String) throws {
        let parsed = try #require(ISODate.parse(text, defaultTimeZone: Self.berlin))
        #expect(ISODate.format(parsed) == utc)
    }

    @Test(arguments: [
        "", "2026", "2026-11", "26-11-25", "2026/11/25", "2026-02-31", "2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
        "2026-11-00", "2026-11-25T24:00", "2026-11-25T09:60", "2026-11-25T09", "2026-11-25T9:00", "2026-11-25Z",
        "2026-11-25T09:00:00+2", "2026-11-25T09:00:00 UTC", "2026-11-25T09:00:00Zjunk", "yesterday", "2026-1l-25",
    ])
    func rejects(_ text: String) {
        #expect(ISODate.parse(text, defaultTimeZone: Self.berlin) == nil)
    }

    @Test func formatIsUTCAndSortsAsText() {
        let early = Date(timeIntervalSince1970: 0)
        let late = Date(timeIntervalSince1970: 1_800_000_000.9)
        #expect(ISODate.format(early) == "1970-01-01T00:00:00Z")
        #expect(ISODate.format(late) == "2027-01-15T08:00:00Z")
        #expect(ISODate.format(early) < ISODate.format(late))
        #expect(ISODate.parse(ISODate.format(late)) == Date(timeIntervalSince1970: 1_800_000_000))
    }

    /// The arithmetic (both ways) agrees with the calendar for every day of four
    /// centuries around now, and rejects what the calendar rejects.
    @Test func theStoredFormParsesLikeTheCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        var day = try #require(calendar.date(from: DateComponents(year: 1850, month: 1, day: 1, hour: 13, minute: 7, second: 59)))
        let end = try #require(calendar.date(from: DateComponents(year: 2250, month: 1, day: 1)))
        var checked = 0
        while day < end {
            let text = ISODate.format(day)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: day)
            let civil = ISODate.civil(day)
            #expect([civil.year, civil.month, civil.day, civil.hour, civil.minute, civil.second]
                    == [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map { $0! })
            #expect(ISODate.parseStored(text) == day, "\(text)")
            if ISODate.parseStored(text) != day { return }
            day = day.addingTimeInterval(86_400 + 3_607)
            checked += 1
        }
        #expect(checked > 100_000)
        for bad in ["2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z",
                    "2026-01-01T10:00:00+01:00", "2026-01-01 10:00:00Z"] {
            #expect(ISODate.parseStored(bad) == nil, "\(bad)")
        }
        #expect(ISODate.parseStored("2024-02-29T23:59:59Z") == ISODate.parse("2024-02-29 23:59:59Z"))
    }
}
