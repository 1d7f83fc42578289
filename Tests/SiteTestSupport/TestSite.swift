import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import Locking
import Logging
import Routes
import Site
import SQLite

/// A throwaway site for the library tests of pages and API: a temporary database with the
/// repository's migrations, templates and static files, served by `Site` as `feder` serves
/// it, without configuration files or sockets.
public final class TestSite: InMemoryClient, BlogFixture, @unchecked Sendable {
    public let directory: String
    public let site: Site

    public var store: BlogStore { site.store }
    public var comments: CommentService { site.comments }
    public var responder: any HTTPResponder { site.responder }

    /// The repository root, found from this file's path.
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// `configure` adjusts the defaults (language, moderation, admin token, …).
    public init(seedDemoContent: Bool = false, logger: Logger? = nil, configure: (inout SiteOptions) -> Void = { _ in }) throws {
        directory = NSTemporaryDirectory() + "feder-site-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let root = Self.repositoryRoot
        var options = SiteOptions()
        options.site.templatesPath = root + "/templates"
        options.site.staticPath = root + "/static"
        options.site.baseURL = "http://blog.test"
        options.comments.moderation = .none
        options.comments.perMinute = 1000
        options.passwordHashing = .fastForTests
        configure(&options)
        let database = try DatabasePool(path: directory + "/feder.sqlite")
        try BlogStore.migrate(database, migrationsPath: root + "/migrations")
        var random = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        site = try Site(store: BlogStore(database: database, reservedPageSlugs: SiteRoute.reservedPageSlugs), hasher: KeyedHasher(secret: secret), options: options,
                        logger: logger ?? Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        if seedDemoContent { _ = try site.importer.importFiles([root + "/content"]) }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// Articles and comments put in place for a test.
public protocol BlogFixture {
    var store: BlogStore { get }
    var comments: CommentService { get }
}

extension BlogFixture {
    /// Adds an article from a front-matter document (the import path).
    public func addArticle(slug: String, title: String? = nil, date: String = "2026-01-01T10:00:00Z", tags: [String] = [],
                           extra: String = "", body: String = "Some text for the article body.") throws {
        let tagLine = tags.isEmpty ? "" : "tags: [\(tags.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
        let text = "---\ntitle: \"\(title ?? slug.capitalized)\"\nslug: \(slug)\ndate: \(date)\n\(tagLine)\(extra)---\n\(body)\n"
        let input = try ArticleDocument.parse(text, source: slug)
        try store.upsert([input])
    }
}

extension CommentService {
    /// `submit` waited for: tests call the service from their own thread, which the server
    /// never does.
    public func submitAndWait(_ draft: CommentDraft, toArticle slug: String, clientAddress: String,
                              now: Date = Date()) throws -> SubmittedComment {
        try waitForCallback { done in submit(draft, toArticle: slug, clientAddress: clientAddress, now: now, completion: done) }
            .get()
    }
}

extension HTTPResponse {
    /// The body as a JSON object (tests only).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }
}
