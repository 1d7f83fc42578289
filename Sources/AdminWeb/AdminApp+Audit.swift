import Blog
import Foundation
import HTTPServer
import Routes

/// The audit log: every change made in the desk, kept for the owner (`/admin/audit`) and told
/// to the server log. Details name articles, comments and tokens, never an address or a secret.
extension AdminApp {
    static let auditPerPage = 100

    /// Logs what a signed-in account did and keeps it in the audit log.
    func audit(_ session: AccountService.SignedIn, _ action: AuditAction, _ detail: String = "") throws {
        logger.info("desk: account \(session.account.id) \(action.rawValue) \(detail)")
        try store.recordAudit(action, accountID: session.account.id, accountName: session.account.name, detail: detail)
    }

    /// `GET /admin/audit?before=ID`: newest first, a page of 100 (owners only).
    func auditPage(_ request: HTTPRequest, _ session: AccountService.SignedIn, before: Int?) throws -> HTTPResponse {
        let page = try store.auditLog(before: before, perPage: Self.auditPerPage)
        let view = AuditPageView(
            chrome: chrome(request, title: strings["auditLog"]!, session: session, nav: AdminNav(audit: true)),
            entries: page.entries.map { entry in
                AuditRowView(date: dateTime(entry.at), isoDate: ISODate.format(entry.at), who: entry.accountName,
                             what: entry.action.flatMap { strings["audit." + $0.rawValue] } ?? strings["auditUnknown"]!,
                             detail: entry.detail)
            },
            newer: before == nil ? nil : AdminRoute.auditLog().path,
            older: page.older ? page.entries.last.map { AdminRoute.auditLog(before: $0.id).path } : nil)
        return Self.page(theme.audit.render(view))
    }
}
