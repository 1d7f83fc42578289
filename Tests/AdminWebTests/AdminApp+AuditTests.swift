@testable import AdminWeb
import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct AuditLogTests {
    static let password = "a long and unusual passphrase"

    /// Desk actions land in the owner's log with who did them; an erasure names no address.
    @Test func theOwnerSeesWhoDidWhat() throws {
        let site = try TestSite()
        try site.addArticle(slug: "talk", title: "Talk")
        _ = try site.comments.submitAndWait(CommentDraft(name: "Cleo", email: "cleo@example.org", body: "Hi."), toArticle: "talk",
                                            clientAddress: "198.51.100.7")
        _ = try site.site.accounts.add(email: "owner@example.org", name: "Olive Owner", role: .owner, password: Self.password)
        let editor = try DeskBrowser.signedIn(site, as: .editor, email: "ed@example.org", name: "Eda Editor")
        #expect(editor.get("/admin/audit").status == .forbidden)
        let csrf = try #require(DeskBrowser.hidden("csrf", in: editor.get("/admin/personal-data").text))
        #expect(editor.post("/admin/articles/talk/comments-open", [("csrf", csrf), ("open", "0")]).status == .seeOther)
        #expect(editor.post("/admin/personal-data/erase", [("csrf", csrf), ("email", "cleo@example.org")]).status == .seeOther)

        let owner = DeskBrowser(site)
        owner.signIn("owner@example.org", Self.password)
        let log = owner.get("/admin/audit")
        #expect(log.status == .ok && owner.get("/admin").text.contains("href=\"/admin/audit\""))
        #expect(log.text.contains("Eda Editor") && log.text.contains("Closed comments") && log.text.contains("talk"))
        #expect(log.text.contains("Erased personal data") && log.text.contains("Signed in"))
        #expect(!log.text.contains("cleo@example.org"))
        let entries = try site.store.auditLog(before: nil, perPage: 10).entries
        #expect(entries.first?.action == .signIn && entries.first?.accountName == "Olive Owner")
        #expect(entries.map(\.action).contains(.commentsClose))
        #expect(owner.get("/admin/audit?before=x").status == .notFound)
    }

    @Test func pagesGoByNumberNewestFirst() throws {
        let site = try TestSite()
        let account = try site.site.accounts.add(email: "a@example.org", name: "A", role: .owner, password: Self.password)
        for index in 0..<5 { try site.store.recordAudit(.signIn, accountID: account.id, accountName: "A", detail: "\(index)") }
        let page = try site.store.auditLog(before: nil, perPage: 2)
        #expect(page.entries.map(\.detail) == ["4", "3"] && page.older)
        let next = try site.store.auditLog(before: page.entries.last!.id, perPage: 10)
        #expect(next.entries.map(\.detail) == ["2", "1", "0"] && !next.older)
    }

    /// Every action the desk records reads as words in both languages, not as "unknown".
    @Test func everyActionIsWorded() {
        for action in AuditAction.allCases {
            #expect(AdminStrings.english["audit." + action.rawValue] != nil && AdminStrings.german["audit." + action.rawValue] != nil,
                    "\(action)")
        }
        #expect(Set(AdminStrings.english.keys) == Set(AdminStrings.german.keys))
    }
}
