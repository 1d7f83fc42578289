@testable import Blog
import Foundation
@testable import SQLite
import Testing

@Suite struct BlogStoreArticlesTests {
    /// Twelve published articles a day apart (`post-1` oldest) and one draft in the middle.
    func makeBlog(in store: BlogStore) throws {
        var inputs = (1...12).map { index in
            makeInput("post-\(index)", published: String(format: "2026-10-%02dT09:00:00Z", index),
                      tags: index.isMultiple(of: 3) ? ["Swift", "Every Third"] : ["Swift"])
        }
        inputs.append(makeInput("draft", published: "2026-10-06T12:00:00Z", tags: ["Swift", "Secret"], draft: true))
        try makeArticles(inputs, in: store)
    }

    @Test func pagesAreNewestFirstWithEdges() throws {
        try withStore { store, _ throws in
            let empty = try #require(try store.publishedArticles(page: 1, perPage: 5))
            #expect(empty.articles.isEmpty)
            #expect(empty.total == 0)
            #expect(empty.totalPages == 1)
            #expect(try store.publishedArticles(page: 2, perPage: 5) == nil)

            try makeBlog(in: store)
            let first = try #require(try store.publishedArticles(page: 1, perPage: 5))
            #expect(first.articles.map(\.slug) == ["post-12", "post-11", "post-10", "post-9", "post-8"])
            #expect(first.total == 12)
            #expect(first.totalPages == 3)
            let last = try #require(try store.publishedArticles(page: 3, perPage: 5))
            #expect(last.articles.map(\.slug) == ["post-2", "post-1"])
            #expect(try store.publishedArticles(page: 4, perPage: 5) == nil)
            #expect(try store.publishedArticles(page: 0, perPage: 5) == nil)
            #expect(try store.publishedArticles(page: -3, perPage: 5) == nil)
        }
    }

    @Test func absurdPageNumbersAnswerNilInsteadOfTrapping() throws {
        try withStore { store, _ throws in
            try makeBlog(in: store)
            #expect(try store.publishedArticles(page: Int.max, perPage: 10) == nil)
            #expect(try store.publishedArticles(page: Int.max / 2, perPage: 100, tagSlug: "swift") == nil)
            #expect(try store.publishedArticles(page: Int.min, perPage: 10) == nil)
            #expect(try store.comments(status: .pending, page: Int.max, perPage: 50).comments.isEmpty)
        }
    }

    @Test func tagPagesCountOnlyPublishedArticles() throws {
        try withStore { store, _ throws in
            try makeBlog(in: store)
            let swift = try #require(try store.publishedArticles(page: 1, perPage: 100, tagSlug: "swift"))
            #expect(swift.total == 12)
            let third = try #require(try store.publishedArticles(page: 1, perPage: 3, tagSlug: "every-third"))
            #expect(third.total == 4)
            #expect(third.totalPages == 2)
            #expect(third.articles.map(\.slug) == ["post-12", "post-9", "post-6"])
            #expect(try store.publishedArticles(page: 1, perPage: 10, tagSlug: "secret")?.total == 0)
            #expect(try store.tagPage(slug: "every-third", page: 1, perPage: 1)?.tag == Blog.Tag(slug: "every-third", name: "Every Third"))
            #expect(try store.publishedArticles(page: 1, perPage: 10, tagSlug: "nothing")?.articles.isEmpty == true)
        }
    }

    @Test func draftsAreHidden() throws {
        try withStore { store, _ throws in
            try makeBlog(in: store)
            #expect(try store.article(slug: "draft") == nil)
            #expect(try store.article(slug: "draft", includeDrafts: true)?.draft == true)
            #expect(try store.allArticles().count == 12)
            #expect(try store.allArticles(includeDrafts: true).count == 13)
            #expect(try store.search("Title of draft")?.contains { $0.article.slug == "draft" } == false)
        }
    }

