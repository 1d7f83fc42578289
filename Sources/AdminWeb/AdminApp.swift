import Blog
import BlogWeb
import Foundation
import HTTPServer
import Logging
import Routes

/// The author's desk under `/admin`: sign-in, sessions and the pages behind them. Binds the
/// accounts and the blog domain to HTTP; knows no SQL and no sockets. Every answer is private
/// (`no-store`, `noindex`; see `PrivateAnswers`), and every form that changes something
/// carries the session's CSRF token.
public struct AdminApp: Sendable {
    let store: BlogStore
    let accounts: AccountService
    /// Its hasher finds a commenter's comments by address.
    let comments: CommentService
    /// What erased commenters are called ("Anonymous" / "Anonym").
    let anonymousName: String
    let site: SiteSettings
    let theme: AdminTheme
    let text: Localization
    let strings: [String: String]
    let t: AdminStringsView
    let cookie: SessionCookie
    /// The page cache's hits and misses; nil when the cache is off.
    let cacheLookups: @Sendable () -> (hits: Int, misses: Int)?
    /// The public article page for an article that is not stored (the theme's own template).
    let preview: @Sendable (HTTPRequest, ArticleWithComments) -> [UInt8]
    let logger: Logger

    public init(store: BlogStore, accounts: AccountService, comments: CommentService, anonymousName: String, site: SiteSettings,
                cacheLookups: @escaping @Sendable () -> (hits: Int, misses: Int)?,
                preview: @escaping @Sendable (HTTPRequest, ArticleWithComments) -> [UInt8], logger: Logger) throws {
        self.preview = preview
        self.comments = comments
        self.anonymousName = anonymousName
        self.store = store
        self.accounts = accounts
        self.site = site
        self.cacheLookups = cacheLookups
        self.logger = logger
        theme = try AdminTheme(templatesPath: site.templatesPath, staticPath: site.staticPath)
        text = Localization(language: site.language, timeZone: site.timeZone)
        strings = site.language == .de ? AdminStrings.german : AdminStrings.english
        t = AdminStringsView(strings)
        cookie = SessionCookie(secure: site.baseURL.lowercased().hasPrefix("https://"), maxAge: Int(accounts.policy.lifetime))
    }

