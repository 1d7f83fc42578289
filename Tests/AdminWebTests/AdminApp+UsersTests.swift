@testable import AdminWeb
import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct UsersTests {
    static let password = "a long and unusual passphrase"

    /// A German desk gives the reason in German too (it was English in every language).
    @Test func aRefusedPasswordIsExplainedInTheSitesLanguage() throws {
        let site = try TestSite { $0.site.language = .de }
        let owner = try DeskBrowser.signedIn(site, as: .owner, email: "owner@example.org", name: "Olive Owner")
        let csrf = try #require(DeskBrowser.hidden("csrf", in: owner.get("/admin/users").text))
        let weak = owner.post("/admin/users", [("csrf", csrf), ("email", "ed@example.org"), ("name", "Eda"), ("role", "editor"),
                                               ("password", "password123")])
        #expect(weak.status == .unprocessableContent)
        #expect(weak.text.contains("Passwort abgelehnt: es ist eines der häufigsten Passwörter."))
    }

    /// The owner adds an editor, makes them a moderator (their session ends), sets their
    /// password, signs them out and removes them; the last owner stays; all of it is audited.
    @Test func anOwnerManagesTheAccounts() throws {
        let site = try TestSite()
        let owner = try DeskBrowser.signedIn(site, as: .owner, email: "owner@example.org", name: "Olive Owner")
        let page = owner.get("/admin/users")
        #expect(page.status == .ok && page.text.contains("Olive Owner") && owner.get("/admin").text.contains("href=\"/admin/users\""))
        let csrf = try #require(DeskBrowser.hidden("csrf", in: page.text))
        let weak = owner.post("/admin/users", [("csrf", csrf), ("email", "ed@example.org"), ("name", "Eda"), ("role", "editor"),
                                               ("password", "short")])
        #expect(weak.status == .unprocessableContent && weak.text.contains("value=\"ed@example.org\""))
        #expect(weak.text.contains("Password refused: it must be at least 10 characters long."))
        #expect(owner.post("/admin/users", [("csrf", csrf), ("email", "ed@example.org"), ("name", "Eda"), ("role", "editor"),
                                            ("password", Self.password)]).status == .seeOther)
        let editorID = try #require(try site.site.accounts.accounts().first { $0.email == "ed@example.org" }).id

        let editor = DeskBrowser(site)
        editor.signIn("ed@example.org", Self.password)
        #expect(editor.get("/admin/articles").status == .ok && editor.get("/admin/users").status == .forbidden)
        #expect(owner.post("/admin/users/\(editorID)", [("csrf", csrf), ("action", "role"), ("role", "moderator")]).status == .seeOther)
        #expect(try site.site.accounts.accounts().first { $0.id == editorID }?.role == .moderator)
        #expect(editor.get("/admin/articles").status == .seeOther) // the session ended with the role

        let newPassword = "another long passphrase here"
        #expect(owner.post("/admin/users/\(editorID)", [("csrf", csrf), ("action", "password"), ("password", newPassword)]).status
                == .seeOther)
        editor.signIn("ed@example.org", newPassword)
        #expect(editor.get("/admin").status == .ok)
        #expect(owner.post("/admin/users/\(editorID)", [("csrf", csrf), ("action", "sessions")]).status == .seeOther)
        #expect(editor.get("/admin").status == .seeOther)

        #expect(owner.post("/admin/users/\(editorID)", [("csrf", csrf), ("action", "remove")]).status == .unprocessableContent)
        #expect(owner.post("/admin/users/\(editorID)", [("csrf", csrf), ("action", "remove"), ("confirm", "1")]).status == .seeOther)
        #expect(try site.site.accounts.accounts().count == 1)

        let ownerID = try #require(try site.site.accounts.accounts().first).id
        let last = owner.post("/admin/users/\(ownerID)", [("csrf", csrf), ("action", "role"), ("role", "editor")])
        #expect(last.status == .unprocessableContent && last.text.contains("The last owner"))
        #expect(owner.post("/admin/users/\(ownerID)", [("csrf", "forged"), ("action", "sessions")]).status == .forbidden)
        let audit = owner.get("/admin/audit").text
        #expect(audit.contains("Added a user") && audit.contains("Changed a role") && audit.contains("Set a password")
                && audit.contains("Removed a user") && !audit.contains(newPassword))
    }
}
