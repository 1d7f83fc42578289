import Blog
import FederApp
import FederTestSupport
import Foundation
import HTTPServer
import Testing

/// Whole exchanges on a real socket, compared with files under `Tests/Golden/` that a reviewer
/// reads in a diff: any change to what a reader, a script or an admin receives shows up there,
/// byte for byte (head line ends shown as LF; the `Date` value and times written during the
/// test, such as a posted comment's `created_at`, masked).
///
/// After an intended change, rewrite the files with `FEDER_UPDATE_GOLDEN=1 swift test --filter
/// GoldenExchangeTests` and review the diff before committing.
@Suite(.serialized) struct GoldenExchangeTests {
    static let directory = TestInstallation.repositoryRoot + "/Tests/Golden"
    static let adminToken = "golden-admin-token"
    /// When the fixture's comments were written: long enough ago that no date shown is "today".
    static let commentTime = Date(timeIntervalSince1970: 1_767_261_600) // 2026-01-01T10:00:00Z

    /// One installation for every exchange, the same each run: ids and times are fixed.
    final class Fixture: @unchecked Sendable {
        let site: TestInstallation
        let server: HTTPServer

        init() throws {
            site = try TestInstallation { config in
                config.server.port = 0
                config.adminToken = GoldenExchangeTests.adminToken
            }
            try site.addArticle(slug: "golden-article", title: "A Golden Article", date: "2025-12-30T09:00:00Z",
                                tags: ["Craft"], body: "Some *emphasis*, a [link](https://example.org) and `code`.")
            let first = try site.app.comments.submitAndWait(
                CommentDraft(name: "Ada", email: "ada@example.org", body: "First!\n\nTwo paragraphs & an <b>."),
                toArticle: "golden-article", clientAddress: "192.0.2.1", now: GoldenExchangeTests.commentTime)
            _ = try site.app.comments.submitAndWait(
                CommentDraft(name: "Grace", email: "grace@example.org", website: "https://grace.example",
                             body: "A reply.", parentID: String(first.comment.id)),
                toArticle: "golden-article", clientAddress: "192.0.2.2",
                now: GoldenExchangeTests.commentTime.addingTimeInterval(60))
            server = try site.app.serve()
        }

        deinit { server.shutdownAndWait() }
    }

    let fixture: Fixture

    init() throws { fixture = try Fixture() }

    @Test func articlePage() throws {
        try check("article-page", "GET /articles/golden-article HTTP/1.1\r\nHost: blog.test\r\nConnection: close\r\n\r\n")
    }

    @Test func commentFormWithErrors() throws {
        let form = "name=&email=not-an-address&body="
        try check("comment-form-422", "POST /articles/golden-article/comments HTTP/1.1\r\nHost: blog.test\r\n"
                  + "Origin: http://blog.test\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  + "Content-Length: \(form.utf8.count)\r\nConnection: close\r\n\r\n" + form)
    }

    @Test func jsonCommentPost() throws {
        let json = #"{"name":"Linus","email":"linus@example.org","body":"Posted from a script.","parent_id":null}"#
        try check("api-comment-post-201", "POST /api/articles/golden-article/comments HTTP/1.1\r\nHost: blog.test\r\n"
                  + "Content-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\nConnection: close\r\n\r\n" + json)
    }

    @Test func notFoundPage() throws {
        try check("not-found-404", "GET /articles/no-such-article HTTP/1.1\r\nHost: blog.test\r\nConnection: close\r\n\r\n")
    }

    @Test func atomFeed() throws {
        try check("atom-feed", "GET /feed.xml HTTP/1.1\r\nHost: blog.test\r\nConnection: close\r\n\r\n")
    }

    @Test func adminModerationList() throws {
        try check("admin-comments", "GET /api/admin/comments?status=approved HTTP/1.1\r\nHost: blog.test\r\n"
                  + "Authorization: Bearer \(Self.adminToken)\r\nConnection: close\r\n\r\n")
    }

    /// Refused before any body byte is read, in the API's JSON envelope (not plain text).
    @Test func apiBodyTooLarge() throws {
        try check("api-comment-post-413", "POST /api/articles/golden-article/comments HTTP/1.1\r\nHost: blog.test\r\n"
                  + "Content-Type: application/json\r\nContent-Length: 1048576\r\nConnection: close\r\n\r\n")
    }

    // MARK: - Comparing

    /// Sends `request`, renders request and answer as one text and compares it with the file.
    func check(_ name: String, _ request: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let answer = try WireClient.exchange(port: fixture.server.port, Array(request.utf8))
        let actual = Self.render(request: Array(request.utf8)) + "\n" + Self.render(response: answer)
        let path = Self.directory + "/" + name + ".http"
        if ProcessInfo.processInfo.environment["FEDER_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        let expected = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        guard actual != expected else { return }
        try Data(actual.utf8).write(to: URL(fileURLWithPath: path + ".actual"))
        let actualLines = actual.components(separatedBy: "\n"), expectedLines = expected.components(separatedBy: "\n")
        let line = (0..<min(actualLines.count, expectedLines.count)).first { actualLines[$0] != expectedLines[$0] }
            ?? min(actualLines.count, expectedLines.count)
        let got = line < actualLines.count ? actualLines[line] : "<end>"
        let wanted = line < expectedLines.count ? expectedLines[line] : "<end>"
        Issue.record("""
            \(name): line \(line + 1) differs from \(path): got \(got.prefix(200).debugDescription), expected \
            \(wanted.prefix(200).debugDescription). All that was received is in \(name).http.actual; after an intended \
            change run FEDER_UPDATE_GOLDEN=1 swift test --filter GoldenExchangeTests and review the diff.
            """, sourceLocation: sourceLocation)
    }

    static func render(request: [UInt8]) -> String {
        "=== request\n" + readableHead(request)
    }

    /// The head with LF line ends and the `Date` value masked, then the body as received.
    static func render(response: [UInt8]) -> String {
        var lines = readableHead(response).components(separatedBy: "\n")
        for index in lines.indices where lines[index].lowercased().hasPrefix("date:") {
            lines[index] = "Date: <masked>"
        }
        return "=== response\n" + maskingTimesOfToday(lines.joined(separator: "\n"))
    }

    /// ISO-8601 times of today and yesterday (UTC) become `<now>`: they were written by the test.
    static func maskingTimesOfToday(_ text: String) -> String {
        var result = text
        for daysAgo in 0...1 {
            let day = ISODate.format(Date().addingTimeInterval(Double(-86_400 * daysAgo))).prefix(10)
            let pattern = "\(day)T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
            result = result.replacingOccurrences(of: pattern, with: "<now>", options: .regularExpression)
        }
        return result
    }

    /// `bytes` with the head's CRLFs shown as LF; the body follows verbatim.
    static func readableHead(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return text }
        let head = text[..<end.lowerBound].replacingOccurrences(of: "\r\n", with: "\n")
        return head + "\n\n" + text[end.upperBound...]
    }
}
