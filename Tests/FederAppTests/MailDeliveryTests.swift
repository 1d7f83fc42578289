import Blog
@testable import FederApp
import FederTestSupport
import Foundation
import HTTPServer
import Logging
import Mail
import MailTestSupport
import SiteTestSupport
import Testing

/// Held comments reach the moderators through a real SMTP server, and the links in the mail
/// moderate once, only on POST.
@Suite(.serialized) struct MailDeliveryTests {
    static func installation(sink: SMTPSink, moderators: [String] = ["mod@example.org"]) throws -> TestInstallation {
        try TestInstallation { config in
            config.comments.moderation = .all
            config.mail.enabled = true
            config.mail.from = "blog@example.org"
            config.mail.moderators = moderators
            config.mail.smtp.port = sink.port
            config.site.title = "Feder Test"
        }
    }

    static func delivery(_ site: TestInstallation) throws -> MailDelivery {
        try #require(site.app.mailDelivery)
    }

    static func heldComment(_ site: TestInstallation, body: String = "Is *this* <b>thing</b> on?") throws -> Int {
        try site.addArticle(slug: "fences", title: "On fences")
        return try site.comments.submitAndWait(CommentDraft(name: "Grace", email: "grace.private@example.com", website: "", body: body,
                                                   parentID: "", honeypot: ""), toArticle: "fences", clientAddress: "192.0.2.7")
            .comment.id
    }

    static func links(_ mail: SMTPSink.Received) -> [String] {
        mail.links(startingWith: "http://blog.test/admin/mail/", relativeTo: "http://blog.test")
    }

    @Test func aHeldCommentReachesTheModeratorWithoutTheCommentersAddress() throws {
        guard let sink = try SMTPSink.start() else { return }
        let site = try Self.installation(sink: sink)
        let id = try Self.heldComment(site)
        #expect(try Self.delivery(site).deliverDue() == 1)

        let mail = try #require(try sink.received().first)
        #expect(mail.rcpt_tos == ["mod@example.org"] && mail.mail_from == "blog@example.org")
        #expect(mail.header("Subject") == "[Feder Test] A comment waits: On fences")
        #expect(mail.header("From") == "Feder Test <blog@example.org>")
        #expect(mail.header("Message-ID")?.hasPrefix("<feder.") == true && mail.header("Auto-Submitted") == "auto-generated")
        #expect(mail.defects.isEmpty)
        let text = try #require(mail.text)
        #expect(text.contains("Grace wrote a comment on “On fences”") && text.contains("> Is *this* <b>thing</b> on?"))
        #expect(mail.html?.contains("&lt;b&gt;thing&lt;/b&gt;") == true, "the comment's HTML is the stored, escaped one")
        #expect(Self.links(mail).count == 2)
        // Privacy: the commenter's address is in no part of the mail, raw or decoded.
        #expect(!String(decoding: mail.raw, as: UTF8.self).contains("grace.private"))
        #expect(try site.store.comment(id: id)?.status == .pending)
        #expect(try site.store.outboxSummary().sentLastDay == 1)
    }

    @Test func theLinkAsksOnGETAndActsOnceOnPOST() throws {
        guard let sink = try SMTPSink.start() else { return }
        let site = try Self.installation(sink: sink)
        let id = try Self.heldComment(site)
        try Self.delivery(site).deliverDue()
        let mail = try #require(try sink.received().first)
        let links = Self.links(mail)
        let approve = try #require(links.first { $0.contains(".a.") })

        // A mail scanner opening the link changes nothing.
        for _ in 0..<3 {
            let page = site.get(approve)
            #expect(page.status == .ok && page.headers["Cache-Control"] == "no-store")
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html.contains("Approve this comment?") && html.contains("method=\"post\""))
            #expect(!html.contains("grace.private"))
        }
        #expect(try site.store.comment(id: id)?.status == .pending)

        let done = site.postForm(approve, [], headers: [("Origin", "http://blog.test")])
        #expect(done.status == .ok && String(decoding: done.body, as: UTF8.self).contains("The comment is published."))
        #expect(try site.store.comment(id: id)?.status == .approved)
        let again = site.postForm(approve, [], headers: [("Origin", "http://blog.test")])
        #expect(again.status == .conflict && String(decoding: again.body, as: UTF8.self).contains("used already"))

