import Foundation
import SQLite

/// A comment as the desk lists it: with the title of its article.
public struct DeskComment: Sendable {
    public let comment: Comment
    public let articleTitle: String
}

/// An article the desk links to: a draft or a recent change.
public struct DeskArticle: Sendable {
    public let slug: String
    public let title: String
    public let modifiedAt: Date
}

/// What the dashboard shows, read in one snapshot.
public struct DeskOverview: Sendable {
    public let pendingCount: Int
    public let newestPending: [DeskComment]
    public let recentComments: [DeskComment]
    public let draftCount: Int
    public let drafts: [DeskArticle]
    public let publishedCount: Int
    public let databaseBytes: Int
}

extension BlogStore {
    /// The dashboard's numbers and lists; each list is short and read by index.
    public func deskOverview(listLength: Int = 5) throws -> DeskOverview {
        try read { db in
            func comments(_ condition: String, _ value: String) throws -> [DeskComment] {
                try db.query("""
                    SELECT \(Self.commentColumns), a.title FROM comments c JOIN articles a ON a.id = c.article_id
                    WHERE \(condition) ORDER BY c.id DESC LIMIT ?
                    """, value, listLength).map { DeskComment(comment: try Self.comment(from: $0), articleTitle: try $0.text(13)) }
            }
            let pending = try db.scalar("SELECT count(*) FROM comments WHERE status = 'pending'").intValue
            let drafts = try db.scalar("SELECT count(*) FROM articles WHERE draft = 1").intValue
            let published = try db.scalar("SELECT count(*) FROM articles WHERE draft = 0").intValue
            let draftRows = try db.query("SELECT slug, title, modified_at FROM articles WHERE draft = 1 ORDER BY modified_at DESC LIMIT ?",
                                         listLength)
            let pageCount = try db.scalar("PRAGMA page_count").intValue, pageSize = try db.scalar("PRAGMA page_size").intValue
            return DeskOverview(
                pendingCount: pending,
                newestPending: try comments("c.status = ?", CommentStatus.pending.rawValue),
                recentComments: try comments("c.status <> ?", CommentStatus.deleted.rawValue),
                draftCount: drafts,
                drafts: try draftRows.map { DeskArticle(slug: try $0.text(0), title: try $0.text(1), modifiedAt: try $0.date(2)) },
                publishedCount: published,
                databaseBytes: pageCount * pageSize)
        }
    }
}

/// A comment in the moderation queue: where it was left, why it waits, and how many comments
/// of the same address are already published (0 for a newcomer; keyed by the address's hash).
public struct QueuedComment: Sendable {
    public let comment: Comment
    public let articleTitle: String
    public let holdReason: HoldReason?
    public let approvedFromAddress: Int
}

extension BlogStore {
    /// One page of the moderation queue by status, newest first.
    public func moderationQueue(status: CommentStatus, page: Int, perPage: Int) throws -> (comments: [QueuedComment], total: Int) {
        let (offset, overflow) = (max(1, page) - 1).multipliedReportingOverflow(by: max(1, perPage))
        return try read { db in
            let total = try db.scalar("SELECT count(*) FROM comments WHERE status = ?", status.rawValue).intValue
            let rows = try db.query("""
                SELECT \(Self.commentColumns), a.title, c.held_reason,
                    (SELECT count(*) FROM comments o WHERE o.email_hash = c.email_hash AND o.status = 'approved')
                FROM comments c JOIN articles a ON a.id = c.article_id
                WHERE c.status = ? ORDER BY c.id DESC LIMIT ? OFFSET ?
                """, status.rawValue, perPage, overflow ? Int.max : offset)
            return (try rows.map {
                QueuedComment(comment: try Self.comment(from: $0), articleTitle: try $0.text(13),
                              holdReason: try $0.optionalText(14).flatMap(HoldReason.init(rawValue:)),
                              approvedFromAddress: try $0.integer(15))
            }, total)
        }
    }
}
