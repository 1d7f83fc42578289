@testable import AdminWeb
import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct ArticlesTests {
    static let password = "a long and unusual passphrase"

    /// A site with an editor signed in.
    func editorDesk(_ configure: (TestSite) throws -> Void = { _ in }) throws -> DeskBrowser {
        let site = try TestSite()
        try configure(site)
        _ = try site.site.accounts.add(email: "ed@example.org", name: "Eda Editor", role: .editor, password: Self.password)
        let desk = DeskBrowser(site)
        desk.signIn("ed@example.org", Self.password)
        return desk
    }

    func csrf(_ desk: DeskBrowser, _ page: String = "/admin") -> String {
        DeskBrowser.hidden("csrf", in: desk.get(page).text) ?? ""
    }

    func fields(_ desk: DeskBrowser, title: String, body: String = "Some *Markdown* text.", slug: String = "",
                action: String, revision: String? = nil, extra: [(String, String)] = []) -> [(String, String)] {
        var fields = [("csrf", csrf(desk)), ("title", title), ("slug", slug), ("date", "2026-11-20T09:30"), ("tags", "swift, desk"),
                      ("body", body), ("comments_open", "1"), ("action", action)]
        if let revision { fields.append(("revision", revision)) }
        return fields + extra
    }

    @Test func writesADraftThenPublishesIt() throws {
        let desk = try editorDesk()
        #expect(desk.get("/admin/articles/new").text.contains("value=\"Eda Editor\"")) // the author is filled in
        let created = desk.post("/admin/articles", fields(desk, title: "From the desk", action: "draft"))
        #expect(created.status == .seeOther && created.headers["Location"] == "/admin/articles/from-the-desk/edit?saved=1")
        #expect(desk.site.get("/articles/from-the-desk").status == .notFound) // a draft is not public
        let editor = desk.get("/admin/articles/from-the-desk/edit?saved=1")
        #expect(editor.text.contains("Saved.") && editor.text.contains("name=\"revision\" value=\"1\""))
        #expect(editor.text.contains("value=\"2026-11-20T09:30\"") && editor.text.contains("value=\"swift, desk\""))

        let published = desk.post("/admin/articles/from-the-desk", fields(desk, title: "From the desk", action: "publish", revision: "1"))
        #expect(published.status == .seeOther)
        let page = desk.site.get("/articles/from-the-desk")
        #expect(page.status == .ok && page.text.contains("<em>Markdown</em>"))
        #expect(desk.site.get("/").text.contains("From the desk"))
        #expect(desk.get("/admin/articles/from-the-desk/edit").text.contains("Unpublish"))

        #expect(desk.post("/admin/articles/from-the-desk", fields(desk, title: "From the desk", action: "unpublish",
                                                                   revision: "2")).status == .seeOther)
        #expect(desk.site.get("/articles/from-the-desk").status == .notFound)
    }

    @Test func theImportersRulesApplyAndEveryValueIsKept() throws {
        let desk = try editorDesk()
        let noTitle = desk.post("/admin/articles", fields(desk, title: "", action: "draft"))
        #expect(noTitle.status == .unprocessableContent)
        #expect(noTitle.text.contains("error-summary") && noTitle.text.contains("href=\"#article-title\""))
        let noAlt = desk.post("/admin/articles", fields(desk, title: "With a picture", body: "Kept <text>", action: "draft",
                                                        extra: [("image", "/static/img/demo.svg")]))
        #expect(noAlt.status == .unprocessableContent && noAlt.text.contains("id=\"article-imageAlt-error\""))
        #expect(noAlt.text.contains("Kept &lt;text&gt;") && noAlt.text.contains("value=\"/static/img/demo.svg\""))
        #expect(desk.post("/admin/articles", fields(desk, title: "Taken", slug: "taken", action: "draft")).status == .seeOther)
        let taken = desk.post("/admin/articles", fields(desk, title: "Another", slug: "taken", action: "draft"))
        #expect(taken.status == .unprocessableContent && taken.text.contains("Another article has this address already."))
    }

    @Test func writesAPageThatTheNavigationShows() throws {
        let desk = try editorDesk()
        func page(_ slug: String, navOrder: String, tags: String = "") -> [(String, String)] {
            // The comments box is ticked, as on a new form: a page takes no comments whatever it says.
            [("csrf", csrf(desk)), ("title", "About this blog"), ("kind", "page"), ("nav_order", navOrder), ("slug", slug),
             ("date", ""), ("tags", tags), ("body", "Who writes here."), ("comments_open", "1"), ("action", "publish")]
        }
        let reserved = desk.post("/admin/articles", page("archive", navOrder: "1"))
        #expect(reserved.status == .unprocessableContent)
        #expect(reserved.text.contains("id=\"article-slug-error\"") && reserved.text.contains("The site uses this address itself"))
        #expect(reserved.text.contains("value=\"page\" checked"), "the choice is kept")
        let tagged = desk.post("/admin/articles", page("about", navOrder: "1", tags: "me"))
        #expect(tagged.status == .unprocessableContent && tagged.text.contains("id=\"article-tags-error\""))
        let badOrder = desk.post("/admin/articles", page("about", navOrder: "first"))
        #expect(badOrder.status == .unprocessableContent && badOrder.text.contains("id=\"article-navOrder-error\""))

        #expect(desk.post("/admin/articles", page("about", navOrder: "1")).status == .seeOther)
        let shown = desk.site.get("/about")
        #expect(shown.status == .ok && shown.text.contains("Who writes here.") && !shown.text.contains("id=\"respond\""))
        #expect(desk.site.get("/").text.contains("<a href=\"/about\">About this blog</a>"))
        let editor = desk.get("/admin/articles/about/edit").text
        #expect(editor.contains("value=\"page\" checked") && editor.contains("name=\"nav_order\" value=\"1\""))
        #expect(editor.contains("href=\"/about\""), "the link to the public page is the page's address")
        let list = desk.get("/admin/articles?status=pages").text
        #expect(list.contains("About this blog") && list.contains("class=\"desk-kind\">page<"))
        #expect(!desk.get("/admin/articles?status=published").text.contains("About this blog"))

        // A page has no schedule: Schedule is refused, not quietly publishing it; a date ahead
        // does not keep a page back.
        #expect(!editor.contains("value=\"schedule\""))
        var ahead = page("imprint", navOrder: "")
        ahead.removeAll { $0.0 == "date" || $0.0 == "action" }
        let scheduled = desk.post("/admin/articles", ahead + [("date", "2030-01-01T09:00"), ("action", "schedule")])
        #expect(scheduled.status == .unprocessableContent && scheduled.text.contains("A page has no schedule"))
        #expect(desk.site.get("/imprint").status == .notFound)
        #expect(desk.post("/admin/articles", ahead + [("date", "2030-01-01T09:00"), ("action", "publish")]).status == .seeOther)
        #expect(desk.site.get("/imprint").status == .ok)
    }

    /// Restoring a revision from before an article became a page keeps it a page.
    @Test func restoringAnOldRevisionKeepsAPageAPage() throws {
        let desk = try editorDesk()
        desk.post("/admin/articles", fields(desk, title: "Was an article", slug: "was", action: "publish"))
        var page = fields(desk, title: "Was an article", slug: "was", action: "publish", revision: "1",
                          extra: [("kind", "page"), ("nav_order", "3")])
        page.removeAll { $0.0 == "tags" }
        #expect(desk.post("/admin/articles/was", page).status == .seeOther)
        #expect(desk.site.get("/was").status == .ok)
        let csrf = csrf(desk)
        #expect(desk.post("/admin/articles/was/revisions/1/restore", [("csrf", csrf), ("revision", "2")]).status == .seeOther)
        #expect(desk.site.get("/was").status == .ok && desk.site.get("/articles/was").status == .notFound)
        #expect(!desk.site.get("/feed.xml").text.contains("/articles/was"))
    }

    @Test func aSecondEditorsSaveIsRefusedWithTheDifferenceShown() throws {
        let desk = try editorDesk()
        desk.post("/admin/articles", fields(desk, title: "Shared", body: "Line one.\nLine two.", action: "draft"))
        // Both open revision 1; the first saves.
        #expect(desk.post("/admin/articles/shared", fields(desk, title: "Shared", body: "Line one.\nLine two, theirs.",
                                                            action: "draft", revision: "1")).status == .seeOther)
        let late = desk.post("/admin/articles/shared", fields(desk, title: "Shared", body: "Line one.\nLine two, mine.",
                                                               action: "draft", revision: "1"))
        #expect(late.status == .conflict)
        #expect(late.text.contains("Someone saved this article (revision 2)"))
        #expect(late.text.contains("Line two, theirs.") && late.text.contains("Line two, mine."))
        #expect(late.text.contains("name=\"revision\" value=\"2\"")) // saving again is a deliberate overwrite
        #expect(desk.post("/admin/articles/shared", fields(desk, title: "Shared", body: "Line one.\nLine two, mine.",
                                                            action: "draft", revision: "2")).status == .seeOther)
        #expect(try desk.site.store.articleForEditing(slug: "shared")?.article.markdown == "Line one.\nLine two, mine.")
    }

    @Test func previewRendersThePublicPageAndStoresNothing() throws {
        let desk = try editorDesk()
        let preview = desk.post("/admin/articles", fields(desk, title: "Not yet", body: "## A heading\n\nPreviewed **text**.",
                                                          action: "preview"))
        #expect(preview.status == .ok)
        #expect(preview.text.contains("<h2>A heading</h2>") && preview.text.contains("<strong>text</strong>"))
        #expect(preview.text.contains("class=\"site-header\"")) // the theme's own page
        #expect(preview.headers["Cache-Control"] == "no-store" && preview.headers["X-Robots-Tag"] == "noindex, nofollow")
        #expect(try desk.site.store.articleForEditing(slug: "not-yet") == nil)
    }

    @Test func deletingAsksFirstAndNeedsTheForm() throws {
        let desk = try editorDesk { try $0.addArticle(slug: "doomed", title: "Doomed") }
        let question = desk.get("/admin/articles/doomed/delete")
        #expect(question.status == .ok && question.text.contains("Delete “Doomed”?"))
        #expect(desk.site.get("/articles/doomed").status == .ok) // asking changed nothing
        #expect(desk.post("/admin/articles/doomed/delete", [("csrf", "forged")]).status == .forbidden)
        let csrf = DeskBrowser.hidden("csrf", in: question.text) ?? ""
        #expect(desk.post("/admin/articles/doomed/delete", [("csrf", csrf)]).headers["Location"] == "/admin/articles")
        #expect(desk.site.get("/articles/doomed").status == .notFound)
    }

    @Test func revisionsAreKeptComparedAndRestored() throws {
        let desk = try editorDesk()
        desk.post("/admin/articles", fields(desk, title: "Versions", body: "First words.", action: "draft"))
        desk.post("/admin/articles/versions", fields(desk, title: "Versions", body: "Second words.", action: "publish", revision: "1"))
        desk.post("/admin/articles/versions", fields(desk, title: "Versions", body: "Third words.", action: "publish", revision: "2"))
        let list = desk.get("/admin/articles/versions/revisions")
        #expect(list.text.contains("Revision 3") && list.text.contains("Revision 1") && list.text.contains("by Eda Editor"))
        let first = desk.get("/admin/articles/versions/revisions?show=1")
        #expect(first.text.contains("desk-diff__line--removed") && first.text.contains("Third words.")
                && first.text.contains("First words."))
        let csrf = DeskBrowser.hidden("csrf", in: first.text) ?? ""
        let restored = desk.post("/admin/articles/versions/revisions/1/restore", [("csrf", csrf), ("revision", "3")])
        #expect(restored.status == .seeOther)
        let now = try #require(try desk.site.store.articleForEditing(slug: "versions"))
        #expect(now.article.markdown == "First words." && now.revision == 4)
        #expect(!now.article.draft) // restoring the first draft's text keeps the article published
        // A restore shown against an older revision is refused like a late save.
        desk.post("/admin/articles/versions/revisions/2/restore", [("csrf", csrf), ("revision", "3")])
        #expect(try desk.site.store.articleForEditing(slug: "versions")?.revision == 4)
    }

    @Test func theListFiltersAndSearches() throws {
        let desk = try editorDesk { site in
            try site.addArticle(slug: "published-one", title: "Published one")
            try site.addArticle(slug: "draft-one", title: "Draft one", extra: "draft: true\n")
        }
        let all = desk.get("/admin/articles").text
        #expect(all.contains("Published one") && all.contains("Draft one"))
        let drafts = desk.get("/admin/articles?status=drafts").text
        #expect(drafts.contains("Draft one") && !drafts.contains("Published one"))
        let search = desk.get("/admin/articles?q=publ").text
        #expect(search.contains("Published one") && !search.contains("Draft one"))
        #expect(desk.get("/admin/articles?q=%25").text.contains("No articles here.")) // % is a character, not a wildcard
    }

    @Test func moderatorsCannotWrite() throws {
        let site = try TestSite()
        try site.addArticle(slug: "a", title: "A")
        _ = try site.site.accounts.add(email: "mod@example.org", name: "Max", role: .moderator, password: Self.password)
        let desk = DeskBrowser(site)
        desk.signIn("mod@example.org", Self.password)
        #expect(!desk.get("/admin").text.contains("href=\"/admin/articles\"")) // not offered
        for path in ["/admin/articles", "/admin/articles/new", "/admin/articles/a/edit", "/admin/articles/a/revisions"] {
            let answer = desk.get(path)
            #expect(answer.status == .forbidden && answer.text.contains("Your role may not do this."), "\(path)")
        }
        let csrf = DeskBrowser.hidden("csrf", in: desk.get("/admin").text) ?? ""
        #expect(desk.post("/admin/articles/a/delete", [("csrf", csrf)]).status == .forbidden)
        #expect(desk.post("/admin/articles/a/preview-link", [("csrf", csrf)]).status == .forbidden)
        #expect(desk.site.get("/articles/a").status == .ok)
    }

    @Test func anUntouchedDateKeepsItsSecondsSoASaveChangesOnlyWhatWasEdited() throws {
        let desk = try editorDesk { try $0.addArticle(slug: "precise", title: "Precise", date: "2026-03-01T10:00:42Z") }
        let editor = desk.get("/admin/articles/precise/edit").text
        #expect(editor.contains("value=\"2026-03-01T10:00\""))
        var fields = fields(desk, title: "Precise", body: "Some text for the article body.", action: "publish", revision: "1")
        fields.removeAll { $0.0 == "date" }
        fields.append(("date", "2026-03-01T10:00"))
        #expect(desk.post("/admin/articles/precise", fields).status == .seeOther)
        #expect(try desk.site.store.articleForEditing(slug: "precise")?.article.publishedAt == ISODate.parse("2026-03-01T10:00:42Z"))
    }

    @Test func anExpiredSessionSendsToSignInWithTheUnsavedTextKept() throws {
        let desk = try editorDesk()
        desk.post("/admin/articles", fields(desk, title: "Long read", body: "Saved words.", action: "draft"))
        let csrf = csrf(desk, "/admin/articles/long-read/edit")
        try desk.site.site.accounts.endSessions(email: "ed@example.org") // the session ends while the editor is open
        let unsaved = "Unsaved words, <b>not</b> lost & \"quoted\".\nSecond line."
        let late = desk.post("/admin/articles/long-read", [("csrf", csrf), ("title", "Long read"), ("date", "2026-11-20T09:30"),
                                                           ("body", unsaved), ("revision", "1"), ("action", "publish")])
        #expect(late.status == .ok && late.text.contains("Your session has ended. Sign in again"))
        #expect(try desk.site.store.articleForEditing(slug: "long-read")?.article.markdown == "Saved words.")
        let hidden = DeskBrowser.hiddenFields(in: late.text)
        #expect(hidden.contains { $0.0 == "keep.body" && $0.1 == unsaved })
        #expect(hidden.contains { $0.0 == "resume_to" && $0.1 == "/admin/articles/long-read" })
        #expect(!hidden.contains { $0.0 == "keep.csrf" })

        let back = desk.post("/admin/login", hidden + [("email", "ed@example.org"), ("password", Self.password)])
        #expect(back.status == .ok && back.text.contains("your text is back"))
        #expect(back.text.contains("Unsaved words, &lt;b&gt;not&lt;/b&gt; lost &amp; &quot;quoted&quot;."))
        #expect(back.headers.values(for: "Set-Cookie").contains { $0.hasPrefix("feder_session=") })
        let resumed = DeskBrowser.hiddenFields(in: back.text)
        var save = [resumed.first { $0.0 == "csrf" }!, resumed.first { $0.0 == "revision" }!]
        save += [("title", "Long read"), ("date", "2026-11-20T09:30"), ("body", unsaved), ("action", "publish")]
        #expect(desk.post("/admin/articles/long-read", save).status == .seeOther)
        #expect(try desk.site.store.articleForEditing(slug: "long-read")?.article.markdown == unsaved)
    }

    func replacing(_ fields: [(String, String)], _ name: String, with value: String) -> [(String, String)] {
        fields.filter { $0.0 != name } + [(name, value)]
    }

    @Test func schedulingKeepsItFromReadersAndShowsWhenItGoesLive() throws {
        let desk = try editorDesk()
        let ahead = "2099-06-01T09:30"
        // Publish with a date ahead is refused, not silently scheduled.
        let early = desk.post("/admin/articles", replacing(fields(desk, title: "Next summer", action: "publish"), "date", with: ahead))
        #expect(early.status == .unprocessableContent && early.text.contains("This date lies ahead."))
        #expect(early.text.contains("href=\"#article-date\""))
        // Schedule needs a date ahead.
        let past = desk.post("/admin/articles", fields(desk, title: "Next summer", action: "schedule"))
        #expect(past.status == .unprocessableContent && past.text.contains("To schedule, set a date that lies ahead."))

        let scheduled = desk.post("/admin/articles", replacing(fields(desk, title: "Next summer", action: "schedule"), "date", with: ahead))
        #expect(scheduled.status == .seeOther)
        #expect(desk.site.get("/articles/next-summer").status == .notFound)
        #expect(!desk.site.get("/").text.contains("Next summer") && !desk.site.get("/feed.xml").text.contains("Next summer"))
        let editor = desk.get("/admin/articles/next-summer/edit").text
        #expect(editor.contains("Scheduled: goes live on") && editor.contains("value=\"publish-now\""))
        #expect(!editor.contains("View on the site"))
        #expect(desk.get("/admin/articles?status=scheduled").text.contains("Next summer"))
        #expect(!desk.get("/admin/articles?status=drafts").text.contains("Next summer"))
        let dashboard = desk.get("/admin").text
        #expect(dashboard.contains("Scheduled") && dashboard.contains("href=\"/admin/articles/next-summer/edit\""))

        // Publish now: public at once, dated now.
        let now = desk.post("/admin/articles/next-summer",
                            replacing(fields(desk, title: "Next summer", action: "publish-now", revision: "1"), "date", with: ahead))
        #expect(now.status == .seeOther)
        #expect(desk.site.get("/articles/next-summer").status == .ok)
        let stored = try #require(try desk.site.store.article(slug: "next-summer"))
        #expect(abs(stored.publishedAt.timeIntervalSinceNow) < 60 && stored.state == .published)
    }

    /// The moment comes: the server's publisher (here called by hand) makes it public, and the
    /// cached home page and feed show it at once.
    @Test func whenItsTimeComesTheCachedPagesShowIt() throws {
        let desk = try editorDesk()
        #expect(desk.site.get("/").status == .ok && desk.site.get("/feed.xml").status == .ok) // now cached
        let ahead = "2099-06-01T09:30"
        desk.post("/admin/articles", replacing(fields(desk, title: "Far ahead", action: "schedule"), "date", with: ahead))
        #expect(!desk.site.get("/").text.contains("Far ahead"))
        #expect(try desk.site.store.publishDueArticles(now: Date(timeIntervalSince1970: 4_100_000_000)) == ["far-ahead"])
        #expect(desk.site.get("/").text.contains("Far ahead") && desk.site.get("/feed.xml").text.contains("Far ahead"))
        #expect(desk.site.get("/articles/far-ahead").status == .ok)
    }

    /// The token of the preview link the editor shows, if any.
    func previewPath(_ desk: DeskBrowser, _ slug: String) -> String? {
        let editor = desk.get("/admin/articles/\(slug)/edit").text
        guard let start = editor.range(of: "id=\"preview-link-url\" type=\"url\" value=\"") else { return nil }
        let url = editor[start.upperBound...].prefix { $0 != "\"" }
        return url.range(of: "/preview/").map { String(url[$0.lowerBound...]) }
    }

    @Test func aPreviewLinkShowsTheDraftPrivatelyUntilItIsRevoked() throws {
        let desk = try editorDesk()
        desk.post("/admin/articles", fields(desk, title: "Not yet out", body: "Draft words.", action: "draft"))
        #expect(previewPath(desk, "not-yet-out") == nil)
        #expect(desk.get("/admin/articles/not-yet-out/edit").text.contains("Make a preview link"))
        let csrf = csrf(desk, "/admin/articles/not-yet-out/edit")
        let made = desk.post("/admin/articles/not-yet-out/preview-link", [("csrf", csrf)])
        #expect(made.status == .seeOther && made.headers["Location"] == "/admin/articles/not-yet-out/edit#preview-link")
        let path = try #require(previewPath(desk, "not-yet-out"))

        for _ in 0..<2 { // the second would come from the page cache if the first had been kept
            let page = desk.site.get(path)
            #expect(page.status == .ok && page.text.contains("Draft words."))
            #expect(page.headers["Cache-Control"] == "no-store" && page.headers["X-Robots-Tag"] == "noindex, nofollow")
            #expect(page.headers["Referrer-Policy"] == "no-referrer")
            #expect(!page.text.contains("name=\"body\"")) // no comment form under a draft
        }
        #expect(desk.site.get("/articles/not-yet-out").status == .notFound) // still a draft for everyone else

        // A new link replaces the old; revoking ends it at once.
        desk.post("/admin/articles/not-yet-out/preview-link", [("csrf", csrf)])
        let renewed = try #require(previewPath(desk, "not-yet-out"))
        #expect(renewed != path && desk.site.get(path).status == .notFound && desk.site.get(renewed).status == .ok)
        #expect(desk.post("/admin/articles/not-yet-out/preview-link/revoke", [("csrf", csrf)]).status == .seeOther)
        let gone = desk.site.get(renewed)
        #expect(gone.status == .notFound && gone.headers["Cache-Control"] == "no-store")
        #expect(previewPath(desk, "not-yet-out") == nil)

        // Without the form's token nothing changes; nonsense tokens are not even looked up.
        #expect(desk.post("/admin/articles/not-yet-out/preview-link", [("csrf", "forged")]).status == .forbidden)
        #expect(previewPath(desk, "not-yet-out") == nil)
        #expect(desk.site.get("/preview/short").status == .notFound)
        #expect(desk.post("/admin/articles/missing/preview-link", [("csrf", csrf)]).status == .notFound)
    }
}
