import Blog
import Foundation
import HTTPServer
import Routes

extension AdminApp {
    /// `GET /admin`: what needs attention (held comments), what happened (recent comments),
    /// what is unfinished (drafts), and how the installation is doing.
    func dashboard(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        let overview = try store.deskOverview()
        let writes = session.account.role.allows(.write) // drafts are the writers' business
        let figures = [
            FigureView(label: strings["figurePending"]!, value: String(overview.pendingCount)),
            FigureView(label: strings["figurePublished"]!, value: String(overview.publishedCount)),
            writes ? FigureView(label: strings["figureScheduled"]!, value: String(overview.scheduledCount)) : nil,
            writes ? FigureView(label: strings["figureDrafts"]!, value: String(overview.draftCount)) : nil,
            FigureView(label: strings["figureDatabase"]!, value: Self.size(overview.databaseBytes)),
            FigureView(label: strings["figureCache"]!, value: cacheFigure()),
            comments.mail.enabled ? FigureView(label: strings["figureMail"]!, value: try mailFigure()) : nil,
        ].compactMap { $0 }
        let undelivered = comments.mail.enabled ? try store.undeliveredMail(limit: 5).map(undeliveredView) : []
        let view = DashboardPageView(
            chrome: chrome(request, title: strings["dashboard"]!, session: session, nav: AdminNav(dashboard: true)),
            figures: figures, pending: overview.newestPending.map(commentView), recent: overview.recentComments.map(commentView),
            showsDrafts: writes, drafts: overview.drafts.map { articleView($0, date: text.date($0.date)) },
            scheduled: overview.scheduled.map { articleView($0, date: dateTime($0.date)) }, undelivered: undelivered)
        return Self.page(theme.dashboard.render(view))
    }

    /// "12 sent in 24 h · 1 waiting · 2 not delivered".
    private func mailFigure() throws -> String {
        let summary = try store.outboxSummary()
        return say("figureMailValue", summary.sentLastDay, summary.queued, summary.failed + summary.unknown)
    }

    private func undeliveredView(_ mail: UndeliveredMail) -> UndeliveredMailView {
        let kind = switch mail.kind {
        case .commentHeld: strings["mailKindHeld"]!
        case .confirmSubscription: strings["mailKindConfirm"]!
        case .reply: strings["mailKindReply"]!
        case .newComment: strings["mailKindNewComment"]!
        case nil: "?"
        }
        let reason = mail.state == "unknown" ? strings["mailUnknown"]! : mail.reason
        return UndeliveredMailView(kind: kind, recipient: mail.recipient, reason: reason, date: dateTime(mail.at),
                                   isoDate: ISODate.format(mail.at))
    }

    private func articleView(_ article: DeskArticle, date: String) -> DeskArticleView {
        DeskArticleView(title: article.title, editURL: AdminRoute.editArticle(slug: article.slug).path, date: date,
                        isoDate: ISODate.format(article.date))
    }

    func commentView(_ item: DeskComment) -> DeskCommentView {
        commentView(item.comment, articleTitle: item.articleTitle)
    }

    func commentView(_ comment: Comment, articleTitle: String) -> DeskCommentView {
        let status: String = switch comment.status {
        case .pending: strings["statusPending"]!
        case .approved: strings["statusApproved"]!
        case .spam: strings["statusSpam"]!
        case .deleted: strings["statusDeleted"]!
        }
        let excerpt = comment.body.count > 160 ? String(comment.body.prefix(159)) + "…" : comment.body
        return DeskCommentView(id: comment.id, name: comment.name, email: comment.email ?? "", excerpt: excerpt,
                               articleTitle: articleTitle, articleURL: WebRoute.article(slug: comment.articleSlug).path,
                               date: text.date(comment.createdAt), isoDate: ISODate.format(comment.createdAt), status: status,
                               statusClass: comment.status.rawValue)
    }

    private func cacheFigure() -> String {
        guard let lookups = cacheLookups() else { return strings["figureCacheOff"]! }
        let total = lookups.hits + lookups.misses
        guard total > 0 else { return strings["figureCacheEmpty"]! }
        let percent = Double(lookups.hits) * 100 / Double(total)
        return String(format: "%.1f %%", percent) + " (\(lookups.hits) / \(total))"
    }

    /// Bytes in the largest unit that keeps a number above 1 (KiB, MiB, GiB).
    static func size(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f ", value) + units[unit]
    }
}
