import FederApp
import FederTestSupport
import Foundation
import HTTPServer
import Testing

/// Requests the server refuses before routing answer in the format of the resource they name:
/// the JSON envelope under `/api/`, plain text elsewhere (PRODUCT §4). On a real socket.
@Suite(.serialized) struct RefusalFormatTests {
    final class Running: @unchecked Sendable {
        let site: TestInstallation
        let server: HTTPServer

        init() throws {
            site = try TestInstallation { config in
                config.server.port = 0
                config.server.timeouts.header = 0.3
                config.server.timeouts.body = 0.3
            }
            try site.addArticle(slug: "a")
            server = try site.app.serve()
        }

        deinit { server.shutdownAndWait() }

        /// Status, Content-Type and body of what the server answers to `request`.
        func answer(_ request: String) throws -> (status: Int, type: String, body: String) {
            let text = String(decoding: try WireClient.exchange(port: server.port, Array(request.utf8)), as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { return (0, "", text) }
            let lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
            let status = Int(lines[0].split(separator: " ")[1]) ?? 0
            let type = lines.first { $0.lowercased().hasPrefix("content-type:") }.map { String($0.dropFirst(13)).trimmingCharacters(in: .whitespaces) } ?? ""
            return (status, type, String(text[end.upperBound...]))
        }
    }

    static let json = "application/json; charset=utf-8"

    @Test func apiRefusalsAreJSONEnvelopes() throws {
        let running = try Running()
        let longTarget = "/api/articles/" + String(repeating: "x", count: 9000)
        let cases: [(String, Int, String)] = [
            ("POST /api/articles/a/comments HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
             + "Content-Length: 1048576\r\n\r\n", 413, "content_too_large"),
            ("POST /api/articles/a/comments HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
             + "30000\r\n" + String(repeating: "a", count: 0x30000) + "\r\n0\r\n\r\n", 413, "content_too_large"),
            ("GET \(longTarget) HTTP/1.1\r\nHost: t\r\n\r\n", 414, "uri_too_long"),
            ("GET /api/articles HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 9000) + "\r\n\r\n",
             431, "headers_too_large"),
            ("GET /api/articles HTTP/1.1\r\nHost: t\r\n", 408, "request_timeout"),
            ("POST /api/articles/a/comments HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n{", 408, "request_timeout"),
        ]
        for (request, status, code) in cases {
            let answer = try running.answer(request)
            #expect(answer.status == status, "\(request.prefix(60))")
            #expect(answer.type == Self.json, "\(request.prefix(60))")
            let object = (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) as? [String: Any]
            #expect(object?["error"] as? String == code, "\(request.prefix(60)): \(answer.body.prefix(200))")
            #expect(object?["message"] is String)
        }
    }

    @Test func pageRefusalsStayPlainText() throws {
        let running = try Running()
        let cases: [(String, Int)] = [
            ("POST /articles/a/comments HTTP/1.1\r\nHost: t\r\nContent-Length: 1048576\r\n\r\n", 413),
            ("GET /" + String(repeating: "x", count: 9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
            ("GET /apis HTTP/1.1\r\nHost: t\r\n", 408),
        ]
        for (request, status) in cases {
            let answer = try running.answer(request)
            #expect(answer.status == status)
            #expect(answer.type == "text/plain; charset=utf-8", "\(request.prefix(40))")
        }
    }

    /// The desk's refusals are plain text too, and private like every desk answer.
    @Test func deskRefusalsArePrivate() throws {
        let running = try Running()
        let request = "POST /admin/login HTTP/1.1\r\nHost: blog.test\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 5000000\r\n\r\n"
        let text = String(decoding: try WireClient.exchange(port: running.server.port, Array(request.utf8)), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 413 "))
        #expect(text.contains("\r\nCache-Control: no-store\r\n") && text.contains("\r\nX-Robots-Tag: noindex, nofollow\r\n"))
    }
}
