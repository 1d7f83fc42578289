import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

/// Pages of the site (About, Impressum) at `/{slug}` (issue #15, item 6).
@Suite struct SitePagesTests {
    func makeSite() throws -> TestSite {
        let site = try TestSite()
        try site.addArticle(slug: "a-post", title: "A post", date: "2026-02-01")
        try site.addArticle(slug: "about", title: "About <me>", extra: "kind: page\nnav_order: 2\n", body: "I write about *bread*.")
        try site.addArticle(slug: "impressum", title: "Impressum", extra: "kind: page\nnav_order: 1\n", body: "Angaben gemäß § 5 DDG.")
        try site.addArticle(slug: "colophon", title: "Colophon", extra: "kind: page\n", body: "Set in system fonts.")
        try site.addArticle(slug: "unfinished", title: "Unfinished", extra: "kind: page\nnav_order: 3\ndraft: true\n")
        return site
    }

    @Test func aPageIsServedAtItsAddressWithoutDateOrComments() throws {
        let site = try makeSite()
        let response = site.get("/about")
        #expect(response.status == .ok)
        #expect(response.headers["Cache-Control"]?.contains("public") == true)
        let html = response.text
        #expect(html.contains("<h1 class=\"post__title\">About &lt;me&gt;</h1>"))
        #expect(html.contains("I write about <em>bread</em>."))
        let canonical = try #require(html.range(of: "<link rel=\"canonical\" href=\""))
        #expect(html[canonical.upperBound...].prefix(while: { $0 != "\"" }).hasSuffix("/about"))
        #expect(!html.contains("<time datetime=\"2026-01-01"), "no date line")
        #expect(!html.contains("id=\"comments\"") && !html.contains("name=\"email\""), "no comments and no form")
        // Not an article: neither at the article's address nor anywhere in the stream.
        #expect(site.get("/articles/about").status == .notFound)
        #expect(site.get("/articles/about/comments.xml").status == .notFound)
        #expect(!site.get("/").text.contains("Set in system fonts"))
        #expect(!site.get("/feed.xml").text.contains("/about"))
        // (The navigation lists every page: look below the site's header.)
        func main(_ path: String) -> String { site.get(path).text.components(separatedBy: "</header>").dropFirst().joined() }
        #expect(!main("/archive").contains("Colophon"))
        #expect(!main("/search?q=fonts").contains("/colophon") && main("/search?q=fonts").contains("search"))
        #expect(!site.get("/api/articles").text.contains("about"))
        #expect(site.get("/api/articles/about").status == .notFound)
    }

    @Test func draftsArticlesAndUnknownNamesAreNotPages() throws {
        let site = try makeSite()
        #expect(site.get("/unfinished").status == .notFound)
        #expect(site.get("/a-post").status == .notFound)
        #expect(site.get("/no-such-page").status == .notFound)
        #expect(site.get("/Not-A-Slug").status == .notFound)
        // A comment cannot be posted under a page.
        let post = site.postForm("/articles/about/comments", [("name", "Eve"), ("email", "eve@example.com"), ("body", "Hello"), ("website", "")])
        #expect(post.status == .notFound)
    }

    @Test func theNavigationListsPagesInTheirOrderAndMarksTheCurrentOne() throws {
        let site = try makeSite()
        let home = site.get("/").text
        let impressum = try #require(home.range(of: "<a href=\"/impressum\">Impressum</a>"))
        let about = try #require(home.range(of: "<a href=\"/about\">About &lt;me&gt;</a>"))
        #expect(impressum.lowerBound < about.lowerBound)
        let colophon = try #require(home.range(of: "<a href=\"/colophon\">Colophon</a>"), "a page without a place comes last")
        #expect(about.upperBound < colophon.lowerBound)
        #expect(!home.contains("href=\"/unfinished\""), "nor is a draft")
        #expect(site.get("/about").text.contains("<a href=\"/about\" aria-current=\"page\">"))
        #expect(site.get("/colophon").status == .ok)
        // The error pages carry the navigation too, and follow its changes.
        #expect(site.get("/missing").text.contains("href=\"/impressum\""))
        try site.addArticle(slug: "impressum", title: "Legal notice", extra: "kind: page\nnav_order: 1\n")
        #expect(site.get("/").text.contains("<a href=\"/impressum\">Legal notice</a>"))
        #expect(site.get("/missing").text.contains(">Legal notice</a>"))
    }

    @Test func theSitemapListsPublishedPages() throws {
        let site = try makeSite()
        let sitemap = site.get("/sitemap.xml").text
        #expect(sitemap.contains("/about</loc>") && sitemap.contains("/impressum</loc>") && sitemap.contains("/colophon</loc>"))
        #expect(!sitemap.contains("/unfinished"))
    }

    @Test func aPageCannotTakeAnAddressOfTheSite() throws {
        let site = try TestSite()
        for reserved in ["archive", "admin", "api", "articles", "tags", "search", "preview", "static", "healthz"] {
            #expect(throws: BlogError.self) {
                try site.addArticle(slug: reserved, extra: "kind: page\n")
            }
        }
        // What the reserved address serves is unchanged.
        #expect(site.get("/archive").text.contains("<h1"))
    }
}
