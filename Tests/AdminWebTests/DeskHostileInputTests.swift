import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

/// The public site's corpus of hostile strings through every form of the desk, signed in as
/// the owner (who reaches them all): each answer is a deliberate status, with no header split
/// and no live markup, and afterwards every desk page and the public site still render.
@Suite struct DeskHostileInputTests {
    func check(_ response: HTTPResponse, _ what: String, allowed: Set<Int>) {
        #expect(allowed.contains(response.status.code), "\(what): status \(response.status.code)")
        for field in response.headers.fields {
            #expect(!field.value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }, "\(what): header \(field.name)")
        }
        guard response.headers["Content-Type"]?.hasPrefix("text/html") == true else { return }
        for needle in HostileStrings.needles {
            #expect(!response.text.contains(needle), "\(what): \(needle) in the page")
        }
    }

    @Test func everyDeskFormRefusesOrRendersHostileTextInert() throws {
        let site = try TestSite()
        try site.addArticle(slug: "talk", title: "Talk")
        let comment = try site.comments.submitAndWait(CommentDraft(name: "Reader", email: "reader@example.com", body: "Hello."),
                                                      toArticle: "talk", clientAddress: "192.0.2.7").comment
        let desk = try DeskBrowser.signedIn(site, as: .owner, email: "owner@example.org", name: "Olive")
        let csrf = try #require(DeskBrowser.hidden("csrf", in: desk.get("/admin").text))
        for (index, payload) in HostileStrings.payloads.enumerated() {
            let what = "#\(index)"
            for field in ["title", "slug", "date", "updated", "tags", "summary", "author", "image", "image_alt", "image_credit",
                          "image_credit_url", "nav_order", "kind", "body", "revision", "action"] {
                var fields = [("title", "Hostile \(index) \(field)"), ("body", "Text."), ("action", "draft")]
                fields.removeAll { $0.0 == field }
                fields += [("csrf", csrf), (field, payload)]
                check(desk.post("/admin/articles", fields), "editor \(field) \(what)", allowed: [303, 422])
            }
            check(desk.post("/admin/articles", [("csrf", csrf), ("title", payload), ("body", payload), ("action", "preview")]),
                  "preview \(what)", allowed: [200, 422])
            check(desk.post("/admin/tokens", [("csrf", csrf), ("name", payload)]), "token name \(what)", allowed: [200, 422])
            check(desk.post("/admin/users", [("csrf", csrf), ("email", payload), ("name", payload), ("role", payload),
                                              ("password", payload)]), "new user \(what)", allowed: [303, 422])
            check(desk.post("/admin/users", [("csrf", csrf), ("email", "u\(index)@example.org"), ("name", payload),
                                              ("role", "moderator"), ("password", "a long and unusual passphrase \(index)")]),
                  "user name \(what)", allowed: [303, 422])
            check(desk.post("/admin/comments/\(comment.id)", [("csrf", csrf), ("body", payload)]), "comment edit \(what)",
                  allowed: [303, 422])
            check(desk.post("/admin/comments/\(comment.id)/reply", [("csrf", csrf), ("body", payload)]), "author reply \(what)",
                  allowed: [303, 422])
            check(desk.post("/admin/comments/moderate", [("csrf", csrf), ("action", payload), ("id", payload), ("return", payload)]),
                  "bulk moderation \(what)", allowed: [303, 400, 422])
            check(desk.post("/admin/personal-data", [("csrf", csrf), ("email", payload)]), "personal data \(what)",
                  allowed: [200, 400, 422])
            check(desk.post("/admin/redirects", [("csrf", csrf), ("from", payload), ("to", payload)]), "redirect \(what)",
                  allowed: [303, 422])
            check(desk.post("/admin/redirects", [("csrf", csrf), ("from", "/old/" + payload), ("to", "/articles/talk")]),
                  "redirect from \(what)", allowed: [303, 422])
            check(desk.post("/admin/redirects/remove", [("csrf", csrf), ("key", payload)]), "redirect removal \(what)",
                  allowed: [303, 404])
            let query = PercentDecoding.encode(payload)
            for target in ["/admin/articles?q=\(query)&status=\(query)&page=\(query)", "/admin/comments?status=\(query)&before=\(query)",
                           "/admin/audit?page=\(query)", "/admin/articles/\(query)/edit", "/admin/comments/\(query)",
                           "/admin/redirects?q=\(query)",
                           "/admin/login?next=\(query)"] {
                check(desk.get(target), "query \(target.prefix(30)) \(what)", allowed: [200, 303, 400, 404])
            }
        }
        for page in ["/admin", "/admin/articles", "/admin/articles?status=drafts", "/admin/comments?status=approved",
                     "/admin/comments/\(comment.id)", "/admin/tokens", "/admin/users", "/admin/audit", "/admin/redirects"] {
            check(desk.get(page), page, allowed: [200])
        }
        for page in ["/", "/articles/talk", "/archive", "/feed.xml", "/sitemap.xml"] {
            check(site.get(page), page, allowed: [200])
        }
    }
}
