import Foundation
import FoundationXML
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct FeedsAndThemeTests {
    @Test func atomFeedUsesAbsoluteURLsAndParsesAsXML() throws {
        let site = try TestSite(seedDemoContent: true)
        let response = site.get("/feed.xml")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"]?.hasPrefix("application/atom+xml") == true)
        let xml = response.text
        #expect(xml.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"http://blog.test/feed.xml\"/>"))
        #expect(xml.contains("<id>http://blog.test/articles/"))
        _ = try XMLDocument(data: Data(response.body))
        #expect(xml.components(separatedBy: "<entry>").count - 1 == 5)
    }

    @Test func sitemapAndRobots() throws {
        let site = try TestSite(seedDemoContent: true)
        let sitemap = site.get("/sitemap.xml")
        _ = try XMLDocument(data: Data(sitemap.body))
        #expect(sitemap.text.contains("<loc>http://blog.test/articles/"))
        #expect(sitemap.text.contains("<lastmod>"))
        let robots = site.get("/robots.txt").text
        #expect(robots.contains("Sitemap: http://blog.test/sitemap.xml"))
    }

    @Test func commentsFeedHasNamesButNeverEmails() throws {
        let site = try TestSite()
        try site.addArticle(slug: "post")
        site.postForm("/articles/post/comments", [("name", "Ada"), ("email", "secret-ada@example.com"), ("body", "Hi <b>there</b>")])
        let response = site.get("/articles/post/comments.xml")
        #expect(response.status == .ok)
        _ = try XMLDocument(data: Data(response.body))
        #expect(response.text.contains("<name>Ada</name>"))
        #expect(!response.text.contains("secret-ada"))
    }

    @Test func themeToggleWorksWithoutJavaScript() throws {
        let site = try TestSite()
        let response = site.postForm("/theme", [("theme", "dark"), ("return", "/archive")])
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/archive")
        #expect(response.headers["Set-Cookie"]?.hasPrefix("theme=dark;") == true)
        let css = site.get("/theme.css", headers: [("Cookie", "theme=dark")])
        #expect(css.status == .ok && css.text.contains("--"))
        #expect(css.headers["Vary"] == "Cookie")
        #expect(site.get("/theme.css").body.isEmpty)
        // Pages never depend on the cookie: identical bytes for every reader.
        #expect(site.get("/archive", headers: [("Cookie", "theme=dark")]).body == site.get("/archive").body)
        // Only local paths are accepted as the way back (no open redirect, no header splitting).
        for bad in ["https://evil.example/", "//evil.example", "/\r\nSet-Cookie: x=1", "javascript:alert(1)"] {
            #expect(site.postForm("/theme", [("theme", "light"), ("return", bad)]).headers["Location"] == "/")
        }
    }

    @Test func staticFilesAreServedWithLongCachingAndNoEscape() throws {
        let site = try TestSite()
        let css = site.get("/static/css/site.css?v=abc")
        #expect(css.status == .ok)
        #expect(css.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(css.headers["Cache-Control"] == "public, max-age=31536000, immutable")
        #expect(site.get("/static/css/site.css").headers["Cache-Control"] == "public, max-age=86400")
        #expect(site.get("/static/img/feather-evening.jpg").headers["Content-Type"] == "image/jpeg")
        for path in ["/static/%2e%2e/Package.swift", "/static/../Package.swift", "/static/css/%2e%2e/%2e%2e/Package.swift",
                     "/static/css%2f..%2f..%2fPackage.swift", "/static/.hidden", "/static/css/..%5c..%5cPackage.swift"] {
            let response = site.get(path)
            #expect(response.status == .notFound || response.status == .badRequest, "\(path)")
            #expect(!response.text.contains("PackageDescription"), "\(path)")
        }
    }

    @Test func pagesReferenceOnlyLocalResources() throws {
        let site = try TestSite(seedDemoContent: true)
        for path in ["/", "/archive", "/search?q=blog", "/articles/why-i-went-back-to-running-my-own-blog", "/nope"] {
            let html = site.get(path).text
            for attribute in ["src=\"http", "href=\"http://fonts", "src=\"//", "href=\"//"] {
                #expect(!html.contains(attribute), "\(path) has \(attribute)")
            }
            #expect(!html.contains("<script>"), "no inline script on \(path)")
            #expect(!html.contains(" style=\""), "no inline style on \(path)")
        }
    }
}
