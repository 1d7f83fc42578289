import Foundation
import SQLite

extension BlogStore {
    /// What lists show of an article: everything but its body (a body is kilobytes, a list
    /// shows ten summaries).
    static let summaryColumns = """
        a.id, a.slug, a.title, a.summary, a.author, a.word_count,
        a.published_at, a.updated_at, a.image_url, a.image_alt, a.image_credit, a.image_credit_url,
        a.draft, a.comments_open, a.comment_count, a.modified_at, a.hidden, a.kind, a.nav_order
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
        defer { schedulingMayHaveChanged() }
        return try write { db in
            let outcomes = try inputs.map { try upsert($0, now: now, in: db, keepingOrphanTags: true) }
            try Self.deleteOrphanTags(in: db)
            return outcomes
        }
    }

    /// `keepingOrphanTags`: the caller deletes tags left without articles once, after many
    /// upserts (the statement reads every article's tags).
    func upsert(_ input: ArticleInput, now: Date, in db: SQLiteConnection, keepingOrphanTags: Bool = false) throws
        -> UpsertOutcome {
        let html = Markdown.html(from: input.markdown)
        let text = Markdown.plainText(fromHTML: html)
        let summary = input.summary ?? Self.defaultSummary(fromHTML: html)
        let wordCount = text.split(separator: " ").count
        if input.kind == .page, reservedPageSlugs.contains(input.slug) { throw BlogError.pageRefused(.reservedSlug) }
        let existing = try db.queryFirst("SELECT \(Self.articleColumns) FROM articles a WHERE a.slug = ?", input.slug)
        // An article's comments live at its address; as a page they would be out of reach.
        if input.kind == .page, let existing, try existing.text(17) == ArticleKind.article.rawValue,
           try db.queryFirst("SELECT 1 FROM comments WHERE article_id = ? LIMIT 1", try existing.integer(0)) != nil {
            throw BlogError.pageRefused(.hasComments)
        }
        // A date ahead keeps it hidden until the server publishes it then (`publishDueArticles`);
        // a page is never in the blog's stream.
        let hidden = input.kind == .page || input.draft || input.publishedAt > now
        let values: [any SQLiteBindable] = [
            input.title, summary, input.author ?? "", input.markdown, html, wordCount,
            ISODate.format(input.publishedAt), input.updatedAt.map(ISODate.format), input.image?.url, input.image?.alt,
            input.image?.credit, input.image?.creditURL, input.draft, input.commentsOpen, input.kind.rawValue, input.navOrder,
        ]
        let articleID: Int
        let outcome: UpsertOutcome
        if let existing {
            articleID = try existing.integer(0)
            let current = try tags(ofArticles: [articleID], in: db)[articleID] ?? []
            // Tags compare by slug: another article may have named the shared tag first ("Swift" vs "swift").
            if Self.matches(existing, values: values) && current.map(\.slug) == input.tags.map(Slug.make(from:)) {
                return .unchanged // idempotent: no write, modified_at stays
            }
            try db.run("""
                UPDATE articles SET title = ?, summary = ?, author = ?, body_markdown = ?, body_html = ?, word_count = ?,
                    published_at = ?, updated_at = ?, image_url = ?, image_alt = ?, image_credit = ?, image_credit_url = ?,
                    draft = ?, comments_open = ?, kind = ?, nav_order = ?, hidden = ?, modified_at = ?, revision = revision + 1
                    WHERE id = ?
                """, bindings: values + [hidden, ISODate.format(now), articleID])
            outcome = .updated
        } else {
            try db.run("""
                INSERT INTO articles (title, summary, author, body_markdown, body_html, word_count, published_at, updated_at,
                    image_url, image_alt, image_credit, image_credit_url, draft, comments_open, kind, nav_order, hidden,
                    modified_at, slug)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, bindings: values + [hidden, ISODate.format(now), input.slug])
            articleID = db.lastInsertRowID
            outcome = .created
        }
        try db.run("DELETE FROM article_tags WHERE article_id = ?", articleID)
        for (position, name) in input.tags.enumerated() {
            let slug = Slug.make(from: name)
            try db.run("INSERT INTO tags (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING", slug, name)
            try db.run("""
                INSERT INTO article_tags (article_id, tag_id, position, published_at, hidden) SELECT ?, id, ?, ?, ? FROM tags WHERE slug = ?
                """, articleID, position, ISODate.format(input.publishedAt), hidden, slug)
        }
        if !keepingOrphanTags { try Self.deleteOrphanTags(in: db) }
        try db.run("DELETE FROM articles_search WHERE rowid = ?", articleID)
        try db.run("INSERT INTO articles_search (rowid, title, body) VALUES (?, ?, ?)", articleID, input.title, text)
        return outcome
    }

    static func deleteOrphanTags(in db: SQLiteConnection) throws {
        try db.run("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")
    }

    private static func matches(_ row: Row, values: [any SQLiteBindable]) -> Bool {
        let columns = ["title", "summary", "author", "body_markdown", "body_html", "word_count", "published_at", "updated_at",
                       "image_url", "image_alt", "image_credit", "image_credit_url", "draft", "comments_open", "kind", "nav_order"]
        return zip(columns, values).allSatisfy { row[$0.0] == $0.1.sqliteValue }
    }

    /// Deletes an article with its comments and tags.
    public func deleteArticle(slug: String) throws {
        try write { db in
            guard let row = try db.queryFirst("SELECT id FROM articles WHERE slug = ?", slug) else { throw BlogError.articleNotFound }
            let id = try row.integer(0)
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

    /// A published article by slug (drafts and scheduled articles only when asked).
    /// With its Markdown source only when asked (`withSource`): pages need the HTML alone.
    public func article(slug: String, includeDrafts: Bool = false, withSource: Bool = false) throws -> Article? {
        try read { db in try article(slug: slug, includeDrafts: includeDrafts, withSource: withSource, in: db) }
    }

    func article(slug: String, includeDrafts: Bool = false, withSource: Bool = false, in db: SQLiteConnection) throws -> Article? {
        let columns = withSource ? Self.articleColumns : Self.pageColumns
        guard let row = try db.queryFirst("SELECT \(columns) FROM articles a WHERE a.slug = ?", slug) else { return nil }
        let article = try Self.article(from: row)
        guard article.isPublic || includeDrafts else { return nil }
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
                        WHERE t.slug = ? AND at.hidden = 0 ORDER BY at.published_at DESC, at.article_id DESC LIMIT ? OFFSET ?
                    ) AS shown JOIN articles a ON a.id = shown.id
                    """, tagSlug, perPage, offset)
            } else {
                rows = try db.query("""
                    SELECT \(Self.summaryColumns) FROM (
                        SELECT id FROM articles WHERE hidden = 0 ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?
                    ) AS shown JOIN articles a ON a.id = shown.id
                    """, perPage, offset)
            }
            let articles = try rows.map(Self.article(from:)).sorted { ($0.publishedAt, $0.id) > ($1.publishedAt, $1.id) }
            return ArticlePage(articles: try withTags(articles, in: db), page: page, perPage: perPage, total: total)
        }
    }

    /// How many articles a list has, counted once per generation rather than per page view:
    /// counting means reading every index entry, which grows with the blog.
    func countPublished(tagSlug: String?, generation: UInt64, in db: SQLiteConnection) throws -> Int {
        try countOnce(key: tagSlug ?? "", generation: generation) {
            if let tagSlug {
                try db.scalar("""
                    SELECT count(*) FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.slug = ? AND at.hidden = 0
                    """, tagSlug).intValue
            } else {
                try db.scalar("SELECT count(*) FROM articles WHERE hidden = 0").intValue
            }
        }
    }

    /// A count kept for one generation under `key` (a tag slug, "" for every published
    /// article, or a key starting with NUL, which no slug has, for the desk's counts). Valid
    /// because every article write, drafts included, starts a new generation.
    func countOnce(key: String, generation: UInt64, _ count: () throws -> Int) throws -> Int {
        if let known = publishedCounts.withLock({ $0.generation == generation ? $0.counts[key] : nil }) { return known }
        let total = try count()
        publishedCounts.withLock { state in
            if state.generation != generation { state = (generation, [:]) }
            if state.counts.count < 1000 { state.counts[key] = total }
        }
        return total
    }

    /// A published article with the ones just before and after it by publication date, read
    /// in one snapshot.
    public func articleWithNeighbours(slug: String) throws -> (article: Article, previous: ArticleLink?, next: ArticleLink?)? {
        try read { db in
            guard let article = try article(slug: slug, in: db) else { return nil }
            let neighbours = try neighbours(of: article, in: db)
            return (article, neighbours.previous, neighbours.next)
        }
    }

    /// A tag and one page of its published articles, read in one snapshot; nil when no tag has
    /// that slug, a nil page when the page lies past the end.
    public func tagPage(slug: String, page: Int, perPage: Int) throws -> (tag: Tag, articles: ArticlePage?)? {
        guard page >= 1, perPage >= 1 else { return nil }
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
        let generation = self.generation
        return try read { db in
            guard let tag = try db.queryFirst("SELECT slug, name FROM tags WHERE slug = ?", slug)
                .map({ Tag(slug: try $0.text(0), name: try $0.text(1)) }) else { return nil }
            guard !overflow else { return (tag, nil) }
            return (tag, try publishedArticles(offset: offset, page: page, perPage: perPage, tagSlug: tag.slug,
                                               generation: generation, in: db))
        }
    }

    /// Row values, not `a < ? OR (a = ? AND b < ?)`: with the OR, SQLite walked the date index
    /// from one end to the article, a step per article (90 µs at 2,000 articles); a row value is
    /// one seek.
    func neighbours(of article: Article, in db: SQLiteConnection) throws -> (previous: ArticleLink?, next: ArticleLink?) {
        let date = ISODate.format(article.publishedAt)
        let previous = try db.queryFirst("""
            SELECT slug, title FROM articles WHERE hidden = 0 AND (published_at, id) < (?, ?)
            ORDER BY published_at DESC, id DESC LIMIT 1
            """, date, article.id)
        let next = try db.queryFirst("""
            SELECT slug, title FROM articles WHERE hidden = 0 AND (published_at, id) > (?, ?)
            ORDER BY published_at ASC, id ASC LIMIT 1
            """, date, article.id)
        func link(_ row: Row?) throws -> ArticleLink? {
            try row.map { ArticleLink(slug: try $0.text(0), title: try $0.text(1)) }
        }
        return (try link(previous), try link(next))
    }

    /// Every article with its Markdown source, newest first (the export, the seed check).
    public func allArticles(includeDrafts: Bool = false, limit: Int = Int.max) throws -> [Article] {
        try read { db in
            // Two statements, not `hidden = 0 OR ?`: the OR kept SQLite from the date index.
            let rows = includeDrafts
                ? try db.query("SELECT \(Self.articleColumns) FROM articles a ORDER BY a.published_at DESC, a.id DESC LIMIT ?", limit)
                : try db.query("""
                    SELECT \(Self.articleColumns) FROM articles a WHERE a.hidden = 0 ORDER BY a.published_at DESC, a.id DESC LIMIT ?
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
                    SELECT id FROM articles WHERE hidden = 0 ORDER BY published_at DESC, id DESC LIMIT ?
                ) AS shown JOIN articles a ON a.id = shown.id
                """, limit)
            let articles = try rows.map(Self.article(from:)).sorted { ($0.publishedAt, $0.id) > ($1.publishedAt, $1.id) }
            return try withTags(articles, in: db)
        }
    }

    /// Matches a search considers: the newest that have every word.
    static let searchCandidates = 40

    /// Full-text search. Nil when the query has no searchable word.
    ///
    /// The newest `searchCandidates` articles that have every word are read from the index,
    /// newest added first, which stops after those few: a search costs the same however many
    /// articles contain its words. (Ranking every match by BM25 read every match's column
    /// sizes: 4.5 ms at 2,000 articles and 0.24 s at 100,000 for a word in every article.)
    /// Of these, those whose title has every word come first, then the others, each newest
    /// first: the order WordPress shows. Words match whole first; when that finds fewer than
    /// `limit` articles, the last word also matches as a prefix ("zepp" finds "zeppelin").
    /// Snippets are made from the hits' plain text (`SearchSnippet`).
    public func search(_ query: String, limit: Int = 20) throws -> [SearchHit]? {
        guard let query = SearchQuery(query) else { return nil }
        return try read { db in
            let whole = try search(query.wholeWords, terms: query.terms, prefix: false, limit: limit, in: db)
            guard whole.count < limit else { return whole }
            return try search(query.lastAsPrefix, terms: query.terms, prefix: true, limit: limit, in: db)
        }
    }

    private func search(_ match: String, terms: [String], prefix: Bool, limit: Int, in db: SQLiteConnection) throws -> [SearchHit] {
        // Ids and titles only: of the candidates at most `limit` are shown, and only theirs
        // bodies are read below (the whole text of forty articles was half a search's time).
        let found = try db.query("""
            SELECT rowid, title FROM articles_search WHERE articles_search MATCH ? ORDER BY rowid DESC LIMIT ?
            """, match, max(limit, Self.searchCandidates)).map { row in
            (id: try row.integer(0), inTitle: SearchSnippet.containsAll(try row.text(1), terms: terms, lastIsPrefix: prefix))
        }
        guard !found.isEmpty else { return [] }
        // Drafts (in the index too) are dropped here: with `AND a.hidden = 0` SQLite walked every
        // published article to test it against the list, instead of looking the few ids up.
        let rows = try db.query("""
            SELECT \(Self.summaryColumns) FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))
            """, Self.jsonArray(found.map(\.id)))
        var byID: [Int: Article] = [:]
        for row in rows {
            let article = try Self.article(from: row)
            if article.isPublic { byID[article.id] = article }
        }
        let shown = found.compactMap { hit in byID[hit.id].map { (article: $0, inTitle: hit.inTitle) } }
            .sorted { ($0.inTitle ? 1 : 0, $0.article.publishedAt, $0.article.id) > ($1.inTitle ? 1 : 0, $1.article.publishedAt, $1.article.id) }
            .prefix(limit)
        guard !shown.isEmpty else { return [] }
        var bodies: [Int: String] = [:]
        for row in try db.query("""
            SELECT rowid, body FROM articles_search WHERE rowid IN (SELECT value FROM json_each(?))
            """, Self.jsonArray(shown.map(\.article.id))) {
            bodies[try row.integer(0)] = try row.text(1)
        }
        let articles = try withTags(shown.map(\.article), in: db)
        return articles.map {
            SearchHit(article: $0, snippet: SearchSnippet.make(bodies[$0.id] ?? "", terms: terms, lastIsPrefix: prefix))
        }
    }

    /// Ids as one JSON array, bound to `json_each(?)`: every list length shares one statement.
    private static func jsonArray(_ ids: [Int]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    // MARK: - Rows

    /// An article from a row that starts with `summaryColumns` (then, when selected, the HTML
    /// and the Markdown body): read by position, as every list reads many.
    static func article(from row: Row) throws -> Article {
        var image: ArticleImage?
        if let url = try row.optionalText(8) {
            image = ArticleImage(url: url, alt: try row.optionalText(9) ?? "", credit: try row.optionalText(10),
                                 creditURL: try row.optionalText(11))
        }
        let columns = row.values.count
        return Article(
            id: try row.integer(0), kind: ArticleKind(rawValue: try row.text(17)) ?? .article, navOrder: try row.optionalInteger(18),
            slug: try row.text(1), title: try row.text(2), summary: try row.text(3),
            author: try row.text(4), markdown: columns > 20 ? try row.text(20) : "",
            html: columns > 19 ? try row.text(19) : "", wordCount: try row.integer(5), publishedAt: try row.date(6),
            updatedAt: try row.optionalDate(7), image: image, draft: try row.boolean(12), isPublic: !(try row.boolean(16)),
            commentsOpen: try row.boolean(13),
            commentCount: try row.integer(14), modifiedAt: try row.date(15), tags: [])
    }

    func withTags(_ articles: [Article], in db: SQLiteConnection) throws -> [Article] {
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
            return [ids[0]: try rows.map { (position: try $0.integer(0), tag: Tag(slug: try $0.text(1), name: try $0.text(2))) }
                .sorted { $0.position < $1.position }.map(\.tag)]
        }
        let rows = try db.query("""
            SELECT at.article_id, t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
            WHERE at.article_id IN (SELECT value FROM json_each(?)) ORDER BY at.article_id, at.position
            """, Self.jsonArray(ids))
        var result: [Int: [Tag]] = [:]
        for row in rows {
            result[try row.integer(0), default: []].append(Tag(slug: try row.text(1), name: try row.text(2)))
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
