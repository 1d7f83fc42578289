import Foundation
import SQLite

// The archive and the sitemap: every article reachable, without a page or a query that lists
// every article at once. Months are counted with the date index; each month's articles and
// each part of the sitemap are read a bounded slice at a time.

/// A month of the archive and how many articles it has.
public struct ArchiveMonthCount: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var count: Int
}

/// An article as a list of titles shows it.
public struct ArticleTitle: Sendable, Equatable {
    public var slug: String
    public var title: String
    public var publishedAt: Date
}

/// An address for the sitemap and when what it shows last changed, if that is known.
public struct SitemapEntry: Sendable {
    public var slug: String
    public var modifiedAt: Date?
}

extension BlogStore {
    /// Every month with a published article, newest first, in `timeZone`: for each, a count
    /// over the date index and a seek to the next older article (empty years cost nothing).
    /// The index entries of the blog are counted, never its rows.
    public func archiveMonths(in timeZone: TimeZone) throws -> [ArchiveMonthCount] {
        let calendar = Self.calendar(timeZone)
        return try read { db in
            var months: [ArchiveMonthCount] = []
            var newest = try db.scalar("SELECT max(published_at) FROM articles WHERE draft = 0")
            while case .text(let text) = newest, let date = ISODate.parse(text) {
                let month = calendar.dateComponents([.year, .month], from: date)
                let (start, end) = Self.bounds(year: month.year!, month: month.month!, calendar)
                let count = try db.scalar("""
                    SELECT count(*) FROM articles WHERE draft = 0 AND published_at >= ? AND published_at < ?
                    """, ISODate.format(start), ISODate.format(end)).intValue
                months.append(ArchiveMonthCount(year: month.year!, month: month.month!, count: count))
                newest = try db.scalar("SELECT max(published_at) FROM articles WHERE draft = 0 AND published_at < ?",
                                       ISODate.format(start))
            }
            return months
        }
    }

    /// The published articles of one month in `timeZone`, newest first, `perPage` a page, with
    /// how many the month has. Nil for a page past the end.
    public func archive(year: Int, month: Int, in timeZone: TimeZone, page: Int,
                        perPage: Int) throws -> (articles: [ArticleTitle], total: Int)? {
        guard (1...12).contains(month), (1...9999).contains(year), page >= 1 else { return nil }
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
        guard !overflow else { return nil }
        let (start, end) = Self.bounds(year: year, month: month, Self.calendar(timeZone))
        return try read { db in
            let total = try db.scalar("""
                SELECT count(*) FROM articles WHERE draft = 0 AND published_at >= ? AND published_at < ?
                """, ISODate.format(start), ISODate.format(end)).intValue
            guard offset < total || (page == 1 && total > 0) else { return nil }
            let rows = try db.query("""
                SELECT a.id, a.slug, a.title, a.published_at FROM (
                    SELECT id FROM articles WHERE draft = 0 AND published_at >= ? AND published_at < ?
                    ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?
                ) AS shown JOIN articles a ON a.id = shown.id
                """, ISODate.format(start), ISODate.format(end), perPage, offset)
            let titles = try rows.map { row in
                (id: try row.integer(0), title: ArticleTitle(slug: try row.text(1), title: try row.text(2), publishedAt: try row.date(3)))
            }.sorted { ($0.title.publishedAt, $0.id) > ($1.title.publishedAt, $1.id) }
            return (titles.map(\.title), total)
        }
    }

    // MARK: - Sitemap

    /// How many published articles, and how many tags with one, the sitemap lists.
    public func sitemapCounts() throws -> (articles: Int, tags: Int) {
        let generation = self.generation
        return try read { db in
            let articles = try countPublished(tagSlug: nil, generation: generation, in: db)
            let tags = try db.scalar("""
                SELECT count(*) FROM tags t WHERE EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = t.id AND at.draft = 0)
                """).intValue
            return (articles, tags)
        }
    }

    /// The highest article and tag ids: the sitemap's parts cover ranges of ids.
    public func sitemapIDRanges() throws -> (articles: Int, tags: Int) {
        try read { db in
            (try db.scalar("SELECT max(id) FROM articles").intValue, try db.scalar("SELECT max(id) FROM tags").intValue)
        }
    }

    /// Published articles with ids in `ids`, in id order.
    public func sitemapArticles(ids: ClosedRange<Int>) throws -> [SitemapEntry] {
        try read { db in
            try db.query("SELECT slug, modified_at FROM articles WHERE id BETWEEN ? AND ? AND draft = 0 ORDER BY id",
                         ids.lowerBound, ids.upperBound).map {
                SitemapEntry(slug: try $0.text(0), modifiedAt: try $0.optionalDate(1))
            }
        }
    }

    /// Tags with ids in `ids` that a published article carries, in id order.
    public func sitemapTags(ids: ClosedRange<Int>) throws -> [SitemapEntry] {
        try read { db in
            try db.query("""
                SELECT slug FROM tags t WHERE t.id BETWEEN ? AND ?
                AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = t.id AND at.draft = 0) ORDER BY t.id
                """, ids.lowerBound, ids.upperBound).map { SitemapEntry(slug: try $0.text(0), modifiedAt: nil) }
        }
    }

    // MARK: - Months

    private static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The first instant of the month and of the next one, in the calendar's zone.
    private static func bounds(year: Int, month: Int, _ calendar: Calendar) -> (Date, Date) {
        let start = calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? Date(timeIntervalSince1970: 0)
        let end = calendar.date(byAdding: .month, value: 1, to: start) ?? start
        return (start, end)
    }
}
