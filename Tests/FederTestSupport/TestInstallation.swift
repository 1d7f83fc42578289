import Blog
import FederApp
import Foundation
import HTTPServer
import HTTPTestSupport
import Locking
import SiteTestSupport
import Logging

/// A throwaway Feder installation: a temporary folder with its own database and secret,
/// using the repository's migrations, templates, static files and demo content.
public final class TestInstallation: InMemoryClient, BlogFixture, @unchecked Sendable {
    public let directory: String
    public let app: Application

    /// The repository root.
    public static var repositoryRoot: String { TestSite.repositoryRoot }

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
        config.site.mediaPath = directory + "/media"
        config.seedContentPath = seedDemoContent ? root + "/content" : ""
        config.site.baseURL = "http://blog.test"
        config.comments.moderation = .none
        config.comments.perMinute = 1000
        config.accessLog = false
        config.passwordHashing = .fastForTests
        configure(&config)
        app = try Application(config: config, logger: logger ?? Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        if seedDemoContent { try app.seedDemoContentIfEmpty() }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    public var store: BlogStore { app.store }
    public var comments: CommentService { app.comments }
    public var responder: any HTTPResponder { app.responder }
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
