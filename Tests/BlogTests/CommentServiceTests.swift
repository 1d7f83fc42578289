@testable import Blog
import Foundation
import Synchronization
import Testing

@Suite struct CommentServiceTests {
    let now = date("2026-11-26T12:00:00Z")

    /// Submits and returns the stored comment.
    @discardableResult
    func submit(_ service: CommentService, _ draft: CommentDraft = makeDraft(), to slug: String = "post",
                client: String = "192.0.2.1", at time: Date? = nil) throws -> Blog.Comment {
        try service.submitAndWait(draft, toArticle: slug, clientAddress: client, now: time ?? now).comment
    }

    func expectError(_ expected: BlogError, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(thrownError(body) as? BlogError == expected, sourceLocation: sourceLocation)
    }

    @Test func aValidCommentIsStoredTrimmedAndCounted() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let service = makeService(store)
            let comment = try submit(service, makeDraft(name: "  Grace ", email: " Grace@Example.com ",
                                                        website: " https://grace.example ", body: "\n Hi there. \n"))
            #expect(comment.status == .approved)
            #expect(comment.name == "Grace")
            #expect(comment.email == "Grace@Example.com")
            #expect(comment.website == "https://grace.example")
            #expect(comment.body == "Hi there.")
            #expect(comment.depth == 1)
            #expect(try store.comment(id: comment.id) == comment)
            let article = try #require(try store.article(slug: "post"))
            #expect(article.commentCount == 1)
            #expect(article.modifiedAt == now)
        }
    }

    @Test func allFieldIssuesAreReportedAtOnceAndNothingIsStored() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            expectError(.invalidComment([.name: .required, .email: .invalid, .website: .invalid, .body: .tooLong])) {
                try submit(makeService(store), CommentDraft(name: "", email: "a@b", website: "javascript:alert(1)",
                                                            body: String(repeating: "x", count: 10_001)))
            }
            #expect(try store.comments(status: .pending, page: 1, perPage: 10).total == 0)
            #expect(try store.comments(status: .approved, page: 1, perPage: 10).total == 0)
        }
    }

    @Test func repliesNestUnderApprovedCommentsOfTheSameArticle() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post"), makeInput("other")], in: store)
            let service = makeService(store, makePolicy(.none, maxDepth: 3))
            let top = try submit(service)
            let reply = try submit(service, makeDraft(body: "Reply", parentID: "\(top.id)"))
            #expect(reply.parentID == top.id)
            #expect(reply.depth == 2)
            let deeper = try submit(service, makeDraft(body: "Deeper", parentID: "\(reply.id)"))
            #expect(deeper.depth == 3)
            expectError(.invalidComment([.parentID: .tooDeep])) {
                try submit(service, makeDraft(body: "Too deep", parentID: "\(deeper.id)"))
            }
            expectError(.invalidComment([.parentID: .invalid])) {
                try submit(service, makeDraft(body: "Wrong article", parentID: "\(top.id)"), to: "other")
            }
            expectError(.invalidComment([.parentID: .invalid])) {
                try submit(service, makeDraft(body: "No such parent", parentID: "9999"))
            }
            let pending = try submit(makeService(store, makePolicy(.all)), makeDraft(body: "Waiting"))
            #expect(pending.status == .pending)
            expectError(.invalidComment([.parentID: .invalid])) {
                try submit(service, makeDraft(body: "Reply to pending", parentID: "\(pending.id)"))
            }
        }
    }

    @Test func moderationNonePublishesEverything() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            #expect(try submit(makeService(store, makePolicy(.none))).status == .approved)
        }
    }

    @Test func moderationAllHoldsEverything() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let service = makeService(store, makePolicy(.all))
            let first = try submit(service)
            try store.setStatus(.approved, commentID: first.id)
            #expect(try submit(service, makeDraft(body: "Again")).status == .pending)
        }
    }

    @Test func firstTimeModerationTrustsACommenterOnceApproved() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let service = makeService(store, makePolicy(.firstTime))
            let first = try submit(service, makeDraft(email: "grace@example.com", body: "First"))
            #expect(first.status == .pending)
            #expect(try submit(service, makeDraft(email: "grace@example.com", body: "Still waiting")).status == .pending)
            try store.setStatus(.approved, commentID: first.id)
            #expect(try submit(service, makeDraft(email: " GRACE@Example.COM ", body: "Second")).status == .approved)
            #expect(try submit(service, makeDraft(email: "someone@example.com", body: "New here")).status == .pending)
        }
    }

    @Test func moreLinksThanAllowedHoldTheComment() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let service = makeService(store, makePolicy(.none, maxLinks: 2))
            #expect(try submit(service, makeDraft(body: "https://a.example and www.b.example")).status == .approved)
            #expect(try submit(service, makeDraft(body: "https://a.example http://b.example www.c.example")).status == .pending)
        }
    }

    @Test func theHoneypotLooksSuccessfulButStoresSpamThatIsNeverShown() throws {
        try withStore { store, _ throws in
            let article = try #require(try makeArticles([makeInput("post")], in: store).first)
            let service = makeService(store, makePolicy(.none))
            let result = try service.submitAndWait(makeDraft(honeypot: "http://spam.example"), toArticle: "post",
                                            clientAddress: "192.0.2.1", now: now)
            #expect(result.caughtAsSpam)
            #expect(try store.comment(id: result.comment.id)?.status == .spam)
            #expect(try allThreads(store, articleID: article.id).isEmpty)
            #expect(try store.approvedComments(articleID: article.id).isEmpty)
            #expect(try store.article(slug: "post")?.commentCount == 0)

            let sloppy = try service.submitAndWait(CommentDraft(body: "no name", honeypot: "x"), toArticle: "post",
                                            clientAddress: "192.0.2.1", now: now)
            #expect(sloppy.caughtAsSpam)
            #expect(try store.comments(status: .spam, page: 1, perPage: 10).total == 1) // the bad one is not even stored
        }
    }

    @Test func aRepeatedHoneypotPostStillLooksSuccessful() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let service = makeService(store, makePolicy(.none))
            let draft = makeDraft(body: "Buy now", honeypot: "http://spam.example")
            #expect(try service.submitAndWait(draft, toArticle: "post", clientAddress: "192.0.2.1", now: now).caughtAsSpam)
            #expect(try service.submitAndWait(draft, toArticle: "post", clientAddress: "192.0.2.1", now: now).caughtAsSpam)
        }
    }

    @Test func onlyPublishedCommentsMoveTheCacheGeneration() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let before = store.generation
            try submit(makeService(store, makePolicy(.all)), makeDraft(body: "held"))
            #expect(store.generation == before)
            try submit(makeService(store, makePolicy(.none)), makeDraft(body: "shown"))
            #expect(store.generation > before)
        }
    }

    @Test func erasedCommentsCanBeWrittenAgain() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let service = makeService(store, makePolicy(.none))
            let first = try submit(service, makeDraft(email: "grace@example.com", body: "Same words"))
            _ = try store.erasePersonalData(emailHash: service.hasher.emailHash("grace@example.com"), removeBodies: true,
                                            anonymousName: "Anonymous")
            try submit(service, makeDraft(email: "grace@example.com", body: "Same words"))
            try store.deleteComment(id: first.id)
        }
    }

    @Test func theRateLimitCountsAcceptedCommentsPerClientAndMinute() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let service = makeService(store, makePolicy(.none, perMinute: 2))
            try submit(service, makeDraft(body: "one"), at: now)
            try submit(service, makeDraft(body: "two"), at: now.addingTimeInterval(10))
            let error = thrownError { try submit(service, makeDraft(body: "three"), at: now.addingTimeInterval(20)) }
            guard case .rateLimited(let seconds)? = error as? BlogError else {
                Issue.record("expected rateLimited, got \(String(describing: error))")
                return
            }
            #expect(seconds == 40)
            #expect((1...60).contains(seconds))
            try submit(service, makeDraft(body: "other client"), client: "192.0.2.2", at: now.addingTimeInterval(20))
            try submit(service, makeDraft(body: "three"), at: now.addingTimeInterval(61))
        }
    }

    /// The limit was checked before the write and counted after it, so a burst of concurrent
    /// posts from one client all passed the check while the first were still being written.
    @Test func aConcurrentBurstFromOneClientStoresNoMoreThanTheLimit() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let service = makeService(store, makePolicy(.none, perMinute: 3))
            let stored = Atomic<Int>(0)
            let finished = DispatchGroup()
            let start = DispatchSemaphore(value: 0)
            // One thread per post (not a pool as wide as the cores), all released at once.
            for index in 0..<12 {
                finished.enter()
                Thread.detachNewThread {
                    start.wait()
                    if (try? submit(service, makeDraft(body: "Burst \(index)"))) != nil { stored.add(1, ordering: .relaxed) }
                    finished.leave()
                }
            }
            for _ in 0..<12 { start.signal() }
            finished.wait()
            #expect(stored.load(ordering: .relaxed) == 3)
            #expect(try store.comments(byEmailHash: service.hasher.emailHash("grace@example.com")).count == 3)
        }
    }

    /// Issue #13: refused posts (422, 409, unknown article, honeypot) count like accepted ones,
    /// so a loop of invalid posts meets 429s that cost nothing instead of a render each.
    @Test func everyAttemptCountsAgainstTheLimit() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let service = makeService(store, makePolicy(.none, perMinute: 5))
            expectError(.articleNotFound) { try submit(service, to: "missing") }
            #expect(thrownError { try submit(service, makeDraft(email: "not an address")) } != nil)
            try submit(service, makeDraft(body: "counted"))
            expectError(.duplicateComment) { try submit(service, makeDraft(body: "counted")) }
            try submit(service, makeDraft(body: "a bot", honeypot: "http://spam.example"))
            guard case .rateLimited? = thrownError({ try submit(service, makeDraft(body: "over the limit")) }) as? BlogError else {
                Issue.record("five attempts, three of them refused, should have used up the limit")
                return
            }
        }
    }

    @Test func theSameEmailAndBodyOnTheSameArticleIsADuplicate() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post"), makeInput("other")], in: store)
            let service = makeService(store, makePolicy(.none))
            try submit(service, makeDraft(email: "grace@example.com", body: "Same words"))
            expectError(.duplicateComment) { try submit(service, makeDraft(email: "GRACE@example.com ", body: " Same words ")) }
            try submit(service, makeDraft(email: "grace@example.com", body: "Same words"), to: "other")
            try submit(service, makeDraft(email: "ada@example.com", body: "Same words"))
            try submit(service, makeDraft(email: "grace@example.com", body: "Other words"))
        }
    }

    @Test func closedArticlesRefuseComments() throws {
        try withStore { store, _ throws in
            let articles = try makeArticles([makeInput("post", commentsOpen: false),
                                             makeInput("old", published: "2026-10-01T12:00:00Z")], in: store)
            expectError(.commentsClosed) { try submit(makeService(store), to: "post") }
            #expect(makeService(store).areClosed(articles[0], now: now))

            let closing = makeService(store, makePolicy(.none, closeAfterDays: 30))
            try submit(closing, makeDraft(body: "Just in time"), to: "old", at: date("2026-10-31T12:00:00Z"))
            expectError(.commentsClosed) {
                try submit(closing, makeDraft(body: "Too late"), to: "old", at: date("2026-10-31T12:00:01Z"))
            }
            #expect(closing.areClosed(articles[1], now: date("2026-11-01T00:00:00Z")))
            #expect(!makeService(store).areClosed(articles[1], now: date("2030-01-01T00:00:00Z")))
        }
    }

    @Test func unknownAndDraftArticlesAreNotFound() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("secret", draft: true)], in: store)
            expectError(.articleNotFound) { try submit(makeService(store), to: "secret") }
            expectError(.articleNotFound) { try submit(makeService(store), to: "nothing-here") }
        }
    }

    /// The duplicate check seeks one index per status: a held or spam original still counts.
    @Test func aDuplicateOfAHeldOrSpamCommentIsStillADuplicate() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let service = makeService(store, makePolicy(.all))
            let held = try submit(service, makeDraft(body: "Held words"))
            #expect(held.status == .pending)
            expectError(.duplicateComment) { try submit(service, makeDraft(body: "Held words")) }
            try store.setStatus(.spam, commentID: held.id)
            expectError(.duplicateComment) { try submit(service, makeDraft(body: "Held words")) }
            try store.deleteComment(id: held.id)
            try submit(service, makeDraft(body: "Held words")) // a deleted comment is gone
        }
    }

    // MARK: - Without waiting (the event loop's path)

    /// What the non-waiting submit reported, and where.
    final class Report: @unchecked Sendable {
        // Written once before `done` is signalled, read after the wait.
        private(set) var result: Result<SubmittedComment, any Error>?
        private(set) var storedWhenReported: Blog.Comment?
        private(set) var threadID: pthread_t?
        let done = DispatchSemaphore(value: 0)

        func record(_ result: Result<SubmittedComment, any Error>, store: BlogStore) {
            self.result = result
            threadID = pthread_self()
            if case .success(let submitted) = result { storedWhenReported = try? store.comment(id: submitted.comment.id) }
            done.signal()
        }
    }

    @Test func theNonWaitingSubmitReportsOnTheWriterOnceCommitted() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let report = Report()
            makeService(store).submit(makeDraft(), toArticle: "post", clientAddress: "192.0.2.1", now: now) {
                report.record($0, store: store)
            }
            #expect(report.done.wait(timeout: .now() + 10) == .success)
            let submitted = try #require(try report.result?.get())
            // On the writer, not here (thread names are not reliable under ThreadSanitizer).
            #expect(report.threadID.map { pthread_equal($0, pthread_self()) == 0 } == true)
            #expect(report.storedWhenReported == submitted.comment) // committed before it was reported
            #expect(try store.article(slug: "post")?.commentCount == 1)
        }
    }

    /// A refusal that needs no database is reported at once, on the calling thread (an event
    /// loop answers it without touching the writer).
    @Test func aRateLimitedSubmitIsReportedBeforeItReturns() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("post")], in: store)
            let service = makeService(store, makePolicy(perMinute: 1))
            try submit(service)
            let report = Report()
            service.submit(makeDraft(body: "again"), toArticle: "post", clientAddress: "192.0.2.1", now: now) {
                report.record($0, store: store)
            }
            #expect(report.done.wait(timeout: .now()) == .success)
            #expect(report.threadID.map { pthread_equal($0, pthread_self()) != 0 } == true)
            guard case .failure(BlogError.rateLimited)? = report.result else {
                Issue.record("expected rateLimited, got \(String(describing: report.result))")
                return
            }
        }
    }
}
