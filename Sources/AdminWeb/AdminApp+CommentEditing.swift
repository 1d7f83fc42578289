import Blog
import Foundation
import HTTPServer
import Routes

/// One comment in the desk: its text edited (the page then marks it as edited), a reply as the
/// blog's author, and its article's comments closed or opened. Every role may do this; it is
/// moderation.
extension AdminApp {
    /// `GET /admin/comments/{id}`; also the page again after a refused edit (`typed`, `error`).
    func commentPage(_ request: HTTPRequest, _ session: AccountService.SignedIn, id: Int, saved: Bool,
                     typed: String? = nil, error: String? = nil, reply: String = "", replyError: String? = nil,
                     status: HTTPStatus = .ok) throws -> HTTPResponse {
        guard let comment = try store.comment(id: id), comment.status != .deleted,
              let article = try store.article(slug: comment.articleSlug, includeDrafts: true) else { throw HTTPError.notFound() }
        let heading = say("commentHeading", comment.name)
        let view = CommentPageView(
            chrome: chrome(request, title: heading, session: session, nav: AdminNav(comments: true)), heading: heading,
            comment: commentView(comment, articleTitle: article.title), bodyHTML: comment.html,
            edited: comment.editedAt.map { say("commentEditedOn", dateTime($0)) }, text: typed ?? comment.body, error: error,
            notice: saved ? strings["savedNotice"] : nil, editAction: AdminRoute.editComment(id: id).path,
            commentsOpen: article.commentsOpen,
            commentsState: say(article.commentsOpen ? "commentsOpenState" : "commentsClosedState", article.title),
            commentsAction: AdminRoute.setCommentsOpen(slug: article.slug).path,
            returnPath: AdminRoute.comment(id: id, saved: true).path,
            replyAction: comment.status == .spam ? nil : AdminRoute.replyToComment(id: id).path, reply: reply,
            replyError: replyError, replyHint: comment.status == .pending ? strings["replyPublishesHint"]! : strings["replyHint"]!)
        return Self.page(theme.comment.render(view), status: status)
    }

    /// `POST /admin/comments/{id}`: the new text, checked by the comment form's rules.
    func editComment(_ request: HTTPRequest, _ session: AccountService.SignedIn, id: Int) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        let text = fields["body"] ?? ""
        do {
            try store.editComment(id: id, body: text)
        } catch BlogError.commentNotFound {
            throw HTTPError.notFound()
        } catch BlogError.invalidComment(let issues) {
            return try commentPage(request, session, id: id, saved: false, typed: text, error: textProblem(issues[.body]),
                                   status: .unprocessableContent)
        }
        try audit(session, .commentEdit, "#\(id)")
        return .redirect(to: AdminRoute.comment(id: id, saved: true).path)
    }

    /// `POST /admin/comments/{id}/reply`: published at once under the account's name, with the
    /// "Author" badge; then the public page, at the reply.
    func replyToComment(_ request: HTTPRequest, _ session: AccountService.SignedIn, id: Int) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        let text = fields["body"] ?? ""
        let reply: Comment
        do {
            reply = try comments.replyAsAuthor(to: id, body: text, name: session.account.name, email: session.account.email,
                                               clientAddress: request.remoteAddress)
        } catch BlogError.commentNotFound {
            throw HTTPError.notFound()
        } catch BlogError.invalidComment(let issues) {
            return try commentPage(request, session, id: id, saved: false, reply: text, replyError: textProblem(issues[.body]),
                                   status: .unprocessableContent)
        }
        try audit(session, .commentReply, "#\(id) → #\(reply.id)")
        return .redirect(to: WebRoute.commentPermalink(slug: reply.articleSlug, id: reply.id).path)
    }

    private func textProblem(_ issue: CommentIssue?) -> String {
        switch issue {
        case .required?: strings["commentTextRequired"]!
        case .tooLong?: strings["commentTextTooLong"]!
        default: strings["commentTextInvalid"]!
        }
    }

    /// `POST /admin/articles/{slug}/comments-open`: `open` 1 or 0. Saved as a revision of the
    /// article, like an editor's save, so an editor opened before it cannot undo it unseen.
    func setCommentsOpen(_ request: HTTPRequest, _ session: AccountService.SignedIn, slug: String) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        let open = fields["open"] == "1"
        let back = fields["return"].flatMap(AdminRoute.safeNext) ?? AdminRoute.comments().path
        guard let stored = try store.articleForEditing(slug: slug) else { throw HTTPError.notFound() }
        if stored.article.commentsOpen != open {
            var input = try ArticleDocument.parse(ArticleDocument.print(stored.article), source: "desk", timeZone: site.timeZone)
            input.commentsOpen = open
            _ = try store.saveArticle(input, originalSlug: slug, expectedRevision: stored.revision, accountID: session.account.id)
            try audit(session, open ? .commentsOpen : .commentsClose, slug)
        }
        return .redirect(to: back)
    }
}
