import AdminWeb
import Blog
import BlogAPI
import BlogWeb
import HTTPServer
import Logging
import Routes

/// What a site needs besides its store: how it looks, how it moderates, who may administer it.
/// Field names match the configuration file's sections (`site`, `comments`, …).
public struct SiteOptions: Sendable {
    public var site = SiteSettings()
    public var comments = CommentPolicy()
    /// Which mail comments cause (none unless mail is enabled).
    public var mail = CommentMail()
    /// Empty: the admin API answers 404 everywhere.
    public var adminToken = ""
    /// The page cache's budget; 0 turns it off.
    public var cacheBytes = 64 * 1024 * 1024
    /// Trust `X-Forwarded-For` from a proxy on the loopback address.
    public var trustProxy = false
    /// How long a desk session lives (`admin.sessionIdleMinutes`, `admin.sessionDays`).
    public var sessions = AccountService.SessionPolicy()
    /// scrypt's cost; tests lower it.
    public var passwordHashing = PasswordHasher.Parameters.standard

    public init() {}
}

/// The blog as one HTTP responder: the pages and the JSON API over one store, behind the
/// middleware in the order a request passes it. Knows nothing of configuration files, the
/// command line or sockets; `FederApp` opens the database and serves it.
public final class Site: Sendable {
    public let store: BlogStore
    public let comments: CommentService
    public let importer: ArticleImporter
    /// The desk's accounts and sessions (also what `feder user` manages).
    public let accounts: AccountService
    /// Everything the server asks: middleware, then the routes.
    public let responder: ResponderChain
    /// What erased commenters are called, in the site's language ("Anonymous" / "Anonym").
    public let anonymousName: String
    /// The words of a queued mail, or nil when what it is about is gone (nothing to say).
    public let composeMail: @Sendable (OutboxMail) throws -> ComposedMail?

    /// Loads the theme (a template naming a value its page lacks stops here).
    public init(store: BlogStore, hasher: KeyedHasher, options: SiteOptions, logger: Logger) throws {
        self.store = store
        store.setSendsMail(options.mail.enabled)
        comments = CommentService(store: store, policy: options.comments, hasher: hasher, mail: options.mail)
        importer = ArticleImporter(store: store, timeZone: options.site.timeZone)
        anonymousName = Localization(language: options.site.language, timeZone: options.site.timeZone)["anonymous"]
        let theme = try Theme(templatesPath: options.site.templatesPath, staticPath: options.site.staticPath)
        let web = WebApp(store: store, comments: comments, site: options.site, theme: theme)
        let api = APIApp(store: store, comments: comments, importer: importer, baseURL: options.site.baseURL,
                         adminToken: options.adminToken, anonymousName: anonymousName)
        let cache = options.cacheBytes > 0 ? ResponseCache(byteBudget: options.cacheBytes) : nil
        accounts = AccountService(store: store, passwords: PasswordHasher(parameters: options.passwordHashing), keyed: hasher,
                                  policy: options.sessions)
        let admin = try AdminApp(store: store, accounts: accounts, comments: comments, anonymousName: anonymousName,
                                 site: options.site, cacheLookups: { cache?.lookups },
                                 preview: { web.previewPage($0, $1) }, logger: logger)
        composeMail = { mail in
            switch mail.kind {
            case .commentHeld: try admin.heldCommentMail(for: mail)
            case .confirmSubscription, .reply, .newComment: try web.subscriberMail(for: mail)
            }
        }
        responder = Self.responder(web: web, api: api, admin: admin, store: store, cache: cache, options: options,
                                   logger: logger)
    }

    /// `https` or `http`: how readers reach the site, from `site.baseURL`.
    static func scheme(of baseURL: String) -> String {
        baseURL.lowercased().hasPrefix("https://") ? "https" : "http"
    }

    /// The middleware in the order a request passes it, then the routes. A cached page is
    /// answered by `PageCache` on the event loop; a miss goes on to its route's handler, and
    /// its answer comes back out through the same layers.
    static func responder(web: WebApp, api: APIApp, admin: AdminApp, store: BlogStore, cache: ResponseCache?,
                          options: SiteOptions, logger: Logger) -> ResponderChain {
        // Errors in the format of the surface a path belongs to: JSON under /api/, desk pages
        // under /admin, the reader's pages elsewhere.
        let errors: @Sendable (HTTPRequest, HTTPError) -> HTTPResponse = { request, error in
            let path = String(request.path)
            if APIRoute.owns(target: path) { return APIApp.errorResponse(error) }
            if AdminRoute.owns(request) { return admin.errorPage(request, error) }
            return web.errorPage(request, error)
        }
        let routes = RouteEndpoint<SiteRoute>(
            logger: logger, bodyLimit: { $0.maxBodySize },
            refusals: { status, target in
                if APIRoute.owns(target: target) { return APIApp.refusal(status) }
                if AdminRoute.owns(target: target) { return AdminApp.refusal(status) }
                return nil
            },
            errors: errors) { route in
                switch route {
                case .web(let route): web.action(for: route)
                case .api(let route): api.action(for: route)
                case .admin(let route): admin.action(for: route)
                }
            }
        var middleware: [any Middleware] = [
            // Outermost, so it has the last word on every desk answer (a 304 or 412 included).
            PrivateAnswers { SiteRoute.isPrivate($0) },
            ClientAddress(trustProxy: options.trustProxy),
            ConditionalGET(),
        ]
        if let cache {
            middleware.append(PageCache(cache) { generation(of: $0, in: store) })
        }
        middleware += [
            SecurityHeaders(all: WebApp.securityHeadersForAll, html: WebApp.securityHeadersForPages),
            OriginCheck(scheme: scheme(of: options.site.baseURL), exempt: { $0.path.hasPrefix("/mail/") }, errors: errors),
        ]
        return ResponderChain(middleware, endpoint: routes, loggedTarget: SiteRoute.loggedTarget)
    }

    /// What a cached answer depends on: an article's own pages only on that article (and
    /// site-wide content), so comments on other articles leave them cached; every other page
    /// on everything. Runs on the event loop for every GET.
    static func generation(of request: HTTPRequest, in store: BlogStore) -> UInt64? {
        switch SiteRoute.cacheScope(of: request) {
        case .site: store.generation
        case .article(let slug): store.generation(ofArticle: slug)
        case .never: nil
        }
    }
}
