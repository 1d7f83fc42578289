@testable import Blog
import Foundation
import SQLite
import Testing

/// Pages (issue #15, item 6): texts of the site at `/{slug}`, kept out of the blog's stream.
@Suite struct BlogStorePagesTests {
    func makePage(_ slug: String, title: String? = nil, navOrder: Int? = nil, draft: Bool = false,
                  published: String = "2026-11-01T09:00:00Z") -> ArticleInput {
        ArticleInput(kind: .page, navOrder: navOrder, slug: slug, title: title ?? "Page \(slug)", publishedAt: date(published),
                     draft: draft, commentsOpen: false, markdown: "Zeppelin address and contact.")
    }

    /// Every list, feed, count and search a reader can reach, as slugs.
    func streamSlugs(_ store: BlogStore) throws -> Set<String> {
        var slugs = Set<String>()
        slugs.formUnion(try store.publishedArticles(page: 1, perPage: 10)?.articles.map(\.slug) ?? [])
        slugs.formUnion(try store.allArticles().map(\.slug))
        slugs.formUnion(try store.latestArticles(limit: 10).map(\.slug))
        slugs.formUnion(try store.search("zeppelin")?.map(\.article.slug) ?? [])
        if case .entries(let articles, _) = try store.sitemap(urlsPerFile: 1_000, fixedPages: 2) { slugs.formUnion(articles.map(\.slug)) }
        return slugs
    }

    @Test func aPageIsServedAtItsAddressAndNowhereInTheStream() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a-post", markdown: "Zeppelin post."), makePage("about", navOrder: 1),
                              makePage("impressum", published: "2027-06-01T00:00:00Z")], in: store)
            #expect(try streamSlugs(store) == ["a-post"])
            #expect(try store.publishedArticles(page: 1, perPage: 10)?.total == 1)
            #expect(try store.archiveMonths(in: .gmt).map(\.month) == [11])
            // Its own address, and not the article's.
            let about = try #require(try store.page(slug: "about"))
            #expect(about.kind == .page && about.state == .published && about.navOrder == 1 && !about.commentsOpen)
            #expect(try store.article(slug: "about") == nil)
            #expect(try store.articleWithComments(slug: "about", page: 1, perPage: 10, order: .oldest) == nil)
            #expect(try store.page(slug: "a-post") == nil)
            // A page dated ahead is a page now, not a scheduled article.
            #expect(try store.page(slug: "impressum") != nil)
            #expect(try store.nextScheduledDate() == nil)
            #expect(try store.publishDueArticles(now: date("2028-01-01T00:00:00Z")).isEmpty)
            #expect(try store.deskOverview().scheduledCount == 0)
            // No comment can land under a page.
            #expect(thrownError {
                _ = try makeService(store).submitAndWait(makeDraft(), toArticle: "about", clientAddress: "192.0.2.1")
            } as? BlogError == .articleNotFound)
            #expect(try store.publishedPages().map(\.slug) == ["about", "impressum"])
        }
    }

    @Test func aDraftPageIsNotServed() throws {
        try withStore { store, _ in
            try makeArticles([makePage("datenschutz", navOrder: 2, draft: true)], in: store)
            #expect(try store.page(slug: "datenschutz") == nil)
            #expect(try store.navigationPages().isEmpty)
            #expect(try store.publishedPages().isEmpty)
            #expect(try store.article(slug: "datenschutz", includeDrafts: true)?.state == .draft)
        }
    }

    @Test func theNavigationFollowsTheChosenOrderAndEveryChange() throws {
        try withStore { store, _ in
            try makeArticles([makePage("contact", title: "Contact", navOrder: 2), makePage("about", title: "About", navOrder: 1),
                              makePage("imprint", title: "Imprint"), makePage("zebra", title: "Zebra", navOrder: 2)], in: store)
            // By place, then the pages without one, by title.
            #expect(try store.navigationPages().map(\.slug) == ["about", "contact", "zebra", "imprint"])
            // Read once per change: a new order shows at once, without a restart.
            try store.upsert([makePage("imprint", title: "Imprint", navOrder: 0)])
            #expect(try store.navigationPages().map(\.slug) == ["imprint", "about", "contact", "zebra"])
            try store.deleteArticle(slug: "about")
            #expect(try store.navigationPages().map(\.slug) == ["imprint", "contact", "zebra"])
        }
    }

    @Test func aPageMayNotTakeAnAddressOfTheSite() throws {
        try withTemporaryDirectory { directory in
            let pool = try DatabasePool(path: directory + "/feder.sqlite")
            try BlogStore.migrate(pool, migrationsPath: migrationsFolder)
            let store = BlogStore(database: pool, reservedPageSlugs: ["archive", "admin"])
            #expect(thrownError { try store.upsert([makePage("archive")]) } as? BlogError == .pageRefused(.reservedSlug))
            #expect(BlogError.pageRefused(.reservedSlug).description.hasPrefix("slug: the site uses this address itself"))
            #expect(try store.page(slug: "archive") == nil)
            // An article may: it lives under /articles/.
            try store.upsert([makeInput("archive")])
            #expect(try store.article(slug: "archive") != nil)
        }
    }

    /// Its comments would be out of reach at a page's address (and a page takes none).
    @Test func anArticleWithCommentsStaysAnArticle() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("talk"), makeInput("quiet")], in: store)
            _ = try makeService(store).submitAndWait(makeDraft(), toArticle: "talk", clientAddress: "192.0.2.1")
            var page = makePage("talk")
            #expect(thrownError { try store.upsert([page]) } as? BlogError == .pageRefused(.hasComments))
            #expect(try store.article(slug: "talk")?.kind == .article)
            page.slug = "quiet"
            try store.upsert([page]) // without comments it may become a page, and back
            #expect(try store.page(slug: "quiet") != nil && store.article(slug: "quiet") == nil)
            try store.upsert([makeInput("quiet")])
            #expect(try store.article(slug: "quiet") != nil && store.page(slug: "quiet") == nil)
        }
    }

    @Test func theDeskListsPagesApart() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a-post"), makePage("about"), makePage("draft-page", draft: true)], in: store)
            #expect(try store.deskArticles(filter: .pages, query: "", page: 1, perPage: 10).articles.map(\.slug).sorted()
                == ["about", "draft-page"])
            #expect(try store.deskArticles(filter: .published, query: "", page: 1, perPage: 10).articles.map(\.slug) == ["a-post"])
            #expect(try store.deskArticles(filter: .scheduled, query: "", page: 1, perPage: 10).total == 0)
            let pages = try store.deskArticles(filter: .pages, query: "", page: 1, perPage: 10).articles
            #expect(pages.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.draft, .published])
            #expect(pages.allSatisfy { $0.kind == .page })
            #expect(try store.deskArticles(filter: .all, query: "", page: 1, perPage: 10).total == 3)
        }
    }
}
