@testable import Blog
import Foundation
import SQLite
import Testing

/// The outbox in the store: queued in the comment's transaction, claimed at most once,
/// retried with backoff, given up when too old, held to the hourly limits.
@Suite struct OutboxTests {
    static let now = date("2026-12-07T12:00:00Z")

    func mailService(_ store: BlogStore, moderation: CommentPolicy.Moderation = .all) -> CommentService {
        CommentService(store: store, policy: makePolicy(moderation), hasher: makeHasher(), rateLimiter: RateLimiter(),
                       mail: CommentMail(enabled: true, moderators: ["mod@example.org", "second@example.org"]))
    }

    func outbox(_ store: BlogStore) throws -> [(kind: String, subject: Int, recipient: String, state: String)] {
        try store.read { db in
            try db.query("SELECT kind, subject_id, recipient, state FROM outbox ORDER BY id").map {
                (try $0.text(0), try $0.integer(1), try $0.text(2), try $0.text(3))
            }
        }
    }

    @Test func aHeldCommentQueuesOneMailPerModerator() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let held = try mailService(store).submitAndWait(makeDraft(), toArticle: "a", clientAddress: "192.0.2.1", now: Self.now)
            let rows = try outbox(store)
            #expect(rows.map(\.recipient) == ["mod@example.org", "second@example.org"])
            #expect(rows.allSatisfy { $0.kind == "comment-held" && $0.subject == held.comment.id && $0.state == "queued" })
        }
    }

    /// Desk accounts moderate, so they are told instead of the configured addresses.
    @Test func accountsAreToldBeforeTheConfiguredAddresses() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            _ = try store.write { db in
                try db.run("""
                    INSERT INTO users (email, name, role, password_hash, created_at, password_changed_at)
                    VALUES ('owner@example.org', 'Owner', 'owner', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')
                    """)
            }
            _ = try mailService(store).submitAndWait(makeDraft(), toArticle: "a", clientAddress: "192.0.2.1", now: Self.now)
            #expect(try outbox(store).map(\.recipient) == ["owner@example.org"])
        }
    }

    @Test func publishedCommentsRefusedOnesAndMailOffQueueNothing() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            _ = try mailService(store, moderation: .none).submitAndWait(makeDraft(), toArticle: "a", clientAddress: "192.0.2.1")
            _ = try mailService(store).submitAndWait(makeDraft(honeypot: "bot"), toArticle: "a", clientAddress: "192.0.2.1")
            #expect(thrownError { _ = try mailService(store).submitAndWait(makeDraft(name: ""), toArticle: "a", clientAddress: "192.0.2.1") } != nil)
            _ = try makeService(store, makePolicy(.all)).submitAndWait(makeDraft(body: "other"), toArticle: "a", clientAddress: "192.0.2.1")
            #expect(try outbox(store).isEmpty)
        }
    }

    @Test func aClaimedMailIsNotClaimedAgainAndFinishesOnce() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            _ = try mailService(store).submitAndWait(makeDraft(), toArticle: "a", clientAddress: "192.0.2.1", now: Self.now)
            let claimed = try store.claimDueMail(now: Self.now, policy: OutboxPolicy())
            #expect(claimed.count == 2 && claimed.allSatisfy { $0.attempts == 1 })
            #expect(try store.claimDueMail(now: Self.now, policy: OutboxPolicy()).isEmpty)
            try store.finishMail(claimed[0], .sent, now: Self.now, policy: OutboxPolicy())
            try store.finishMail(claimed[1], .failed(reason: "550"), now: Self.now, policy: OutboxPolicy())
            #expect(try outbox(store).map(\.state) == ["sent", "failed"])
            #expect(try store.outboxSummary(now: Self.now) == { var s = OutboxSummary(); s.failed = 1; s.sentLastDay = 1; return s }())
        }
    }

    /// A restart finds mail marked `sending`: it may have arrived, so it is never sent again.
    @Test func mailInterruptedWhileSendingBecomesUnknownNotResent() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            _ = try mailService(store).submitAndWait(makeDraft(), toArticle: "a", clientAddress: "192.0.2.1", now: Self.now)
            _ = try store.claimDueMail(now: Self.now, limit: 1, policy: OutboxPolicy())
            #expect(try store.settleInterruptedMail(now: Self.now) == 1)
            let next = try store.claimDueMail(now: Self.now.addingTimeInterval(60), policy: OutboxPolicy())
            #expect(next.map(\.recipient) == ["second@example.org"])
            #expect(try outbox(store).map(\.state) == ["unknown", "sending"])
        }
    }

    @Test func deferredMailWaitsLongerEachTimeThenGivesUp() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            var policy = OutboxPolicy()
            policy.maxAge = 3600
            _ = try store.write { db in try BlogStore.enqueueMail(.commentHeld, about: 1, to: ["x@example.org"], now: Self.now, in: db) }
            var now = Self.now
            var waits: [TimeInterval] = []
            for _ in 0..<10 {
                guard let mail = try store.claimDueMail(now: now, limit: 1, policy: policy).first else { break }
                try store.finishMail(mail, .deferred(reason: "451"), now: now, policy: policy)
                guard let due = try store.nextMailDue() else { break }
                waits.append(due.timeIntervalSince(now))
                now = due
            }
            #expect(waits.count >= 4)
            #expect(zip(waits, waits.dropFirst()).allSatisfy { $1 > $0 * 1.7 }, "\(waits)") // doubling, within the jitter
            #expect(try outbox(store).first?.state == "failed") // past an hour: given up
        }
    }

    @Test func finishedMailAndExpiredLinksArePrunedAfterAMonth() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            _ = try mailService(store).submitAndWait(makeDraft(), toArticle: "a", clientAddress: "192.0.2.1", now: Self.now)
            let claimed = try store.claimDueMail(now: Self.now, policy: OutboxPolicy())
            try store.finishMail(claimed[0], .sent, now: Self.now, policy: OutboxPolicy())
            _ = try store.moderate(by: MailLink(.approve, claimed[0].subjectID, now: Self.now, via: claimed[0].id),
                                   hasher: makeHasher(), now: Self.now)
            #expect(try store.pruneMail(now: Self.now.addingTimeInterval(7 * 86_400)) == 0)
            #expect(try store.pruneMail(now: Self.now.addingTimeInterval(9 * 86_400)) == 1) // the spent link, expired anyway
            #expect(try store.pruneMail(now: Self.now.addingTimeInterval(29 * 86_400)) == 0)
            #expect(try store.pruneMail(now: Self.now.addingTimeInterval(31 * 86_400)) == 1) // the sent mail
            #expect(try outbox(store).map(\.state) == ["sending"], "mail still being sent is kept")
        }
    }

    @Test func backoffDoublesUpToItsCeiling() {
        let policy = OutboxPolicy()
        #expect(policy.retryDelay(afterAttempts: 1, jitter: 0) == 60)
        #expect(policy.retryDelay(afterAttempts: 3, jitter: 0) == 240)
        #expect(policy.retryDelay(afterAttempts: 50, jitter: 0) == 6 * 3600)
    }

    @Test func theHourlyLimitsHoldInAllAndPerAddress() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            var policy = OutboxPolicy()
            policy.perHour = 3
            policy.perRecipientPerHour = 1
            try store.write { db in
                try BlogStore.enqueueMail(.commentHeld, about: 1, to: ["x@example.org"], now: Self.now, in: db)
                try BlogStore.enqueueMail(.commentHeld, about: 2, to: ["x@example.org"], now: Self.now, in: db)
                for n in 3...6 { try BlogStore.enqueueMail(.commentHeld, about: n, to: ["r\(n)@example.org"], now: Self.now, in: db) }
            }
            var sent: [String] = []
            for mail in try store.claimDueMail(now: Self.now, policy: policy) {
                try store.finishMail(mail, .sent, now: Self.now, policy: policy)
                sent.append(mail.recipient)
            }
            #expect(sent.count == 3 && sent.filter { $0 == "x@example.org" }.count == 1)
            #expect(try store.claimDueMail(now: Self.now.addingTimeInterval(60), policy: policy).isEmpty) // 3 this hour
            let later = try store.claimDueMail(now: Self.now.addingTimeInterval(3700), policy: policy)
            #expect(later.count == 3 && Set(later.map(\.recipient)).count == 3)
        }
    }
}

