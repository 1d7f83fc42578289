import Foundation
import SQLite

extension BlogStore {
    static let commentColumns = """
        c.id, c.article_id, a.slug AS article_slug, c.parent_id, c.depth, c.name, c.email, c.website, c.body, c.body_html,
        c.thread_id, c.status, c.created_at, c.edited_at, c.by_author
        """

    /// Keeps `articles.comment_count` and `modified_at` right after an approved comment changes.
    static func recount(articleID: Int, now: Date, in db: SQLiteConnection) throws {
        try db.run("""
            UPDATE articles SET comment_count = (SELECT count(*) FROM comments WHERE article_id = ? AND status = 'approved'),
                modified_at = ? WHERE id = ?
            """, articleID, ISODate.format(now), articleID)
    }

    static func threads(from comments: [Comment]) -> [CommentNode] {
        var children: [Int: [Comment]] = [:]
        var roots: [Comment] = []
        let ids = Set(comments.map(\.id))
        for comment in comments {
            if let parent = comment.parentID, ids.contains(parent) {
                children[parent, default: []].append(comment)
            } else {
                roots.append(comment)
            }
        }
        func build(_ comment: Comment) -> CommentNode? {
            let replies = (children[comment.id] ?? []).compactMap(build)
            if comment.status == .approved { return CommentNode(comment: comment, removed: false, replies: replies) }
            guard !replies.isEmpty else { return nil }
            var hidden = comment
            hidden.name = ""
            hidden.body = ""
            hidden.html = ""
            hidden.website = nil
            hidden.email = nil
            return CommentNode(comment: hidden, removed: true, replies: replies)
        }
        return roots.compactMap(build)
    }

    /// Every approved comment of an article, flat, oldest first (the export).
    public func approvedComments(articleID: Int) throws -> [Comment] {
        try read { db in
            try db.query("""
                SELECT \(Self.commentColumns) FROM comments c JOIN articles a ON a.id = c.article_id
                WHERE c.article_id = ? AND c.status = 'approved' ORDER BY c.id
                """, articleID).map(Self.comment(from:))
        }
    }

    public func comment(id: Int) throws -> Comment? {
        try read { db in
            try db.queryFirst("""
                SELECT \(Self.commentColumns) FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ?
                """, id).map(Self.comment(from:))
        }
    }

    // MARK: - Moderation

    /// Comments by status, newest first, with emails (admins only).
    public func comments(status: CommentStatus, page: Int, perPage: Int) throws -> (comments: [Comment], total: Int) {
        let (offset, overflow) = (max(1, page) - 1).multipliedReportingOverflow(by: max(0, perPage))
        return try read { db in
            let total = try db.scalar("SELECT count(*) FROM comments WHERE status = ?", status.rawValue).intValue
            let rows = try db.query("""
                SELECT \(Self.commentColumns) FROM comments c JOIN articles a ON a.id = c.article_id
                WHERE c.status = ? ORDER BY c.id DESC LIMIT ? OFFSET ?
                """, status.rawValue, perPage, overflow ? Int.max : offset)
            return (try rows.map(Self.comment(from:)), total)
        }
    }

    /// Sets a comment's status (approve, spam). Throws `.commentNotFound`.
    @discardableResult
    public func setStatus(_ status: CommentStatus, commentID: Int, now: Date = Date()) throws -> Comment {
        let slug: String = try write(visible: false) { db in
            guard let row = try db.queryFirst("""
                SELECT c.article_id, a.slug, c.status FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ?
                """, commentID) else {
                throw BlogError.commentNotFound
            }
            try Self.changeStatus(of: commentID, articleID: try row.integer(0), from: try row.text(2), to: status,
                                  announcing: sendsMail, now: now, in: db)
            return try row.text(1)
        }
        commentsChanged(articleSlug: slug)
        guard let comment = try comment(id: commentID) else { throw BlogError.commentNotFound }
        return comment
    }

