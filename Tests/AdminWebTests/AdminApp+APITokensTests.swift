@testable import AdminWeb
@testable import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct APITokensTests {
    static let password = "a long and unusual passphrase"

    /// The owner makes a named token, sees it once, scripts use it on the admin API beside no
    /// `admin.token` at all, and revoking it stops it at once; only its hash is stored.
    @Test func anOwnerMakesUsesAndRevokesAToken() throws {
        let site = try TestSite() // no admin.token
        let auth = { (token: String) in [("Authorization", "Bearer \(token)")] }
        #expect(site.get("/api/admin/comments", headers: auth("feder_nothing")).status == .notFound) // no admin API yet
        let desk = try DeskBrowser.signedIn(site, as: .owner, email: "owner@example.org", name: "Olive")
        let page = desk.get("/admin/tokens")
        #expect(page.status == .ok && page.text.contains("No tokens yet.") && desk.get("/admin").text.contains("href=\"/admin/tokens\""))
        let csrf = try #require(DeskBrowser.hidden("csrf", in: page.text))
        #expect(desk.post("/admin/tokens", [("csrf", csrf), ("name", " ")]).status == .unprocessableContent)
        let made = desk.post("/admin/tokens", [("csrf", csrf), ("name", "Backup <script>")])
        #expect(made.status == .ok && made.headers["Cache-Control"] == "no-store" && made.text.contains("Backup &lt;script&gt;"))
        let start = try #require(made.text.range(of: "id=\"token-secret\" type=\"text\" value=\""))
        let secret = String(made.text[start.upperBound...].prefix { $0 != "\"" })
        #expect(secret.hasPrefix("feder_") && secret.count == 49)
        #expect(!desk.get("/admin/tokens").text.contains(secret)) // shown once
        let stored = try site.store.read { db in try db.query("SELECT token_hash FROM api_tokens").map { try $0.text(0) } }
        #expect(stored == [BlogStore.apiTokenHash(secret)] && !stored.contains(secret))

        #expect(site.get("/api/admin/comments", headers: auth(secret)).status == .ok)
        #expect(site.get("/api/admin/comments", headers: auth(secret + "x")).status == .unauthorized)
        #expect(try site.store.apiTokens().first?.lastUsedAt != nil)
        let list = desk.get("/admin/tokens").text
        let revoke = try #require(list.range(of: "action=\"/admin/tokens/")).upperBound
        let id = String(list[revoke...].prefix { $0.isNumber })
        #expect(desk.post("/admin/tokens/\(id)/revoke", [("csrf", "forged")]).status == .forbidden)
        #expect(desk.post("/admin/tokens/\(id)/revoke", [("csrf", csrf)]).status == .seeOther)
        #expect(site.get("/api/admin/comments", headers: auth(secret)).status == .notFound) // none left, no admin.token
        #expect(desk.post("/admin/tokens/\(id)/revoke", [("csrf", csrf)]).status == .notFound)
    }

    @Test func onlyOwnersSeeTokens() throws {
        let site = try TestSite()
        let desk = try DeskBrowser.signedIn(site, as: .editor, email: "ed@example.org", name: "Eda")
        #expect(desk.get("/admin/tokens").status == .forbidden)
        #expect(!desk.get("/admin").text.contains("href=\"/admin/tokens\""))
        let csrf = DeskBrowser.hidden("csrf", in: desk.get("/admin").text) ?? ""
        #expect(desk.post("/admin/tokens", [("csrf", csrf), ("name", "mine")]).status == .forbidden)
        #expect(try site.store.apiTokens().isEmpty)
    }

    /// `admin.token` keeps working beside named tokens.
    @Test func theConfiguredTokenStillWorks() throws {
        let site = try TestSite { $0.adminToken = "configured-secret-token" }
        let made = try site.store.createAPIToken(name: "script", accountID: nil)
        #expect(site.get("/api/admin/comments", headers: [("Authorization", "Bearer configured-secret-token")]).status == .ok)
        #expect(site.get("/api/admin/comments", headers: [("Authorization", "Bearer \(made.secret)")]).status == .ok)
        #expect(site.get("/api/admin/comments").status == .unauthorized)
    }
}
