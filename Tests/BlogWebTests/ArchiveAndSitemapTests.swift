import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

/// The archive (months, then a month's articles a page at a time) and the sitemap (one file,
/// or an index of parts above 10,000 URLs): every article reachable, no page listing them all.
@Suite struct ArchiveAndSitemapTests {
    @Test func theArchiveListsMonthsWithCountsAndEachMonthItsArticles() throws {
        let site = try TestSite()
        try site.addArticle(slug: "march-a", date: "2026-03-02T10:00:00Z")
        try site.addArticle(slug: "march-b", date: "2026-03-20T10:00:00Z")
        try site.addArticle(slug: "old", date: "2024-12-31T10:00:00Z")
        try site.addArticle(slug: "hidden", date: "2026-03-05T10:00:00Z", extra: "draft: true\n")
        let index = site.get("/archive")
        #expect(index.status == .ok)
        let html = index.text
        #expect(html.contains("href=\"/archive/2026/03\">March</a> <span class=\"archive__count\">2 articles</span>"))
        #expect(html.contains("href=\"/archive/2024/12\">December</a> <span class=\"archive__count\">1 article</span>"))
        let newer = try #require(html.range(of: "archive-2026")), older = try #require(html.range(of: "archive-2024"))
        #expect(newer.lowerBound < older.lowerBound)
        #expect(!html.contains("/articles/")) // the index names months, not articles
        let march = site.get("/archive/2026/03").text
        let b = try #require(march.range(of: "/articles/march-b")), a = try #require(march.range(of: "/articles/march-a"))
        #expect(b.lowerBound < a.lowerBound) // newest first
        #expect(!march.contains("/articles/hidden") && !march.contains("/articles/old"))
        #expect(march.contains("<h1 class=\"archive__heading\">March 2026</h1>") && march.contains("href=\"/archive\""))
        for missing in ["/archive/2026/04", "/archive/2026/13", "/archive/2026/3", "/archive/26/03", "/archive/2026/03?page=2",
                        "/archive/abcd/03"] {
            #expect(site.get(missing).status == .notFound, "\(missing)")
        }
    }

    @Test func monthsFollowTheSiteTimeZone() throws {
        let site = try TestSite { $0.site.timeZone = TimeZone(identifier: "Europe/Berlin")! }
        // 23:30 UTC on 31 March is already 1 April in Berlin.
        try site.addArticle(slug: "late", date: "2026-03-31T23:30:00Z")
        #expect(site.get("/archive").text.contains("href=\"/archive/2026/04\">April</a>"))
        #expect(site.get("/archive/2026/04").text.contains("/articles/late"))
        #expect(site.get("/archive/2026/03").status == .notFound)
    }

    @Test func aMonthWithManyArticlesComesInPagesOfAHundred() throws {
        let site = try TestSite()
        let may = try #require(ISODate.parse("2026-05-01T00:00:00Z"))
        try site.store.upsert((0..<150).map { index in
            ArticleInput(slug: "post-\(index)", title: "Post \(index)", publishedAt: may.addingTimeInterval(Double(index) * 600),
                         markdown: "Text.")
        })
        let first = site.get("/archive/2026/05").text
        #expect(first.components(separatedBy: "class=\"archive__item\"").count - 1 == 100)
        #expect(first.contains("href=\"/archive/2026/05?page=2\"") && first.contains("Page 1 of 2"))
        let second = site.get("/archive/2026/05?page=2")
        #expect(second.text.components(separatedBy: "class=\"archive__item\"").count - 1 == 50)
        #expect(second.text.contains("/articles/post-0\"") && !first.contains("/articles/post-0\""))
        #expect(site.get("/archive/2026/05?page=3").status == .notFound)
        #expect(site.get("/archive").text.contains("150 articles"))
    }

    @Test func aSmallSiteHasOneSitemapWithEveryPage() throws {
        let site = try TestSite()
        try site.addArticle(slug: "one", tags: ["Swift"])
        try site.addArticle(slug: "draft", tags: ["Secret"], extra: "draft: true\n")
        let xml = site.get("/sitemap.xml")
        #expect(xml.headers["Content-Type"] == "application/xml; charset=utf-8")
        let text = xml.text
        #expect(text.contains("<urlset") && !text.contains("<sitemapindex"))
        for loc in ["http://blog.test/", "http://blog.test/archive", "http://blog.test/articles/one", "http://blog.test/tags/swift"] {
            #expect(text.contains("<loc>\(loc)</loc>"), "\(loc)")
        }
        #expect(!text.contains("draft") && !text.contains("secret"))
        #expect(text.contains("<lastmod>"))
    }

    @Test func aLargeSiteHasASitemapIndexOfPartsOfAtMostTenThousand() throws {
        let site = try TestSite()
        try DatasetGenerator.generate(into: site.store, articles: 10_500, commentsPerArticle: 0)
        let index = site.get("/sitemap.xml").text
        #expect(index.contains("<sitemapindex"))
        let parts = index.components(separatedBy: "<loc>").dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(parts == ["http://blog.test/sitemaps/pages.xml", "http://blog.test/sitemaps/articles-1.xml",
                          "http://blog.test/sitemaps/articles-2.xml", "http://blog.test/sitemaps/tags-1.xml"])
        var articles = 0, tags = 0
        for part in parts {
            let response = site.get(String(part.dropFirst("http://blog.test".count)))
            #expect(response.status == .ok, "\(part)")
            let urls = response.text.components(separatedBy: "<url>").count - 1
            #expect(urls <= 10_000)
            if part.contains("articles-") { articles += urls }
            if part.contains("tags-") { tags += urls }
        }
        #expect(articles == 10_500 && tags == 50)
        for missing in ["/sitemaps/articles-3.xml", "/sitemaps/articles-0.xml", "/sitemaps/articles-01.xml", "/sitemaps/tags-2.xml",
                        "/sitemaps/other.xml", "/sitemaps/pages", "/sitemaps/articles-x.xml"] {
            #expect(site.get(missing).status == .notFound, "\(missing)")
        }
    }
}