    @Test func neighboursSkipDraftsAndStopAtTheEnds() throws {
        try withStore { store, _ throws in
            try makeBlog(in: store)
            let newest = try #require(try store.article(slug: "post-12"))
            let oldest = try #require(try store.article(slug: "post-1"))
            let middle = try #require(try store.article(slug: "post-6"))
            let afterDraft = try #require(try store.article(slug: "post-7"))
            #expect(try store.articleWithNeighbours(slug: newest.slug)!.next == nil)
            #expect(try store.articleWithNeighbours(slug: newest.slug)!.previous?.slug == "post-11")
            #expect(try store.articleWithNeighbours(slug: oldest.slug)!.previous == nil)
            #expect(try store.articleWithNeighbours(slug: oldest.slug)!.next == ArticleLink(slug: "post-2", title: "Title of post-2"))
            #expect(try store.articleWithNeighbours(slug: middle.slug)!.next?.slug == "post-7") // the draft at 10-06 12:00 is skipped
            #expect(try store.articleWithNeighbours(slug: afterDraft.slug)!.previous?.slug == "post-6")
        }
    }

    @Test func neighboursOfArticlesWithTheSameDateFollowTheirIDs() throws {
        try withStore { store, _ throws in
            let articles = try makeArticles([makeInput("a"), makeInput("b"), makeInput("c")], in: store)
            #expect(try store.articleWithNeighbours(slug: articles[1].slug)!.previous?.slug == "a")
            #expect(try store.articleWithNeighbours(slug: articles[1].slug)!.next?.slug == "c")
        }
    }

    @Test func theDefaultSummaryIsTheFirstParagraphUpTo200Characters() throws {
        try withStore { store, _ throws in
            let long = (1...60).map { "word\($0)" }.joined(separator: " ")
            let articles = try makeArticles([
                makeInput("short", markdown: "# Heading\n\nFirst *paragraph* & more.\n\nSecond paragraph."),
                makeInput("long", markdown: long),
                makeInput("given", summary: "Written by hand.", markdown: "Body."),
                makeInput("none", markdown: "# Only a heading"),
            ], in: store)
            #expect(articles[0].summary == "First paragraph & more.")
            #expect(articles[1].summary.count <= 200)
            #expect(articles[1].summary.hasSuffix("…"))
            #expect(long.hasPrefix(String(articles[1].summary.dropLast())))
            #expect(!articles[1].summary.dropLast().hasSuffix(" "))
            #expect(articles[2].summary == "Written by hand.")
            #expect(articles[3].summary == "")
            #expect(BlogStore.defaultSummary(fromHTML: "<p>" + String(repeating: "x", count: 500) + "</p>").count == 200)
        }
    }

    @Test func storedArticlesKeepEveryField() throws {
        try withStore { store, _ throws in
            var input = makeInput("full", tags: ["Über", "Swift"], markdown: "Hello **bold** world.\n")
            input.updatedAt = date("2026-11-26T10:00:00Z")
            input.image = ArticleImage(url: "/static/a.jpg", alt: "Alt", credit: "Photo: me", creditURL: "https://example.com")
            input.commentsOpen = false
            let article = try #require(try makeArticles([input], in: store).first)
            #expect(article.title == input.title)
            #expect(article.author == "Ada")
            #expect(article.html == "<p>Hello <strong>bold</strong> world.</p>\n")
            #expect(article.wordCount == 3)
            #expect(article.readingMinutes == 1)
            #expect(article.updatedAt == input.updatedAt)
            #expect(article.image == input.image)
            #expect(!article.commentsOpen)
            #expect(article.tags == [Blog.Tag(slug: "ueber", name: "Über"), Blog.Tag(slug: "swift", name: "Swift")])
        }
    }

    @Test func deletingAnArticleRemovesItsSearchEntryAndUnusedTags() throws {
        try withStore { store, _ throws in
            try makeArticles([makeInput("gone", tags: ["Lonely"], markdown: "Zeppelin")], in: store)
            try store.deleteArticle(slug: "gone")
            #expect(try store.article(slug: "gone", includeDrafts: true) == nil)
            #expect(try store.search("zeppelin")?.isEmpty == true)
            #expect(try store.tagPage(slug: "lonely", page: 1, perPage: 1)?.tag == nil)
            #expect(throws: BlogError.articleNotFound) { try store.deleteArticle(slug: "gone") }
        }
    }

