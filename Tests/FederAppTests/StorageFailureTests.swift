import Blog
@testable import FederApp
import FederTestSupport
import Foundation
import HTTPServer
import SQLite
import Testing

/// A full or read-only database: comment posts answer 503 with Retry-After (form and API),
/// the log says why without any email, the file stays intact, and posting works again once
/// there is room. Simulated with `PRAGMA max_page_count` on the writer (a full disk gives
/// SQLite the same SQLITE_FULL); `scripts/stress/storage-full` does it on a real full tmpfs.
@Suite struct StorageFailureTests {
    static let slug = "why-i-went-back-to-running-my-own-blog"

    static func pageCount(_ site: TestInstallation) throws -> Int {
        guard case .integer(let pages) = try site.app.database.withWriter({ try $0.scalar("PRAGMA page_count") }) else { return 0 }
        return Int(pages)
    }

    @Test func fullDatabaseAnswers503AndStaysIntact() throws {
        let log = LogCapture()
        let site = try TestInstallation(seedDemoContent: true, logger: log.logger) { $0.comments.perMinute = 0 }
        let email = "full.disk@example.org"
        let first = site.postForm("/articles/\(Self.slug)/comments", [("name", "Ada"), ("email", email), ("body", "before")])
        #expect(first.status == .seeOther)

        // No more pages: the next write that needs one fails with SQLITE_FULL.
        let limit = try Self.pageCount(site)
        try site.app.database.withWriter { try $0.execute(script: "PRAGMA max_page_count = \(limit)") }
        var form = HTTPResponse(status: .ok)
        var acknowledged = 1
        for attempt in 0..<50 {
            let body = "filler \(attempt) " + String(repeating: "x", count: 9_000)
            form = site.postForm("/articles/\(Self.slug)/comments", [("name", "Ada"), ("email", email), ("body", body)])
            if form.status != .seeOther { break }
            acknowledged += 1
        }
        #expect(form.status == .serviceUnavailable)
        #expect(form.headers["Retry-After"] == "30")
        #expect(form.headers["Content-Type"]?.hasPrefix("text/html") == true)
        #expect(form.headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true)
        #expect(!form.text.contains(email))

        let api = site.postJSON("/api/articles/\(Self.slug)/comments",
                                #"{"name":"Ada","email":"\#(email)","body":"\#(String(repeating: "y", count: 9_000))"}"#)
        #expect(api.status == .serviceUnavailable)
        #expect(api.headers["Retry-After"] == "30")
        #expect(api.json["error"] as? String == "unavailable")

        let lines = log.lines.filter { $0.contains("storage unavailable") }
        #expect(lines.count >= 2)
        #expect(lines.allSatisfy { $0.hasPrefix("error") && $0.contains("full") && !$0.contains(email) && !$0.contains("full.disk") })

        // Nothing half-written: the file is intact and holds exactly the acknowledged comments.
        let (integrity, stored) = try site.app.database.withWriter { db in
            (try db.scalar("PRAGMA integrity_check"), try db.scalar("SELECT count(*) FROM comments WHERE name = 'Ada'"))
        }
        #expect(integrity == .text("ok"))
        #expect(stored == .integer(Int64(acknowledged)))
        #expect(site.get("/articles/\(Self.slug)").status == .ok)

        // Room again: posts succeed without a restart.
        try site.app.database.withWriter { try $0.execute(script: "PRAGMA max_page_count = 1073741823") }
        let after = site.postForm("/articles/\(Self.slug)/comments", [("name", "Ada"), ("email", email), ("body", "after")])
        #expect(after.status == .seeOther)
    }

    @Test func readOnlyDatabaseAnswers503() throws {
        let log = LogCapture()
        let site = try TestInstallation(seedDemoContent: true, logger: log.logger) { $0.comments.perMinute = 0 }
        // `query_only` makes every write fail with SQLITE_READONLY, as a read-only file or mount does.
        try site.app.database.withWriter { try $0.execute(script: "PRAGMA query_only = ON") }
        let form = site.postForm("/articles/\(Self.slug)/comments", [("name", "Ada"), ("email", "ro@example.org"), ("body", "x")])
        #expect(form.status == .serviceUnavailable && form.headers["Retry-After"] == "30")
        let api = site.postJSON("/api/articles/\(Self.slug)/comments", #"{"name":"Ada","email":"ro@example.org","body":"y"}"#)
        #expect(api.status == .serviceUnavailable && api.headers["Retry-After"] == "30")
        #expect(log.lines.contains { $0.contains("storage unavailable") && $0.contains("readonly") && !$0.contains("ro@example.org") })
        try site.app.database.withWriter { try $0.execute(script: "PRAGMA query_only = OFF") }
        #expect(site.postForm("/articles/\(Self.slug)/comments", [("name", "Ada"), ("email", "ro@example.org"), ("body", "x")])
            .status == .seeOther)
    }
}
