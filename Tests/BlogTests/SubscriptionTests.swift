@testable import Blog
import Foundation
import SQLite
import Testing

/// Reply and article notifications in the store: asked for with a comment (double opt-in),
/// announced in the transaction that approves a comment, ended by unsubscribing or erasure.
@Suite struct SubscriptionTests {
    static let now = date("2026-12-07T12:00:00Z")

    func service(_ store: BlogStore, moderation: CommentPolicy.Moderation = .none, mail: Bool = true) -> CommentService {
        store.setSendsMail(mail)
        return CommentService(store: store, policy: makePolicy(moderation), hasher: makeHasher(), rateLimiter: RateLimiter(),
                              mail: CommentMail(enabled: mail, moderators: ["mod@example.org"]))
    }

    func outbox(_ store: BlogStore) throws -> [String] {
        try store.read { db in
            try db.query("SELECT kind || ' ' || subject_id || ' ' || recipient || ' ' || state FROM outbox ORDER BY id")
                .map { try $0.text(0) }
        }
    }

    func subscriptionID(_ store: BlogStore, _ email: String) throws -> Int {
        try store.read { db in try db.scalar("SELECT max(id) FROM subscriptions WHERE email = ?", email).intValue }
    }

    func post(_ service: CommentService, _ email: String, body: String, parent: Int? = nil, notify: Bool = false,
              article: Bool = false) throws -> Int {
        try service.submitAndWait(CommentDraft(name: email.components(separatedBy: "@")[0], email: email, body: body,
                                               parentID: parent.map(String.init) ?? "", notify: notify, notifyArticle: article),
                                  toArticle: "a", clientAddress: "192.0.2.1", now: Self.now).comment.id
    }

