@testable import Blog
import Foundation
import SQLite
import Testing

/// Runs the store's real reading and commenting paths, then checks the plan of every
/// statement they prepared: nothing a page or a comment needs may scan a whole table or sort
/// in a temporary tree, so the cost stays flat as articles and comments grow (issue 5).
@Suite struct QueryPlanTests {
    /// Statements that read everything on purpose (archive, sitemap, feed, export, moderation
    /// lists) or run only at import; they are not per-request work on a cached site.
    /// The dashboard sorts the drafts by when they last changed (drafts are a handful), and
    /// walks the comments newest first by rowid until it has five (a "scan" that stops early).
    static let wholeTablePaths = ["a.hidden = 0 OR ?", "NOT IN (SELECT tag_id FROM article_tags)",
                                  "SELECT DISTINCT article_id FROM comments WHERE email_hash", "FROM schema_migrations",
                                  "WHERE hidden = 1 AND draft = 1 ORDER BY modified_at", "WHERE c.status <> ? ORDER BY c.id DESC LIMIT ?"]

    @Test func hotQueriesUseIndexes() throws {
        try withStore { store, _ throws in
            var inputs = (0..<60).map { makeInput("post-\($0)", published: "2026-01-01T10:\(String(format: "%02d", $0)):00Z",
                                                  tags: ["tag-\($0 % 3)"]) }
            inputs.append(makeInput("target", tags: ["swift"]))
            try makeArticles(inputs, in: store)
            let service = makeService(store, makePolicy(.firstTime))
            let first = try service.submitAndWait(makeDraft(email: "a@example.com", body: "one"), toArticle: "target",
                                           clientAddress: "192.0.2.1").comment
            try store.setStatus(.approved, commentID: first.id)
            _ = try service.submitAndWait(makeDraft(email: "a@example.com", body: "two", parentID: String(first.id)),
                                   toArticle: "target", clientAddress: "192.0.2.1")
            _ = try store.publishedArticles(page: 1, perPage: 10)
            _ = try store.publishedArticles(page: 1, perPage: 10, tagSlug: "swift")
            _ = try store.tagPage(slug: "swift", page: 1, perPage: 1)?.tag
            _ = try store.articleWithComments(slug: "target", page: 1, perPage: 10, order: .oldest)
            _ = try store.articleWithComments(slug: "target", page: 1, perPage: 10, order: .newest)
            _ = try store.commentLocation(id: first.id, perPage: 10, order: .oldest)
            _ = try store.approvedComments(slug: "target", page: 1, perPage: 10)
            _ = try store.articleWithNeighbours(slug: "target")
            _ = try store.tagPage(slug: "swift", page: 1, perPage: 10)
            _ = try store.articleWithComments(slug: "target", showing: first.id, perPage: 10, order: .oldest)
            _ = try store.newestComments(slug: "target", limit: 50)
            _ = try store.sitemap(urlsPerFile: 10_000, fixedPages: 2)
            _ = try store.sitemap(urlsPerFile: 1, fixedPages: 2)
            _ = try store.sitemapPart(tags: false, number: 1, urlsPerFile: 10_000)
            _ = try store.sitemapPart(tags: true, number: 1, urlsPerFile: 10_000)
            _ = try store.search("text")
            _ = try store.comment(id: first.id)
            // The desk's pages.
            for filter in DeskArticleFilter.allCases { _ = try store.deskArticles(filter: filter, query: "", page: 2, perPage: 20) }
            _ = try store.moderationQueue(status: .pending, before: 1_000, perPage: 50)
            _ = try store.deskOverview()
            _ = try store.nextScheduledDate()
            _ = try store.page(slug: "about")
            _ = try store.navigationPages()
            _ = try store.publishedPages()
            _ = try store.publishDueArticles(now: date("2026-12-01T00:00:00Z"))
            _ = try store.articleForEditing(slug: "target")
            _ = try store.revisions(ofArticle: "target")
            _ = try store.storedSession(key: "nothing")
            _ = try store.storedAccount(email: "nobody@example.org")

            let statements = try store.database.preparedSQL()
            #expect(statements.count > 10)
            let plans = try store.database.read { db in
                try statements.filter { $0.hasPrefix("SELECT") || $0.hasPrefix("\n") || $0.contains("SELECT") }
                    .map { ($0, try db.queryPlan($0)) }
            }
            for (sql, plan) in plans where !Self.wholeTablePaths.contains(where: sql.contains) {
                // A subquery's own result (a page of ids, built from an index) may be walked whole.
                let subqueries = plan.compactMap { line in
                    ["MATERIALIZE ", "CO-ROUTINE "].first(where: line.hasPrefix).map { String(line.dropFirst($0.count)) }
                }
                for line in plan {
                    let fullScan = line.hasPrefix("SCAN ") && !line.contains("USING") && !line.contains("VIRTUAL TABLE")
                        && !line.hasPrefix("SCAN json_each") && !subqueries.contains(String(line.dropFirst(5)))
                    #expect(!fullScan, "full scan: \(line) in \(sql)")
                    // Search ranks its matches by relevance: sorting those is the point.
                    let sorts = line.contains("USE TEMP B-TREE FOR ORDER BY") && !sql.contains("bm25(")
                    #expect(!sorts, "sort: \(line) in \(sql.suffix(300))")
                }
            }
        }
    }

