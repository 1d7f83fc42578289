import Blog
import BlogWeb
import Foundation
import HTTPServer
import Mustache
import Routes

/// Moderating from a mail: the held-comment notice a moderator gets, and the page its links
/// open. The signed link is the permission (no sign-in), a GET only shows the comment and
/// asks, and the POST acts once (`BlogStore.moderate(by:)` spends the link).
extension AdminApp {
    /// The notice for a held comment, or nil when it no longer waits (nothing to say).
    /// The commenter's address is never in it: the mail leaves the server.
    public func heldCommentMail(for mail: OutboxMail, now: Date = Date()) throws -> ComposedMail? {
        guard let held = try store.heldComment(id: mail.subjectID) else { return nil }
        let comment = held.comment
        let reason = queuedView(held).reason ?? strings["statusPending"]!
        let links = [MailLink.Action.approve, .spam].map { action in
            (action, site.baseURL + AdminRoute.mailModerationForm(
                token: MailLink(action, comment.id, now: now, via: mail.id).token(comments.hasher)).path)
        }
        let queue = site.baseURL + AdminRoute.comments().path
        let button = { (action: MailLink.Action) in
            self.strings[action == .approve ? "mailActionApproveButton" : "mailActionSpamButton"]!
        }
        let intro = say("mailHeldIntro", comment.name, held.articleTitle, reason)
        var text = intro + "\n\n" + comment.body.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }
            .joined(separator: "\n") + "\n\n"
        for (action, url) in links { text += "\(button(action)): \(url)\n" }
        text += "\(strings["openQueue"]!): \(queue)\n\n\(strings["mailHeldFooter"]!)\n"
        var html = "<p>\(HTMLText.escape(intro))</p>\n<blockquote>\(comment.html)</blockquote>\n<p>"
        html += links.map { "<a href=\"\(HTMLText.escape($0.1))\">\(HTMLText.escape(button($0.0)))</a>" }.joined(separator: " · ")
        html += " · <a href=\"\(HTMLText.escape(queue))\">\(HTMLText.escape(strings["openQueue"]!))</a></p>\n"
        html += "<p><small>\(HTMLText.escape(strings["mailHeldFooter"]!))</small></p>\n"
        return ComposedMail(subject: say("mailHeldSubject", site.title, held.articleTitle), text: text, html: html)
    }

    func mailModerationForm(_ request: HTTPRequest, token: String) throws -> HTTPResponse {
        try withLink(request, token) { link in try moderationQuestion(request, link, token: token) }
    }

    func mailModerate(_ request: HTTPRequest, token: String) throws -> HTTPResponse {
        try withLink(request, token) { link in try moderate(request, link) }
    }

    /// What `body` answers for the link a token stands for, or the page saying why it acts not.
    private func withLink(_ request: HTTPRequest, _ token: String, _ body: (MailLink) throws -> HTTPResponse) throws -> HTTPResponse {
        do {
            return try body(try MailLink.verify(token, hasher: comments.hasher, actions: MailLink.moderation))
        } catch let refusal as MailLink.Refusal {
            return mailModerationPage(request, message: strings[refusal == .expired ? "mailActionExpired" : "mailActionInvalid"]!,
                                      status: refusal == .expired ? .gone : .notFound)
        }
    }

    private func moderationQuestion(_ request: HTTPRequest, _ link: MailLink, token: String) throws -> HTTPResponse {
        guard let held = try store.heldComment(id: link.subjectID) else {
            return mailModerationPage(request, message: strings["mailActionGone"]!)
        }
        let view = queuedView(held)
        return mailModerationPage(request, heading: strings[link.action == .approve ? "mailActionApprove" : "mailActionSpam"]!,
                                  comment: commentView(Self.withoutAddress(held.comment), articleTitle: held.articleTitle),
                                  reason: view.reason, link: link, token: token)
    }

    private func moderate(_ request: HTTPRequest, _ link: MailLink) throws -> HTTPResponse {
        switch try store.moderate(by: link, hasher: comments.hasher) {
        case .done(let comment):
            logger.info("desk: comment #\(comment.id) \(link.action == .approve ? "approved" : "marked as spam") from a moderator's mail")
            let title = try store.article(slug: comment.articleSlug)?.title ?? comment.articleSlug
            return mailModerationPage(request, message: strings[link.action == .approve ? "mailActionApproved" : "mailActionSpammed"]!,
                                      comment: commentView(Self.withoutAddress(comment), articleTitle: title))
        case .alreadyUsed: return mailModerationPage(request, message: strings["mailActionUsed"]!, status: .conflict)
        case .alreadyModerated: return mailModerationPage(request, message: strings["mailActionGone"]!, status: .conflict)
        case .notAllowed: return mailModerationPage(request, message: strings["mailActionInvalid"]!, status: .forbidden)
        }
    }

    /// The page may be open in a forwarded mail's browser: it shows no address.
    private static func withoutAddress(_ comment: Comment) -> Comment {
        var comment = comment
        comment.email = nil
        return comment
    }

    private func mailModerationPage(_ request: HTTPRequest, heading: String? = nil, message: String? = nil,
                                    comment: DeskCommentView? = nil, reason: String? = nil, link: MailLink? = nil,
                                    token: String = "", status: HTTPStatus = .ok) -> HTTPResponse {
        let title = strings["mailActionTitle"]!
        let view = MailModerationPageView(
            chrome: chrome(request, title: title, session: nil), heading: heading ?? title, message: message, comment: comment,
            reason: reason, action: link.map { _ in AdminRoute.mailModerate(token: token).path },
            button: link.map { strings[$0.action == .approve ? "mailActionApproveButton" : "mailActionSpamButton"]! } ?? "",
            isSpam: link?.action == .spam, queueURL: AdminRoute.comments().path)
        return Self.page(theme.mailModeration.render(view), status: status)
    }
}

/// `mail-moderation.mustache`.
final class MailModerationPageView: TemplateObject {
    let chrome: AdminChrome
    let heading: String
    let message: String?
    let comment: DeskCommentView?
    let reason: String?
    let action: String?
    let button: String
    let isSpam: Bool
    let queueURL: String

    init(chrome: AdminChrome, heading: String, message: String?, comment: DeskCommentView?, reason: String?, action: String?,
         button: String, isSpam: Bool, queueURL: String) {
        self.chrome = chrome
        self.heading = heading
        self.message = message
        self.comment = comment
        self.reason = reason
        self.action = action
        self.button = button
        self.isSpam = isSpam
        self.queueURL = queueURL
    }

    static let templateFields: [TemplateField<MailModerationPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .text("heading") { $0.heading }, .text("message") { $0.message }, .object("comment") { $0.comment },
        .text("reason") { $0.reason }, .text("action") { $0.action }, .text("button") { $0.button },
        .bool("isSpam") { $0.isSpam }, .text("queueURL") { $0.queueURL },
    ]
}