@Suite struct MailLinkTests {
    let hasher = makeHasher()
    let now = date("2026-12-07T12:00:00Z")

    @Test func aSignedLinkVerifiesAndAnAlteredOneDoesNot() throws {
        let token = MailLink(.approve, 42, now: now).token(hasher)
        #expect(try MailLink.verify(token, hasher: hasher, actions: MailLink.moderation, now: now).subjectID == 42)
        let parts = token.split(separator: ".").map(String.init)
        #expect(parts.count == 5)
        for forged in ["43.a.\(parts[2]).0.\(parts[4])", "42.s.\(parts[2]).0.\(parts[4])", "42.a.\(Int(parts[2])! + 1).0.\(parts[4])",
                       "42.a.\(parts[2]).1.\(parts[4])", "42.a.\(parts[2]).0.\(String(parts[4].reversed()))", "", "42.a",
                       "x.a.1.0.2", "42.a.\(parts[2]).\(parts[4])",
                       MailLink(.approve, 42, now: now).token(KeyedHasher(secret: Array("other".utf8)))] {
            #expect(throws: MailLink.Refusal.invalid) { try MailLink.verify(forged, hasher: hasher, actions: MailLink.moderation, now: now) }
        }
        #expect(throws: MailLink.Refusal.expired) {
            try MailLink.verify(token, hasher: hasher, actions: MailLink.moderation, now: now.addingTimeInterval(7 * 86_400 + 1))
        }
        // A link for one purpose is refused where another is wanted.
        #expect(throws: MailLink.Refusal.invalid) { try MailLink.verify(token, hasher: hasher, actions: MailLink.subscription, now: now) }
        // An unsubscribe link does not expire; a confirmation does, after 48 h.
        let unsubscribe = MailLink(.unsubscribe, 7, now: now).token(hasher)
        #expect(try MailLink.verify(unsubscribe, hasher: hasher, actions: MailLink.subscription, now: now.addingTimeInterval(9e8)).subjectID == 7)
        let confirm = MailLink(.confirm, 7, now: now).token(hasher)
        #expect(throws: MailLink.Refusal.expired) {
            try MailLink.verify(confirm, hasher: hasher, actions: MailLink.subscription, now: now.addingTimeInterval(48 * 3600 + 1))
        }
    }

    /// The held comments' mails and their ids, as the sender would claim them.
    func heldWithMail(_ store: BlogStore, bodies: [String], moderators: [String] = ["mod@example.org"]) throws -> [(comment: Int, mail: Int)] {
        let service = CommentService(store: store, policy: makePolicy(.all), hasher: hasher, rateLimiter: RateLimiter(),
                                     mail: CommentMail(enabled: true, moderators: moderators))
        let ids = try bodies.map { try service.submitAndWait(makeDraft(body: $0), toArticle: "a", clientAddress: "192.0.2.1").comment.id }
        let mails = try store.claimDueMail(limit: 100, policy: OutboxPolicy())
        return ids.map { id in (id, mails.first { $0.subjectID == id }!.id) }
    }

    @Test func aLinkActsOnceAndNotOnACommentDealtWithMeanwhile() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let held = try heldWithMail(store, bodies: ["first", "another"])
            let approve = MailLink(.approve, held[0].comment, now: now, via: held[0].mail)
            guard case .done(let done) = try store.moderate(by: approve, hasher: hasher) else { Issue.record("not done"); return }
            let count = try store.article(slug: "a")?.commentCount
            #expect(done.status == .approved && count == 1)
            #expect(try store.moderate(by: approve, hasher: hasher) == .alreadyUsed)
            _ = try store.setStatus(.approved, commentID: held[1].comment)
            #expect(try store.moderate(by: MailLink(.spam, held[1].comment, now: now, via: held[1].mail), hasher: hasher)
                    == .alreadyModerated)
            #expect(try store.comment(id: held[1].comment)?.status == .approved)
            // The audit log says who acted: here a configured moderator, by domain only.
            let entry = try #require(try store.auditLog(before: nil, perPage: 5).entries.first)
            #expect(entry.accountName == "moderator mail (…@example.org)" && entry.detail == "approve #\(held[0].comment) (mail link)")
        }
    }

    /// A link names the mail that carried it: another comment's mail, or one sent to an account
    /// removed since, acts no more.
    @Test func aLinkActsOnlyForItsOwnMailAndAnAccountStillThere() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            _ = try store.write { db in
                try db.run("""
                    INSERT INTO users (email, name, role, password_hash, created_at, password_changed_at)
                    VALUES ('Olive@Example.org', 'Olive', 'owner', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                           ('gone@example.org', 'Gone', 'moderator', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')
                    """)
            }
            let held = try heldWithMail(store, bodies: ["one", "two"])
            let mails = try store.read { db in try db.query("SELECT id, subject_id, recipient FROM outbox").map {
                (id: try $0.integer(0), subject: try $0.integer(1), recipient: try $0.text(2)) } }
            let toOlive = try #require(mails.first { $0.subject == held[0].comment && $0.recipient == "olive@example.org" }, "addresses are queued lowercased")
            let toGone = try #require(mails.first { $0.subject == held[1].comment && $0.recipient == "gone@example.org" })
            // Another comment's mail id: refused.
            #expect(try store.moderate(by: MailLink(.approve, held[1].comment, now: now, via: toOlive.id), hasher: hasher) == .notAllowed)
            _ = try store.write { db in try db.run("DELETE FROM users WHERE email = 'gone@example.org'") }
            #expect(try store.moderate(by: MailLink(.approve, held[1].comment, now: now, via: toGone.id), hasher: hasher) == .notAllowed)
            #expect(try store.comment(id: held[1].comment)?.status == .pending)
            guard case .done = try store.moderate(by: MailLink(.spam, held[0].comment, now: now, via: toOlive.id), hasher: hasher) else {
                Issue.record("the owner's mail did not act"); return
            }
            let entry = try #require(try store.auditLog(before: nil, perPage: 5).entries.first)
            #expect(entry.accountName == "Olive" && entry.detail == "spam #\(held[0].comment) (mail link)")
        }
    }
}
