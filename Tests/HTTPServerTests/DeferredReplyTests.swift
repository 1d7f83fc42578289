import Dispatch
import Foundation
import HTTPTestSupport
import Testing
@testable import HTTPServer
import Locking

/// Deferred routes: started on the event loop, answered later from another thread, with no
/// worker thread waiting for them (the path comment posts take to the database writer).
@Suite struct DeferredReplyTests {
    /// Stands in for the database writer: a serial queue of its own that answers later.
    private static let elsewhere = DispatchQueue(label: "test.elsewhere")

    /// `/block` holds a worker until `release` is signalled; the rest are deferred.
    private static func makeResponder(release: Latch, blocked: Latch) -> RouteEndpoint<TestRoute> {
        testEndpoint { route in
            switch route {
            case .block:
                .worker { _ in
                    blocked.signal()
                    _ = release.wait(seconds: 10)
                    return .text("unblocked")
                }
            case .plain: .worker { _ in .text("plain") }
            case .later:
                .deferred { request, reply in
                    let body = String(decoding: request.body, as: UTF8.self)
                    elsewhere.asyncAfter(deadline: .now() + .milliseconds(30)) { reply.send(.text("later: \(body)")) }
                }
            case .refuse: .deferred { _, _ in throw HTTPError(.forbidden, code: "refused", message: "Not here.") }
            case .conflict:
                .deferred { _, reply in elsewhere.async { reply.fail(HTTPError(.conflict, code: "duplicate", message: "Again.")) } }
            case .render:
                .deferred { _, reply in elsewhere.async { reply.finishOnWorker { .text("rendered on \(pthread_self())") } } }
            case .crash: .deferred { _, reply in elsewhere.async { reply.fail(CocoaError(.fileNoSuchFile)) } }
            default: .worker { _ in .text("other") }
            }
        }
    }

    private func withDeferredServer(workers: Int = 2, _ body: (HTTPServer, Latch, Latch) throws -> Void) throws {
        let release = Latch(), blocked = Latch()
        defer { release.signal() }
        try withServer(responder: Self.makeResponder(release: release, blocked: blocked), { $0.workerCount = workers }) { server in
            try body(server, release, blocked)
        }
    }

    /// One worker, held by `/block` while `body` runs; `body` may release it earlier.
    private func withTheOnlyWorkerHeld(_ body: (HTTPServer, Latch) throws -> Void) throws {
        try withDeferredServer(workers: 1) { server, release, blocked in
            let holder = try TestClient(port: server.port)
            try holder.request("/block")
            #expect(blocked.wait(seconds: 10))
            try body(server, release)
            release.signal()
            #expect(try holder.readResponse().text == "unblocked")
        }
    }

    private func post(_ client: TestClient, _ path: String, body: String = "") throws {
        try client.send("POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
    }

    @Test func anAnswerFromAnotherThreadReachesTheClient() throws {
        try withDeferredServer { server, _, _ in
            let client = try TestClient(port: server.port)
            try post(client, "/later", body: "hello")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "later: hello")
            #expect(response.header("Content-Length") == "12")
            try client.request("/plain") // the connection stays usable
            #expect(try client.readResponse().text == "plain")
        }
    }

    /// The only worker is held by another request, and deferred answers still arrive: they
    /// never needed one. (An ordinary route would wait behind `/block`.)
    @Test func deferredRoutesNeedNoWorker() throws {
        try withTheOnlyWorkerHeld { server, _ in
            let client = try TestClient(port: server.port)
            for index in 0..<5 {
                try post(client, "/later", body: "\(index)")
                #expect(try client.readResponse().text == "later: \(index)")
            }
        }
    }

    /// RFC 9112 §9.3.2: pipelined requests are answered in order, deferred or not.
    @Test func pipelinedDeferredAndOrdinaryRequestsAnswerInOrder() throws {
        try withDeferredServer { server, _, _ in
            let client = try TestClient(port: server.port)
            try client.send("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na"
                            + "GET /plain HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nb")
            #expect(try client.readResponse().text == "later: a")
            #expect(try client.readResponse().text == "plain")
            #expect(try client.readResponse().text == "later: b")
        }
    }

    @Test func errorsThrownAtOnceOrReportedLaterAreRendered() throws {
        try withDeferredServer { server, _, _ in
            let client = try TestClient(port: server.port)
            try post(client, "/refuse")
            let refused = try client.readResponse()
            #expect(refused.status == 403)
            #expect(refused.text == "refused: Not here.")
            try post(client, "/conflict")
            let conflict = try client.readResponse()
            #expect(conflict.status == 409)
            #expect(conflict.text == "duplicate: Again.")
            // E6: anything but an HTTPError is a generic 500 without its detail.
            try post(client, "/crash")
            let crashed = try client.readResponse()
            #expect(crashed.status == 500)
            #expect(!crashed.text.contains("Cocoa") && !crashed.text.contains("file"))
        }
    }

