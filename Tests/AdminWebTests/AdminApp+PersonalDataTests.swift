@testable import AdminWeb
import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct PersonalDataTests {
    static let password = "a long and unusual passphrase"

    @Test func findsDownloadsAndErasesAnAddressWithoutItEverBeingInAURL() throws {
        let site = try TestSite()
        try site.addArticle(slug: "talk", title: "Talk")
        for body in ["First words.", "Second words."] {
            _ = try site.comments.submitAndWait(CommentDraft(name: "Gina", email: "gina@example.org", website: "https://gina.example",
                                                             body: body), toArticle: "talk", clientAddress: "198.51.100.9")
        }
        _ = try site.site.accounts.add(email: "mod@example.org", name: "Max", role: .moderator, password: Self.password)
        let desk = DeskBrowser(site)
        desk.signIn("mod@example.org", Self.password)
        let form = desk.get("/admin/personal-data")
        let csrf = try #require(DeskBrowser.hidden("csrf", in: form.text))

        let found = desk.post("/admin/personal-data", [("csrf", csrf), ("email", " GINA@example.org ")])
        #expect(found.status == .ok && found.text.contains("2 comments from this address."))
        #expect(found.text.contains("First words.") && found.text.contains("Second words."))

        let export = desk.post("/admin/personal-data/export", [("csrf", csrf), ("email", "gina@example.org")])
        #expect(export.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(export.headers["Content-Disposition"] == "attachment; filename=\"personal-data.json\"")
        #expect(export.text.contains("\"email\":\"gina@example.org\"") && export.text.contains("\"body\":\"Second words.\""))
        #expect(export.headers["Cache-Control"] == "no-store")

        #expect(desk.post("/admin/personal-data/erase", [("csrf", "forged"), ("email", "gina@example.org")]).status == .forbidden)
        let erased = desk.post("/admin/personal-data/erase", [("csrf", csrf), ("email", "gina@example.org")])
        #expect(erased.status == .seeOther && erased.headers["Location"] == "/admin/personal-data?erased=2")
        #expect(desk.get("/admin/personal-data?erased=2").text.contains("2 comments were anonymised."))
        let page = site.get("/articles/talk").text
        #expect(page.contains("Anonymous") && page.contains("First words.") && !page.contains("Gina") && !page.contains("gina.example"))
        #expect(desk.post("/admin/personal-data", [("csrf", csrf), ("email", "gina@example.org")]).text
                .contains("0 comments from this address."))
    }
}