    /// The duplicate and first-time checks run inside the single writer for every comment:
    /// each must be a seek in `comments_by_commenter`, never a walk of an index (a full
    /// index walk passes the scan check above, and grows with every comment stored).
    @Test func commenterChecksSeekOneIndex() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("target")], in: store)
            _ = try makeService(store, makePolicy(.firstTime)).submitAndWait(makeDraft(), toArticle: "target", clientAddress: "192.0.2.1")
            let checks = try store.database.preparedSQL().filter { $0.contains("FROM comments WHERE email_hash = ?") }
            #expect(checks.count == 2, "the duplicate and the first-time check")
            let plans = try store.database.read { db in try checks.map { try db.queryPlan($0) } }
            for plan in plans {
                #expect(!plan.isEmpty)
                for line in plan {
                    #expect(line.hasPrefix("SEARCH comments USING COVERING INDEX comments_by_commenter (email_hash=? AND status=?"),
                            "\(line)")
                }
            }
        }
    }

    /// What an article page reads costs the same with 20 and with 400 other articles around
    /// it, counted in SQLite's virtual-machine steps rather than time. (Previous/next once
    /// walked the date index to the article: a step for every article on one side.)
    @Test func anArticlePageCostsTheSameHoweverManyArticlesSurroundIt() throws {
        func steps(articles: Int) throws -> [Int] {
            try withStore { store, _ throws in
                try makeArticles((0..<articles).map {
                    makeInput("post-\($0)", published: ISODate.format(date("2026-01-01T00:00:00Z").addingTimeInterval(Double($0) * 3600)))
                }, in: store)
                let service = makeService(store, makePolicy(.none))
                for slug in ["post-0", "post-\(articles / 2)", "post-\(articles - 1)"] {
                    for index in 0..<3 { _ = try service.submitAndWait(makeDraft(body: "Comment \(index)"), toArticle: slug, clientAddress: "192.0.2.1") }
                }
                return try ["post-0", "post-\(articles / 2)", "post-\(articles - 1)"].map { slug in
                    try store.read { db in
                        let before = db.virtualMachineSteps
                        guard let article = try store.article(slug: slug, in: db) else { return -1 }
                        _ = try store.neighbours(of: article, in: db)
                        _ = try store.commentPage(articleID: article.id, page: 1, perPage: 50, order: .oldest, in: db)
                        return db.virtualMachineSteps - before
                    }
                }
            }
        }
        let few = try steps(articles: 20), many = try steps(articles: 400)
        for (small, large) in zip(few, many) {
            #expect(small > 0 && large - small <= 12, "\(few) steps with 20 articles, \(many) with 400")
        }
    }

    /// The last page of a tag with twenty articles costs the same in a blog of 400 and of
    /// 2,000 articles: a tag's links carry their article's date (migration 0005). Before, the
    /// date index was walked over every newer article of the blog to reach the tagged ones.
    @Test func aTagPageCostsTheSameHoweverLargeTheBlog() throws {
        func steps(articles: Int) throws -> Int {
            try withStore { store, _ throws in
                let every = articles / 20
                try makeArticles((0..<articles).map {
                    makeInput("post-\($0)", published: ISODate.format(date("2026-01-01T00:00:00Z").addingTimeInterval(Double($0) * 3600)),
                              tags: $0 % every == 0 ? ["rare", "common"] : ["common"])
                }, in: store)
                _ = try store.publishedArticles(page: 2, perPage: 10, tagSlug: "rare") // counted once per generation
                return try store.read { db in
                    let before = db.virtualMachineSteps
                    let page = try store.publishedArticles(offset: 10, page: 2, perPage: 10, tagSlug: "rare", generation: store.generation,
                                                           in: db)
                    #expect(page?.articles.count == 10)
                    return db.virtualMachineSteps - before
                }
            }
        }
        let small = try steps(articles: 400), large = try steps(articles: 2000)
        #expect(small > 0 && large - small <= 20, "\(small) steps with 400 articles, \(large) with 2,000")
    }
}
