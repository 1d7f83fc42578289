@testable import AdminWeb
import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

/// The desk's side of mail: the held-comment notice's words and the dashboard's view of mail
/// that did not go. (Delivery through a real relay and the links' pages: FederAppTests.)
@Suite struct MailModerationTests {
    static func site(language: String = "en") throws -> TestSite {
        try TestSite { options in
            options.comments.moderation = .all
            options.mail = CommentMail(enabled: true, moderators: ["mod@example.org"])
            options.site.title = "Desk <Test>"
            if language == "de" { options.site.language = .de }
        }
    }

    static func hold(_ site: TestSite, body: String = "Hello <there> & welcome") throws -> Int {
        try site.addArticle(slug: "fences", title: "On <fences> & gates")
        return try site.comments.submitAndWait(CommentDraft(name: "Grace <G>", email: "grace@example.com", website: "", body: body,
                                                   parentID: "", honeypot: ""), toArticle: "fences", clientAddress: "192.0.2.1")
            .comment.id
    }

    @Test func theNoticeEscapesWhatItQuotesAndSignsBothLinks() throws {
        let site = try Self.site()
        let id = try Self.hold(site)
        let mail = try #require(try site.site.composeMail(OutboxMail(id: 1, kind: .commentHeld, subjectID: id, recipient: "mod@example.org",
                                                                      attempts: 1, createdAt: Date())))
        #expect(mail.subject == "[Desk <Test>] A comment waits: On <fences> & gates")
        #expect(mail.html.contains("Grace &lt;G&gt; wrote a comment on “On &lt;fences&gt; &amp; gates”"))
        #expect(mail.html.contains("Hello &lt;there&gt; &amp; welcome") && !mail.html.contains("<there>"))
        #expect(mail.text.contains("> Hello <there> & welcome"))
        #expect(!mail.text.contains("grace@example.com") && !mail.html.contains("grace@example.com"))
        let tokens = mail.text.split(separator: "\n").compactMap { line in
            line.range(of: "/admin/mail/").map { line[$0.upperBound...] }
        }
        #expect(tokens.count == 2)
        for token in tokens { #expect(try MailLink.verify(String(token), hasher: site.site.comments.hasher, actions: MailLink.moderation).subjectID == id) }
    }

    @Test func aNoticeForACommentNoLongerHeldHasNothingToSay() throws {
        let site = try Self.site()
        let id = try Self.hold(site)
        _ = try site.store.setStatus(.approved, commentID: id)
        #expect(try site.site.composeMail(OutboxMail(id: 1, kind: .commentHeld, subjectID: id, recipient: "m@example.org",
                                                     attempts: 1, createdAt: Date())) == nil)
    }

    @Test func germanSitesWriteGermanNotices() throws {
        let site = try Self.site(language: "de")
        let id = try Self.hold(site)
        let mail = try #require(try site.site.composeMail(OutboxMail(id: 1, kind: .commentHeld, subjectID: id,
                                                                      recipient: "m@example.org", attempts: 1, createdAt: Date())))
        #expect(mail.subject == "[Desk <Test>] Ein Kommentar wartet: On <fences> & gates")
        #expect(mail.text.contains("Freigeben: http://blog.test/admin/mail/"))
    }

    @Test func theDashboardShowsMailThatDidNotGo() throws {
        let site = try Self.site()
        _ = try Self.hold(site)
        let claimed = try site.store.claimDueMail(policy: OutboxPolicy())
        try site.store.finishMail(try #require(claimed.first), .failed(reason: "Failed sending data to the peer (SMTP 550)"),
                                  policy: OutboxPolicy())
        let desk = try DeskBrowser.signedIn(site, as: .moderator, email: "m@example.org", name: "Mo")
        let page = desk.get("/admin").text
        #expect(page.contains("Mail that was not delivered"))
        #expect(page.contains("Comment waiting → mod@example.org: Failed sending data to the peer (SMTP 550)"))
        #expect(page.contains("0 sent in 24 h · 0 waiting · 1 not delivered"))
    }

    @Test func withMailOffTheDashboardSaysNothingOfMail() throws {
        let site = try TestSite()
        let desk = try DeskBrowser.signedIn(site, as: .owner, email: "o@example.org", name: "O")
        #expect(!desk.get("/admin").text.contains("not delivered"))
    }
}
