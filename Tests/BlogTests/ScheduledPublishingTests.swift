@testable import Blog
import Foundation
import Testing

/// PRODUCT.md §9: an article dated ahead is invisible to every public read until its date,
/// then visible without a restart.
@Suite struct ScheduledPublishingTests {
    static let saved = date("2026-12-01T00:00:00Z")
    static let goesLive = "2026-12-03T09:00:00Z"

    /// A published neighbour and a scheduled article sharing a tag, saved on `saved`.
    func makeBlog(_ store: BlogStore) throws {
        try makeArticles([
            makeInput("already-out", published: "2026-11-20T09:00:00Z", tags: ["Travel"], markdown: "Zeppelin notes."),
            makeInput("coming-soon", published: Self.goesLive, tags: ["Travel", "Future"], markdown: "Zeppelin ahead."),
        ], in: store, now: Self.saved)
    }

    /// Everything a reader, a feed, a crawler or a search can reach, as slugs.
    func publicSlugs(_ store: BlogStore) throws -> Set<String> {
        var slugs = Set<String>()
        slugs.formUnion(try store.publishedArticles(page: 1, perPage: 10)?.articles.map(\.slug) ?? [])
        slugs.formUnion(try store.tagPage(slug: "travel", page: 1, perPage: 10)?.articles?.articles.map(\.slug) ?? [])
        slugs.formUnion(try store.allArticles().map(\.slug))
        slugs.formUnion(try store.latestArticles(limit: 10).map(\.slug))
        slugs.formUnion(try store.search("zeppelin")?.map(\.article.slug) ?? [])
        if case .entries(let articles, _) = try store.sitemap(urlsPerFile: 1_000, fixedPages: 2) { slugs.formUnion(articles.map(\.slug)) }
        for slug in ["already-out", "coming-soon"] {
            if try store.article(slug: slug) != nil { slugs.insert(slug) }
            if try store.articleWithComments(slug: slug, page: 1, perPage: 10, order: .oldest) != nil { slugs.insert(slug) }
            if let neighbours = try store.articleWithNeighbours(slug: slug) {
                slugs.formUnion([neighbours.previous?.slug, neighbours.next?.slug].compactMap { $0 })
            }
        }
        return slugs
    }

    @Test func aScheduledArticleIsHiddenEverywhereUntilItsTime() throws {
        try withStore { store, _ in
            try makeBlog(store)
            #expect(try publicSlugs(store) == ["already-out"])
            #expect(try store.tagPage(slug: "future", page: 1, perPage: 10)?.articles?.articles.isEmpty ?? true)
            #expect(try store.archiveMonths(in: .gmt).map(\.month) == [11])
            #expect(try store.article(slug: "coming-soon", includeDrafts: true)?.state == .scheduled)
            #expect(thrownError {
                _ = try makeService(store).submitAndWait(makeDraft(), toArticle: "coming-soon", clientAddress: "192.0.2.1",
                                                         now: Self.saved)
            } as? BlogError == .articleNotFound)

            // A second early is still too early.
            #expect(try store.publishDueArticles(now: date(Self.goesLive).addingTimeInterval(-1)).isEmpty)
            #expect(try publicSlugs(store) == ["already-out"])

            #expect(try store.publishDueArticles(now: date(Self.goesLive)) == ["coming-soon"])
            #expect(try publicSlugs(store) == ["already-out", "coming-soon"])
            #expect(try store.archiveMonths(in: .gmt).map(\.month) == [12, 11])
            #expect(try store.tagPage(slug: "future", page: 1, perPage: 10)?.articles?.articles.map(\.slug) == ["coming-soon"])
            let published = try #require(try store.article(slug: "coming-soon"))
            #expect(published.state == .published && published.modifiedAt == date(Self.goesLive))
        }
    }

    @Test func publishingEmptiesThePageCachesAndNothingDueLeavesThemAlone() throws {
        try withStore { store, _ in
            try makeBlog(store)
            let before = store.generation
            _ = try store.publishDueArticles(now: Self.saved)
            #expect(store.generation == before)
            _ = try store.publishDueArticles(now: date(Self.goesLive))
            #expect(store.generation != before)
        }
    }

    @Test func theNextDateIsTheEarliestScheduledOneAndDraftsDoNotCount() throws {
        try withStore { store, _ in
            #expect(try store.nextScheduledDate() == nil)
            try makeArticles([
                makeInput("later", published: "2026-12-20T09:00:00Z"),
                makeInput("sooner", published: "2026-12-10T09:00:00Z"),
                makeInput("draft-ahead", published: "2026-12-05T09:00:00Z", draft: true),
            ], in: store, now: Self.saved)
            #expect(try store.nextScheduledDate() == date("2026-12-10T09:00:00Z"))
            #expect(try store.article(slug: "draft-ahead", includeDrafts: true)?.state == .draft)
        }
    }

    /// Moving a published article's date ahead schedules it again; a draft moved to the past
    /// and published is public at once.
    @Test func aSaveDecidesFromTheDateAndTheDraftFlag() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("moving", published: "2026-11-01T09:00:00Z")], in: store, now: Self.saved)
            #expect(try store.article(slug: "moving")?.state == .published)
            try store.upsert([makeInput("moving", published: "2026-12-24T18:00:00Z")], now: Self.saved)
            #expect(try store.article(slug: "moving") == nil)
            #expect(try store.article(slug: "moving", includeDrafts: true)?.state == .scheduled)
            try store.upsert([makeInput("moving", published: "2026-11-30T18:00:00Z")], now: Self.saved)
            #expect(try store.article(slug: "moving")?.state == .published)
        }
    }

    /// The server's timer: an article saved a moment ahead appears by itself, also when the
    /// publisher was already asleep waiting for nothing (it wakes on the save, not after its
    /// longest sleep of a minute).
    @Test func thePublisherMakesItPublicAtItsTime() throws {
        try withTemporaryDirectory { directory in
            let store = try makeStore(in: directory)
            let publisher = ScheduledPublisher(store: store)
            publisher.start()
            defer { publisher.stop() }
            let soon = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 2).rounded(.up))
            try store.upsert([ArticleInput(slug: "soon", title: "Soon", publishedAt: soon, markdown: "Text.")])
            #expect(try store.article(slug: "soon") == nil)
            let deadline = Date().addingTimeInterval(20)
            while try store.article(slug: "soon") == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            #expect(try store.article(slug: "soon") != nil)
            #expect(Date() >= soon)
        }
    }
}
