import Foundation
import SQLite

extension BlogStore {
    /// What lists show of an article: everything but its body (a body is kilobytes, a list
    /// shows ten summaries).
    static let summaryColumns = """
        a.id, a.slug, a.title, a.summary, a.author, a.word_count,
        a.published_at, a.updated_at, a.image_url, a.image_alt, a.image_credit, a.image_credit_url,
        a.draft, a.comments_open, a.comment_count, a.modified_at
        """
    /// What the article page shows: the summary columns and the HTML body.
    static let pageColumns = summaryColumns + ", a.body_html"
    /// Everything, Markdown source included (import, export, the admin API).
    static let articleColumns = pageColumns + ", a.body_markdown"

    public enum UpsertOutcome: String, Sendable, Equatable {
        case created, updated, unchanged
    }

    // MARK: - Writing

    /// Creates or replaces articles by slug, all in one transaction: if one fails, none is stored.
    @discardableResult
    public func upsert(_ inputs: [ArticleInput], now: Date = Date()) throws -> [UpsertOutcome] {
        try write { db in try inputs.map { try upsert($0, now: now, in: db) } }
    }

    private func upsert(_ input: ArticleInput, now: Date, in db: SQLiteConnection) throws -> UpsertOutcome {
        let html = Markdown.html(from: input.markdown)
        let text = Markdown.plainText(fromHTML: html)
        let summary = input.summary ?? Self.defaultSummary(fromHTML: html)
        let wordCount = text.split(separator: " ").count
        let existing = try db.queryFirst("SELECT \(Self.articleColumns) FROM articles a WHERE a.slug = ?", input.slug)
        let values: [any SQLiteBindable] = [
            input.title, summary, input.author ?? "", input.markdown, html, wordCount,
            ISODate.format(input.publishedAt), input.updatedAt.map(ISODate.format), input.image?.url, input.image?.alt,
            input.image?.credit, input.image?.creditURL, input.draft, input.commentsOpen,
        ]
        let articleID: Int
        let outcome: UpsertOutcome
        if let existing {
            articleID = existing.int("id")!
            let current = try tags(ofArticles: [articleID], in: db)[articleID] ?? []
            // Tags compare by slug: another article may have named the shared tag first ("Swift" vs "swift").
            if Self.matches(existing, values: values) && current.map(\.slug) == input.tags.map(Slug.make(from:)) {
                return .unchanged // idempotent: no write, modified_at stays
            }
            try db.run("""
                UPDATE articles SET title = ?, summary = ?, author = ?, body_markdown = ?, body_html = ?, word_count = ?,
                    published_at = ?, updated_at = ?, image_url = ?, image_alt = ?, image_credit = ?, image_credit_url = ?,
                    draft = ?, comments_open = ?, modified_at = ? WHERE id = ?
                """, bindings: values + [ISODate.format(now), articleID])
            outcome = .updated
        } else {
            try db.run("""
                INSERT INTO articles (title, summary, author, body_markdown, body_html, word_count, published_at, updated_at,
                    image_url, image_alt, image_credit, image_credit_url, draft, comments_open, modified_at, slug)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, bindings: values + [ISODate.format(now), input.slug])
            articleID = db.lastInsertRowID
            outcome = .created
        }
        try db.run("DELETE FROM article_tags WHERE article_id = ?", articleID)
        for (position, name) in input.tags.enumerated() {
            let slug = Slug.make(from: name)
            try db.run("INSERT INTO tags (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING", slug, name)
            try db.run("""
                INSERT INTO article_tags (article_id, tag_id, position, published_at, draft) SELECT ?, id, ?, ?, ? FROM tags WHERE slug = ?
                """, articleID, position, ISODate.format(input.publishedAt), input.draft, slug)
        }
        try db.run("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")
        try db.run("DELETE FROM articles_search WHERE rowid = ?", articleID)
        try db.run("INSERT INTO articles_search (rowid, title, body) VALUES (?, ?, ?)", articleID, input.title, text)
        return outcome
    }

    private static func matches(_ row: Row, values: [any SQLiteBindable]) -> Bool {
        let columns = ["title", "summary", "author", "body_markdown", "body_html", "word_count", "published_at", "updated_at",
                       "image_url", "image_alt", "image_credit", "image_credit_url", "draft", "comments_open"]
        return zip(columns, values).allSatisfy { row[$0.0] == $0.1.sqliteValue }
    }

    /// Deletes an article with its comments and tags.
    public func deleteArticle(slug: String) throws {
        try write { db in
            guard let row = try db.queryFirst("SELECT id FROM articles WHERE slug = ?", slug), let id = row.int("id") else {
                throw BlogError.articleNotFound
            }
            try db.run("DELETE FROM articles WHERE id = ?", id)
            try db.run("DELETE FROM articles_search WHERE rowid = ?", id)
            try db.run("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")
        }
    }

    /// The first paragraph as plain text, cut at a word boundary to at most 200 characters.
    static func defaultSummary(fromHTML html: String) -> String {
        guard let start = html.range(of: "<p>"), let end = html.range(of: "</p>", range: start.upperBound..<html.endIndex) else {
            return ""
        }
        let text = Markdown.plainText(fromHTML: String(html[start.upperBound..<end.lowerBound]))
        guard text.count > 200 else { return text }
        let cut = text.prefix(199)
        let boundary = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<boundary]) + "…"
    }

    // MARK: - Reading

    /// A published article by slug (drafts only when asked).
    /// With its Markdown source only when asked (`withSource`): pages need the HTML alone.
    public func article(slug: String, includeDrafts: Bool = false, withSource: Bool = false) throws -> Article? {
        try read { db in try article(slug: slug, includeDrafts: includeDrafts, withSource: withSource, in: db) }
    }

    func article(slug: String, includeDrafts: Bool = false, withSource: Bool = false, in db: SQLiteConnection) throws -> Article? {
        let columns = withSource ? Self.articleColumns : Self.pageColumns
        guard let row = try db.queryFirst("SELECT \(columns) FROM articles a WHERE a.slug = ?", slug) else { return nil }
        let article = Self.article(from: row)
        guard !article.draft || includeDrafts else { return nil }
        return try withTags([article], in: db)[0]
    }

    /// Newest first, `perPage` a page; nil when `page` is past the end (the caller answers 404).
    public func publishedArticles(page: Int, perPage: Int, tagSlug: String? = nil) throws -> ArticlePage? {
        // Page numbers come from URLs: an absurd one is "past the end", never an overflow trap.
        guard page >= 1, perPage >= 1 else { return nil }
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
        guard !overflow else { return nil }
        let generation = self.generation
        return try read { db in
            try publishedArticles(offset: offset, page: page, perPage: perPage, tagSlug: tagSlug, generation: generation, in: db)
        }
    }

    func publishedArticles(offset: Int, page: Int, perPage: Int, tagSlug: String?, generation: UInt64,
                           in db: SQLiteConnection) throws -> ArticlePage? {
        do {
            let rows: [Row]
            let total = try countPublished(tagSlug: tagSlug, generation: generation, in: db)
            guard page == 1 || offset < total else { return nil }
            // The page's ids come from an index alone (skipping the rows of earlier pages there
            // costs little; skipping whole rows read each one), then only those rows are read.
            if let tagSlug {
                rows = try db.query("""
                    SELECT \(Self.summaryColumns) FROM (
                        SELECT at.article_id AS id FROM tags t JOIN article_tags at ON at.tag_id = t.id
                        WHERE t.slug = ? AND at.draft = 0 ORDER BY at.published_at DESC, at.article_id DESC LIMIT ? OFFSET ?
                    ) AS shown JOIN articles a ON a.id = shown.id
                    """, tagSlug, perPage, offset)
            } else {
                rows = try db.query("""
                    SELECT \(Self.summaryColumns) FROM (
                        SELECT id FROM articles WHERE draft = 0 ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?
                    ) AS shown JOIN articles a ON a.id = shown.id
                    """, perPage, offset)
            }
            let articles = rows.map(Self.article(from:)).sorted { ($0.publishedAt, $0.id) > ($1.publishedAt, $1.id) }
            return ArticlePage(articles: try withTags(articles, in: db), page: page, perPage: perPage, total: total)
        }
    }

    /// How many articles a list has, counted once per generation rather than per page view:
    /// counting means reading every index entry, which grows with the blog.
    func countPublished(tagSlug: String?, generation: UInt64, in db: SQLiteConnection) throws -> Int {
        let key = tagSlug ?? ""
        if let known = publishedCounts.withLock({ $0.generation == generation ? $0.counts[key] : nil }) { return known }
        let total: Int
        if let tagSlug {
            total = try db.scalar("""
                SELECT count(*) FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.slug = ? AND at.draft = 0
                """, tagSlug).intValue
        } else {
            total = try db.scalar("SELECT count(*) FROM articles WHERE draft = 0").intValue
        }
        publishedCounts.withLock { state in
            if state.generation != generation { state = (generation, [:]) }
            if state.counts.count < 1000 { state.counts[key] = total }
        }
        return total
    }

    /// The published articles just before and after this one by publication date.
    public func neighbours(of article: Article) throws -> (previous: ArticleLink?, next: ArticleLink?) {
        try read { db in try neighbours(of: article, in: db) }
    }

    /// Row values, not `a < ? OR (a = ? AND b < ?)`: with the OR, SQLite walked the date index
    /// from one end to the article, a step per article (90 µs at 2,000 articles); a row value is
    /// one seek.
    func neighbours(of article: Article, in db: SQLiteConnection) throws -> (previous: ArticleLink?, next: ArticleLink?) {
        let date = ISODate.format(article.publishedAt)
        let previous = try db.queryFirst("""
            SELECT slug, title FROM articles WHERE draft = 0 AND (published_at, id) < (?, ?)
            ORDER BY published_at DESC, id DESC LIMIT 1
            """, date, article.id)
        let next = try db.queryFirst("""
            SELECT slug, title FROM articles WHERE draft = 0 AND (published_at, id) > (?, ?)
            ORDER BY published_at ASC, id ASC LIMIT 1
            """, date, article.id)
        func link(_ row: Row?) -> ArticleLink? {
            row.map { ArticleLink(slug: $0.string("slug") ?? "", title: $0.string("title") ?? "") }
        }
        return (link(previous), link(next))
    }

    /// Every article with its Markdown source, newest first (the export, the seed check).
    public func allArticles(includeDrafts: Bool = false, limit: Int = Int.max) throws -> [Article] {
        try read { db in
            // Two statements, not `draft = 0 OR ?`: the OR kept SQLite from the date index.
            let rows = includeDrafts
                ? try db.query("SELECT \(Self.articleColumns) FROM articles a ORDER BY a.published_at DESC, a.id DESC LIMIT ?", limit)
                : try db.query("""
                    SELECT \(Self.articleColumns) FROM articles a WHERE a.draft = 0 ORDER BY a.published_at DESC, a.id DESC LIMIT ?
                    """, limit)
            return try withTags(rows.map(Self.article(from:)), in: db)
        }
    }

    /// The newest published articles with their HTML (the feed): ids from the date index, then
    /// those rows only.
    public func latestArticles(limit: Int) throws -> [Article] {
        try read { db in
            let rows = try db.query("""
                SELECT \(Self.pageColumns) FROM (
                    SELECT id FROM articles WHERE draft = 0 ORDER BY published_at DESC, id DESC LIMIT ?
                ) AS shown JOIN articles a ON a.id = shown.id
                """, limit)
            let articles = rows.map(Self.article(from:)).sorted { ($0.publishedAt, $0.id) > ($1.publishedAt, $1.id) }
            return try withTags(articles, in: db)
        }
    }

    public func tag(slug: String) throws -> Tag? {
        try read { db in
            try db.queryFirst("SELECT slug, name FROM tags WHERE slug = ?", slug).map {
                Tag(slug: $0.string("slug") ?? slug, name: $0.string("name") ?? slug)
            }
        }
    }

    /// Full-text search, best match first. Nil when the query has no searchable word.
    public func search(_ query: String, limit: Int = 20) throws -> [SearchHit]? {
        guard let match = Self.ftsQuery(from: query) else { return nil }
        return try read { db in
            let rows = try db.query("""
                SELECT \(Self.summaryColumns),
                    snippet(articles_search, 1, char(1), char(2), '…', 24) AS snippet
                FROM articles_search s JOIN articles a ON a.id = s.rowid
                WHERE articles_search MATCH ? AND a.draft = 0
                ORDER BY bm25(articles_search, 5.0, 1.0) LIMIT ?
                """, match, limit)
            let articles = try withTags(rows.map(Self.article(from:)), in: db)
            return zip(articles, rows).map { SearchHit(article: $0.0, snippet: $0.1.string("snippet") ?? "") }
        }
    }

    /// Turns what a reader typed into a safe FTS5 query: each word quoted (so `"`, `AND`,
    /// `NEAR(` or `*` cannot break the syntax), all words required, the last as a prefix.
    static func ftsQuery(from text: String) -> String? {
        let words = text.split { !($0.isLetter || $0.isNumber) }.prefix(12).map { String($0.prefix(64)) }
        guard !words.isEmpty else { return nil }
        var terms = words.map { "\"\($0)\"" }
        terms[terms.count - 1] += "*"
        return terms.joined(separator: " ")
    }

    // MARK: - Rows

    static func article(from row: Row) -> Article {
        var image: ArticleImage?
        if let url = row.string("image_url") {
            image = ArticleImage(url: url, alt: row.string("image_alt") ?? "", credit: row.string("image_credit"),
                                 creditURL: row.string("image_credit_url"))
        }
        return Article(
            id: row.int("id") ?? 0, slug: row.string("slug") ?? "", title: row.string("title") ?? "",
            summary: row.string("summary") ?? "", author: row.string("author") ?? "",
            markdown: row.string("body_markdown") ?? "", html: row.string("body_html") ?? "",
            wordCount: row.int("word_count") ?? 0,
            publishedAt: row.string("published_at").flatMap { ISODate.parse($0) } ?? Date(timeIntervalSince1970: 0),
            updatedAt: row.string("updated_at").flatMap { ISODate.parse($0) }, image: image,
            draft: row.bool("draft"), commentsOpen: row.bool("comments_open"), commentCount: row.int("comment_count") ?? 0,
            modifiedAt: row.string("modified_at").flatMap { ISODate.parse($0) } ?? Date(timeIntervalSince1970: 0),
            tags: [])
    }

    private func withTags(_ articles: [Article], in db: SQLiteConnection) throws -> [Article] {
        guard !articles.isEmpty else { return [] }
        let tags = try tags(ofArticles: articles.map(\.id), in: db)
        return articles.map { article in
            var article = article
            article.tags = tags[article.id] ?? []
            return article
        }
    }

    /// Tags of several articles in one query. The ids are bound as one JSON array, so every
    /// list length shares one cached statement and no list meets SQLite's parameter limit.
    private func tags(ofArticles ids: [Int], in db: SQLiteConnection) throws -> [Int: [Tag]] {
        if ids.count == 1 {
            // One article (its page): a plain join, without the JSON list; its few tags are put
            // in order here.
            let rows = try db.query("""
                SELECT at.position, t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = ?
                """, ids[0])
            return [ids[0]: rows.sorted { ($0.int(0) ?? 0) < ($1.int(0) ?? 0) }.map { Tag(slug: $0.string(1) ?? "", name: $0.string(2) ?? "") }]
        }
        let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
        let rows = try db.query("""
            SELECT at.article_id, t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
            WHERE at.article_id IN (SELECT value FROM json_each(?)) ORDER BY at.article_id, at.position
            """, list)
        var result: [Int: [Tag]] = [:]
        for row in rows {
            result[row.int("article_id") ?? 0, default: []].append(Tag(slug: row.string("slug") ?? "", name: row.string("name") ?? ""))
        }
        return result
    }
}

extension SQLiteValue {
    var intValue: Int {
        switch self {
        case .integer(let value): Int(value)
        case .real(let value): Int(value)
        default: 0
        }
    }
}
