import Foundation
import SQLite

/// A comment as the desk lists it: with the title of its article.
public struct DeskComment: Sendable {
    public let comment: Comment
    public let articleTitle: String
}

/// An article the desk links to: a draft (with when it last changed) or a scheduled article
/// (with when it goes live).
public struct DeskArticle: Sendable {
    public let slug: String
    public let title: String
    public let date: Date
}

/// What the dashboard shows, read in one snapshot.
public struct DeskOverview: Sendable {
    public let pendingCount: Int
    public let newestPending: [DeskComment]
    public let recentComments: [DeskComment]
    public let draftCount: Int
    public let drafts: [DeskArticle]
    public let scheduledCount: Int
    /// The next to go live first.
    public let scheduled: [DeskArticle]
    public let publishedCount: Int
    public let databaseBytes: Int
}

extension BlogStore {
    /// The dashboard's numbers and lists; each list is short and read by index.
    public func deskOverview(listLength: Int = 5) throws -> DeskOverview {
        let generation = self.generation
        return try read { db in
            func comments(_ condition: String, _ value: String) throws -> [DeskComment] {
                try db.query("""
                    SELECT \(Self.commentColumns), a.title FROM comments c JOIN articles a ON a.id = c.article_id
                    WHERE \(condition) ORDER BY c.id DESC LIMIT ?
                    """, value, listLength).map { DeskComment(comment: try Self.comment(from: $0), articleTitle: try $0.text(15)) }
            }
            let pending = try db.scalar("SELECT count(*) FROM comments WHERE status = 'pending'").intValue
            // Drafts are read as `hidden = 1 AND draft = 1`: the few hidden articles through the
            // date index, where `draft = 1` alone would read the whole table.
            func articles(_ sql: String) throws -> [DeskArticle] {
                try db.query(sql, listLength).map { DeskArticle(slug: try $0.text(0), title: try $0.text(1), date: try $0.date(2)) }
            }
            let drafts = try db.scalar("SELECT count(*) FROM articles WHERE hidden = 1 AND draft = 1").intValue
            let scheduled = try db.scalar("SELECT count(*) FROM articles WHERE hidden = 1 AND draft = 0 AND kind = 'article'").intValue
            // Counted once per generation, as the home page's total is: at 100,000 articles the
            // count was most of the dashboard's cost.
            let published = try countPublished(tagSlug: nil, generation: generation, in: db)
            let pageCount = try db.scalar("PRAGMA page_count").intValue, pageSize = try db.scalar("PRAGMA page_size").intValue
            return DeskOverview(
                pendingCount: pending,
                newestPending: try comments("c.status = ?", CommentStatus.pending.rawValue),
                recentComments: try comments("c.status <> ?", CommentStatus.deleted.rawValue),
                draftCount: drafts,
                drafts: try articles("SELECT slug, title, modified_at FROM articles WHERE hidden = 1 AND draft = 1 ORDER BY modified_at DESC LIMIT ?"),
                scheduledCount: scheduled,
                scheduled: try articles("""
                    SELECT slug, title, published_at FROM articles WHERE hidden = 1 AND draft = 0 AND kind = 'article' ORDER BY published_at LIMIT ?
                    """),
                publishedCount: published,
                databaseBytes: pageCount * pageSize)
        }
    }
}

/// A comment in the moderation queue: where it was left, why it waits, and how many comments
/// of the same address are already published (0 for a newcomer; keyed by the address's hash),
/// counted up to `QueuedComment.historyLimit`: a regular's thousandth comment need not be
/// counted for every row of every page.
public struct QueuedComment: Sendable {
    public let comment: Comment
    public let articleTitle: String
    public let holdReason: HoldReason?
    public let approvedFromAddress: Int

    public static let historyLimit = 10
}

extension BlogStore {
    /// One page of the moderation queue by status, newest first, the comments older than
    /// `before` (keyset paging: a deep page costs what the first does). `total` is counted up
    /// to `countLimit`; `older` tells whether another page follows.
    public func moderationQueue(status: CommentStatus, before: Int?, perPage: Int, countLimit: Int = 10_000) throws
        -> (comments: [QueuedComment], total: Int, older: Bool) {
        try read { db in
            let total = try db.scalar("SELECT count(*) FROM (SELECT 1 FROM comments WHERE status = ? LIMIT ?)", status.rawValue,
                                      countLimit).intValue
            let rows = try db.query("""
                SELECT \(Self.queuedCommentColumns) FROM comments c JOIN articles a ON a.id = c.article_id
                WHERE c.status = ? AND c.id < ? ORDER BY c.id DESC LIMIT ?
                """, QueuedComment.historyLimit, status.rawValue, before ?? Int.max, perPage + 1)
            return (try rows.prefix(perPage).map(Self.queuedComment(from:)), total, rows.count > perPage)
        }
    }

    /// The comment `id` while it waits for moderation (nil once approved, spam or deleted).
    public func heldComment(id: Int) throws -> QueuedComment? {
        try read { db in
            try db.queryFirst("""
                SELECT \(Self.queuedCommentColumns) FROM comments c JOIN articles a ON a.id = c.article_id
                WHERE c.id = ? AND c.status = 'pending'
                """, QueuedComment.historyLimit, id).map(Self.queuedComment(from:))
        }
    }

    /// A comment's columns, its article's title, why it waits, and how many approved comments
    /// its address has (up to the `?` bound first, `QueuedComment.historyLimit`).
    private static let queuedCommentColumns = """
        \(commentColumns), a.title, c.held_reason,
            (SELECT count(*) FROM (SELECT 1 FROM comments o WHERE o.email_hash = c.email_hash AND o.status = 'approved'
                LIMIT ?))
        """

    private static func queuedComment(from row: Row) throws -> QueuedComment {
        QueuedComment(comment: try comment(from: row), articleTitle: try row.text(15),
                      holdReason: try row.optionalText(16).flatMap(HoldReason.init(rawValue:)),
                      approvedFromAddress: try row.integer(17))
    }
}
