@testable import AdminWeb
import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct DashboardTests {
    static let password = "a long and unusual passphrase"

    @Test func showsWhatIsWaitingWhatHappenedAndWhatIsUnfinished() throws {
        let site = try TestSite { $0.comments.moderation = .all }
        try site.addArticle(slug: "first-post", title: "First post")
        try site.addArticle(slug: "unfinished", title: "Unfinished thoughts", extra: "draft: true\n")
        _ = try site.comments.submitAndWait(CommentDraft(name: "Grace", email: "grace@example.org", website: "", body: "Held for review <b>"),
                                            toArticle: "first-post", clientAddress: "198.51.100.7")
        _ = try site.site.accounts.add(email: "mod@example.org", name: "Max Moderator", role: .moderator, password: Self.password)
        let browser = DeskBrowser(site)
        browser.signIn("mod@example.org", Self.password)
        let page = browser.get("/admin")
        #expect(page.status == .ok)
        let html = page.text
        #expect(html.contains("Awaiting moderation"))
        #expect(html.contains("Grace") && html.contains("grace@example.org")) // moderators see the address
        #expect(html.contains("Held for review &lt;b&gt;"))
        #expect(html.contains("<a href=\"/articles/first-post\">First post</a>"))
        #expect(html.contains("<span class=\"desk-figure__label\">Comments waiting</span> <strong class=\"desk-figure__value\">1</strong>"))
        // Drafts are the writers' business: a moderator does not see them, an editor does.
        #expect(!html.contains("Unfinished thoughts") && !html.contains("Drafts"))
        _ = try site.site.accounts.add(email: "ed@example.org", name: "Eda Editor", role: .editor, password: Self.password)
        let editor = DeskBrowser(site)
        editor.signIn("ed@example.org", Self.password)
        let editorPage = editor.get("/admin").text
        #expect(editorPage.contains("Unfinished thoughts"))
        #expect(editorPage.contains("<span class=\"desk-figure__label\">Drafts</span> <strong class=\"desk-figure__value\">1</strong>"))
        #expect(html.contains("Database size"))
        // The address stays in the desk: the public page and the API do not show it.
        for target in ["/articles/first-post", "/api/articles/first-post/comments", "/feed.xml"] {
            #expect(!site.get(target).text.contains("grace@example.org"), "\(target)")
        }
    }

    @Test func countsPageCacheHits() throws {
        let site = try TestSite()
        try site.addArticle(slug: "cached", title: "Cached")
        site.get("/articles/cached")
        site.get("/articles/cached")
        _ = try site.site.accounts.add(email: "ada@example.org", name: "Ada", role: .owner, password: Self.password)
        let browser = DeskBrowser(site)
        browser.signIn("ada@example.org", Self.password)
        #expect(browser.get("/admin").text.contains("<span class=\"desk-figure__label\">Page cache hits</span> <strong class=\"desk-figure__value\">50.0 % (1 / 2)</strong>"))
    }

    @Test func sizesReadLikeSizes() {
        #expect(AdminApp.size(512) == "512 bytes")
        #expect(AdminApp.size(1536) == "1.5 KiB")
        #expect(AdminApp.size(3 * 1024 * 1024) == "3.0 MiB")
    }
}
