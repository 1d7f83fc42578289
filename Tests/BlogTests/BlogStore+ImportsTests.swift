@testable import Blog
import Foundation
import SQLite
import Testing

/// Storing another engine's site (issue #16): one transaction, idempotent by source id,
/// threads rebuilt, deletions here respected, a dry run that changes nothing.
@Suite struct BlogStoreImportsTests {
    static let source = "wordpress https://old.example"
    static let now = date("2026-12-01T00:00:00Z")

    func comment(_ id: String, parent: String? = nil, status: CommentStatus = .approved, email: String? = "grace@example.com",
                 body: String? = nil) -> ImportedComment {
        ImportedComment(sourceID: id, parentSourceID: parent, name: "Grace \(id)", email: email, website: nil,
                        body: body ?? "Comment \(id).", createdAt: date("2025-02-11T12:00:00Z").addingTimeInterval(Double(id)! * 60),
                        status: status, clientAddress: nil)
    }

    func batch(comments: [ImportedComment]? = nil, title: String = "Sweet smell") -> ImportBatch {
        var batch = ImportBatch(source: Self.source)
        batch.articles = [
            ImportedArticle(sourceID: "12", input: makeInput("suesser-duft", title: title, published: "2025-02-11T09:30:00Z",
                                                             tags: ["Baking"], markdown: "Bread."),
                            comments: comments ?? [comment("101"), comment("103", parent: "102"), comment("102", parent: "101"),
                                                   comment("104", status: .pending, email: "new@example.com")],
                            oldPaths: ["/2025/02/11/suesser-duft", "/?p=12"]),
        ]
        batch.pathRedirects = [PathRedirect(from: "/category/baking", to: "/tags/baking")]
        return batch
    }

    @Test func aBatchStoresArticlesThreadsCountsAndRedirects() throws {
        try withStore { store, _ in
            let result = try store.applyImport(batch(), hasher: makeHasher(), now: Self.now)
            #expect(result.articles == [.created: 1] && result.comments == [.created: 4] && result.redirects == 3)
            let article = try #require(try store.article(slug: "suesser-duft"))
            #expect(article.commentCount == 3, "approved ones only")
            let comments = try store.approvedComments(articleID: article.id)
            // Listed child-before-parent in the batch; stored parent first, in one thread.
            let byName = Dictionary(uniqueKeysWithValues: comments.map { ($0.name, $0) })
            let first = try #require(byName["Grace 101"]), second = try #require(byName["Grace 102"]),
                third = try #require(byName["Grace 103"])
            #expect(second.parentID == first.id && third.parentID == second.id && third.depth == 3)
            #expect(Set(comments.map(\.threadID)) == [first.id])
            #expect(try store.redirect(from: "/?p=12") == .article(slug: "suesser-duft", kind: .article))
            #expect(try store.redirect(from: "/category/baking") == .path("/tags/baking"))
            #expect(try store.redirect(from: "/nothing") == nil)
            // The address counts for first-time moderation: Grace is known, the new address is not.
            let hasher = makeHasher()
            #expect(try store.read { try BlogStore.hasApprovedComment(emailHash: hasher.emailHash("Grace@Example.com "), in: $0) })
            #expect(try !store.read { try BlogStore.hasApprovedComment(emailHash: hasher.emailHash("new@example.com"), in: $0) })
            let held = try store.comments(status: .pending, page: 1, perPage: 10).comments
            #expect(held.map(\.name) == ["Grace 104"])
        }
    }