    /// The one way a comment's status changes (the desk, the CLI, the API, a moderator's mail
    /// link), inside the caller's transaction: its article recounted; announced to subscribers
    /// when it becomes public from waiting or spam (not again when approved twice, never a
    /// deleted comment brought back by id); its wishes dropped when it is marked as spam.
    static func changeStatus(of commentID: Int, articleID: Int, from before: String, to status: CommentStatus,
                             announcing: Bool, now: Date, in db: SQLiteConnection) throws {
        try db.run("UPDATE comments SET status = ? WHERE id = ?", status.rawValue, commentID)
        try recount(articleID: articleID, now: now, in: db)
        if status == .approved && announcing && (before == "pending" || before == "spam") {
            try announceApproved(commentID: commentID, now: now, in: db)
        }
        if status == .spam { try dropSubscriptions(ofComment: commentID, now: now, in: db) }
    }

    /// Deletes a comment: its personal data is wiped; replies stay, shown under "removed".
    public func deleteComment(id: Int, now: Date = Date()) throws {
        let slug: String = try write(visible: false) { db in
            guard let row = try db.queryFirst("""
                SELECT c.article_id, a.slug FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ?
                """, id) else {
                throw BlogError.commentNotFound
            }
            try db.run("""
                UPDATE comments SET status = 'deleted', name = '', email = NULL, email_hash = NULL, website = NULL, body = '',
                    body_html = '', client_hash = '', fingerprint = 'removed-' || id WHERE id = ?
                """, id)
            try Self.dropSubscriptions(ofComment: id, now: now, in: db)
            try Self.recount(articleID: try row.integer(0), now: now, in: db)
            return try row.text(1)
        }
        commentsChanged(articleSlug: slug)
    }

    // MARK: - Personal data

    /// Every comment written with this address (GDPR access request).
    public func comments(byEmailHash hash: String) throws -> [Comment] {
        try read { db in
            try db.query("""
                SELECT \(Self.commentColumns) FROM comments c JOIN articles a ON a.id = c.article_id
                WHERE c.email_hash = ? ORDER BY c.id
                """, hash).map(Self.comment(from:))
        }
    }

    /// Anonymises every comment of this address: the name becomes `anonymousName`, email and
    /// website are removed, bodies too when asked. Returns how many comments changed.
    /// `email`, when the caller has it: mail to it not tied to a subscription is erased too.
    public func erasePersonalData(emailHash hash: String, email: String? = nil, removeBodies: Bool, anonymousName: String,
                                  now: Date = Date()) throws -> Int {
        try write { db in
            let articles = try db.query("SELECT DISTINCT article_id FROM comments WHERE email_hash = ?", hash).map { try $0.integer(0) }
            let changed: Int
            if removeBodies {
                changed = try db.run("""
                    UPDATE comments SET name = ?, email = NULL, email_hash = NULL, website = NULL, body = '', body_html = '',
                        status = 'deleted', client_hash = '', fingerprint = 'erased-' || id WHERE email_hash = ?
                    """, anonymousName, hash)
            } else {
                changed = try db.run("""
                    UPDATE comments SET name = ?, email = NULL, email_hash = NULL, website = NULL, client_hash = '',
                        fingerprint = 'erased-' || id WHERE email_hash = ?
                    """, anonymousName, hash)
            }
            for articleID in articles { try Self.recount(articleID: articleID, now: now, in: db) }
            // The address's subscriptions go too, and mail still waiting for it is cancelled.
            try Self.eraseSubscriptions(emailHash: hash, email: email, now: now, in: db)
            return changed
        }
    }

    /// A comment from a row of `commentColumns`, read by position.
    static func comment(from row: Row) throws -> Comment {
        let id = try row.integer(0)
        return Comment(id: id, articleID: try row.integer(1), articleSlug: try row.text(2), parentID: try row.optionalInteger(3),
                       depth: try row.integer(4), name: try row.text(5), email: try row.optionalText(6),
                       website: try row.optionalText(7), body: try row.text(8), html: try row.text(9),
                       threadID: try row.optionalInteger(10) ?? id, status: try row.commentStatus(11), createdAt: try row.date(12),
                       editedAt: try row.optionalDate(13), byAuthor: try row.boolean(14))
    }
}