        // The spam link of the same mail finds the comment dealt with.
        let spam = try #require(links.first { $0.contains(".s.") })
        #expect(String(decoding: site.get(spam).body, as: UTF8.self).contains("dealt with this comment already"))
        #expect(site.postForm(spam, [], headers: [("Origin", "http://blog.test")]).status == .conflict)
        #expect(try site.store.comment(id: id)?.status == .approved)
    }

    @Test func aForgedOrCrossSiteLinkDoesNothing() throws {
        guard let sink = try SMTPSink.start() else { return }
        let site = try Self.installation(sink: sink)
        let id = try Self.heldComment(site)
        let forged = "/admin/mail/\(id).a.9999999999.00000000000000000000000000000000"
        #expect(site.get(forged).status == .notFound)
        #expect(site.postForm(forged, [], headers: [("Origin", "http://blog.test")]).status == .notFound)
        try Self.delivery(site).deliverDue()
        let first = try #require(try sink.received().first)
        let approve = try #require(Self.links(first).first { $0.contains(".a.") })
        #expect(site.postForm(approve, [], headers: [("Origin", "https://evil.example")]).status == .forbidden)
        #expect(try site.store.comment(id: id)?.status == .pending)
    }

    @Test func aRefusedModeratorIsFailedAndADeferredOneWaits() throws {
        guard let sink = try SMTPSink.start() else { return }
        let site = try Self.installation(sink: sink, moderators: ["reject@example.org", "later@example.org"])
        _ = try Self.heldComment(site)
        #expect(try Self.delivery(site).deliverDue() == 2)
        let summary = try site.store.outboxSummary()
        #expect(summary.failed == 1 && summary.queued == 1 && summary.sentLastDay == 0)
        #expect(try Self.delivery(site).deliverDue() == 0, "the deferred one waits a minute")
        #expect(try Self.delivery(site).deliverDue(clock: { Date().addingTimeInterval(120) }) == 1)
    }

    /// A refused login stops the pass at the first mail: the others stay queued, untried, and
    /// the relay sees one failed login, not one per mail.
    @Test func aRefusedLoginStopsThePass() throws {
        guard let sink = try SMTPSink.start(security: "starttls", auth: "feder:right") else { return }
        let site = try TestInstallation { config in
            config.comments.moderation = .all
            config.mail.enabled = true
            config.mail.from = "blog@example.org"
            config.mail.moderators = ["a@example.org", "b@example.org", "c@example.org"]
            config.mail.smtp.port = sink.port
            config.mail.smtp.security = .starttls
            config.mail.smtp.caFile = sink.certificate
            config.mail.smtp.username = "feder"
            config.mail.smtp.password = "wrong"
        }
        _ = try Self.heldComment(site)
        #expect(try Self.delivery(site).deliverDue() == 1)
        #expect(try site.store.outboxSummary().queued == 3)
        #expect(try Self.delivery(site).deliverDue() == 1, "the two untried are due at once; the tried one waits")
        #expect(try Self.delivery(site).deliverDue() == 1)
        #expect(try Self.delivery(site).deliverDue() == 0, "each was tried once; all three now wait their backoff")
        #expect(try sink.received().isEmpty)
    }

    /// Approved meanwhile: the queued notice has nothing to say and is cancelled, not sent.
    @Test func aCommentModeratedBeforeItsMailGoesOutCancelsIt() throws {
        guard let sink = try SMTPSink.start() else { return }
        let site = try Self.installation(sink: sink)
        let id = try Self.heldComment(site)
        _ = try site.store.setStatus(.approved, commentID: id)
        #expect(try Self.delivery(site).deliverDue() == 1)
        #expect(try sink.received().isEmpty)
        #expect(try site.store.outboxSummary() == OutboxSummary())
    }

    @Test func mailOffMeansNoDeliveryAndNoQueue() throws {
        let site = try TestInstallation { $0.comments.moderation = .all }
        #expect(site.app.mailDelivery == nil)
        _ = try Self.heldComment(site)
        #expect(try site.store.outboxSummary() == OutboxSummary())
    }
}
