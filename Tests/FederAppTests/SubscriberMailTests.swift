import Blog
@testable import FederApp
import FederTestSupport
import Foundation
import HTTPServer
import MailTestSupport
import SiteTestSupport
import Testing

/// A reader asks for reply mail with the form, confirms from the mail (GET asks, POST acts),
/// gets a reply's mail with a one-click unsubscribe (RFC 8058), and uses it.
@Suite(.serialized) struct SubscriberMailTests {
    static let origin = [("Origin", "http://blog.test")]

    /// Mail on; `sink` nil for tests that send nothing (the relay's port is then never used).
    static func installation(_ sink: SMTPSink?) throws -> TestInstallation {
        let site = try TestInstallation { config in
            config.mail.enabled = true
            config.mail.from = "blog@example.org"
            config.mail.smtp.port = sink?.port ?? 1
            config.site.title = "Feder Test"
        }
        try site.addArticle(slug: "fences", title: "On fences")
        return site
    }

    static func link(_ mail: SMTPSink.Received) throws -> String {
        try #require(mail.links(startingWith: "http://blog.test/mail/", relativeTo: "http://blog.test").first)
    }

    @Test func confirmThenReplyThenOneClickUnsubscribe() throws {
        guard let sink = try SMTPSink.start() else { return }
        let site = try Self.installation(sink)
        let delivery = try #require(site.app.mailDelivery)
        let posted = site.postForm("/articles/fences/comments", [("name", "Ada"), ("email", "ada@example.org"),
                                                                 ("body", "Fences make neighbours."), ("notify", "1")])
        #expect(posted.status == .seeOther)
        #expect(delivery.deliverDue() == 1)
        let confirmation = try #require(try sink.received().first)
        #expect(confirmation.rcpt_tos == ["ada@example.org"])
        #expect(confirmation.header("Subject") == "[Feder Test] Please confirm: mail about replies to your comment")
        #expect(confirmation.header("List-Unsubscribe") == nil)
        let confirm = try Self.link(confirmation)

        // Opening the link (a scanner, a preview) confirms nothing.
        let question = site.get(confirm)
        #expect(question.status == .ok && question.headers["Cache-Control"] == "no-store")
        #expect(question.text.contains("Yes, send me these mails") && question.headers["Referrer-Policy"] == "same-origin")
        let adaID = try #require(try site.store.comments(byEmailHash: site.comments.hasher.emailHash("ada@example.org")).first?.id)
        site.postForm("/articles/fences/comments", [("name", "Bob"), ("email", "bob@example.org"), ("body", "Not mine."),
                                                   ("parent_id", String(adaID))])
        #expect(delivery.deliverDue() == 0, "unconfirmed: nothing for Ada")

        let confirmed = site.postForm(confirm, [], headers: Self.origin)
        #expect(confirmed.status == .ok && confirmed.text.contains("Confirmed."))
        site.postForm("/articles/fences/comments", [("name", "Cy"), ("email", "cy.private@example.org"),
                                                   ("body", "Gates, though."), ("parent_id", String(adaID))])
        #expect(delivery.deliverDue() == 1)
        let reply = try #require(try sink.received().last)
        #expect(reply.rcpt_tos == ["ada@example.org"])
        #expect(reply.header("Subject") == "[Feder Test] Cy replied to your comment on “On fences”")
        #expect(reply.text?.contains("> Gates, though.") == true && reply.text?.contains("/articles/fences/comments/") == true)
        #expect(!String(decoding: reply.raw, as: UTF8.self).contains("cy.private"), "the replier's address stays here")
        #expect(reply.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        let unsubscribe = try #require(reply.header("List-Unsubscribe")?.dropFirst().dropLast())
        #expect(unsubscribe.hasPrefix("http://blog.test/mail/"))
        #expect(reply.text?.contains(String(unsubscribe)) == true, "the text has the same unsubscribe link")

        // What a mail client sends for one-click unsubscribe (RFC 8058 §3.2), here from a
        // web mail's own origin: the token is the permission, not the origin.
        let path = String(unsubscribe.dropFirst("http://blog.test".count))
        let oneClick = site.postForm(path, [("List-Unsubscribe", "One-Click")], headers: [("Origin", "https://mail.example.net")])
        #expect(oneClick.status == .ok && oneClick.text.contains("no more mail"))
        #expect(site.postForm(path, [("List-Unsubscribe", "One-Click")]).text == oneClick.text, "again: the same answer")
        site.postForm("/articles/fences/comments", [("name", "Dee"), ("email", "dee@example.org"), ("body", "Late."),
                                                   ("parent_id", String(adaID))])
        #expect(delivery.deliverDue() == 0)
        #expect(try sink.received().count == 2)
    }

    /// A forged, altered or foreign token changes nothing and says only that the link is not
    /// valid; an unknown subscription's link answers like any other.
    @Test func linksRevealNothing() throws {
        let site = try Self.installation(nil)
        for forged in ["/mail/1.u.0.0.0123456789abcdef0123456789abcdef", "/mail/x", "/mail/1.a.9999999999.0.00"] {
            #expect(site.get(forged).status == .notFound)
            #expect(site.postForm(forged, [], headers: Self.origin).status == .notFound)
        }
        let hasher = site.comments.hasher
        site.postForm("/articles/fences/comments", [("name", "Ada"), ("email", "ada@example.org"), ("body", "Hi"), ("notify", "1")])
        let existing = try #require(try site.store.subscriptions(emailHash: hasher.emailHash("ada@example.org")).first?.id)
        let now = Date()
        for action in [MailLink.Action.confirm, .unsubscribe] {
            let realToken = MailLink(action, existing, now: now).token(hasher)
            let nobodyToken = MailLink(action, 999_999, now: now).token(hasher)
            // The pages differ only by the token they carry.
            func page(_ response: HTTPResponse, _ token: String) -> String { response.text.replacingOccurrences(of: token, with: "T") }
            let (real, nobody) = ("/mail/" + realToken, "/mail/" + nobodyToken)
            let sameQuestion = page(site.get(real), realToken) == page(site.get(nobody), nobodyToken)
            #expect(sameQuestion, "the question reads the same")
            let realAnswer = site.postForm(real, [], headers: Self.origin), nobodyAnswer = site.postForm(nobody, [], headers: Self.origin)
            let sameAnswer = realAnswer.status == nobodyAnswer.status && page(realAnswer, realToken) == page(nobodyAnswer, nobodyToken)
            #expect(sameAnswer, "the answer reads the same")
        }
    }

    @Test func theFormOffersMailOnlyWhenMailIsOn() throws {
        let on = try Self.installation(nil)
        #expect(on.get("/articles/fences").text.contains("name=\"notify\""))
        let off = try TestInstallation()
        try off.addArticle(slug: "fences", title: "On fences")
        #expect(!off.get("/articles/fences").text.contains("name=\"notify\""))
    }

    @Test func theAPIAcceptsNotifyAsABooleanOnly() throws {
        let site = try Self.installation(nil)
        let wrong = site.postJSON("/api/articles/fences/comments", #"{"name":"A","email":"a@example.org","body":"x","notify":"yes"}"#)
        #expect(wrong.status == .badRequest && wrong.text.contains("notify must be true or false"))
        let right = site.postJSON("/api/articles/fences/comments", #"{"name":"A","email":"a@example.org","body":"x","notify":true}"#)
        #expect(right.status == .created)
        #expect(try site.store.subscriptions(emailHash: site.comments.hasher.emailHash("a@example.org")).count == 1)
    }
}
