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
                         before: Int?) throws -> HTTPResponse {
        let result = try store.moderationQueue(status: status, before: before, perPage: Self.queuePerPage)
        let tabs: [(CommentStatus, String)] = [(.pending, "queuePending"), (.approved, "queueApproved"), (.spam, "queueSpam")]
        let view = QueuePageView(
            chrome: chrome(request, title: strings["comments"]!, session: session, nav: AdminNav(comments: true)),
            tabs: tabs.map { FilterLinkView(label: strings[$0.1]!, url: AdminRoute.comments(status: $0.0).path, current: $0.0 == status) },
            comments: result.comments.map(queuedView),
            total: result.total,
            newer: before != nil ? AdminRoute.comments(status: status).path : nil,
            older: result.older ? result.comments.last.map { AdminRoute.comments(status: status, before: $0.comment.id).path } : nil,
            pageLabel: result.total >= 10_000 ? say("queueCountLots", result.total) : say("queueCount", result.total),
            action: AdminRoute.moderateComments.path, returnPath: AdminRoute.comments(status: status, before: before).path,
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
        if !ids.isEmpty {
            try audit(session, .commentsModerate, "\(fields["action"] ?? "") " + ids.map { "#\($0)" }.joined(separator: " "))
        }
        return .redirect(to: back)
    }

    func queuedView(_ item: QueuedComment) -> QueuedCommentView {
        let base = commentView(item.comment, articleTitle: item.articleTitle)
        let reason: String? = switch item.holdReason {
        case .firstTime: strings["reasonFirstTime"]
        case .links: strings["reasonLinks"]
        case .all: strings["reasonAll"]
        case .honeypot: strings["reasonHoneypot"]
        case .imported: strings["reasonImported"]
        case nil: nil
        }
        let count = item.approvedFromAddress
        let history = switch count {
        case 0: strings["historyNone"]!
        case 1: say("historyOne", count)
        case QueuedComment.historyLimit...: say("historyLots", count)
        default: say("historyMany", count)
        }
        return QueuedCommentView(base: base, reason: reason, history: history,
                                 permalink: WebRoute.commentPermalink(slug: item.comment.articleSlug, id: item.comment.id).path,
                                 isApproved: item.comment.status == .approved)
    }
}