    @Test func askingForRepliesQueuesAConfirmationAndNothingElseUntilConfirmed() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let service = service(store)
            let ada = try post(service, "ada@example.org", body: "first", notify: true)
            let subscription = try subscriptionID(store, "ada@example.org")
            #expect(try outbox(store) == ["confirm \(subscription) ada@example.org queued"])
            _ = try post(service, "bob@example.org", body: "a reply", parent: ada)
            #expect(try outbox(store).count == 1, "unconfirmed: no reply mail")
            #expect(try store.confirmSubscription(id: subscription))
            let reply = try post(service, "cy@example.org", body: "another reply", parent: ada)
            #expect(try outbox(store).last == "reply \(reply) ada@example.org queued")
        }
    }

    @Test func theAuthorOfAReplyIsNotToldOfTheirOwnAndOneMailPerAddress() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let service = service(store)
            let ada = try post(service, "ada@example.org", body: "first", notify: true, article: true)
            for id in try store.read({ db in try db.query("SELECT id FROM subscriptions").map { try $0.integer(0) } }) {
                try store.confirmSubscription(id: id)
            }
            _ = try post(service, "ada@example.org", body: "answering myself", parent: ada)
            let reply = try post(service, "bob@example.org", body: "hello Ada", parent: ada)
            let mails = try outbox(store).filter { !$0.hasPrefix("confirm") }
            #expect(mails == ["reply \(reply) ada@example.org queued"], "one mail, the reply one, not also the article one")
        }
    }

    @Test func aHeldReplyIsAnnouncedWhenApprovedOnceAndNeverWhenMailIsOff() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let open = service(store)
            let ada = try post(open, "ada@example.org", body: "first", notify: true)
            try store.confirmSubscription(id: try subscriptionID(store, "ada@example.org"))
            let held = try post(service(store, moderation: .all), "bob@example.org", body: "held reply", parent: ada)
            #expect(!(try outbox(store).contains { $0.hasPrefix("reply") }))
            _ = try store.setStatus(.approved, commentID: held)
            _ = try store.setStatus(.pending, commentID: held)
            _ = try store.setStatus(.approved, commentID: held)
            #expect(try outbox(store).filter { $0.hasPrefix("reply") } == ["reply \(held) ada@example.org queued"])
            store.setSendsMail(false)
            let quiet = try post(service(store, mail: false), "cy@example.org", body: "quiet", parent: ada)
            #expect(!(try outbox(store).contains { $0.hasPrefix("reply \(quiet)") }))
        }
    }

    @Test func unsubscribingCancelsWaitingMailAndForgetsTheAddress() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let service = service(store)
            let ada = try post(service, "ada@example.org", body: "first", notify: true)
            let id = try subscriptionID(store, "ada@example.org")
            try store.confirmSubscription(id: id)
            _ = try post(service, "bob@example.org", body: "reply", parent: ada)
            try store.unsubscribe(id: id)
            try store.unsubscribe(id: id) // again: the same
            #expect(try store.subscription(id: id) == nil)
            let rows = try outbox(store)
            #expect(rows.allSatisfy { !$0.contains("ada@example.org") }, "\(rows)")
            #expect(rows.last?.hasSuffix("cancelled") == true)
        }
    }

    @Test func erasureRemovesSubscriptionsAndTheirMailAndExportListsThem() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let service = service(store)
            _ = try post(service, "ada@example.org", body: "first", notify: true, article: true)
            let hash = makeHasher().emailHash("ada@example.org")
            #expect(try store.subscriptions(emailHash: hash).map(\.kind) == [.replies, .article])
            _ = try store.erasePersonalData(emailHash: hash, removeBodies: false, anonymousName: "Anonymous", now: Self.now)
            #expect(try store.subscriptions(emailHash: hash).isEmpty)
            let rows = try outbox(store)
            #expect(rows.count == 1 && rows.allSatisfy { $0.hasSuffix("cancelled") && !$0.contains("ada@") }, "\(rows)")
        }
    }

    /// Posts in someone's name, many of them: one confirmation waits for an answer, not one
    /// per post; one click then confirms every wish made with that address before it.
    @Test func aFloodOfWishesSendsOneConfirmationAndOneClickConfirmsThemAll() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let service = service(store)
            for n in 0..<20 { _ = try post(service, n % 2 == 0 ? "victim@example.org" : "Victim@Example.org", body: "post \(n)", notify: true) }
            let confirmations = try outbox(store).filter { $0.hasPrefix("confirm") }
            #expect(confirmations.count == 1 && confirmations[0].contains("victim@example.org"), "\(confirmations)")
            let first = try subscriptionID(store, "victim@example.org")
            try store.confirmSubscription(id: first)
            let all = try store.subscriptions(emailHash: makeHasher().emailHash("victim@example.org"))
            #expect(all.count == 20 && all.allSatisfy(\.confirmed))
        }
    }

    /// A held comment asks nobody to confirm until it is published; marked as spam, or
    /// deleted, its wishes go, with their mail.
    @Test func heldCommentsConfirmWhenPublishedAndSpamOrDeletionDropsTheirWishes() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let held = service(store, moderation: .all)
            let spam = try post(held, "spam@example.org", body: "buy things", notify: true)
            let kept = try post(held, "kept@example.org", body: "a real remark", notify: true, article: true)
            let gone = try post(held, "gone@example.org", body: "regret", notify: true)
            #expect(!(try outbox(store).contains { $0.hasPrefix("confirm") }))
            _ = try store.setStatus(.spam, commentID: spam)
            _ = try store.setStatus(.approved, commentID: kept)
            _ = try store.setStatus(.approved, commentID: gone)
            try store.deleteComment(id: gone)
            let confirmations = try outbox(store).filter { $0.hasPrefix("confirm") }
            #expect(confirmations.count == 2 && confirmations.contains { $0.contains("kept@example.org queued") })
            #expect(confirmations.contains { $0.hasSuffix("cancelled") && $0.contains("erased-") }, "the deleted comment's is cancelled")
            for address in ["spam@example.org", "gone@example.org"] {
                #expect(try store.subscriptions(emailHash: makeHasher().emailHash(address)).isEmpty)
            }
            #expect(try store.subscriptions(emailHash: makeHasher().emailHash("kept@example.org")).count == 2)
        }
    }

    @Test func approvingAgainOrBringingBackADeletedCommentAnnouncesNothing() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let service = service(store)
            let ada = try post(service, "ada@example.org", body: "first", notify: true)
            try store.confirmSubscription(id: try subscriptionID(store, "ada@example.org"))
            let reply = try post(service, "bob@example.org", body: "reply", parent: ada)
            _ = try store.write { db in try db.run("DELETE FROM outbox WHERE kind = 'reply'") } // as if pruned long ago
            _ = try store.setStatus(.approved, commentID: reply)
            try store.deleteComment(id: reply)
            _ = try store.setStatus(.approved, commentID: reply)
            #expect(!(try outbox(store).contains { $0.hasPrefix("reply") }))
        }
    }

    /// Erasure with the address also reaches its mail not tied to a subscription (a lapsed
    /// one's), and pruning a lapsed wish forgets its address on its mail.
    @Test func erasureAndLapsingLeaveNoAddressOnMail() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            _ = try post(service(store), "ada@example.org", body: "first", notify: true)
            try store.pruneMail(now: Self.now.addingTimeInterval(4 * 86_400))
            let afterLapse = try outbox(store)
            #expect(afterLapse.allSatisfy { !$0.contains("ada@") }, "\(afterLapse)")
            _ = try store.write { db in
                try BlogStore.enqueueMail(.commentHeld, about: 99, to: ["Bea@Example.org"], now: Self.now, in: db)
            }
            _ = try store.erasePersonalData(emailHash: makeHasher().emailHash("bea@example.org"), email: "BEA@example.org ",
                                            removeBodies: false, anonymousName: "Anonymous", now: Self.now)
            let afterErasure = try outbox(store)
            #expect(afterErasure.allSatisfy { !$0.contains("bea@") }, "\(afterErasure)")
        }
    }

    @Test func spamAndRefusedCommentsSubscribeNobody() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let service = service(store)
            _ = try service.submitAndWait(CommentDraft(name: "Bot", email: "bot@example.org", body: "buy", honeypot: "x", notify: true),
                                          toArticle: "a", clientAddress: "192.0.2.1")
            #expect(thrownError {
                _ = try service.submitAndWait(CommentDraft(name: "", email: "x@example.org", body: "", notify: true),
                                              toArticle: "a", clientAddress: "192.0.2.1")
            } != nil)
            #expect(try store.read { db in try db.scalar("SELECT count(*) FROM subscriptions").intValue } == 0)
        }
    }

    @Test func unconfirmedWishesLapseAfterTheirLinkExpires() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            _ = try post(service(store), "ada@example.org", body: "first", notify: true)
            try store.pruneMail(now: Self.now.addingTimeInterval(24 * 3600))
            #expect(try store.subscriptions(emailHash: makeHasher().emailHash("ada@example.org")).count == 1)
            try store.pruneMail(now: Self.now.addingTimeInterval(4 * 86_400))
            #expect(try store.subscriptions(emailHash: makeHasher().emailHash("ada@example.org")).isEmpty)
        }
    }

    /// The check for a waiting confirmation runs on every published comment: it must start from
    /// the address's index, not walk the outbox's confirmations (it did, and a POST cost 5×).
    @Test func theWaitingConfirmationCheckStartsFromTheAddress() throws {
        try withStore { store, _ in
            let plan = try store.read { db in
                try db.query("EXPLAIN QUERY PLAN " + BlogStore.waitingConfirmation, "hash", "2026-01-01T00:00:00Z")
                    .map { try $0.text(3) }
            }
            #expect(plan.first?.hasPrefix("SEARCH s USING INDEX subscriptions_by_address") == true, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
        }
    }

    /// A moderator's mail link marks as spam the same way the desk does: the comment's wishes
    /// go with it (the link's own copy of the status change forgot them).
    @Test func spamFromAMailLinkDropsTheCommentsWishes() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let held = service(store, moderation: .all)
            let spam = try post(held, "spam@example.org", body: "buy things", notify: true)
            let notice = try #require(try store.claimDueMail(now: Self.now, policy: OutboxPolicy()).first { $0.subjectID == spam })
            guard case .done = try store.moderate(by: MailLink(.spam, spam, now: Self.now, via: notice.id), hasher: makeHasher(),
                                                  now: Self.now) else { Issue.record("the link did not act"); return }
            #expect(try store.subscriptions(emailHash: makeHasher().emailHash("spam@example.org")).isEmpty)
        }
    }
}