    /// Articles follow the source; comments, once here, are the readers' and the moderators':
    /// a second run adds the new ones and leaves the rest as they are here.
    @Test func aSecondRunUpdatesArticlesAddsNewCommentsAndNeverDuplicates() throws {
        try withStore { store, _ in
            _ = try store.applyImport(batch(), hasher: makeHasher(), now: Self.now)
            let again = try store.applyImport(batch(), hasher: makeHasher(), now: Self.now)
            #expect(again.articles == [.unchanged: 1] && again.comments == [.unchanged: 4])
            var changed = batch(comments: [comment("101", body: "Comment 101, corrected."), comment("102", parent: "101"),
                                           comment("103", parent: "102", status: .spam), comment("104", status: .pending, email: "new@example.com")],
                                title: "Sweet smell, revised")
            changed.articles[0].comments.append(comment("105", parent: "103"))
            let third = try store.applyImport(changed, hasher: makeHasher(), now: Self.now)
            #expect(third.articles == [.updated: 1] && third.comments == [.unchanged: 4, .created: 1])
            let article = try #require(try store.article(slug: "suesser-duft"))
            #expect(article.title == "Sweet smell, revised" && article.commentCount == 4, "105 is new; 103 stays as it is here")
            let reply = try #require(try store.approvedComments(articleID: article.id).first { $0.name == "Grace 105" })
            #expect(reply.depth == 4, "answering 103 where it is")
            #expect(try store.read { try $0.scalar("SELECT count(*) FROM comments") } == .integer(5))
            #expect(try store.read { try $0.scalar("SELECT count(*) FROM articles") } == .integer(1))
        }
    }

