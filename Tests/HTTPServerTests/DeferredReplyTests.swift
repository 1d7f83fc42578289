import Dispatch
import Foundation
import Testing
@testable import HTTPServer
import Locking

/// Deferred routes: started on the event loop, answered later from another thread, with no
/// worker thread waiting for them (the path comment posts take to the database writer).
@Suite struct DeferredReplyTests {
    /// Stands in for the database writer: a serial queue of its own that answers later.
    private static let elsewhere = DispatchQueue(label: "test.elsewhere")

    /// `/block` holds a worker until `release` is signalled; the rest are deferred.
    private static func makeResponder(release: Latch, blocked: Latch) -> RouterResponder {
        var router = Router()
        router.get("/block") { _, _ in
            blocked.signal()
            _ = release.wait(seconds: 10)
            return .text("unblocked")
        }
        router.get("/plain") { _, _ in .text("plain") }
        router.addDeferred("POST", "/later") { request, _, reply in
            let body = String(decoding: request.body, as: UTF8.self)
            elsewhere.asyncAfter(deadline: .now() + .milliseconds(30)) { reply.send(.text("later: \(body)")) }
        }
        router.addDeferred("POST", "/refuse") { _, _, _ in
            throw HTTPError(.forbidden, code: "refused", message: "Not here.")
        }
        router.addDeferred("POST", "/conflict") { _, _, reply in
            elsewhere.async { reply.fail(HTTPError(.conflict, code: "duplicate", message: "Again.")) }
        }
        router.addDeferred("POST", "/render") { _, _, reply in
            elsewhere.async { reply.finishOnWorker { .text("rendered on \(pthread_self())") } }
        }
        router.addDeferred("POST", "/crash") { _, _, reply in
            elsewhere.async { reply.fail(CocoaError(.fileNoSuchFile)) }
        }
        return RouterResponder(router: router) { _, error in .text("\(error.code): \(error.message)", status: error.status) }
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

    /// Without sockets (a worker, the in-memory test clients): `respond(to:)` waits for the
    /// deferred answer and runs work left for a worker on its own thread.
    @Test func respondWaitsForADeferredAnswer() {
        let responder = Self.makeResponder(release: Latch(), blocked: Latch())
        let later = responder.respond(to: HTTPRequest(method: "POST", target: "/later", body: Array("x".utf8)))
        #expect(later.text == "later: x")
        #expect(responder.respond(to: HTTPRequest(method: "POST", target: "/conflict")).status == .conflict)
        let rendered = responder.respond(to: HTTPRequest(method: "POST", target: "/render"))
        #expect(rendered.text == "rendered on \(pthread_self())") // on the calling thread
        #expect(responder.respond(to: HTTPRequest(method: "GET", target: "/later")).status == .methodNotAllowed)
    }
}

/// Issue #13: the origin check runs before every handler, on the deferred path as well.
@Suite struct OriginCheckTests {
    private func responder() -> RouterResponder {
        var router = Router()
        router.addDeferred("POST", "/later") { _, _, reply in reply.send(.text("stored")) }
        router.post("/now") { _, _ in .text("stored") }
        router.get("/read") { _, _ in .text("read") }
        return RouterResponder(router: router, originCheck: OriginCheck(scheme: "https")) { _, error in
            .text(error.code, status: error.status)
        }
    }

    private func request(_ method: String, _ target: String, origin: String?) -> HTTPRequest {
        var headers: HTTPHeaders = ["Host": "blog.example"]
        if let origin { headers.add("Origin", origin) }
        return HTTPRequest(method: method, target: target, headers: headers)
    }

    private func deferredStatus(_ request: HTTPRequest) -> Int? {
        let answer = Locked<HTTPResponse?>(nil)
        #expect(responder().respondDeferred(to: request) { if case .response(let response) = $0 { answer.withLock { $0 = response } } })
        return answer.withLock { $0?.status.code }
    }

    @Test func aPostFromAnotherOriginIsRefusedOnEveryPath() {
        for origin in ["https://evil.example", "http://blog.example", "null", "https://blog.example.evil"] {
            #expect(deferredStatus(request("POST", "/later", origin: origin)) == 403, "\(origin)")
            #expect(responder().respond(to: request("POST", "/now", origin: origin)).status.code == 403, "\(origin)")
            #expect(responder().respond(to: request("POST", "/later", origin: origin)).status.code == 403, "\(origin)")
        }
        #expect(deferredStatus(request("POST", "/later", origin: "https://blog.example")) == 200)
        #expect(deferredStatus(request("POST", "/later", origin: "HTTPS://Blog.Example")) == 200)
        #expect(deferredStatus(request("POST", "/later", origin: nil)) == 200)
        #expect(responder().respond(to: request("GET", "/read", origin: "https://evil.example")).status.code == 200)
    }
}
