import Blog
import FederApp
import Foundation
import HTTPServer
import HTTPTestSupport
import Locking
import Logging

/// A throwaway Feder installation: a temporary folder with its own database and secret,
/// using the repository's migrations, templates, static files and demo content.
public final class TestInstallation: @unchecked Sendable {
    public let directory: String
    public let app: Application

    /// The repository root, found from this file's path.
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// `configure` adjusts the defaults (language, moderation, admin token, …) before start.
    /// `logger` receives the application's log (default: discarded).
    public init(seedDemoContent: Bool = false, logger: Logger? = nil,
                configure: (inout FederConfig) -> Void = { _ in }) throws {
        directory = NSTemporaryDirectory() + "feder-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let root = Self.repositoryRoot
        var config = FederConfig()
        config.databasePath = directory + "/feder.sqlite"
        config.migrationsPath = root + "/migrations"
        config.site.templatesPath = root + "/templates"
        config.site.staticPath = root + "/static"
        config.seedContentPath = seedDemoContent ? root + "/content" : ""
        config.site.baseURL = "http://blog.test"
        config.comments.moderation = .none
        config.comments.perMinute = 1000
        config.accessLog = false
        configure(&config)
        app = try Application(config: config, logger: logger ?? Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        if seedDemoContent { try app.seedDemoContentIfEmpty() }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    public var store: BlogStore { app.store }

    // MARK: - Requests without sockets

    @discardableResult
    public func get(_ target: String, headers: [(String, String)] = []) -> HTTPResponse {
        request("GET", target, headers: headers)
    }

    @discardableResult
    public func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = [],
                        remoteAddress: String = "192.0.2.10") -> HTTPResponse {
        var fields = HTTPHeaders()
        fields.add("Host", "blog.test")
        for (name, value) in headers { fields.add(name, value) }
        if !body.isEmpty { fields.set("Content-Length", String(body.count)) }
        let request = HTTPRequest(method: method, target: target, headers: fields, body: body, remoteAddress: remoteAddress)
        return app.responder.response(to: request)
    }

    /// Posts the comment form (urlencoded, as a browser does).
    @discardableResult
    public func postForm(_ target: String, _ fields: [(String, String)], headers: [(String, String)] = [],
                         remoteAddress: String = "192.0.2.10") -> HTTPResponse {
        let body = fields.map { "\(PercentDecoding.encode($0.0))=\(PercentDecoding.encode($0.1))" }.joined(separator: "&")
        return request("POST", target, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers,
                       body: Array(body.utf8), remoteAddress: remoteAddress)
    }

    @discardableResult
    public func postJSON(_ target: String, _ json: String, method: String = "POST", headers: [(String, String)] = [],
                         remoteAddress: String = "192.0.2.10") -> HTTPResponse {
        request(method, target, headers: [("Content-Type", "application/json")] + headers, body: Array(json.utf8),
                remoteAddress: remoteAddress)
    }

    /// Adds an article from a front-matter document (the import path).
    public func addArticle(slug: String, title: String? = nil, date: String = "2026-01-01T10:00:00Z", tags: [String] = [],
                           extra: String = "", body: String = "Some text for the article body.") throws {
        let tagLine = tags.isEmpty ? "" : "tags: [\(tags.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
        let text = "---\ntitle: \"\(title ?? slug.capitalized)\"\nslug: \(slug)\ndate: \(date)\n\(tagLine)\(extra)---\n\(body)\n"
        let input = try ArticleDocument.parse(text, source: slug)
        try store.upsert([input])
    }
}

extension HTTPResponse {
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (tests only).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }
}

/// Collects log lines (level and message) for tests that check what the operator is told.
public final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var captured: [String] = []

    public init() {}

    public var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return captured
    }

    public var logger: Logger {
        Logger(label: "capture") { _ in Handler(capture: self) }
    }

    fileprivate func append(_ line: String) {
        lock.lock()
        captured.append(line)
        lock.unlock()
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.append("\(event.level) \(event.message)")
        }
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
