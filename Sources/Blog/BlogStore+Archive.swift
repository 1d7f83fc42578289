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

/// What `/sitemap.xml` shows: the entries themselves, or an index of parts.
public enum Sitemap: Sendable {
    case entries(articles: [SitemapEntry], tags: [SitemapEntry])
    case index(articleParts: Int, tagParts: Int)
}

extension BlogStore {
    /// Every month with a published article, newest first, in `timeZone`: for each, a count
    /// over the date index and a seek to the next older article (empty years cost nothing).
    /// The index entries of the blog are counted, never its rows.
    public func archiveMonths(in timeZone: TimeZone) throws -> [ArchiveMonthCount] {
        let calendar = Self.calendar(timeZone)
        return try read { db in
            var months: [ArchiveMonthCount] = []
            var newest = try db.scalar("SELECT max(published_at) FROM articles WHERE hidden = 0")
            while case .text(let text) = newest, let date = ISODate.parse(text) {
                let month = calendar.dateComponents([.year, .month], from: date)
                let (start, end) = Self.bounds(year: month.year!, month: month.month!, calendar)
                let count = try db.scalar("""
                    SELECT count(*) FROM articles WHERE hidden = 0 AND published_at >= ? AND published_at < ?
                    """, ISODate.format(start), ISODate.format(end)).intValue
                months.append(ArchiveMonthCount(year: month.year!, month: month.month!, count: count))
                newest = try db.scalar("SELECT max(published_at) FROM articles WHERE hidden = 0 AND published_at < ?",
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
                SELECT count(*) FROM articles WHERE hidden = 0 AND published_at >= ? AND published_at < ?
                """, ISODate.format(start), ISODate.format(end)).intValue
            guard offset < total || (page == 1 && total > 0) else { return nil }
            let rows = try db.query("""
                SELECT a.id, a.slug, a.title, a.published_at FROM (
                    SELECT id FROM articles WHERE hidden = 0 AND published_at >= ? AND published_at < ?
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

    /// The sitemap (sitemaps.org): with at most `urlsPerFile` URLs in all (`fixedPages` and
    /// every published article and tag page), the entries; above that, how many parts of
    /// articles and of tags an index lists. Read in one snapshot.
    public func sitemap(urlsPerFile: Int, fixedPages: Int) throws -> Sitemap {
        let generation = self.generation
        return try read { db in
            let articles = try countPublished(tagSlug: nil, generation: generation, in: db)
            let tags = try db.scalar("""
                SELECT count(*) FROM tags t WHERE EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = t.id AND at.hidden = 0)
                """).intValue
            let (lastArticle, lastTag) = try Self.lastIDs(in: db)
            guard articles + tags + fixedPages > urlsPerFile else {
                return .entries(articles: try Self.sitemapArticles(ids: 0...lastArticle, in: db),
                                tags: try Self.sitemapTags(ids: 0...lastTag, in: db))
            }
            return .index(articleParts: lastArticle / urlsPerFile + 1, tagParts: lastTag / urlsPerFile + 1)
        }
    }

    /// Part `number` (from 1) of the articles or the tags: ids from (number-1)×urlsPerFile, in
    /// id order; nil past the last part. Read in one snapshot.
    public func sitemapPart(tags: Bool, number: Int, urlsPerFile: Int) throws -> [SitemapEntry]? {
        let ids = ((number - 1) * urlsPerFile)...(number * urlsPerFile - 1)
        return try read { db in
            let (lastArticle, lastTag) = try Self.lastIDs(in: db)
            guard ids.lowerBound <= (tags ? lastTag : lastArticle) else { return nil }
            return tags ? try Self.sitemapTags(ids: ids, in: db) : try Self.sitemapArticles(ids: ids, in: db)
        }
    }

    /// The highest article and tag ids: the sitemap's parts cover ranges of ids.
    private static func lastIDs(in db: SQLiteConnection) throws -> (articles: Int, tags: Int) {
        (max(0, try db.scalar("SELECT max(id) FROM articles").intValue), max(0, try db.scalar("SELECT max(id) FROM tags").intValue))
    }

    /// Published articles with ids in `ids`, in id order. `+hidden` keeps SQLite on the id range
    /// (already in order): through an index on `hidden` it sorted the part in a temporary tree.
    private static func sitemapArticles(ids: ClosedRange<Int>, in db: SQLiteConnection) throws -> [SitemapEntry] {
        try db.query("SELECT slug, modified_at FROM articles WHERE id BETWEEN ? AND ? AND +hidden = 0 ORDER BY id",
                     ids.lowerBound, ids.upperBound).map {
            SitemapEntry(slug: try $0.text(0), modifiedAt: try $0.optionalDate(1))
        }
    }

    /// Tags with ids in `ids` that a published article carries, in id order.
    private static func sitemapTags(ids: ClosedRange<Int>, in db: SQLiteConnection) throws -> [SitemapEntry] {
        try db.query("""
            SELECT slug FROM tags t WHERE t.id BETWEEN ? AND ?
            AND EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = t.id AND at.hidden = 0) ORDER BY t.id
            """, ids.lowerBound, ids.upperBound).map { SitemapEntry(slug: try $0.text(0), modifiedAt: nil) }
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
