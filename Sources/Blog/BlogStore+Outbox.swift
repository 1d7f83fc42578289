import Foundation
import SQLite

/// The outbox's SQL: mail queued inside the transaction of the event that causes it, claimed
/// by the sender (marked `sending` and committed before the relay is called), and finished.
/// Which thread sends is the caller's business; every function here is one transaction.
extension BlogStore {
    /// Queues one mail per recipient, inside the caller's transaction (the event's).
    /// One mail per event and address: queueing the same again does nothing (`outbox_once`).
    static func enqueueMail(_ kind: MailKind, about subjectID: Int, to recipients: [String], subscriptionID: Int? = nil,
                            now: Date, in db: SQLiteConnection) throws {
        let time = ISODate.format(now)
        // Lowercased: the hourly limit per address is one limit for `Ada@` and `ada@`.
        for recipient in Set(recipients.map { $0.lowercased() }).sorted() {
            try db.run("""
                INSERT OR IGNORE INTO outbox (kind, subject_id, recipient, subscription_id, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, kind.rawValue, subjectID, recipient, subscriptionID, time, time)
        }
    }

    /// Who hears of a held comment: every desk account (each role moderates), else the
    /// configured addresses.
    static func moderatorAddresses(fallback: [String], in db: SQLiteConnection) throws -> [String] {
        let accounts = try db.query("SELECT email FROM users ORDER BY id").map { try $0.text(0) }
        return accounts.isEmpty ? fallback : accounts
    }

    /// At start: mail found `sending` was being handed to the relay when the last process
    /// stopped. It may have arrived, so it is never sent again (at most once): `unknown`.
    @discardableResult
    public func settleInterruptedMail(now: Date = Date()) throws -> Int {
        try write(visible: false) { db in
            try db.run("""
                UPDATE outbox SET state = 'unknown', finished_at = ?,
                    last_error = 'interrupted while sending; it may or may not have arrived' WHERE state = 'sending'
                """, ISODate.format(now))
        }
    }

    /// Claims up to `limit` mails that are due, within the hourly limits, and marks them
    /// `sending` (committed before this returns). A mail whose address has had its share this
    /// hour waits until the oldest of those leaves the window.
    public func claimDueMail(now: Date = Date(), limit: Int = 10, policy: OutboxPolicy) throws -> [OutboxMail] {
        try write(visible: false) { db in
            let time = ISODate.format(now)
            let hourAgo = ISODate.format(now.addingTimeInterval(-3600))
            // Mail being sent elsewhere now counts too (another pass, or another process). Two
            // counts, each over a partial index, not one OR that walks the whole table.
            let sentThisHour = try db.scalar("SELECT count(*) FROM outbox WHERE state = 'sent' AND finished_at > ?", hourAgo).intValue
                + db.scalar("SELECT count(*) FROM outbox WHERE state = 'sending'").intValue
            var room = min(limit, policy.perHour - sentThisHour)
            guard room > 0 else { return [] }
            let due = try db.query("""
                SELECT id, kind, subject_id, recipient, attempts, created_at, subscription_id FROM outbox
                WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY kind <> 'comment-held', next_attempt_at, id LIMIT ?
                """, time, room * 4)
            var claimed: [OutboxMail] = []
            for row in due where room > 0 {
                let id = try row.integer(0), recipient = try row.text(3)
                guard let kind = MailKind(rawValue: try row.text(1)) else {
                    try finish(id: id, state: "failed", reason: "unknown kind", now: now, in: db)
                    continue
                }
                let recent = try db.query("""
                    SELECT finished_at FROM outbox WHERE recipient = ? AND state = 'sent' AND finished_at > ?
                    ORDER BY finished_at LIMIT ?
                    """, recipient, hourAgo, policy.perRecipientPerHour).map { try $0.text(0) }
                let sending = try db.scalar("SELECT count(*) FROM outbox WHERE recipient = ? AND state = 'sending'", recipient).intValue
                // `sending` includes what this pass has claimed so far.
                if recent.count + sending >= policy.perRecipientPerHour {
                    // Back when the oldest of this hour's share leaves the window (or in a minute,
                    // when the share is still being sent).
                    let oldest = recent.first.flatMap { ISODate.parse($0) }?.addingTimeInterval(3601) ?? now.addingTimeInterval(60)
                    try db.run("UPDATE outbox SET next_attempt_at = ? WHERE id = ?", ISODate.format(max(oldest, now.addingTimeInterval(60))), id)
                    continue
                }
                let attempts = try row.integer(4) + 1
                try db.run("UPDATE outbox SET state = 'sending', attempts = ? WHERE id = ?", attempts, id)
                claimed.append(OutboxMail(id: id, kind: kind, subjectID: try row.integer(2), recipient: recipient,
                                          subscriptionID: try row.optionalInteger(6), attempts: attempts, createdAt: try row.date(5)))
                room -= 1
            }
            return claimed
        }
    }

    /// Records how an attempt ended. A deferred mail older than `policy.maxAge` is given up.
    public func finishMail(_ mail: OutboxMail, _ outcome: MailOutcome, now: Date = Date(), policy: OutboxPolicy) throws {
        try write(visible: false) { db in
            switch outcome {
            case .sent:
                try finish(id: mail.id, state: "sent", reason: nil, now: now, in: db)
            case .failed(let reason):
                try finish(id: mail.id, state: "failed", reason: reason, now: now, in: db)
            case .cancelled(let reason):
                try finish(id: mail.id, state: "cancelled", reason: reason, now: now, in: db)
            case .released:
                try db.run("UPDATE outbox SET state = 'queued', attempts = attempts - 1 WHERE id = ? AND state = 'sending'", mail.id)
            case .deferred(let reason):
                let next = now.addingTimeInterval(policy.retryDelay(afterAttempts: mail.attempts))
                if next.timeIntervalSince(mail.createdAt) > policy.maxAge {
                    try finish(id: mail.id, state: "failed", reason: "gave up after \(mail.attempts) tries: \(reason)",
                               now: now, in: db)
                } else {
                    try db.run("UPDATE outbox SET state = 'queued', next_attempt_at = ?, last_error = ? WHERE id = ?",
                               ISODate.format(next), reason, mail.id)
                }
            }
        }
    }

    private func finish(id: Int, state: String, reason: String?, now: Date, in db: SQLiteConnection) throws {
        try db.run("UPDATE outbox SET state = ?, finished_at = ?, last_error = ? WHERE id = ?",
                   state, ISODate.format(now), reason, id)
    }

    /// Forgets what no longer matters: finished mail after 30 days (what did not go stays on
    /// the dashboard that long), spent links once they have expired anyway.
    @discardableResult
    public func pruneMail(now: Date = Date()) throws -> Int {
        try write(visible: false) { db in
            let month = ISODate.format(now.addingTimeInterval(-30 * 86_400))
            let outbox = try db.run("""
                DELETE FROM outbox WHERE state IN ('sent', 'failed', 'unknown', 'cancelled') AND finished_at < ?
                """, month)
            let longest = MailLink.Action.allCases.compactMap(\.lifetime).max() ?? 0
            let links = try db.run("DELETE FROM spent_links WHERE spent_at < ?", ISODate.format(now.addingTimeInterval(-longest - 86_400)))
            // Never confirmed, and the confirmation link has expired: the wish lapses, and its
            // mail forgets the address.
            let lapseBefore = ISODate.format(now.addingTimeInterval(-(MailLink.Action.confirm.lifetime ?? 0) - 86_400))
            try Self.cancelMail(whereSubscription: "confirmed_at IS NULL AND created_at < ?", lapseBefore, now: now, in: db)
            let lapsed = try db.run("DELETE FROM subscriptions WHERE confirmed_at IS NULL AND created_at < ?", lapseBefore)
            return outbox + links + lapsed
        }
    }

    /// When the next queued mail is due (nil: none is queued), so the sender can sleep till then.
    public func nextMailDue() throws -> Date? {
        try read { db in
            try db.queryFirst("SELECT min(next_attempt_at) FROM outbox WHERE state = 'queued'")
                .flatMap { try $0.optionalText(0) }.flatMap { ISODate.parse($0) }
        }
    }

    /// The latest mails that did not go, newest first.
    public func undeliveredMail(limit: Int = 10) throws -> [UndeliveredMail] {
        try read { db in
            try db.query("""
                SELECT id, kind, recipient, state, coalesce(last_error, ''), finished_at FROM outbox
                WHERE state IN ('failed', 'unknown') ORDER BY finished_at DESC, id DESC LIMIT ?
                """, limit).map {
                UndeliveredMail(id: try $0.integer(0), kind: MailKind(rawValue: try $0.text(1)), recipient: try $0.text(2),
                                state: try $0.text(3), reason: try $0.text(4), at: try $0.date(5))
            }
        }
    }

    public func outboxSummary(now: Date = Date()) throws -> OutboxSummary {
        try read { db in
            var summary = OutboxSummary()
            for row in try db.query("""
                SELECT state, count(*) FROM outbox WHERE state IN ('queued', 'sending', 'failed', 'unknown') GROUP BY state
                """) {
                switch try row.text(0) {
                case "queued", "sending": summary.queued += try row.integer(1)
                case "failed": summary.failed = try row.integer(1)
                default: summary.unknown = try row.integer(1)
                }
            }
            summary.sentLastDay = try db.scalar("SELECT count(*) FROM outbox WHERE state = 'sent' AND finished_at > ?",
                                                ISODate.format(now.addingTimeInterval(-86_400))).intValue
            return summary
        }
    }
}

/// What a moderator's mail link did.
public enum LinkModeration: Sendable, Equatable {
    /// The comment is now approved or spam.
    case done(Comment)
    /// Someone dealt with the comment first (approved, spam or deleted): nothing changed.
    case alreadyModerated
    /// This link was used before.
    case alreadyUsed
    /// The mail went to an account removed since, or names no mail of ours: it acts no more.
    case notAllowed
}

extension BlogStore {
    /// Spends the link and applies its action, in one transaction: a second POST of the same
    /// link, a race of two, or a forwarded mail acts no more than once. The desk's audit log
    /// names the account the mail went to (or the moderator's domain when there are none).
    public func moderate(by link: MailLink, hasher: KeyedHasher, now: Date = Date()) throws -> LinkModeration {
        guard let status = link.action.status else { return .notAllowed }
        let mac = link.mac(hasher)
        let outcome: (LinkModeration, slug: String?) = try write(visible: false) { db in
            guard let recipient = try db.queryFirst("""
                SELECT recipient FROM outbox WHERE id = ? AND kind = ? AND subject_id = ?
                """, link.via, MailKind.commentHeld.rawValue, link.subjectID).map({ try $0.text(0) }) else { return (.notAllowed, nil) }
            let account = try db.queryFirst("SELECT id, name FROM users WHERE email = ? COLLATE NOCASE", recipient)
            let hasAccounts = try db.queryFirst("SELECT 1 FROM users LIMIT 1") != nil
            if hasAccounts && account == nil { return (.notAllowed, nil) }
            guard try db.run("INSERT OR IGNORE INTO spent_links (mac, spent_at) VALUES (?, ?)", mac, ISODate.format(now)) == 1 else {
                return (.alreadyUsed, nil)
            }
            guard let row = try db.queryFirst("""
                SELECT c.article_id, a.slug FROM comments c JOIN articles a ON a.id = c.article_id
                WHERE c.id = ? AND c.status = 'pending'
                """, link.subjectID) else { return (.alreadyModerated, nil) }
            try Self.changeStatus(of: link.subjectID, articleID: try row.integer(0), from: "pending", to: status,
                                  announcing: sendsMail, now: now, in: db)
            let domain = recipient.split(separator: "@").last.map(String.init) ?? ""
            try Self.insertAudit(.commentsModerate, accountID: try account?.integer(0),
                                 accountName: try account?.text(1) ?? "moderator mail (…@\(domain))",
                                 detail: "\(link.action == .approve ? "approve" : "spam") #\(link.subjectID) (mail link)", now: now, in: db)
            return (.alreadyModerated, try row.text(1))
        }
        guard let slug = outcome.slug else { return outcome.0 }
        commentsChanged(articleSlug: slug)
        guard let comment = try comment(id: link.subjectID) else { return .alreadyModerated }
        return .done(comment)
    }
}
