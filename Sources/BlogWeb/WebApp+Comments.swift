import Blog
import Foundation
import HTTPServer
import Routes

extension WebApp {
    /// `POST /articles/{slug}/comments` from the form: 303 on success (the comment's anchor, or
    /// the moderation notice), 422 with the same page, errors and typed values on failure.
    /// Deferred: it starts on the event loop and is answered when the comment is committed;
    /// only the 422 page, which reads the article, is rendered on a worker.
    func postComment(_ request: HTTPRequest, slug: String, reply: DeferredReply) throws {
        guard request.mediaType == "application/x-www-form-urlencoded" else {
            throw HTTPError(.unsupportedMediaType, code: "unsupported_media_type",
                            message: "Send the form as application/x-www-form-urlencoded.")
        }
        let fields: FormFields
        do {
            fields = try FormFields(strictlyDecoding: request.body)
        } catch {
            throw HTTPError(.badRequest, code: "malformed_form", message: text["errMalformedForm"])
        }
        let draft = CommentDraft(name: fields["name"] ?? "", email: fields["email"] ?? "", website: fields["website"] ?? "",
                                 body: fields["body"] ?? "", parentID: fields["parent_id"] ?? "",
                                 honeypot: fields["homepage"] ?? "", notify: fields["notify"] == "1",
                                 notifyArticle: fields["notify_article"] == "1")
        if fields["preview"] == "1" {
            // Shows the comment as it would look, stores nothing. A preview counts against the
            // posting limit like a post: each renders the whole page.
            let clientHash = comments.hasher.clientHash(request.remoteAddress)
            if let wait = comments.rateLimiter.admit(key: clientHash, limit: comments.policy.perMinute) {
                throw webError(BlogError.rateLimited(retryAfterSeconds: wait))
            }
            return reply.finishOnWorker { try commentPage(request, slug: slug, draft: draft, issues: [:], status: .ok) }
        }
        comments.submit(draft, toArticle: slug, clientAddress: request.remoteAddress) { result in
            switch result {
            case .success(let result) where result.caughtAsSpam || result.comment.status != .approved:
                // The notice page is the same for everyone, so it stays cacheable.
                reply.send(.redirect(to: WebRoute.article(slug: slug, held: true).path(anchor: "comment-notice")))
            case .success(let result):
                reply.send(.redirect(to: WebRoute.comment(result.comment.id, slug: slug, page: result.page ?? 1)))
            case .failure(BlogError.invalidComment(let issues)):
                reply.finishOnWorker { try commentPage(request, slug: slug, draft: draft, issues: issues, status: .unprocessableContent) }
            case .failure(let error as BlogError):
                reply.fail(webError(error))
            case .failure(let error):
                reply.fail(error)
            }
        }
    }

    /// The article again with every value the reader typed: with the form's errors (422), or,
    /// without errors, with a preview of the comment (200). Private either way (`no-store`).
    /// The page shown is the one with the comment answered, so the form can still name it.
    private func commentPage(_ request: HTTPRequest, slug: String, draft: CommentDraft,
                             issues: [CommentField: CommentIssue], status: HTTPStatus) throws -> HTTPResponse {
        let policy = comments.policy
        guard let reading = try store.articleWithComments(slug: slug, showing: draft.parsedParentID, perPage: policy.perPage,
                                                          order: policy.order)
        else { throw HTTPError.notFound() }
        let values = FormValues(name: draft.name, email: draft.email, website: draft.website, body: draft.body,
                                parentId: draft.parentID, notify: draft.notify, notifyArticle: draft.notifyArticle)
        let preview = status == .ok ? CommentFormat.markdown.html(draft.trimmed.body) : nil
        let model = articlePageModel(request, reading, form: (values, issues), notice: nil, preview: preview)
        return HTMLResponse.make(theme.article.render(model), status: status, cacheable: false)
    }

    func formView(article: Article, values: FormValues, issues: [CommentField: CommentIssue], replyTo: ReplyTarget?,
                  cancelURL: String, preview: String? = nil) -> FormView {
        let errors = FormErrors()
        var list: [FieldError] = []
        for (field, issue) in issues.sorted(by: { $0.key < $1.key }) {
            let message = text[Self.messageKey(field, issue)]
            switch field {
            case .name: errors.name = message
            case .email: errors.email = message
            case .website: errors.website = message
            case .body: errors.body = message
            case .parentID: errors.parentId = message
            }
            let anchor = field == .parentID ? "comment-parent-error" : "comment-\(field.rawValue)"
            list.append(FieldError(field: anchor, message: message))
        }
        return FormView(action: WebRoute.postComment(slug: article.slug).path, values: values, errors: errors, errorList: list,
                        hasErrors: !list.isEmpty, replyTo: replyTo, cancelURL: cancelURL + "#respond",
                        offersMail: comments.mail.enabled, previewHTML: preview)
    }

    /// The Strings key for a field problem, e.g. `errEmailInvalid`.
    static func messageKey(_ field: CommentField, _ issue: CommentIssue) -> String {
        let fieldName = switch field {
        case .name: "Name"
        case .email: "Email"
        case .website: "Website"
        case .body: "Body"
        case .parentID: "Parent"
        }
        let problem = switch issue {
        case .required: field == .website || field == .parentID ? "Invalid" : "Required"
        case .tooLong: field == .parentID ? "Invalid" : "TooLong"
        case .invalid: "Invalid"
        case .tooDeep: field == .parentID ? "TooDeep" : "Invalid"
        }
        return "err" + fieldName + problem
    }
}

extension WebApp {
    /// Domain errors as HTTP errors for readers: localized sentences for the error page.
    func webError(_ error: BlogError) -> HTTPError {
        let coded = error.httpError(message: "")
        return error.httpError(message: readerMessage(for: coded.code))
    }

    /// The reader's sentence for an error code, in the site's language: what the reader can do
    /// about it where there is something; the generic apology otherwise.
    func readerMessage(for code: String) -> String {
        text[Self.readerMessageKeys[code] ?? "genericErrorMessage"]
    }

    static let readerMessageKeys = [
        "comments_closed": "errCommentsClosed", "duplicate_comment": "errDuplicate", "rate_limited": "errRateLimited",
    ]
}
