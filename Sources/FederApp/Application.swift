import Blog
import BlogAPI
import BlogWeb
import Foundation
import HTTPServer
import Logging
import SQLite

/// Wires the pieces together: database, blog domain, web pages, JSON API, static files and
/// the HTTP server. Nothing here parses a command line.
public final class Application: Sendable {
    public let config: FederConfig
    public let database: DatabasePool
    public let store: BlogStore
    public let comments: CommentService
    public let importer: ArticleImporter
    public let responder: FederResponder
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
        responder = FederResponder(router: Self.routes(web: web, api: api, store: store, staticRoot: config.site.staticPath),
                                   web: web, cache: cache, store: store, trustProxy: config.trustProxy,
                                   originCheck: OriginCheck(scheme: Self.scheme(of: config.site.baseURL)), logger: logger)
    }

    /// `https` or `http`: how readers reach the site, from `site.baseURL`.
    static func scheme(of baseURL: String) -> String {
        baseURL.lowercased().hasPrefix("https://") ? "https" : "http"
    }

    static func routes(web: WebApp, api: APIApp, store: BlogStore, staticRoot: String) -> Router {
        var router = Router()
        web.register(in: &router)
        api.register(in: &router)
        let files = StaticFiles(root: staticRoot)
        router.get("/static/{path...}") { request, parameters in files.response(for: parameters["path"]!, request: request) }
        router.get("/healthz") { _, _ in
            let healthy = store.isHealthy()
            var response = HTTPResponse.json(Array((healthy ? #"{"status":"ok"}"# : #"{"status":"unavailable"}"#).utf8),
                                             status: healthy ? .ok : .serviceUnavailable)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        return router
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

/// The top-level responder: the client address (behind a trusted proxy), routing, and
/// errors rendered as JSON under `/api/` and as themed pages elsewhere.
public struct FederResponder: HTTPResponder {
    let routerResponder: RouterResponder
    let trustProxy: Bool

    init(router: Router, web: WebApp, cache: ResponseCache?, store: BlogStore, trustProxy: Bool,
         originCheck: OriginCheck, logger: Logger) {
        self.trustProxy = trustProxy
        routerResponder = RouterResponder(router: router, logger: logger, cache: cache, originCheck: originCheck,
                                          generation: { Self.generation(of: $0, in: store) }) {
            request, error in
            request.path.hasPrefix("/api/") ? APIApp.errorResponse(error) : web.errorPage(request, error)
        }
    }

    /// What a cached answer depends on: an article's own pages (`/articles/SLUG…`,
    /// `/api/articles/SLUG…`) only on that article and site-wide content, so comments on other
    /// articles leave them cached; every other page on everything.
    static func generation(of request: HTTPRequest, in store: BlogStore) -> UInt64 {
        let path = request.path
        for prefix in articlePrefixes where path.utf8.starts(with: prefix.utf8) {
            // Bytes, not Characters: this runs for every cached answer, 304s included.
            let rest = path[path.utf8.index(path.startIndex, offsetBy: prefix.utf8.count)...]
            let slug = rest.firstIndex(ofASCII: "/").map { rest[..<$0] } ?? rest
            if Slug.isValid(slug) { return store.generation(ofArticle: String(slug)) }
        }
        return store.generation
    }

    private static let articlePrefixes = ["/articles/", "/api/articles/"]

    public func respondImmediately(to request: HTTPRequest) -> HTTPResponse? {
        routerResponder.respondImmediately(to: request)
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        routerResponder.respond(to: clientAddressed(request))
    }

    public func respondDeferred(to request: HTTPRequest, reply: @escaping @Sendable (DeferredAnswer) -> Void) -> Bool {
        routerResponder.respondDeferred(to: clientAddressed(request), reply: reply)
    }

    public func maxBodySize(for head: HTTPRequestHead) -> Int? {
        routerResponder.maxBodySize(for: head)
    }

    /// JSON under `/api/`, like every other error there; plain text elsewhere.
    public func refusal(_ status: HTTPStatus, target: String) -> HTTPResponse? {
        target.hasPrefix("/api/") || target == "/api" ? APIApp.refusal(status) : nil
    }

    /// Behind nginx every peer is 127.0.0.1; the proxy's `X-Forwarded-For` names the reader.
    private func clientAddressed(_ request: HTTPRequest) -> HTTPRequest {
        guard trustProxy, request.remoteAddress == "127.0.0.1" || request.remoteAddress == "::1",
              let forwarded = request.headers.values(for: "X-Forwarded-For").last?
                .split(separator: ",").last?.trimmingASCIIWhitespace(), !forwarded.isEmpty else { return request }
        var request = request
        request.remoteAddress = forwarded
        return request
    }
}