    /// Work left for a worker waits for one: with the only worker held, `/render` is answered
    /// only after it is released, while a plain deferred answer needs none.
    @Test func workLeftForAWorkerRunsOnOne() throws {
        try withTheOnlyWorkerHeld { server, release in
            let client = try TestClient(port: server.port)
            try post(client, "/render")
            let other = try TestClient(port: server.port)
            try post(other, "/later", body: "meanwhile")
            #expect(try other.readResponse().text == "later: meanwhile")
            client.setReadTimeout(0.3)
            #expect(throws: (any Error).self) { try client.readResponse() } // still waiting for the worker
            client.setReadTimeout(10)
            release.signal()
            #expect(try client.readResponse().text.hasPrefix("rendered on "))
        }
    }

    /// The client leaves before its answer is ready: the late answer finds the connection
    /// closed and is dropped; the server goes on serving.
    @Test func anAnswerForAClientThatLeftIsDropped() throws {
        try withDeferredServer { server, _, _ in
            for _ in 0..<20 {
                let client = try TestClient(port: server.port)
                try post(client, "/later", body: "gone")
                client.reset()
            }
            Thread.sleep(forTimeInterval: 0.1) // every late answer has arrived
            #expect(waitUntil(seconds: 5) { server.openConnectionCount == 0 })
            let client = try TestClient(port: server.port)
            try post(client, "/later", body: "still here")
            #expect(try client.readResponse().text == "later: still here")
        }
    }

    /// What the server does with a reply, followed without sockets (the in-memory test
    /// clients): a deferred answer arrives later, work left for a worker runs where asked.
    @Test func aReplyIsFollowedToItsResponse() {
        let responder = Self.makeResponder(release: Latch(), blocked: Latch())
        guard case .deferred = responder.respond(to: HTTPRequest(method: "POST", target: "/later")) else {
            Issue.record("a deferred route answers with a deferred reply")
            return
        }
        guard case .onWorker = responder.respond(to: HTTPRequest(method: "GET", target: "/plain")) else {
            Issue.record("an ordinary route needs a worker")
            return
        }
        let later = responder.response(to: HTTPRequest(method: "POST", target: "/later", body: Array("x".utf8)))
        #expect(later.text == "later: x")
        #expect(responder.response(to: HTTPRequest(method: "POST", target: "/conflict")).status == .conflict)
        let rendered = responder.response(to: HTTPRequest(method: "POST", target: "/render"))
        #expect(rendered.text == "rendered on \(pthread_self())") // on the calling thread
        #expect(responder.response(to: HTTPRequest(method: "GET", target: "/later")).status == .methodNotAllowed)
    }
}

/// Issue #13: the origin check runs before every handler, on the deferred path as well.
@Suite struct OriginCheckTests {
    /// The check as the application places it: a middleware in front of the routes, whose
    /// refusal is rendered like any other error.
    private func responder() -> ResponderChain {
        let endpoint = testEndpoint { route in
            switch route {
            case .later: .deferred { _, reply in reply.send(.text("stored")) }
            case .now: .worker { _ in .text("stored") }
            default: .worker { _ in .text("read") }
            }
        }
        return ResponderChain([OriginCheck(scheme: "https", errors: { _, error in .text(error.code, status: error.status) })],
                              endpoint: endpoint)
    }

    private func request(_ method: String, _ target: String, origin: String?) -> HTTPRequest {
        var headers: HTTPHeaders = ["Host": "blog.example"]
        if let origin { headers.add("Origin", origin) }
        return HTTPRequest(method: method, target: target, headers: headers)
    }

    private func status(_ request: HTTPRequest) -> Int {
        responder().response(to: request).status.code
    }

    @Test func aPostFromAnotherOriginIsRefusedOnEveryPath() {
        for origin in ["https://evil.example", "http://blog.example", "null", "https://blog.example.evil"] {
            #expect(status(request("POST", "/later", origin: origin)) == 403, "\(origin)")
            #expect(status(request("POST", "/now", origin: origin)) == 403, "\(origin)")
        }
        #expect(status(request("POST", "/later", origin: "https://blog.example")) == 200)
        #expect(status(request("POST", "/later", origin: "HTTPS://Blog.Example")) == 200)
        #expect(status(request("POST", "/later", origin: nil)) == 200)
        #expect(status(request("GET", "/read", origin: "https://evil.example")) == 200)
    }
}
