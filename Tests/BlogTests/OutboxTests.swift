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
        for forged in ["43.a.\(parts[2]).\(parts[3])", "42.s.\(parts[2]).\(parts[3])", "42.a.\(Int(parts[2])! + 1).\(parts[3])",
                       "42.a.\(parts[2]).\(String(parts[3].reversed()))", "", "42.a", "x.a.1.2",
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

    @Test func aLinkActsOnceAndNotOnACommentDealtWithMeanwhile() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let service = makeService(store, makePolicy(.all))
            let first = try service.submitAndWait(makeDraft(), toArticle: "a", clientAddress: "192.0.2.1").comment
            let second = try service.submitAndWait(makeDraft(body: "another"), toArticle: "a", clientAddress: "192.0.2.1").comment
            let approve = MailLink(.approve, first.id, now: now)
            guard case .done(let done) = try store.moderate(by: approve, hasher: hasher) else { Issue.record("not done"); return }
            let count = try store.article(slug: "a")?.commentCount
            #expect(done.status == .approved && count == 1)
            #expect(try store.moderate(by: approve, hasher: hasher) == .alreadyUsed)
            _ = try store.setStatus(.approved, commentID: second.id)
            #expect(try store.moderate(by: MailLink(.spam, second.id, now: now), hasher: hasher)
                    == .alreadyModerated)
            #expect(try store.comment(id: second.id)?.status == .approved)
        }
    }
}
