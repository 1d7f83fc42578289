import Blog
import Foundation
import HTTPServer
import Logging
import Mail
import Routes
import SQLite
import Site

/// Wires the pieces together: the configuration, the database (opened and migrated), the
/// site over it, and the HTTP server. Nothing here parses a command line.
public final class Application: Sendable {
    public let config: FederConfig
    /// Only migrations and backups (`Maintenance`) use the pool itself; all else goes through `store`.
    let database: DatabasePool
    public let store: BlogStore
    /// The pages and the API over `store`, behind their middleware.
    public let site: Site
    /// Makes scheduled articles public at their dates while serving.
    let publisher: ScheduledPublisher
    /// Empties the caches within a second when another process writes (`feder import` beside it).
    let outsideWrites: OutsideWriteWatcher
    /// Sends the outbox's mail while serving; nil unless `mail.enabled`.
    public let mailDelivery: MailDelivery?
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
        store = BlogStore(database: database, reservedPageSlugs: SiteRoute.reservedPageSlugs) { error in
            logger.error("storage unavailable, answering 503 with Retry-After: \(error) (database \(config.databasePath))")
        }
        let hasher = KeyedHasher(secret: try Secrets.loadOrCreate(nextTo: config.databasePath))
        site = try Site(store: store, hasher: hasher, options: config.siteOptions, logger: logger)
        publisher = ScheduledPublisher(store: store, published: { slugs in
            logger.info("published \(slugs.count) scheduled article(s): \(slugs.joined(separator: ", "))")
        }, failed: { error in
            logger.error("could not publish scheduled articles, trying again shortly: \(error)")
        })
        outsideWrites = OutsideWriteWatcher(store: store) {
            logger.info("the database was changed by another process (feder import, comments, user); caches emptied")
        }
        mailDelivery = Self.mailDelivery(config: config, store: store, site: site, logger: logger)
    }

    private static func mailDelivery(config: FederConfig, store: BlogStore, site: Site, logger: Logger) -> MailDelivery? {
        guard config.mail.enabled, let from = config.mail.sender else { return nil }
        var policy = OutboxPolicy()
        policy.perHour = config.mail.perHour
        policy.perRecipientPerHour = config.mail.perRecipientPerHour
        return MailDelivery(store: store, transport: CurlSMTPTransport(settings: config.mail.smtp, greeting: config.mailHost),
                            sender: MailAddress(from.address, displayName: config.site.title) ?? from,
                            host: config.mailHost, policy: policy,
                            logger: logger, compose: site.composeMail)
    }

    public var comments: CommentService { site.comments }
    /// The desk's accounts (`feder user`).
    public var accounts: AccountService { site.accounts }
    public var importer: ArticleImporter { site.importer }
    /// Everything the server asks: middleware, then the routes.
    public var responder: ResponderChain { site.responder }
    /// What erased commenters are called, in the site's language ("Anonymous" / "Anonym").
    public var anonymousName: String { site.anonymousName }

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
        publisher.start()
        outsideWrites.start()
        mailDelivery?.start()
        return server
    }
}
