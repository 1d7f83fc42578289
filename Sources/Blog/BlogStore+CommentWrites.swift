import Foundation
import SQLite

/// The reads and the insert a comment submission makes inside its write transaction
/// (`CommentService` decides; the SQL is here, with the rest of the store's).
extension BlogStore {
    /// What a submission needs to know of its article.
    struct CommentTarget {
        let id: Int
        let publishedAt: Date
        let commentsOpen: Bool
    }

    /// The published article `slug`, or nil (drafts and scheduled articles take no comments).
    static func commentTarget(slug: String, in db: SQLiteConnection) throws -> CommentTarget? {
        guard let row = try db.queryFirst("SELECT id, published_at, comments_open, hidden FROM articles WHERE slug = ?", slug),
              !(try row.boolean(3)) else { return nil }
        return CommentTarget(id: try row.integer(0), publishedAt: try row.date(1), commentsOpen: try row.boolean(2))
    }

    /// The depth and thread of an approved comment on this article, which a reply may answer.
    static func replyTarget(id: Int, articleID: Int, in db: SQLiteConnection) throws -> (depth: Int, threadID: Int)? {
        guard let row = try db.queryFirst("""
            SELECT depth, thread_id FROM comments WHERE id = ? AND article_id = ? AND status = 'approved'
            """, id, articleID) else { return nil }
        let depth = try row.integer(0)
        return (depth, try row.optionalInteger(1) ?? id)
    }

    /// A comment the desk's author may answer: approved or waiting (not spam, not deleted),
    /// with where it sits.
    struct AnswerableComment {
        let articleID: Int
        let articleSlug: String
        let depth: Int
        let threadID: Int
        let parentID: Int?
        let isPending: Bool
    }

    static func answerableComment(id: Int, in db: SQLiteConnection) throws -> AnswerableComment? {
        guard let row = try db.queryFirst("""
            SELECT c.article_id, a.slug, c.depth, c.thread_id, c.parent_id, c.status FROM comments c
            JOIN articles a ON a.id = c.article_id WHERE c.id = ?
            """, id), let status = CommentStatus(rawValue: try row.text(5)), status == .approved || status == .pending
        else { return nil }
        return AnswerableComment(articleID: try row.integer(0), articleSlug: try row.text(1), depth: try row.integer(2),
                                 threadID: try row.optionalInteger(3) ?? id, parentID: try row.optionalInteger(4),
                                 isPending: status == .pending)
    }

    /// Where a reply to a comment goes: under it, or, under the deepest comment allowed, beside
    /// it (under its parent, at its depth; a top-level one then starts a thread of its own).
    /// The desk's author replies and imported threads keep the form's depth this way.
    struct ReplySpot: Equatable {
        let parentID: Int?
        let depth: Int
        /// Nil when the reply starts a thread.
        let threadID: Int?

        init(replyingTo id: Int, depth: Int, threadID: Int, parentID: Int?, maxDepth: Int) {
            let under = depth < maxDepth ? Optional(id) : parentID
            self.parentID = under
            self.depth = depth < maxDepth ? depth + 1 : under == nil ? 1 : depth
            self.threadID = under == nil ? nil : threadID
        }
    }

    /// Publishes a waiting comment (the caller recounts its article).
    static func approve(commentID: Int, in db: SQLiteConnection) throws {
        try db.run("UPDATE comments SET status = 'approved' WHERE id = ?", commentID)
    }

    /// Whether this commenter already wrote this text on this article. Every status is named
    /// so each is one seek in comments_by_commenter (deleted and erased comments carry no
    /// email_hash and a fingerprint of their own).
    static func hasComment(emailHash: String, articleID: Int, fingerprint: String, in db: SQLiteConnection) throws -> Bool {
        try db.queryFirst("""
            SELECT 1 FROM comments WHERE email_hash = ? AND status IN ('pending', 'approved', 'spam')
            AND article_id = ? AND fingerprint = ?
            """, emailHash, articleID, fingerprint) != nil
    }

    /// Whether this address has an approved comment anywhere (first-time moderation).
    static func hasApprovedComment(emailHash: String, in db: SQLiteConnection) throws -> Bool {
        try db.queryFirst("SELECT 1 FROM comments WHERE email_hash = ? AND status = 'approved' LIMIT 1", emailHash) != nil
    }

    /// A comment about to be stored.
    struct NewComment {
        let articleID: Int
        let parentID: Int?
        let depth: Int
        /// Nil for a top-level comment, which starts its own thread.
        let threadID: Int?
        let name: String
        /// Nil for an imported comment whose source kept none.
        let email: String?
        let emailHash: String?
        let website: String?
        let body: String
        let html: String
        let status: CommentStatus
        /// Why it waits (nil when published at once).
        let holdReason: HoldReason?
        let clientHash: String
        let fingerprint: String
        let createdAt: Date
        /// Written from the desk by one of the blog's accounts (the "Author" badge).
        var byAuthor = false
        /// How `body` is written (`html` was made from it so).
        var format = CommentFormat.text
    }

    /// Inserts the comment and returns its id and thread; an approved one also counts on its
    /// article (one more, not a recount: counting grew with every comment).
    static func insert(_ comment: NewComment, in db: SQLiteConnection) throws -> (id: Int, threadID: Int) {
        try db.run("""
            INSERT INTO comments (article_id, parent_id, depth, name, email, email_hash, website, body, body_html, thread_id,
                status, held_reason, client_hash, fingerprint, created_at, by_author, format)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, comment.articleID, comment.parentID, comment.depth, comment.name, comment.email, comment.emailHash,
                   comment.website, comment.body, comment.html, comment.threadID, comment.status.rawValue,
                   comment.holdReason?.rawValue, comment.clientHash, comment.fingerprint, ISODate.format(comment.createdAt),
                   comment.byAuthor, comment.format.rawValue)
        let id = db.lastInsertRowID
        if comment.threadID == nil {
            // A top-level comment starts its own thread; its id exists only now.
            try db.run("UPDATE comments SET thread_id = id WHERE id = ?", id)
        }
        if comment.status == .approved {
            try db.run("UPDATE articles SET comment_count = comment_count + 1, modified_at = ? WHERE id = ?",
                       ISODate.format(comment.createdAt), comment.articleID)
        }
        return (id, comment.threadID ?? id)
    }
}
