@testable import Blog
import Foundation
import SQLite
import Testing

@Suite struct BlogStoreCommentsTests {
    let now = date("2026-11-26T12:00:00Z")

    /// An article `post` with approved comments by Grace (top, reply) and Ada (top).
    func makeThread(in store: BlogStore) throws -> (article: Article, top: Blog.Comment, reply: Blog.Comment, other: Blog.Comment) {
        try makeArticles([makeInput("post"), makeInput("elsewhere")], in: store)
        let service = makeService(store, makePolicy(.none))
        func submit(_ draft: CommentDraft, to slug: String = "post") throws -> Blog.Comment {
            try service.submitAndWait(draft, toArticle: slug, clientAddress: "192.0.2.1", now: now).comment
        }
        let top = try submit(makeDraft(name: "Grace", email: "grace@example.com", website: "https://grace.example", body: "Top"))
        let reply = try submit(makeDraft(name: "Ada", email: "ada@example.com", body: "Reply", parentID: "\(top.id)"))
        let other = try submit(makeDraft(name: "Grace", email: "Grace@Example.com", body: "Another"))
        _ = try submit(makeDraft(name: "Grace", email: "grace@example.com", body: "On another article"), to: "elsewhere")
        return (try #require(try store.article(slug: "post")), top, reply, other)
    }

    /// A value of the wrong type in a row is an error, never a silent `0`, `""` or 1970.
    @Test func aRowOfTheWrongTypeIsAnErrorNotADefault() throws {
        try withStore { store, _ in
            let thread = try makeThread(in: store)
            try store.database.withWriter { try $0.execute(script: "UPDATE comments SET created_at = 'yesterday' WHERE id = \(thread.top.id)") }
            #expect(throws: RowDecodingError.self) { try store.approvedComments(articleID: thread.article.id) }
            #expect(throws: RowDecodingError.self) { try store.comment(id: thread.top.id) }
            try store.database.withWriter { try $0.execute(script: "UPDATE articles SET published_at = 'someday' WHERE slug = 'post'") }
            #expect(throws: RowDecodingError.self) { try store.article(slug: "post") }
        }
    }

    @Test func threadsNestRepliesOldestFirst() throws {
        try withStore { store, _ throws in
            let (article, top, reply, other) = try makeThread(in: store)
            let threads = try allThreads(store, articleID: article.id)
            #expect(threads.map(\.comment.id) == [top.id, other.id])
            #expect(threads[0].replies.map(\.comment.id) == [reply.id])
            #expect(threads.allSatisfy { !$0.removed })
            #expect(article.commentCount == 3)
            #expect(try store.approvedComments(articleID: article.id).map(\.id) == [top.id, reply.id, other.id])
        }
    }

    @Test func aDeletedParentShowsAsRemovedWithItsRepliesKept() throws {
        try withStore { store, _ throws in
            let (article, top, reply, _) = try makeThread(in: store)
            try store.deleteComment(id: top.id, now: date("2026-11-27T00:00:00Z"))
            let threads = try allThreads(store, articleID: article.id)
            let removed = try #require(threads.first)
            #expect(removed.removed)
            #expect(removed.comment.id == top.id)
            #expect(removed.comment.name.isEmpty && removed.comment.body.isEmpty && removed.comment.website == nil)
            #expect(removed.replies.map(\.comment.id) == [reply.id])
            let stored = try #require(try store.comment(id: top.id))
            #expect(stored.status == .deleted && stored.email == nil && stored.name.isEmpty && stored.body.isEmpty)
            let updated = try #require(try store.article(slug: "post"))
            #expect(updated.commentCount == 2)
            #expect(updated.modifiedAt == date("2026-11-27T00:00:00Z"))
        }
    }

    @Test func aDeletedCommentWithoutRepliesDisappears() throws {
        try withStore { store, _ throws in
            let (article, _, reply, other) = try makeThread(in: store)
            try store.deleteComment(id: other.id)
            try store.setStatus(.spam, commentID: reply.id)
            let threads = try allThreads(store, articleID: article.id)
            #expect(threads.count == 1)
            #expect(threads[0].replies.isEmpty)
            #expect(try store.article(slug: "post")?.commentCount == 1)
            #expect(throws: BlogError.commentNotFound) { try store.deleteComment(id: 9999) }
            #expect(throws: BlogError.commentNotFound) { try store.setStatus(.approved, commentID: 9999) }
        }
    }

    @Test func approvingAndMarkingSpamKeepTheCountRight() throws {
        try withStore { store, _ throws in
            let article = try #require(try makeArticles([makeInput("post")], in: store).first)
            let service = makeService(store, makePolicy(.all))
            let comment = try service.submitAndWait(makeDraft(), toArticle: "post", clientAddress: "192.0.2.1", now: now).comment
            #expect(try store.article(slug: "post")?.commentCount == 0)
            #expect(try store.setStatus(.approved, commentID: comment.id).status == .approved)
            #expect(try store.article(slug: "post")?.commentCount == 1)
            try store.setStatus(.spam, commentID: comment.id)
            #expect(try store.article(slug: "post")?.commentCount == 0)
            #expect(try allThreads(store, articleID: article.id).isEmpty)
            let pending = try store.comments(status: .spam, page: 1, perPage: 10)
            #expect(pending.total == 1 && pending.comments.first?.email == "grace@example.com")
        }
    }

    @Test func personalDataIsFoundByEmailHashAcrossArticles() throws {
        try withStore { store, _ throws in
            _ = try makeThread(in: store)
            let mine = try store.comments(byEmailHash: makeHasher().emailHash("GRACE@example.com "))
            #expect(mine.map(\.body) == ["Top", "Another", "On another article"])
            #expect(Set(mine.map(\.articleSlug)) == ["post", "elsewhere"])
            #expect(try store.comments(byEmailHash: makeHasher().emailHash("nobody@example.com")).isEmpty)
        }
    }

    @Test func erasingKeepsBodiesUnlessAsked() throws {
        try withStore { store, _ throws in
            let (article, top, reply, _) = try makeThread(in: store)
            let hash = makeHasher().emailHash("grace@example.com")
            #expect(try store.erasePersonalData(emailHash: hash, removeBodies: false, anonymousName: "Anonymous") == 3)
            let erased = try #require(try store.comment(id: top.id))
            #expect(erased.name == "Anonymous")
            #expect(erased.email == nil)
            #expect(erased.website == nil)
            #expect(erased.body == "Top")
            #expect(erased.status == .approved)
            #expect(try store.comment(id: reply.id)?.name == "Ada")
            #expect(try store.comments(byEmailHash: hash).isEmpty)
            #expect(try store.article(slug: "post")?.commentCount == 3)
            #expect(try store.erasePersonalData(emailHash: hash, removeBodies: false, anonymousName: "Anonymous") == 0)
            #expect(try allThreads(store, articleID: article.id).count == 2)
        }
    }

    @Test func erasingWithBodiesRemovesTheCommentsButKeepsReplies() throws {
        try withStore { store, _ throws in
            let (article, top, reply, _) = try makeThread(in: store)
            let hash = makeHasher().emailHash("grace@example.com")
            #expect(try store.erasePersonalData(emailHash: hash, removeBodies: true, anonymousName: "Anonym") == 3)
            let erased = try #require(try store.comment(id: top.id))
            #expect(erased.body.isEmpty && erased.email == nil && erased.name == "Anonym")
            #expect(try store.article(slug: "post")?.commentCount == 1)
            let threads = try allThreads(store, articleID: article.id)
            #expect(threads.count == 1)
            #expect(threads[0].removed)
            #expect(threads[0].comment.name.isEmpty)
            #expect(threads[0].replies.map(\.comment.id) == [reply.id])
        }
    }
}