    /// What moderators and erasure requests did here wins over a second run (red-team finding).
    @Test func aSecondRunBringsBackNothingErasedDeletedOrMarkedSpam() throws {
        try withStore { store, _ in
            _ = try store.applyImport(batch(), hasher: makeHasher(), now: Self.now)
            let article = try #require(try store.article(slug: "suesser-duft"))
            let comments = try store.approvedComments(articleID: article.id)
            let byName = Dictionary(uniqueKeysWithValues: comments.map { ($0.name, $0.id) })
            try store.setStatus(.spam, commentID: try #require(byName["Grace 102"]))
            try store.deleteComment(id: try #require(byName["Grace 103"]))
            _ = try store.erasePersonalData(emailHash: makeHasher().emailHash("grace@example.com"), removeBodies: true,
                                            anonymousName: "Anonymous")
            let again = try store.applyImport(batch(), hasher: makeHasher(), now: Self.now)
            #expect(again.comments[.created] == nil)
            let rows: [String] = try store.read { db in
                try db.query("SELECT name, email, status FROM comments ORDER BY id").map { row -> String in
                    let email: String = try row.optionalText(1) ?? "-"
                    return try row.text(0) + "|" + email + "|" + row.text(2)
                }
            }
            #expect(rows.count == 4 && !rows.contains { $0.contains("grace@example.com") }, "\(rows)")
            #expect(!rows.contains { ["Grace 101|", "Grace 102|", "Grace 103|"].contains(where: $0.hasPrefix) }, "\(rows)")
            #expect(!rows.contains { $0.hasSuffix("|approved") }, "nothing erased, deleted or spam is published again: \(rows)")
        }
    }

    @Test func repliesDeeperThanTheSiteAllowsAnswerHigherUp() throws {
        try withStore { store, _ in
            var chain: [ImportedComment] = []
            for step in 1...12 {
                let parent: String? = step == 1 ? nil : String(99 + step)
                chain.append(comment(String(100 + step), parent: parent))
            }
            _ = try store.applyImport(batch(comments: chain), hasher: makeHasher(), limits: ImportLimits(maxDepth: 3), now: Self.now)
            let article = try #require(try store.article(slug: "suesser-duft"))
            let comments = try store.approvedComments(articleID: article.id)
            #expect(comments.count == 12 && comments.map(\.depth).max() == 3 && Set(comments.map(\.threadID)).count == 1)
        }
    }

    @Test func whatWasDeletedHereStaysDeleted() throws {
        try withStore { store, _ in
            _ = try store.applyImport(batch(), hasher: makeHasher(), now: Self.now)
            let article = try #require(try store.article(slug: "suesser-duft"))
            let grace = try #require(try store.approvedComments(articleID: article.id).first { $0.name == "Grace 101" })
            _ = try store.write { try $0.run("DELETE FROM comments WHERE id = ?", grace.id) } // gone for good
            let again = try store.applyImport(batch(), hasher: makeHasher(), now: Self.now)
            #expect(again.keptDeleted == ["comment 101"])
            try store.deleteArticle(slug: "suesser-duft")
            #expect(try store.importTargets(source: Self.source).deleted == ["12"])
            let third = try store.applyImport(batch(), hasher: makeHasher(), now: Self.now)
            #expect(third.keptDeleted == ["article 12"] && third.articles.isEmpty)
            #expect(try store.article(slug: "suesser-duft") == nil)
        }
    }

    @Test func aDryRunCountsWhatARunWouldDoAndChangesNothing() throws {
        try withStore { store, _ in
            let generation = store.generation
            let dry = try store.applyImport(batch(), hasher: makeHasher(), dryRun: true, now: Self.now)
            #expect(dry.articles == [.created: 1] && dry.comments == [.created: 4] && dry.redirects == 3)
            #expect(try store.article(slug: "suesser-duft") == nil && store.generation == generation)
            #expect(try store.redirects().isEmpty && store.importTargets(source: Self.source).slugs.isEmpty)
        }
    }

    @Test func aSlugTakenSinceItWasChosenStopsTheWholeImport() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("suesser-duft")], in: store)
            #expect(throws: BlogError.self) { try store.applyImport(batch(), hasher: makeHasher(), now: Self.now) }
            #expect(try store.redirects().isEmpty, "all or nothing")
            #expect(try store.article(slug: "suesser-duft")?.title == "Title of suesser-duft")
        }
    }

    @Test func importTargetsNameTheSourcesSlugsAndEverySlugTaken() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("mine")], in: store)
            _ = try store.applyImport(batch(), hasher: makeHasher(), now: Self.now)
            _ = try store.write { try $0.run("UPDATE articles SET slug = 'renamed' WHERE slug = 'suesser-duft'") }
            let targets = try store.importTargets(source: Self.source)
            #expect(targets.slugs == ["12": "renamed"] && targets.deleted.isEmpty)
            #expect(targets.taken.isSuperset(of: ["mine", "renamed", "archive", "admin"]))
            #expect(try store.importTargets(source: "wordpress https://other.example").slugs.isEmpty)
            // The redirect follows the rename: it names the article, not its old slug.
            #expect(try store.redirect(from: "/?p=12") == .article(slug: "renamed", kind: .article))
        }
    }

    @Test func redirectsLeadOnlyToWhatReadersMaySee() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("draft", draft: true), makeInput("later", published: "2030-01-01T00:00:00Z")], in: store)
            try store.write { db in
                for slug in ["draft", "later"] {
                    let id = try #require(try db.queryFirst("SELECT id FROM articles WHERE slug = ?", slug)?.integer(0))
                    try BlogStore.setRedirect(from: "/old/\(slug)", articleID: id, target: nil, now: Self.now, in: db)
                }
            }
            #expect(try store.redirect(from: "/old/draft") == nil && store.redirect(from: "/old/later") == nil)
            try store.setRedirect(from: "/feed", to: "/feed.xml")
            try store.setRedirect(from: "/feed", to: "/atom.xml")
            #expect(try store.redirects().first { $0.from == "/feed" }?.destination == .path("/atom.xml"))
            #expect(try store.removeRedirect(from: "/feed") && !store.removeRedirect(from: "/feed"))
        }
    }

    @Test func commentsComeParentFirstAndCyclesBecomeThreads() {
        let comments = [comment("3", parent: "2"), comment("2", parent: "1"), comment("1"), comment("8", parent: "9"),
                        comment("9", parent: "8"), comment("5", parent: "404")]
        let ordered = BlogStore.parentsFirst(comments)
        #expect(ordered.map(\.sourceID) == ["1", "5", "2", "3", "8", "9"])
        #expect(ordered.map(\.parentSourceID) == [nil, "404", "1", "2", nil, nil])
    }
}
