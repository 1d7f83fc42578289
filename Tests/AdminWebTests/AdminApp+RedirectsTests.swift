@testable import AdminWeb
@testable import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

/// Redirects in the desk (issue #16): writers find, add and remove old addresses.
@Suite struct RedirectsTests {
    @Test func aWriterAddsFindsAndRemovesARedirect() throws {
        let site = try TestSite()
        try site.addArticle(slug: "hello")
        let desk = try DeskBrowser.signedIn(site, as: .editor, email: "ed@example.org", name: "Eda")
        let page = desk.get("/admin/redirects")
        #expect(page.status == .ok && page.headers["Cache-Control"] == "no-store" && page.text.contains("No redirects."))
        #expect(desk.get("/admin").text.contains("href=\"/admin/redirects\""))
        let csrf = try #require(DeskBrowser.hidden("csrf", in: page.text))
        let added = desk.post("/admin/redirects", [("csrf", csrf), ("from", "https://old.example/2019/05/hello/"), ("to", "/articles/hello")])
        #expect(added.status == .seeOther && added.headers["Location"] == "/admin/redirects?done=1")
        #expect(site.get("/2019/05/hello/").headers["Location"] == "/articles/hello")
        let listed = desk.get("/admin/redirects?q=/2019/").text
        #expect(listed.contains("<code>/2019/05/hello</code>") && listed.contains("1 redirects in all"))
        #expect(!desk.get("/admin/redirects?q=/2020/").text.contains("<code>/2019/05/hello</code>"), "found by the start of the address")
        #expect(try site.store.auditLog(before: nil, perPage: 10).entries.first?.action == .redirectAdd)
        #expect(desk.post("/admin/redirects/remove", [("csrf", "forged"), ("key", "/2019/05/hello")]).status == .forbidden)
        #expect(desk.post("/admin/redirects/remove", [("csrf", csrf), ("key", "/2019/05/hello")]).status == .seeOther)
        #expect(site.get("/2019/05/hello/").status == .notFound)
        #expect(desk.post("/admin/redirects/remove", [("csrf", csrf), ("key", "/2019/05/hello")]).status == .notFound)
    }

    @Test func badAddressesAreRefusedWithTheFormKept() throws {
        let site = try TestSite()
        let desk = try DeskBrowser.signedIn(site, as: .owner, email: "o@example.org", name: "Olive")
        let csrf = try #require(DeskBrowser.hidden("csrf", in: desk.get("/admin/redirects").text))
        for (from, to) in [("/old", "https://evil.example/"), ("/old", "//evil.example"), ("/old", "/\\evil"), ("/old", "/a b"),
                           ("not a path", "/articles/x"), ("/loop/", "/loop"), ("/old", "/x\r\nSet-Cookie: a=b")] {
            let refused = desk.post("/admin/redirects", [("csrf", csrf), ("from", from), ("to", to)])
            #expect(refused.status == .unprocessableContent && refused.text.contains("aria-invalid=\"true\""), "\(from) \(to)")
        }
        #expect(try site.store.redirects().isEmpty)
    }

    @Test func moderatorsDoNotManageRedirects() throws {
        let site = try TestSite()
        let desk = try DeskBrowser.signedIn(site, as: .moderator, email: "m@example.org", name: "Mo")
        #expect(desk.get("/admin/redirects").status == .forbidden && !desk.get("/admin").text.contains("href=\"/admin/redirects\""))
        let csrf = DeskBrowser.hidden("csrf", in: desk.get("/admin").text) ?? ""
        #expect(desk.post("/admin/redirects", [("csrf", csrf), ("from", "/a"), ("to", "/b")]).status == .forbidden)
    }

    /// Keys are stored decoded; the form posts them back exactly, so `%3F`, `%23` and `%25` in
    /// an old address neither fail nor remove another redirect (review finding).
    @Test func removingTakesTheExactKey() throws {
        let site = try TestSite()
        let desk = try DeskBrowser.signedIn(site, as: .owner, email: "o@example.org", name: "Olive")
        let csrf = try #require(DeskBrowser.hidden("csrf", in: desk.get("/admin/redirects").text))
        for from in ["/what%3F/", "/what/", "/100%25/", "/a%23b/"] {
            #expect(desk.post("/admin/redirects", [("csrf", csrf), ("from", from), ("to", "/")]).status == .seeOther, "\(from)")
        }
        #expect(Set(try site.store.redirects().map(\.from)) == ["/what?", "/what", "/100%", "/a#b"])
        for key in ["/what?", "/100%", "/a#b"] {
            #expect(desk.post("/admin/redirects/remove", [("csrf", csrf), ("key", key)]).status == .seeOther, "\(key)")
        }
        #expect(try site.store.redirects().map(\.from) == ["/what"])
        #expect(desk.get("/admin/redirects?q=/wh").text.contains("<code>/what</code>"))
    }

    /// A blog that moved from WordPress has tens of thousands: the page lists a hundred by the
    /// start of their address and counts no further than it must.
    @Test func aLargeTableIsListedInPartsAndCountedUpToACap() throws {
        let site = try TestSite()
        _ = try site.store.write { db in
            try db.run("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001)
                INSERT INTO redirects (path, target, created_at) SELECT printf('/old/%05d', i), '/', '2026-12-01T00:00:00Z' FROM n
                """)
        }
        let desk = try DeskBrowser.signedIn(site, as: .owner, email: "o@example.org", name: "Olive")
        let page = desk.get("/admin/redirects").text
        #expect(page.contains("More than 10000 redirects") && page.components(separatedBy: "<code>").count - 1 == 100)
        #expect(page.contains("The list stops here"))
        let part = desk.get("/admin/redirects?q=/old/1000").text
        #expect(part.components(separatedBy: "<code>").count - 1 == 2, "/old/10000 and /old/10001")
    }
}