    /// What each desk route runs: one exhaustive switch. Everything past sign-in first finds
    /// the session; without one a page sends the browser to sign in.
    public func action(for route: AdminRoute) -> RouteAction {
        switch route {
        case .signInForm(let next, let signedOut): .worker { try signInForm($0, next: next, signedOut: signedOut) }
        case .signIn: .worker { try signIn($0) }
        case .signOut: .worker { try signOut($0) }
        case .signOutEverywhere: .worker { try signOutEverywhere($0) }
        case .dashboard: .worker { try signedIn($0, needs: .moderate) { try dashboard($0, $1) } }
        case .articles(let filter, let query, let page):
            .worker { try signedIn($0, needs: .write) { try articleList($0, $1, filter: filter, query: query, page: page) } }
        case .newArticle: .worker { try signedIn($0, needs: .write) { try newArticleForm($0, $1) } }
        case .createArticle: .worker { try signedIn($0, needs: .write) { try saveArticle($0, $1, slug: nil) } }
        case .editArticle(let slug, let saved):
            .worker { try signedIn($0, needs: .write) { try editArticleForm($0, $1, slug: slug, saved: saved) } }
        case .saveArticle(let slug): .worker { try signedIn($0, needs: .write) { try saveArticle($0, $1, slug: slug) } }
        case .confirmDeleteArticle(let slug): .worker { try signedIn($0, needs: .write) { try confirmDelete($0, $1, slug: slug) } }
        case .deleteArticle(let slug): .worker { try signedIn($0, needs: .write) { try deleteArticle($0, $1, slug: slug) } }
        case .revisions(let slug, let shown):
            .worker { try signedIn($0, needs: .write) { try revisionsPage($0, $1, slug: slug, shown: shown) } }
        case .restoreRevision(let slug, let revision):
            .worker { try signedIn($0, needs: .write) { try restoreRevision($0, $1, slug: slug, revision: revision) } }
        case .createPreviewLink(let slug):
            .worker { try signedIn($0, needs: .write) { try changePreviewLink($0, $1, slug: slug, create: true) } }
        case .revokePreviewLink(let slug):
            .worker { try signedIn($0, needs: .write) { try changePreviewLink($0, $1, slug: slug, create: false) } }
        case .comments(let status, let before):
            .worker { try signedIn($0, needs: .moderate) { try moderationQueue($0, $1, status: status, before: before) } }
        case .moderateComments: .worker { try signedIn($0, needs: .moderate) { try moderate($0, $1) } }
        case .comment(let id, let saved): .worker { try signedIn($0, needs: .moderate) { try commentPage($0, $1, id: id, saved: saved) } }
        case .editComment(let id): .worker { try signedIn($0, needs: .moderate) { try editComment($0, $1, id: id) } }
        case .replyToComment(let id): .worker { try signedIn($0, needs: .moderate) { try replyToComment($0, $1, id: id) } }
        case .apiTokens: .worker { try signedIn($0, needs: .manageUsers) { try tokensPage($0, $1) } }
        case .createAPIToken: .worker { try signedIn($0, needs: .manageUsers) { try createToken($0, $1) } }
        case .revokeAPIToken(let id): .worker { try signedIn($0, needs: .manageUsers) { try revokeToken($0, $1, id: id) } }
        case .redirects(let query, let done):
            .worker { try signedIn($0, needs: .write) { try redirectsPage($0, $1, query: query, done: done) } }
        case .addRedirect: .worker { try signedIn($0, needs: .write) { try addRedirect($0, $1) } }
        case .removeRedirect: .worker { try signedIn($0, needs: .write) { try removeRedirect($0, $1) } }
        case .auditLog(let before): .worker { try signedIn($0, needs: .manageUsers) { try auditPage($0, $1, before: before) } }
        case .users(let done): .worker { try signedIn($0, needs: .manageUsers) { try usersPage($0, $1, done: done) } }
        case .addUser: .worker { try signedIn($0, needs: .manageUsers) { try addUser($0, $1) } }
        case .changeUser(let id): .worker { try signedIn($0, needs: .manageUsers) { try changeUser($0, $1, id: id) } }
        case .setCommentsOpen(let slug): .worker { try signedIn($0, needs: .moderate) { try setCommentsOpen($0, $1, slug: slug) } }
        case .personalData(let erased): .worker { try signedIn($0, needs: .moderate) { personalDataForm($0, $1, erased: erased) } }
        case .findPersonalData: .worker { try signedIn($0, needs: .moderate) { try findPersonalData($0, $1) } }
        case .exportPersonalData: .worker { try signedIn($0, needs: .moderate) { try exportPersonalData($0, $1) } }
        case .erasePersonalData: .worker { try signedIn($0, needs: .moderate) { try erasePersonalData($0, $1) } }
        case .mailModerationForm(let token): .worker { try mailModerationForm($0, token: token) }
        case .mailModerate(let token): .worker { try mailModerate($0, token: token) }
        }
    }

    // MARK: - Sessions and forms

    /// Runs `page` for the signed-in account when its role allows `permission`; sends anyone
    /// else to sign in (a GET comes back here afterwards), and refuses a role that may not (403).
    func signedIn(_ request: HTTPRequest, needs permission: Role.Permission,
                  _ page: (HTTPRequest, AccountService.SignedIn) throws -> HTTPResponse) throws -> HTTPResponse {
        guard let token = cookie.session(in: request), let session = try accounts.session(token) else {
            // A save whose session ended meanwhile: sign in again with the text kept.
            if request.method == "POST", let kept = KeptForm(posting: request) {
                return signInPage(request, email: "", next: nil, error: nil, notice: strings["signInAgainKept"], kept: kept,
                                  status: .ok)
            }
            let next = request.method == "GET" ? AdminRoute.safeNext(request.target) : nil
            var response = HTTPResponse.redirect(to: AdminRoute.signInForm(next: next).path)
            if cookie.session(in: request) != nil { response.headers.add("Set-Cookie", cookie.clearSession()) }
            return response
        }
        guard session.account.role.allows(permission) else {
            throw HTTPError(.forbidden, code: "forbidden_role", message: "Your role may not do this.")
        }
        return try page(request, session)
    }