    @Test func listsOfEveryLengthShareOneCachedStatement() throws {
        try withStore { store, _ throws in
            var cached: [Int] = []
            for index in 1...6 {
                try makeArticles([makeInput("post-\(index)", tags: ["Swift", "Tag \(index)"])], in: store)
                #expect(try store.allArticles().count == index)
                #expect(try store.allArticles(limit: 2).allSatisfy { $0.tags.count == 2 })
                cached.append(try store.database.read { $0.cachedStatementCount })
            }
            // The first round had one article, whose tags take a statement of their own.
            #expect(Set(cached.dropFirst()).count == 1)
        }
    }

    @Test func theHomePageQueryUsesTheDateIndex() throws {
        try withStore { store, _ throws in
            let plan = try store.database.read { db throws in
                try db.queryPlan("""
                    SELECT \(BlogStore.articleColumns) FROM articles a WHERE a.hidden = 0
                    ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?
                    """, bindings: [10, 0])
            }
            #expect(plan.contains { $0.contains("articles_by_date") })
            #expect(!plan.contains { $0.contains("TEMP B-TREE") })
        }
    }
}

@Suite struct BlogStoreSearchTests {
    func makeSearchBlog(in store: BlogStore) throws {
        try makeArticles([
            makeInput("in-body", title: "Notes from a trip", published: "2026-10-01T09:00:00Z",
                      markdown: "We walked along the river and saw a zeppelin over the rooftops."),
            makeInput("in-title", title: "The zeppelin museum", published: "2026-10-02T09:00:00Z",
                      markdown: "A museum about airships in Friedrichshafen."),
            makeInput("umlaut", title: "Über Köln", published: "2026-10-03T09:00:00Z", markdown: "Der Dom ist groß."),
        ], in: store)
    }

    @Test func resultsAreRankedWithHighlightedSnippets() throws {
        try withStore { store, _ throws in
            try makeSearchBlog(in: store)
            let hits = try #require(try store.search("zeppelin"))
            #expect(hits.map(\.article.slug) == ["in-title", "in-body"]) // a title match weighs more
            let body = try #require(hits.first { $0.article.slug == "in-body" })
            #expect(body.snippet.contains("\u{1}zeppelin\u{2}"))
        }
    }

    @Test func searchIsByPrefixAndIgnoresCaseAndDiacritics() throws {
        try withStore { store, _ throws in
            try makeSearchBlog(in: store)
            #expect(try store.search("ZEPP")?.count == 2)
            #expect(try store.search("koln")?.map(\.article.slug) == ["umlaut"])
            #expect(try store.search("uber dom")?.map(\.article.slug) == ["umlaut"])
            #expect(try store.search("zeppelin nowhere")?.isEmpty == true)
        }
    }

    static let hostileQueries: [String] = [
        "\"", "\"\"", "zeppelin\"", "AND", "zeppelin AND", "OR NOT", "NEAR(", "NEAR(zeppelin river, 2)", "*", "zeppelin*",
        "-", "-zeppelin", "^", "title:zeppelin", "{title}: x", "(", ")", "''", "'; DROP TABLE articles; --",
        "\" OR 1=1 --", "zeppelin'); DELETE FROM articles; --", "\u{0}", "💥", "   ", "",
        String(repeating: "zeppelin river ", count: 700), String(repeating: "\"(*", count: 3500),
    ]

    @Test(arguments: hostileQueries)
    func hostileQueriesNeverThrow(_ query: String) throws {
        try withStore { store, _ throws in
            try makeSearchBlog(in: store)
            let hits = try store.search(query)
            if let hits { #expect(hits.count <= 20) }
            #expect(try store.allArticles().count == 3)
        }
    }

    @Test func aQueryWithoutWordsIsNil() throws {
        try withStore { store, _ throws in
            #expect(try store.search("") == nil)
            #expect(try store.search(" \"*- ") == nil)
        }
    }
}
