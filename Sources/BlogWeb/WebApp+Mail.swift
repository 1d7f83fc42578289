import Blog
import Foundation
import HTTPServer
import Routes

/// Mail to readers who asked for it, and the page its links open. The link's token is the
/// permission; a GET only asks, the POST acts (also RFC 8058's one-click unsubscribe). The
/// answers read the same whether or not the subscription exists, so a link tells nobody
/// whether an address is subscribed. Every mail's words are written here, when it is sent.
extension WebApp {
    func mailLinkPage(_ request: HTTPRequest, token: String) -> HTTPResponse {
        withLink(request, token) { link in
            let confirm = link.action == .confirm
            return mailPage(request, heading: text[confirm ? "mailConfirmHeading" : "mailUnsubscribeHeading"],
                            message: text[confirm ? "mailConfirmMessage" : "mailUnsubscribeMessage"],
                            action: WebRoute.useMailLink(token: token).path,
                            button: text[confirm ? "mailConfirmButton" : "mailUnsubscribeButton"])
        }
    }

    func useMailLink(_ request: HTTPRequest, token: String) throws -> HTTPResponse {
        try withLink(request, token) { link in
            if link.action == .confirm {
                try store.confirmSubscription(id: link.subjectID)
                return mailPage(request, heading: text["mailConfirmHeading"], message: text["mailConfirmed"])
            }
            try store.unsubscribe(id: link.subjectID)
            return mailPage(request, heading: text["mailUnsubscribeHeading"], message: text["mailUnsubscribed"])
        }
    }

    /// What `body` answers for the link a token stands for, or the page saying why it acts not.
    private func withLink(_ request: HTTPRequest, _ token: String, _ body: (MailLink) throws -> HTTPResponse) rethrows
        -> HTTPResponse {
        let link: MailLink
        do {
            link = try MailLink.verify(token, hasher: comments.hasher, actions: MailLink.subscription)
        } catch {
            return mailPage(request, refusal: error)
        }
        return try body(link)
    }

    private func mailPage(_ request: HTTPRequest, refusal: MailLink.Refusal) -> HTTPResponse {
        mailPage(request, heading: text["genericErrorHeading"],
                 message: text[refusal == .expired ? "mailLinkExpired" : "mailLinkInvalid"],
                 status: refusal == .expired ? .gone : .notFound)
    }

    private func mailPage(_ request: HTTPRequest, heading: String, message: String, action: String? = nil, button: String = "",
                          status: HTTPStatus = .ok) -> HTTPResponse {
        let chrome = chrome(request, title: heading, canonicalPath: WebRoute.home().path, noindex: true)
        var response = HTMLResponse.make(theme.mail.render(MailPageView(chrome: chrome, heading: heading, message: message,
                                                                        action: action, button: button)),
                                         status: status, cacheable: false)
        // The token is the whole secret: no link to another site may carry it on in a Referer.
        // Not "no-referrer": browsers then send `Origin: null` with the button's POST, which the
        // origin check refuses.
        response.headers.set("Referrer-Policy", "same-origin")
        return response
    }

    // MARK: - The words of readers' mail

    /// The words of a mail to a subscriber, or nil when there is nothing to say any more (the
    /// subscription ended, the comment was taken back).
    public func subscriberMail(for mail: OutboxMail, now: Date = Date()) throws -> ComposedMail? {
        guard let id = mail.subscriptionID, let subscription = try store.subscription(id: id) else { return nil }
        let unsubscribe = absolute(WebRoute.mailLink(token: MailLink(.unsubscribe, id, now: now).token(comments.hasher)).path)
        switch mail.kind {
        case .confirmSubscription:
            guard !subscription.confirmed else { return nil }
            return confirmationMail(subscription, now: now)
        case .reply, .newComment:
            guard subscription.confirmed, let comment = try store.comment(id: mail.subjectID), comment.status == .approved else {
                return nil
            }
            let isReply = mail.kind == .reply
            let title = subscription.articleTitle
            let subject = isReply ? text.format("mailReplySubject", site.title, comment.name, title)
                : text.format("mailNewCommentSubject", site.title, title)
            let intro = text.format(isReply ? "mailReplyText" : "mailNewCommentText", comment.name, title)
            let excerpt = comment.body.count > 600 ? String(comment.body.prefix(599)) + "…" : comment.body
            let permalink = absolute(WebRoute.commentPermalink(slug: comment.articleSlug, id: comment.id).path)
            let quoted = excerpt.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
            let plain = "\(intro)\n\n\(quoted)\n\n\(text["mailRead"]) \(permalink)\n\n\(text["mailUnsubscribe"]) \(unsubscribe)\n"
            let html = "<p>\(HTMLText.escape(intro))</p>\n<blockquote>\(HTMLText.escape(excerpt).replacingOccurrences(of: "\n", with: "<br>"))</blockquote>\n"
                + "<p><a href=\"\(HTMLText.escape(permalink))\">\(HTMLText.escape(text["mailRead"]))</a></p>\n"
                + "<p><small><a href=\"\(HTMLText.escape(unsubscribe))\">\(HTMLText.escape(text["mailUnsubscribe"]))</a></small></p>\n"
            return ComposedMail(subject: subject, text: plain, html: html, unsubscribeURL: unsubscribe)
        case .commentHeld:
            return nil
        }
    }

    private func confirmationMail(_ subscription: Subscription, now: Date) -> ComposedMail {
        let replies = subscription.kind == .replies
        let title = subscription.articleTitle
        let subject = replies ? text.format("mailConfirmSubjectReplies", site.title)
            : text.format("mailConfirmSubjectArticle", site.title, title)
        let what = text.format(replies ? "mailConfirmTextReplies" : "mailConfirmTextArticle", title)
        // Valid 48 hours from the wish, however late the mail goes: the wish lapses soon after.
        let confirm = absolute(WebRoute.mailLink(token: MailLink(.confirm, subscription.id, now: subscription.createdAt)
            .token(comments.hasher)).path)
        let plain = "\(what)\n\n\(text["mailConfirmAction"])\n\(confirm)\n\n\(text["mailConfirmIgnore"])\n"
        let html = "<p>\(HTMLText.escape(what))</p>\n<p>\(HTMLText.escape(text["mailConfirmAction"]))<br>"
            + "<a href=\"\(HTMLText.escape(confirm))\">\(HTMLText.escape(text["mailConfirmButton"]))</a></p>\n"
            + "<p><small>\(HTMLText.escape(text["mailConfirmIgnore"]))</small></p>\n"
        return ComposedMail(subject: subject, text: plain, html: html)
    }

}