    /// The fields of a desk form, after the checks every state-changing form passes: a form
    /// body, sent by this site's pages (`Sec-Fetch-Site`), carrying `expected` as its token.
    /// `repeatable`: fields that may come more than once (the queue's checkboxes).
    func formFields(_ request: HTTPRequest, token expected: SessionToken?, repeatable: Set<String> = []) throws -> FormFields {
        guard request.mediaType == "application/x-www-form-urlencoded" else {
            throw HTTPError(.unsupportedMediaType, code: "unsupported_media_type",
                            message: "Send the form as application/x-www-form-urlencoded.")
        }
        // Browsers say where a request comes from; only our own pages may post here. (Origin is
        // checked for every POST by `OriginCheck` already.)
        if request.headers.values(for: "Sec-Fetch-Site").contains(where: { $0 != "same-origin" && $0 != "none" }) {
            throw Self.forbidden
        }
        guard let fields = try? FormFields(strictlyDecoding: request.body, repeatable: repeatable) else {
            throw HTTPError(.badRequest, code: "malformed_form", message: "The form could not be read.")
        }
        guard let expected, let sent = fields["csrf"], expected.accepts(csrfToken: sent) else { throw Self.forbidden }
        return fields
    }

    static let forbidden = HTTPError(.forbidden, code: "csrf_failed", message: "The form was not accepted.")

    // MARK: - Pages

    /// `csrf`: the token the page's forms carry, when it is not the session's (sign-in).
    func chrome(_ request: HTTPRequest, title: String, session: AccountService.SignedIn?, csrf: String? = nil,
                nav: AdminNav = AdminNav()) -> AdminChrome {
        let account = session.map {
            AccountView(name: $0.account.name, email: $0.account.email, role: roleName($0.account.role),
                        writes: $0.account.role.allows(.write), manages: $0.account.role.allows(.manageUsers))
        }
        return AdminChrome(lang: site.language.rawValue, t: t, title: "\(title) – \(strings["admin"]!) – \(site.title)",
                           siteTitle: site.title, assets: theme.assets, account: account, csrf: csrf ?? session?.token.csrfToken ?? "",
                           returnPath: AdminRoute.safeNext(request.target) ?? AdminRoute.dashboard.path, nav: nav)
    }

    func roleName(_ role: Role) -> String {
        switch role {
        case .owner: strings["roleOwner"]!
        case .editor: strings["roleEditor"]!
        case .moderator: strings["roleModerator"]!
        }
    }

    /// A desk page: HTML that no cache may keep.
    static func page(_ html: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        var response = HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: html)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// What the server answers on a desk path before any route runs (a 413 for a huge form, a
    /// 431, a timeout): plain text, as everywhere, but private like every desk answer.
    public static func refusal(_ status: HTTPStatus) -> HTTPResponse {
        var response = HTTPResponse.text("\(status.code) \(status.reason)\n", status: status)
        response.headers.set("Cache-Control", "no-store")
        response.headers.set("X-Robots-Tag", "noindex, nofollow")
        return response
    }

    /// Any HTTP error on a desk path, as a desk page.
    public func errorPage(_ request: HTTPRequest, _ error: HTTPError) -> HTTPResponse {
        let (heading, message): (String, String) = switch error.status.code {
        case 403: (strings["forbiddenHeading"]!, error.code == "forbidden_role" ? strings["forbiddenRole"]! : strings["forbiddenMessage"]!)
        case 404, 405: (strings["notFoundHeading"]!, strings["notFoundMessage"]!)
        default: (strings["errorHeading"]!, error.status.code < 500 ? error.message : strings["errorMessage"]!)
        }
        let view = AdminErrorPageView(chrome: chrome(request, title: heading, session: nil), status: error.status.code,
                                      heading: heading, message: message)
        var response = Self.page(theme.error.render(view), status: error.status)
        for field in error.headers { response.headers.set(field.name, field.value) }
        return response
    }
}
