import Blog
import Foundation
import HTTPServer
import Routes

/// Old addresses answered with a 301 (writers): found by the start of the address, added and
/// removed. An import fills the table; this is where a person corrects it.
extension AdminApp {
    static let redirectsPerPage = 100
    /// Past this the desk says "more than", instead of counting a table an import filled.
    static let redirectsCountCap = 10_000

    func redirectsPage(_ request: HTTPRequest, _ session: AccountService.SignedIn, query: String, done: Bool,
                       typed: (from: String, to: String) = ("", ""), errors: (from: String?, to: String?) = (nil, nil),
                       status: HTTPStatus = .ok) throws -> HTTPResponse {
        var prefix = query.isEmpty ? "" : RedirectKey(address: query.hasPrefix("/") || query.contains("://") ? query : "/" + query)?
            .value ?? query
        // `/2025/` means what is under it, not `/20251…` too.
        if query.hasSuffix("/") && !prefix.hasSuffix("/") { prefix += "/" }
        let rows = try store.redirects(prefix: prefix, limit: Self.redirectsPerPage)
        let count = try store.redirectCount(cap: Self.redirectsCountCap)
        let view = RedirectsPageView(
            chrome: chrome(request, title: strings["redirects"]!, session: session, nav: AdminNav(redirects: true)),
            redirects: rows.map { redirect in
                RedirectRowView(from: redirect.from, to: redirect.destination.location,
                                isArticle: { if case .article = redirect.destination { true } else { false } }())
            },
            total: count > Self.redirectsCountCap ? say("redirectsTotalMore", Self.redirectsCountCap) : say("redirectsTotal", count),
            query: query,
            more: rows.count == Self.redirectsPerPage ? strings["redirectsMore"]! : nil, done: done,
            typedFrom: typed.from, typedTo: typed.to, fromError: errors.from, toError: errors.to,
            searchAction: AdminRoute.redirects().path, addAction: AdminRoute.addRedirect.path,
            removeAction: AdminRoute.removeRedirect.path)
        return Self.page(theme.redirects.render(view), status: status)
    }

    func addRedirect(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        let from = fields["from"] ?? "", to = fields["to"] ?? ""
        let checked: (key: RedirectKey, destination: String)
        do {
            checked = try RedirectKey.checked(from: from, to: to)
        } catch {
            let errors: (from: String?, to: String?) = switch error {
            case .oldAddress: (strings["redirectFromInvalid"]!, nil)
            case .destination: (nil, strings["redirectToInvalid"]!)
            case .loop: (nil, strings["redirectToItself"]!)
            }
            return try redirectsPage(request, session, query: "", done: false, typed: (from, to), errors: errors,
                                     status: .unprocessableContent)
        }
        try store.setRedirect(from: checked.key.value, to: checked.destination)
        try audit(session, .redirectAdd, "\(checked.key.value) -> \(checked.destination)")
        return .redirect(to: AdminRoute.redirects(done: true).path)
    }

    func removeRedirect(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        // The stored key exactly as listed: parsing it again as an address would decode it twice.
        guard let key = fields["key"], try store.removeRedirect(from: key) else { throw HTTPError.notFound() }
        try audit(session, .redirectRemove, key)
        return .redirect(to: AdminRoute.redirects(done: true).path)
    }
}
