import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct PagesTests {
    @Test func homePageListsNewestArticlesWithSecurityHeaders() throws {
        let site = try TestSite()
        try site.addArticle(slug: "older", title: "Older post", date: "2026-01-01")
        try site.addArticle(slug: "newer", title: "Newer post", date: "2026-02-01", tags: ["Swift"])
        let response = site.get("/")
        #expect(response.status == .ok)
        let html = response.text
        let newer = try #require(html.range(of: "Newer post")), older = try #require(html.range(of: "Older post"))
        #expect(newer.lowerBound < older.lowerBound)
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("href=\"/tags/swift\""))
        let csp = try #require(response.headers["Content-Security-Policy"])
        #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"))
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(response.headers["Referrer-Policy"] != nil)
        #expect(response.headers["Cache-Control"]?.contains("public") == true)
        #expect(response.headers["ETag"] != nil)
    }

    @Test func paginationHasTenPerPageAndOutOfRangeIs404() throws {
        let site = try TestSite()
        for day in 1...12 { try site.addArticle(slug: "post-\(day)", date: String(format: "2026-03-%02d", day)) }
        let first = site.get("/").text
        #expect(first.components(separatedBy: "href=\"/articles/post-").count - 1 >= 10)
        #expect(first.contains("href=\"/?page=2\""))
        let second = site.get("/?page=2")
        #expect(second.status == .ok)
        #expect(second.text.contains("/articles/post-1\"") && second.text.contains("/articles/post-2\""))
        #expect(site.get("/?page=3").status == .notFound)
        #expect(site.get("/?page=0").status == .notFound)
        #expect(site.get("/?page=abc").status == .notFound)
    }

    @Test func articlePageHasEverythingTheContractLists() throws {
        let site = try TestSite()
        try site.addArticle(slug: "first", title: "First", date: "2026-01-01")
        try site.addArticle(slug: "middle", title: "The Middle <Article>", date: "2026-01-02", tags: ["Swift", "Self Hosting"],
                            extra: """
                            author: "Ada"
                            image: /static/img/sourdough.jpg
                            image_alt: "A loaf of bread"
                            image_credit: "Photo: jensenartofficial (CC0), Pixabay"
                            image_credit_url: https://example.org/photo

                            """,
                            body: "## A subheading\n\n> A quote\n\nText with <script>alert(1)</script> in it.")
        try site.addArticle(slug: "last", title: "Last", date: "2026-01-03")
        let response = site.get("/articles/middle")
        #expect(response.status == .ok)
        let html = response.text
        #expect(html.contains("The Middle &lt;Article&gt;"))
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("<h2>A subheading</h2>") && html.contains("<blockquote>"))
        #expect(html.contains("alt=\"A loaf of bread\"") && html.contains("Photo: jensenartofficial (CC0), Pixabay"))
        #expect(html.contains("href=\"https://example.org/photo\""))
        #expect(html.contains("Previous post") && html.contains("href=\"/articles/first\""))
        #expect(html.contains("Next post") && html.contains("href=\"/articles/last\""))
        #expect(html.contains("Leave a reply"))
        #expect(html.contains("Your email address will not be published. Required fields are marked"))
        #expect(html.contains("<link rel=\"canonical\" href=\"http://blog.test/articles/middle\">"))
        #expect(html.contains("property=\"og:image\" content=\"http://blog.test/static/img/sourdough.jpg\""))
        let scriptStart = try #require(html.range(of: "<script type=\"application/ld+json\">"))
        let scriptEnd = try #require(html.range(of: "</script>", range: scriptStart.upperBound..<html.endIndex))
        let jsonLD = String(html[scriptStart.upperBound..<scriptEnd.lowerBound])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(jsonLD.utf8)) as? [String: Any])
        #expect(object["@type"] as? String == "BlogPosting")
        #expect(object["headline"] as? String == "The Middle <Article>")
        #expect(!jsonLD.contains("<"))
        // The ends have only one neighbour each.
        #expect(!site.get("/articles/first").text.contains("Previous post"))
        #expect(!site.get("/articles/last").text.contains("Next post"))
    }

    @Test func unknownAndDraftArticlesAre404Pages() throws {
        let site = try TestSite()
        try site.addArticle(slug: "secret", extra: "draft: true\n")
        for path in ["/articles/secret", "/articles/nope", "/no/such/page", "/tags/none"] {
            let response = site.get(path)
            #expect(response.status == .notFound, "\(path)")
            #expect(response.text.contains("<html lang=\"en\">"), "themed 404 for \(path)")
        }
        #expect(!site.get("/").text.contains("secret"))
        #expect(!site.get("/feed.xml").text.contains("secret"))
        #expect(!site.get("/sitemap.xml").text.contains("secret"))
    }

    @Test func errorPagesCarryTheirOwnPathsAndEscapeThem() throws {
        let site = try TestSite()
        let first = site.get("/no/such/page").text
        let second = site.get("/other%22%3E%3Cscript%3E?x=\"><b>").text
        #expect(first.contains("<link rel=\"canonical\" href=\"http://blog.test/no/such/page\">"))
        #expect(first.contains("name=\"return\" value=\"/no/such/page\""))
        #expect(second.contains("href=\"http://blog.test/other%22%3E%3Cscript%3E\""))
        #expect(!second.contains("<b>") && !second.contains("<script>"))
        #expect(!first.contains("\u{E000}") && !second.contains("\u{E000}"))
        #expect(first.replacingOccurrences(of: "/no/such/page", with: "")
                == site.get("/else").text.replacingOccurrences(of: "/else", with: ""))
    }

    @Test func germanSiteUsesGermanStringsAndDates() throws {
        let site = try TestSite { $0.site.language = .de; $0.site.timeZone = TimeZone(identifier: "Europe/Berlin")! }
        try site.addArticle(slug: "a", title: "Erster", date: "2026-11-24T10:00:00Z")
        try site.addArticle(slug: "b", title: "Zweiter", date: "2026-11-25T10:00:00Z")
        try site.addArticle(slug: "c", title: "Dritter", date: "2026-11-26T10:00:00Z")
        let html = site.get("/articles/b").text
        #expect(html.contains("<html lang=\"de\">"))
        #expect(html.contains("25. November 2026"))
        #expect(html.contains("Vorheriger Beitrag") && html.contains("Nächster Beitrag"))
        #expect(html.contains("Schreibe einen Kommentar"))
        #expect(html.contains("Deine E-Mail-Adresse wird nicht veröffentlicht."))
        let english = try TestSite()
        try english.addArticle(slug: "b", date: "2026-11-25T10:00:00Z")
        #expect(english.get("/articles/b").text.contains("November 25, 2026"))
    }

    @Test func datesFollowTheSiteTimeZone() throws {
        let site = try TestSite { $0.site.timeZone = TimeZone(identifier: "America/New_York")! }
        try site.addArticle(slug: "late", date: "2026-11-25T02:00:00Z")
        #expect(site.get("/articles/late").text.contains("November 24, 2026"))
    }

    @Test func tagPagesAndArchive() throws {
        let site = try TestSite()
        try site.addArticle(slug: "one", title: "One", date: "2025-12-30", tags: ["Privacy"])
        try site.addArticle(slug: "two", title: "Two", date: "2026-01-15", tags: ["Privacy", "Swift"])
        try site.addArticle(slug: "three", title: "Three", date: "2026-02-01", tags: ["Swift"])
        let tag = site.get("/tags/privacy").text
        #expect(tag.contains("One") && tag.contains("Two") && !tag.contains(">Three<"))
        let archive = site.get("/archive").text
        for text in ["2025", "2026", "December", "January", "February"] { #expect(archive.contains(text), "\(text)") }
        let year2026 = try #require(archive.range(of: "2026")), year2025 = try #require(archive.range(of: "2025"))
        #expect(year2026.lowerBound < year2025.lowerBound)
    }

    @Test(arguments: ["\"", "AND", "OR NOT", "NEAR(", "*", "-", "'; DROP TABLE articles; --", "\u{0}", String(repeating: "x ", count: 3000)])
    func hostileSearchQueriesGiveAFriendlyPage(query: String) throws {
        let site = try TestSite()
        try site.addArticle(slug: "bread", title: "Baking bread", body: "Sourdough needs patience and flour.")
        let response = site.get("/search?q=" + PercentDecoding.encode(query))
        #expect(response.status == .ok)
        #expect(response.text.contains("Search"))
        #expect(site.get("/articles/bread").status == .ok)
    }

    @Test func searchFindsAndHighlightsEscapedSnippets() throws {
        let site = try TestSite()
        try site.addArticle(slug: "bread", title: "Baking bread", body: "Sourdough <b>needs</b> patience and flour.")
        let html = site.get("/search?q=sourdough").text
        #expect(html.contains("href=\"/articles/bread\""))
        #expect(html.contains("<mark>Sourdough</mark>"))
        #expect(site.get("/search?q=").text.contains("Please enter a search term"))
        #expect(site.get("/search?q=zzzzqqq").text.contains("Nothing matched"))
    }

    @Test func headIsGetWithoutBodyAndMethodsAreChecked() throws {
        let site = try TestSite()
        let get = site.get("/archive"), head = site.request("HEAD", "/archive")
        #expect(head.status == .ok && head.body == get.body) // the server drops HEAD bodies on the wire
        let post = site.request("POST", "/archive")
        #expect(post.status == .methodNotAllowed)
        #expect(post.headers["Allow"]?.contains("GET") == true)
    }

    @Test func conditionalGetAndGzip() throws {
        let site = try TestSite(seedDemoContent: true)
        let first = site.get("/")
        let tag = try #require(first.headers["ETag"])
        #expect(site.get("/", headers: [("If-None-Match", tag)]).status == .notModified)
        let zipped = site.get("/", headers: [("Accept-Encoding", "gzip")])
        #expect(zipped.headers["Content-Encoding"] == "gzip")
        #expect(Gzip.decompress(zipped.body) == first.body)
        #expect(zipped.headers["Vary"]?.contains("Accept-Encoding") == true)
    }
}
