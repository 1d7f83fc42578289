import Blog
import Foundation
import HTTPServer
import Routes

/// Moderation in the desk: the queue by status, with why each comment waits and how many of
/// its address's comments are published, and one form to approve, mark as spam or delete
/// the chosen ones. Every role may moderate.
extension AdminApp {
    static let queuePerPage = 50

    func moderationQueue(_ request: HTTPRequest, _ session: AccountService.SignedIn, status: CommentStatus,
                         page: Int) throws -> HTTPResponse {
        let result = try store.moderationQueue(status: status, page: page, perPage: Self.queuePerPage)
        let pages = max(1, (result.total + Self.queuePerPage - 1) / Self.queuePerPage)
        guard page == 1 || page <= pages else { throw HTTPError.notFound() }
        let tabs: [(CommentStatus, String)] = [(.pending, "queuePending"), (.approved, "queueApproved"), (.spam, "queueSpam")]
        let view = QueuePageView(
            chrome: chrome(request, title: strings["comments"]!, session: session, nav: AdminNav(comments: true)),
            tabs: tabs.map { FilterLinkView(label: strings[$0.1]!, url: AdminRoute.comments(status: $0.0).path, current: $0.0 == status) },
            comments: result.comments.map(queuedView),
            total: result.total,
            newer: page > 1 ? AdminRoute.comments(status: status, page: page - 1).path : nil,
            older: page < pages ? AdminRoute.comments(status: status, page: page + 1).path : nil,
            pageLabel: pages > 1 ? say("pageOf", page, pages) : nil,
            action: AdminRoute.moderateComments.path, returnPath: AdminRoute.comments(status: status, page: page).path,
            showApprove: status != .approved, showSpam: status != .spam)
        return Self.page(theme.queue.render(view))
    }

    /// `POST /admin/comments/moderate`: `action` approve, spam or delete, for every `id` given.
    func moderate(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token, repeatable: ["id"])
        let ids = fields.values(for: "id").compactMap { WebRoute.digits($0) }.prefix(Self.queuePerPage)
        let back = fields["return"].flatMap(AdminRoute.safeNext) ?? AdminRoute.comments().path
        for id in ids {
            do {
                switch fields["action"] {
                case "approve": try store.setStatus(.approved, commentID: id)
                case "spam": try store.setStatus(.spam, commentID: id)
                case "delete": try store.deleteComment(id: id)
                default: throw HTTPError.badRequest("Choose approve, spam or delete.")
                }
            } catch BlogError.commentNotFound {
                continue // gone meanwhile (another moderator): nothing left to do
            }
        }
        if !ids.isEmpty { logger.info("desk: account \(session.account.id) moderated \(ids.count) comments (\(fields["action"] ?? ""))") }
        return .redirect(to: back)
    }

    func queuedView(_ item: QueuedComment) -> QueuedCommentView {
        let base = commentView(item.comment, articleTitle: item.articleTitle)
        let reason: String? = switch item.holdReason {
        case .firstTime: strings["reasonFirstTime"]
        case .links: strings["reasonLinks"]
        case .all: strings["reasonAll"]
        case .honeypot: strings["reasonHoneypot"]
        case nil: nil
        }
        let count = item.approvedFromAddress
        return QueuedCommentView(base: base, reason: reason,
                                 history: count == 0 ? strings["historyNone"]! : say(count == 1 ? "historyOne" : "historyMany", count),
                                 permalink: WebRoute.commentPermalink(slug: item.comment.articleSlug, id: item.comment.id).path,
                                 isApproved: item.comment.status == .approved)
    }
}
