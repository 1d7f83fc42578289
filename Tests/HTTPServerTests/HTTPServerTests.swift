import Foundation
import Testing
import HTTPServer

/// The real server over real sockets on 127.0.0.1, port 0. Each test starts its own server
/// and shuts it down at the end (`withServer`).
@Suite("HTTPServer")
struct HTTPServerTests {
    // MARK: - Keep-alive and connection management (RFC 9112 §9.3, checklist D1)

    @Test func keepAliveServesSeveralRequestsOnOneSocket() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            for index in 0..<3 {
                try client.request("/item/\(index)")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "GET /item/\(index) 0:")
                #expect(!response.closesConnection)
                #expect(response.header("Date") != nil)
                #expect(response.header("Content-Length") == String(response.body.count))
            }
            #expect(server.openConnectionCount == 1)
        }
    }

    @Test func connectionCloseClosesAfterTheResponse() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            try client.request("/bye", headers: ["Connection: close"])
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.closesConnection)
            #expect(client.isClosedByPeer(within: 5))
        }
    }

    /// J16: `close` is a case-insensitive token in a list.
    @Test func connectionKeepAliveCommaCloseCloses() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            try client.request("/", headers: ["Connection: keep-alive, Close"])
            #expect(try client.readResponse().closesConnection)
            #expect(client.isClosedByPeer(within: 5))
        }
    }

    /// J16: HTTP/1.0 without `keep-alive` closes; with it, the connection persists.
    @Test func http10() throws {
        try withServer { server in
            let plain = try TestClient(port: server.port)
            try plain.send("GET /old HTTP/1.0\r\n\r\n")
            let response = try plain.readResponse()
            #expect(response.status == 200)
            #expect(response.version == "HTTP/1.1", "RFC 9110 §2.5: the server's own version (issue #13)")
            #expect(response.text == "GET /old 0:")
            #expect(response.closesConnection)
            #expect(plain.isClosedByPeer(within: 5))

            let persistent = try TestClient(port: server.port)
            for _ in 0..<2 {
                try persistent.send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let again = try persistent.readResponse()
                #expect(again.status == 200)
                #expect(again.header("Connection")?.lowercased() == "keep-alive")
            }
        }
    }

    /// J15, RFC 9110 §9.3.2: HEAD gets the GET headers, same Content-Length, and no body.
    @Test func headHasTheGetContentLengthAndNoBody() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            try client.request("/fixed")
            let get = try client.readResponse()
            try client.request("HEAD", "/fixed")
            let head = try client.readResponse(method: "HEAD")
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == String(get.body.count))
            #expect(head.header("Content-Type") == get.header("Content-Type"))
            #expect(head.body.isEmpty)
            // Had any body byte followed the HEAD head, this response would not parse.
            try client.request("/after")
            #expect(try client.readResponse().text == "GET /after 0:")
        }
    }

    @Test func chunkedRequestBody() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
            #expect(try client.readResponse().text == "POST /echo 11:hello world")
        }
    }

    // MARK: - Limits and refusals (checklist A4, A6, B6, C6, D2)

    private func expectRefusal(_ raw: String, status: Int, server: HTTPServer,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let client = try TestClient(port: server.port)
        try client.send(raw)
        let response = try client.readResponse()
        #expect(response.status == status, "\(raw.prefix(60).debugDescription)", sourceLocation: sourceLocation)
        #expect(response.closesConnection, sourceLocation: sourceLocation)
        #expect(response.header("Content-Length") != nil, sourceLocation: sourceLocation)
        #expect(client.isClosedByPeer(within: 5), sourceLocation: sourceLocation)
    }

    @Test func uriTooLong() throws {
        try withServer { server in
            let target = "/" + String(repeating: "a", count: 9 * 1024)
            try expectRefusal("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n", status: 414, server: server)
        }
    }

    @Test func headersTooLarge() throws {
        try withServer { server in
            let many = (0..<200).map { "X-\($0): 1\r\n" }.joined()
            try expectRefusal("GET / HTTP/1.1\r\nHost: x\r\n\(many)\r\n", status: 431, server: server)
            let big = (0..<10).map { "X-\($0): \(String(repeating: "v", count: 4096))\r\n" }.joined()
            try expectRefusal("GET / HTTP/1.1\r\nHost: x\r\n\(big)\r\n", status: 431, server: server)
        }
    }

    /// C6: refused from the announced length, before the body is read; then a staged close
    /// (D5) so the body still arriving does not turn into a reset that eats the 413.
    @Test func contentTooLarge() throws {
        try withServer { server in
            try expectRefusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", status: 413, server: server)

            let client = try TestClient(port: server.port)
            try client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n")
            try client.send([UInt8](repeating: 0x78, count: 60_000))
            #expect(try client.readResponse().status == 413)
        }
    }

    /// A route may allow more than the server-wide default body limit.
    @Test func routeBodyLimitAboveTheDefault() throws {
        try withServer({ $0.parserLimits.maxBodyBytes = 1024 }) { server in
            let client = try TestClient(port: server.port)
            let body = String(repeating: "u", count: 2000)
            try client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n\(body)")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text.hasPrefix("POST /upload 2000:"))

            try client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n")
            #expect(try client.readResponse().status == 413)
        }
    }

    /// RFC 9110 §9.1: an unknown method is 501.
    @Test func unknownMethodIsNotImplemented() throws {
        try withServer { server in
            try expectRefusal("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", status: 501, server: server)
            try expectRefusal("get / HTTP/1.1\r\nHost: x\r\n\r\n", status: 501, server: server)
        }
    }

    /// Table J over the wire: each malformed request gets its status, `Connection: close`,
    /// and the connection is closed (D2).
    @Test(arguments: [
        ("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("Transfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("Transfer-Encoding: chunked, gzip\r\n\r\n", 400),
        ("Content-Length: +5\r\n\r\nhello", 400),
        ("Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
        ("Content-Length : 5\r\n\r\nhello", 400),
        ("X: a\r\n b\r\n\r\n", 400),
        ("NoColon\r\n\r\n", 400),
        ("X: a\rb\r\n\r\n", 400),
        ("X: a\0b\r\n\r\n", 400),
        ("Host: y\r\n\r\n", 400),
        ("Transfer-Encoding: chunked\r\n\r\n-1\r\nhello\r\n0\r\n\r\n", 400),
        ("Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", 400),
    ])
    func malformedRequestsOverTheWire(fields: String, status: Int) throws {
        try withServer { server in
            try expectRefusal("POST / HTTP/1.1\r\nHost: x\r\n" + fields, status: status, server: server)
        }
    }

    @Test(arguments: [("GET  /  HTTP/1.1\r\nHost: x\r\n\r\n", 400), ("GET / http/1.1\r\nHost: x\r\n\r\n", 400),
                      // Issue #13: a bare LF in chunked framing, then a pipelined GET that must not be
                      // answered; hosts that are not uri-host [":" port].
                      ("POST /api/articles/nope/comments HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;ext\nA\r\n0\r\n\r\n"
                        + "GET / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                      ("GET / HTTP/1.1\r\nHost: a b/c\r\n\r\n", 400), ("GET / HTTP/1.1\r\nHost: user@evil\r\n\r\n", 400),
                      ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505), ("GET / HTTP/1.1\r\n\r\n", 400)])
    func malformedRequestLinesOverTheWire(raw: String, status: Int) throws {
        try withServer { server in
            try expectRefusal(raw, status: status, server: server)
        }
    }

    // MARK: - Pipelining, unread bodies, 100-continue (checklist C8–C10)

    /// J12, RFC 9112 §9.3.2: pipelined requests are answered in order.
    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            try client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "POST /third HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
            #expect(try client.readResponse().text == "slow done\n")
            #expect(try client.readResponse().text == "GET /second 0:")
            #expect(try client.readResponse().text == "POST /third 3:abc")
        }
    }

    /// J13: a body the handler ignores is still consumed; the next request parses cleanly.
    @Test func unreadBodyThenSecondRequest() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let body = String(repeating: "z", count: 3000)
            try client.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n\(body)")
            #expect(try client.readResponse().status == 200)
            try client.request("/next")
            #expect(try client.readResponse().text == "GET /next 0:")

            try client.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n\(body)GET /same-write HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            #expect(try client.readResponse().text == "GET /same-write 0:")
        }
    }

    /// J14, RFC 9110 §10.1.1: `100 Continue` before the body, then the final response.
    @Test func expectContinue() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            try client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            #expect(interim.header("Content-Length") == nil)
            try client.send(String(repeating: "c", count: 2000))
            let final = try client.readResponse()
            #expect(final.status == 200)
            #expect(final.text.hasPrefix("POST /upload 2000:"))
        }
    }

    /// C10: a body that will be refused gets the final status, never `100 Continue`.
    @Test func expectContinueRefusedWithoutContinue() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            try client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 9000\r\nExpect: 100-continue\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(client.isClosedByPeer(within: 5))
        }
    }

    // MARK: - Static files (J18)

    @Test func encodedTraversalNeverEscapesTheStaticRoot() throws {
        let fixture = try StaticFixture()
        let files = StaticFiles(root: fixture.root.path)
        let responder = testEndpoint { route in
            guard case .staticFile(let path) = route else { return .worker { _ in .text("other") } }
            return .worker { _ in files.response(for: path, fingerprinted: false) }
        }
        try withServer(responder: responder) { server in
            let client = try TestClient(port: server.port)
            for target in ["/static/%2e%2e/%2e%2e/etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                           "/static/../../etc/passwd", "/static/%2e%2e/outside/secret.txt", "/static/escape.txt",
                           "/static/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd"] {
                try client.request(target)
                let response = try client.readResponse()
                #expect([400, 404].contains(response.status), "\(target)")
                #expect(!response.text.contains("root:") && !response.text.contains("secret"), "\(target)")
            }
            try client.request("/static/css/site.css")
            #expect(try client.readResponse().text == "body { color: red }")
        }
    }
}
