import Foundation
import SQLite

// An article's comments in pages of whole threads. A thread is a top-level comment with all
// its replies (`thread_id` is the top-level comment's id); a thread is shown while it has an
// approved comment, with non-approved ancestors kept as "removed". Pages are cut between
// threads in `thread_id` order (`comments.order`), so every query here walks one index
// (`comments_by_thread`) over the threads of one page, whatever the size of the article.

extension BlogStore {
    /// Everything the article page shows, in one read snapshot: the article, its neighbours and
    /// comment page `page`. Nil when there is no such published article or no such page.
    public func articleWithComments(slug: String, page: Int, perPage: Int, order: CommentOrder) throws -> ArticleWithComments? {
        try read { db in
            guard let article = try article(slug: slug, in: db),
                  let comments = try commentPage(articleID: article.id, page: page, perPage: perPage, order: order, in: db)
            else { return nil }
            let neighbours = try neighbours(of: article, in: db)
            return ArticleWithComments(article: article, previous: neighbours.previous, next: neighbours.next, comments: comments)
        }
    }

    /// The article with the comment page that shows comment `id` (the first page when that
    /// comment is not an approved one of this article), read in one snapshot: the form shown
    /// again after a refused reply.
    public func articleWithComments(slug: String, showing id: Int?, perPage: Int,
                                    order: CommentOrder) throws -> ArticleWithComments? {
        try read { db in
            guard let article = try article(slug: slug, in: db) else { return nil }
            var page = 1
            if let id, let location = try Self.commentLocation(id: id, perPage: perPage, order: order, in: db),
               location.slug == slug {
                page = location.page
            }
            guard let comments = try commentPage(articleID: article.id, page: page, perPage: perPage, order: order, in: db)
            else { return nil }
            let neighbours = try neighbours(of: article, in: db)
            return ArticleWithComments(article: article, previous: neighbours.previous, next: neighbours.next, comments: comments)
        }
    }

    /// Where comment `id` is shown: its article and comment page. Nil unless it is approved on
    /// a published article.
    public func commentLocation(id: Int, perPage: Int, order: CommentOrder) throws -> (slug: String, page: Int)? {
        try read { db in try Self.commentLocation(id: id, perPage: perPage, order: order, in: db) }
    }

    static func commentLocation(id: Int, perPage: Int, order: CommentOrder,
                                in db: SQLiteConnection) throws -> (slug: String, page: Int)? {
        guard let row = try db.queryFirst("""
            SELECT a.slug, c.article_id, c.thread_id FROM comments c JOIN articles a ON a.id = c.article_id
            WHERE c.id = ? AND c.status = 'approved' AND a.hidden = 0
            """, id) else { return nil }
        let (slug, articleID, threadID) = (try row.text(0), try row.integer(1), try row.integer(2))
        return (slug, try commentPageNumber(ofThread: threadID, articleID: articleID, perPage: perPage, order: order, in: db))
    }

    /// Approved comments of an article, flat and in thread order (a reply always after what it
    /// answers), `perPage` at a time, with how many there are (the JSON API).
    /// Nil when there is no published article `slug`; read in one snapshot.
    public func approvedComments(slug: String, page: Int,
                                 perPage: Int) throws -> (article: Article, comments: [Comment], total: Int)? {
        let (offset, overflow) = (max(1, page) - 1).multipliedReportingOverflow(by: max(1, perPage))
        return try read { db in
            guard let article = try article(slug: slug, in: db) else { return nil }
            let (articleID, total) = (article.id, article.commentCount)
            guard !overflow, offset < total else { return (article, [], total) }
            let rows = try db.query("""
                SELECT \(Self.publicCommentColumns) FROM comments
                WHERE article_id = ? AND status = 'approved' ORDER BY thread_id, id LIMIT ? OFFSET ?
                """, articleID, perPage, offset)
            return (article, try rows.map(Self.publicComment(from:)), total)
        }
    }

