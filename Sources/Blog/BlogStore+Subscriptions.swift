import Foundation
import SQLite

/// What a reader asked to hear about.
public enum SubscriptionKind: String, Sendable {
    /// Replies to one of their comments.
    case replies
    /// New comments on an article.
    case article
}

/// A subscription with what a mail or a page about it needs.
public struct Subscription: Sendable, Equatable {
    public let id: Int
    public let kind: SubscriptionKind
    public let email: String
    public let articleSlug: String
    public let articleTitle: String
    /// The reader's comment (`replies` only).
    public let commentID: Int?
    public let confirmed: Bool
    public let createdAt: Date
}

/// Subscriptions' SQL: made in the comment's transaction (pending, with the confirmation mail
/// queued), confirmed from that mail's link, ended from any mail's unsubscribe link, and
/// told of approved comments in the transaction that approves them.
extension BlogStore {
    /// Records the reader's wish, pending. Its confirmation is queued once the comment is
    /// published (`announceApproved`): a held comment marked as spam mails nobody.
    static func subscribe(_ kind: SubscriptionKind, email: String, emailHash: String, articleID: Int, commentID: Int,
                          now: Date, in db: SQLiteConnection) throws {
        try db.run("""
            INSERT INTO subscriptions (kind, email, email_hash, article_id, comment_id, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, kind.rawValue, email, emailHash, articleID, commentID, ISODate.format(now))
    }

    /// Queues the mail a newly published comment causes: the confirmation its author asked
    /// for (one at a time per address: while one waits unanswered, no other is sent, and its
    /// click confirms every wish the address made before it), then, to whoever follows replies
    /// to its parent or its article, confirmed only, never to its own author, one mail per
    /// address (a reply to someone who also follows the article is one reply mail). Comments
    /// imported as waiting on the old site are old news: they announce nothing.
    static func announceApproved(commentID: Int, now: Date, in db: SQLiteConnection) throws {
        guard let comment = try db.queryFirst("""
            SELECT article_id, parent_id, coalesce(email_hash, ''), coalesce(held_reason, '') FROM comments
            WHERE id = ? AND status = 'approved'
            """, commentID), try comment.text(3) != HoldReason.imported.rawValue else { return }
        let (articleID, parentID, author) = (try comment.integer(0), try comment.optionalInteger(1), try comment.text(2))
        try queueConfirmation(askedBy: commentID, now: now, in: db)
        var told: Set<String> = [author]
        if let parentID {
            for row in try db.query("""
                SELECT id, email, email_hash FROM subscriptions
                WHERE kind = 'replies' AND comment_id = ? AND confirmed_at IS NOT NULL ORDER BY id
                """, parentID) where told.insert(try row.text(2)).inserted {
                try enqueueMail(.reply, about: commentID, to: [try row.text(1)], subscriptionID: try row.integer(0), now: now, in: db)
            }
        }
        for row in try db.query("""
            SELECT id, email, email_hash FROM subscriptions
            WHERE kind = 'article' AND article_id = ? AND confirmed_at IS NOT NULL ORDER BY id
            """, articleID) where told.insert(try row.text(2)).inserted {
            try enqueueMail(.newComment, about: commentID, to: [try row.text(1)], subscriptionID: try row.integer(0), now: now, in: db)
        }
    }

    /// The confirmation of the wishes a comment's author made with it, unless one for that
    /// address is already waiting to be answered (a flood of posts in someone's name sends
    /// them one mail, not hundreds).
    private static func queueConfirmation(askedBy commentID: Int, now: Date, in db: SQLiteConnection) throws {
        guard let wish = try db.queryFirst("""
            SELECT id, email, email_hash FROM subscriptions WHERE comment_id = ? AND confirmed_at IS NULL ORDER BY id LIMIT 1
            """, commentID) else { return }
        let waiting = try db.queryFirst(waitingConfirmation, try wish.text(2),
                                        ISODate.format(now.addingTimeInterval(-(MailLink.Action.confirm.lifetime ?? 0))))
        guard waiting == nil else { return }
        let id = try wish.integer(0)
        try enqueueMail(.confirmSubscription, about: id, to: [try wish.text(1)], subscriptionID: id, now: now, in: db)
    }

    /// Whether a confirmation for an address (`email_hash`) waits unanswered, queued since the
    /// time given. From the address's own wishes to their mail: a join from the outbox's side
    /// walked every confirmation ever queued (a published comment's POST cost five times more).
    static let waitingConfirmation = """
        SELECT 1 FROM subscriptions s WHERE s.email_hash = ? AND s.confirmed_at IS NULL AND EXISTS (
            SELECT 1 FROM outbox o WHERE o.subscription_id = s.id AND o.kind = 'confirm'
                AND o.state IN ('queued', 'sending', 'sent') AND o.created_at > ?)
        """

    /// The wishes of a comment marked as spam or deleted go with it, and so does their mail.
    static func dropSubscriptions(ofComment commentID: Int, now: Date, in db: SQLiteConnection) throws {
        try cancelMail(whereSubscription: "comment_id = ?", commentID, now: now, in: db)
        try db.run("DELETE FROM subscriptions WHERE comment_id = ?", commentID)
    }

    public func subscription(id: Int) throws -> Subscription? {
        try read { db in
            try db.queryFirst("""
                SELECT s.id, s.kind, s.email, a.slug, a.title, s.comment_id, s.confirmed_at IS NOT NULL, s.created_at
                FROM subscriptions s JOIN articles a ON a.id = s.article_id WHERE s.id = ?
                """, id).map { row in
                Subscription(id: try row.integer(0), kind: SubscriptionKind(rawValue: try row.text(1)) ?? .replies,
                             email: try row.text(2), articleSlug: try row.text(3), articleTitle: try row.text(4),
                             commentID: try row.optionalInteger(5), confirmed: try row.boolean(6), createdAt: try row.date(7))
            }
        }
    }

    /// Confirms a subscription, and every other wish its address made before this click (they
    /// waited behind its confirmation); again: nothing changes. False when it is gone.
    @discardableResult
    public func confirmSubscription(id: Int, now: Date = Date()) throws -> Bool {
        try write(visible: false) { db in
            try db.run("""
                UPDATE subscriptions SET confirmed_at = ? WHERE confirmed_at IS NULL
                    AND email_hash = (SELECT email_hash FROM subscriptions WHERE id = ?)
                """, ISODate.format(now), id) > 0 || db.queryFirst("SELECT 1 FROM subscriptions WHERE id = ?", id) != nil
        }
    }

    /// Ends a subscription and cancels its mail still waiting. Ending it twice, or one that
    /// never existed, looks the same to the caller.
    public func unsubscribe(id: Int, now: Date = Date()) throws {
        try write(visible: false) { db in
            try Self.cancelMail(whereSubscription: "id = ?", id, now: now, in: db)
            try db.run("DELETE FROM subscriptions WHERE id = ?", id)
        }
    }

    /// Cancels queued mail of the chosen subscriptions and forgets the address on every mail
    /// of theirs (what erasure and unsubscribing leave behind holds no address).
    static func cancelMail(whereSubscription condition: String, _ value: any SQLiteBindable, now: Date,
                           in db: SQLiteConnection) throws {
        let chosen = "subscription_id IN (SELECT id FROM subscriptions WHERE \(condition))"
        try db.run("""
            UPDATE outbox SET state = 'cancelled', finished_at = ?, last_error = 'unsubscribed' WHERE state = 'queued' AND \(chosen)
            """, ISODate.format(now), value)
        try db.run("UPDATE outbox SET recipient = 'erased-' || id WHERE state <> 'sending' AND \(chosen)", value)
    }

    /// An address's subscriptions, for a personal-data export.
    public func subscriptions(emailHash: String) throws -> [Subscription] {
        let ids = try read { db in
            try db.query("SELECT id FROM subscriptions WHERE email_hash = ? ORDER BY id", emailHash).map { try $0.integer(0) }
        }
        return try ids.compactMap { try subscription(id: $0) }
    }

    /// Removes an address's subscriptions and cancels their mail (inside an erasure's
    /// transaction); with the address itself, also every other mail to it still waiting, and
    /// it is forgotten on those already finished (a lapsed subscription's, say).
    static func eraseSubscriptions(emailHash: String, email: String?, now: Date, in db: SQLiteConnection) throws {
        try cancelMail(whereSubscription: "email_hash = ?", emailHash, now: now, in: db)
        try db.run("DELETE FROM subscriptions WHERE email_hash = ?", emailHash)
        guard let email = email.map({ CommentDraft.trim($0).lowercased() }), !email.isEmpty else { return }
        try db.run("""
            UPDATE outbox SET state = 'cancelled', finished_at = ?, last_error = 'erased' WHERE state = 'queued' AND recipient = ?
            """, ISODate.format(now), email)
        try db.run("UPDATE outbox SET recipient = 'erased-' || id WHERE state <> 'sending' AND recipient = ?", email)
    }
}
