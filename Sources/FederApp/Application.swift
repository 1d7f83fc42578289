import Blog
import BlogAPI
import BlogWeb
import Foundation
import HTTPServer
import Logging
import Routes
import SQLite

/// Wires the pieces together: database, blog domain, web pages, JSON API, static files and
/// the HTTP server. Nothing here parses a command line.
public final class Application: Sendable {
    public let config: FederConfig
    /// Only migrations and backups (`Maintenance`) use the pool itself; all else goes through `store`.
    let database: DatabasePool
    public let store: BlogStore
    public let comments: CommentService
    public let importer: ArticleImporter
    /// Everything the server asks: middleware, then the routes.
    public let responder: ResponderChain
    /// What erased commenters are called, in the site's language ("Anonymous" / "Anonym").
    public let anonymousName: String
    private let logger: Logger

    /// Opens the database and applies migrations.
    public init(config: FederConfig, logger: Logger = Logger(label: "feder")) throws {
        self.config = config
        self.logger = logger
        database = try DatabasePool(path: config.databasePath, options: {
            var options = DatabasePool.Options()
            options.readerCount = config.databaseReaders
            return options
        }())
        let applied = try BlogStore.migrate(database, migrationsPath: config.migrationsPath)
        if !applied.isEmpty { logger.info("applied migrations \(applied.map(String.init).joined(separator: ", "))") }
        store = BlogStore(database: database) { error in
            logger.error("storage unavailable, answering 503 with Retry-After: \(error) (database \(config.databasePath))")
        }
        let hasher = KeyedHasher(secret: try Secrets.loadOrCreate(nextTo: config.databasePath))
        comments = CommentService(store: store, policy: config.comments, hasher: hasher)
        importer = ArticleImporter(store: store, timeZone: config.site.timeZone)
        anonymousName = Localization(language: config.site.language, timeZone: config.site.timeZone)["anonymous"]
        let theme = try Theme(templatesPath: config.site.templatesPath, staticPath: config.site.staticPath)
        let web = WebApp(store: store, comments: comments, site: config.site, theme: theme)
        let api = APIApp(store: store, comments: comments, importer: importer, baseURL: config.site.baseURL,
                         adminToken: config.adminToken,
                         anonymousName: anonymousName)
        let cache = config.cacheBytes > 0 ? ResponseCache(byteBudget: config.cacheBytes) : nil
        responder = Self.responder(web: web, api: api, store: store, cache: cache, config: config, logger: logger)
    }

    /// `https` or `http`: how readers reach the site, from `site.baseURL`.
    static func scheme(of baseURL: String) -> String {
        baseURL.lowercased().hasPrefix("https://") ? "https" : "http"
    }

    /// The middleware in the order a request passes it, then the routes. A cached page is
    /// answered by `PageCache` on the event loop; a miss goes on to its route's handler, and
    /// its answer comes back out through the same layers.
    static func responder(web: WebApp, api: APIApp, store: BlogStore, cache: ResponseCache?, config: FederConfig,
                          logger: Logger) -> ResponderChain {
        // Errors in the format of the surface a path belongs to: JSON under /api/, pages elsewhere.
        let errors: @Sendable (HTTPRequest, HTTPError) -> HTTPResponse = { request, error in
            APIRoute.owns(target: String(request.path)) ? APIApp.errorResponse(error) : web.errorPage(request, error)
        }
        let routes = RouteEndpoint<SiteRoute>(
            logger: logger, bodyLimit: { $0.maxBodySize },
            refusals: { status, target in APIRoute.owns(target: target) ? APIApp.refusal(status) : nil },
            errors: errors) { route in
                switch route {
                case .web(let route): web.action(for: route)
                case .api(let route): api.action(for: route)
                }
            }
        var middleware: [any Middleware] = [ClientAddress(trustProxy: config.trustProxy), ConditionalGET()]
        if let cache {
            middleware.append(PageCache(cache) { generation(of: $0, in: store) })
        }
        middleware += [
            SecurityHeaders(all: WebApp.securityHeadersForAll, html: WebApp.securityHeadersForPages),
            OriginCheck(scheme: scheme(of: config.site.baseURL), errors: errors),
        ]
        return ResponderChain(middleware, endpoint: routes)
    }

    /// What a cached answer depends on: an article's own pages only on that article (and
    /// site-wide content), so comments on other articles leave them cached; every other page
    /// on everything. Runs on the event loop for every GET.
    static func generation(of request: HTTPRequest, in store: BlogStore) -> UInt64 {
        guard let path = try? RequestPath(request), let route = SiteRoute(method: "GET", path: path),
              case .article(let slug) = route.cacheScope else { return store.generation }
        return store.generation(ofArticle: slug)
    }

    /// A fresh installation shows the demo articles, so every feature is visible at once.
    public func seedDemoContentIfEmpty() throws {
        guard !config.seedContentPath.isEmpty, FileManager.default.fileExists(atPath: config.seedContentPath),
              try store.allArticles(includeDrafts: true, limit: 1).isEmpty else { return }
        let results = try importer.importFiles([config.seedContentPath])
        logger.info("seeded \(results.count) demo articles from \(config.seedContentPath)")
    }

    /// Starts serving; returns the running server (its `port` is the bound one).
    public func serve(accessLogger: Logger = Logger(label: "feder.access")) throws -> HTTPServer {
        let server = HTTPServer(configuration: config.server, responder: responder, logger: accessLogger,
                                accessLog: config.accessLog)
        try server.start()
        return server
    }
}