    /// A published article and its newest approved comments, newest first (its comment feed),
    /// read in one snapshot.
    public func newestComments(slug: String, limit: Int) throws -> (article: Article, comments: [Comment])? {
        try read { db in
            guard let article = try article(slug: slug, in: db) else { return nil }
            let comments = try db.query("""
                SELECT \(Self.publicCommentColumns) FROM comments
                WHERE article_id = ? AND status = 'approved' ORDER BY id DESC LIMIT ?
                """, article.id, limit).map(Self.publicComment(from:))
            return (article, comments)
        }
    }

    // MARK: - In a transaction

    /// Page `page` of an article's threads; nil past the last page. `perPage` 0: one page.
    func commentPage(articleID: Int, page: Int, perPage: Int, order: CommentOrder,
                     in db: SQLiteConnection) throws -> CommentPage? {
        guard page >= 1, perPage > 0 || page == 1 else { return nil }
        var first = 0, last = Int.max, pageCount = 1
        if perPage > 0 {
            let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
            guard !overflow else { return nil }
            // One thread more than a page holds tells whether there is another page, so an
            // article whose threads fit on one page needs no count.
            let ids = try db.query("""
                SELECT DISTINCT thread_id FROM comments WHERE article_id = ? AND status = 'approved'
                ORDER BY thread_id \(order == .newest ? "DESC" : "ASC") LIMIT ? OFFSET ?
                """, articleID, perPage + 1, offset).map { try $0.integer(0) }
            guard !ids.isEmpty else { return page == 1 ? CommentPage(threads: [], page: 1, pageCount: 1) : nil }
            let shown = ids.prefix(perPage)
            (first, last) = (shown.min()!, shown.max()!)
            if page > 1 || ids.count > perPage {
                let threadCount = try db.scalar("""
                    SELECT count(DISTINCT thread_id) FROM comments WHERE article_id = ? AND status = 'approved'
                    """, articleID).intValue
                pageCount = (threadCount + perPage - 1) / perPage
            }
        }
        // Every status: a removed comment keeps its place while it has visible replies. Each
        // status is one seek of the index; sorting a page's rows here avoids sorting in SQL.
        let rows = try db.query("""
            SELECT \(Self.publicCommentColumns) FROM comments
            WHERE article_id = ? AND status IN ('approved', 'pending', 'spam', 'deleted') AND thread_id BETWEEN ? AND ?
            """, articleID, first, last)
        let comments = try rows.map(Self.publicComment(from:)).sorted { $0.id < $1.id }
        var threads = Self.threads(from: comments)
        if order == .newest { threads.reverse() }
        return CommentPage(threads: threads, page: page, pageCount: pageCount)
    }

    /// The comment page that shows thread `threadID`.
    static func commentPageNumber(ofThread threadID: Int, articleID: Int, perPage: Int, order: CommentOrder,
                                  in db: SQLiteConnection) throws -> Int {
        guard perPage > 0 else { return 1 }
        let before = try db.scalar("""
            SELECT count(DISTINCT thread_id) FROM comments WHERE article_id = ? AND status = 'approved'
            AND thread_id \(order == .newest ? ">" : "<") ?
            """, articleID, threadID).intValue
        return before / perPage + 1
    }

    /// What a public page may read of a comment: never the email or the raw body.
    static let publicCommentColumns = """
        id, article_id, parent_id, depth, name, website, body_html, thread_id, status, created_at, edited_at, by_author
        """

    static func publicComment(from row: Row) throws -> Comment {
        Comment(id: try row.integer(0), articleID: try row.integer(1), articleSlug: "", parentID: try row.optionalInteger(2),
                depth: try row.integer(3), name: try row.text(4), email: nil, website: try row.optionalText(5), body: "",
                html: try row.text(6), threadID: try row.integer(7), status: try row.commentStatus(8),
                createdAt: try row.date(9), editedAt: try row.optionalDate(10), byAuthor: try row.boolean(11))
    }
}
