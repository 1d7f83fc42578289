import Blog
import Foundation
import HTTPServer
import Routes

/// Old addresses answered with a 301 (writers): found by the start of the address, added and
/// removed. An import fills the table; this is where a person corrects it.
extension AdminApp {
    static let redirectsPerPage = 100

    func redirectsPage(_ request: HTTPRequest, _ session: AccountService.SignedIn, query: String, done: Bool,
                       typed: (from: String, to: String) = ("", ""), errors: (from: String?, to: String?) = (nil, nil),
                       status: HTTPStatus = .ok) throws -> HTTPResponse {
        let prefix = query.isEmpty ? "" : RedirectKey(address: query.hasPrefix("/") || query.contains("://") ? query : "/" + query)?
            .value ?? query
        let rows = try store.redirects(prefix: prefix, limit: Self.redirectsPerPage)
        let view = RedirectsPageView(
            chrome: chrome(request, title: strings["redirects"]!, session: session, nav: AdminNav(redirects: true)),
            redirects: rows.map { redirect in
                RedirectRowView(from: redirect.from, to: redirect.destination.location,
                                isArticle: { if case .article = redirect.destination { true } else { false } }())
            },
            total: say("redirectsTotal", try store.redirectCount()), query: query,
            more: rows.count == Self.redirectsPerPage ? strings["redirectsMore"]! : nil, done: done,
            typedFrom: typed.from, typedTo: typed.to, fromError: errors.from, toError: errors.to,
            searchAction: AdminRoute.redirects().path, addAction: AdminRoute.addRedirect.path,
            removeAction: AdminRoute.removeRedirect.path)
        return Self.page(theme.redirects.render(view), status: status)
    }

    func addRedirect(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        let from = CommentDraft.trim(fields["from"] ?? ""), to = CommentDraft.trim(fields["to"] ?? "")
        let key = RedirectKey(address: from)
        var errors: (from: String?, to: String?) = (nil, nil)
        if key == nil { errors.from = strings["redirectFromInvalid"]! }
        if RedirectKey.destination(to) == nil {
            errors.to = strings["redirectToInvalid"]!
        } else if let key, RedirectKey(address: to) == key {
            errors.to = strings["redirectToItself"]!
        }
        guard let key, errors.from == nil, errors.to == nil else {
            return try redirectsPage(request, session, query: "", done: false, typed: (from, to), errors: errors,
                                     status: .unprocessableContent)
        }
        try store.setRedirect(from: key.value, to: to)
        try audit(session, .redirectAdd, "\(key.value) -> \(to)")
        return .redirect(to: AdminRoute.redirects(done: true).path)
    }

    func removeRedirect(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        guard let key = RedirectKey(address: fields["from"] ?? ""), try store.removeRedirect(from: key.value) else {
            throw HTTPError.notFound()
        }
        try audit(session, .redirectRemove, key.value)
        return .redirect(to: AdminRoute.redirects(done: true).path)
    }
}
