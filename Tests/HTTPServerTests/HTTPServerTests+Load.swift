import Dispatch
import Foundation
import Testing
import HTTPServer

/// Failures collected from several threads.
private final class FailureLog: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var entries: [String] = []

    func add(_ entry: String) {
        lock.lock()
        entries.append(entry)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }
}

/// Capacity (D4), graceful shutdown (H), resets (J19) and load: correctness only, no timing.
extension HTTPServerTests {
    /// D4: beyond `maxConnections` a client gets 503 and is closed; the others keep working.
    @Test func maxConnectionsRefusesTheExtraClient() throws {
        try withServer({ $0.maxConnections = 2 }) { server in
            let first = try TestClient(port: server.port)
            let second = try TestClient(port: server.port)
            for client in [first, second] {
                try client.request("/")
                #expect(try client.readResponse().status == 200)
            }

            let extra = try TestClient(port: server.port)
            try extra.request("/extra")
            let refused = try extra.readResponse()
            #expect(refused.status == 503)
            #expect(refused.closesConnection)
            #expect(extra.isClosedByPeer(within: 5))

            for client in [first, second] {
                try client.request("/still")
                #expect(try client.readResponse().text == "GET /still 0:")
            }
            first.close()
            #expect(waitUntil(seconds: 5) { server.openConnectionCount == 1 })
            let next = try TestClient(port: server.port)
            try next.request("/next")
            #expect(try next.readResponse().status == 200)
        }
    }

    /// H1–H3: the request in flight completes with `Connection: close`, idle keep-alive
    /// connections are closed, and new connects are refused afterwards.
    @Test func gracefulShutdownWithARequestInFlight() throws {
        let started = Latch()
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.workerCount = 2
        let server = HTTPServer(configuration: configuration, responder: EchoResponder(slowStarted: started), accessLog: false)
        try server.start()
        let port = server.port

        let idle = try TestClient(port: port)
        try idle.request("/warm")
        #expect(try idle.readResponse().status == 200)
        let busy = try TestClient(port: port)
        try busy.request("/slow")
        #expect(started.wait(seconds: 5))

        let finished = Latch()
        server.shutdown { finished.signal() }
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "slow done\n")
        #expect(response.closesConnection)
        #expect(busy.isClosedByPeer(within: 5))
        #expect(idle.isClosedByPeer(within: 5))
        #expect(finished.wait(seconds: 5))
        #expect(TestClient.isRefused(port: port))
    }

    /// Every caller of `shutdown` gets its completion, including a second one (SIGTERM then SIGINT).
    @Test func shutdownTwiceCompletesBoth() throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, responder: EchoResponder(), accessLog: false)
        try server.start()
        let first = Latch()
        let second = Latch()
        server.shutdown { first.signal() }
        server.shutdown { second.signal() }
        #expect(first.wait(seconds: 5))
        #expect(second.wait(seconds: 5))
        let late = Latch()
        server.shutdown { late.signal() }
        #expect(late.wait(seconds: 5))
    }

    @Test func thousandSequentialRequestsOnOneConnection() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            for index in 0..<1000 {
                try client.request("/n/\(index)")
                let response = try client.readResponse()
                guard response.text == "GET /n/\(index) 0:" else {
                    Issue.record("request \(index) got \(response.status) \(response.text)")
                    return
                }
            }
            #expect(server.openConnectionCount == 1)
        }
    }

    /// 200 connections open at once, each answering a request from several threads.
    @Test func twoHundredConcurrentConnections() throws {
        try withServer { server in
            let port = server.port
            let clients = try (0..<200).map { _ in try TestClient(port: port) }
            #expect(waitUntil(seconds: 10) { server.openConnectionCount == 200 })
            let failures = FailureLog()
            let shared = UncheckedBox(clients)
            DispatchQueue.concurrentPerform(iterations: clients.count) { index in
                let client = shared.value[index]
                do {
                    try client.request("/c/\(index)")
                    let response = try client.readResponse()
                    if response.text != "GET /c/\(index) 0:" { failures.add("\(index): \(response.status)") }
                } catch {
                    failures.add("\(index): \(error)")
                }
            }
            #expect(failures.all == [])
            clients.forEach { $0.close() }
            #expect(waitUntil(seconds: 10) { server.openConnectionCount == 0 })
        }
    }

    /// J19, checklist F1: a peer that resets mid-response (or mid-request) never takes the
    /// server down; its connection is closed and the next client is served.
    @Test func peerResetMidResponse() throws {
        try withServer { server in
            for _ in 0..<3 {
                let client = try TestClient(port: server.port, receiveBuffer: 4096)
                try client.request("/big")
                #expect(try client.readSome(1024) > 0)
                client.reset()
            }
            let impatient = try TestClient(port: server.port)
            try impatient.request("/slow")
            impatient.reset()
            #expect(waitUntil(seconds: 5) { server.openConnectionCount == 0 })

            let after = try TestClient(port: server.port)
            try after.request("/after")
            #expect(try after.readResponse().text == "GET /after 0:")
        }
    }

    /// A half-close pauses reading while the handler runs; a reset then must close the
    /// connection at once. epoll reports hang-ups and errors whatever a socket waits for, and
    /// level-triggered it would report them again and again until the answer was ready.
    @Test func resetWhileReadingIsPausedClosesAtOnce() throws {
        let held = HeldResponder()
        try withServer(responder: held) { server in
            let client = try TestClient(port: server.port)
            try client.request("/hold")
            #expect(held.started.wait(seconds: 5))
            client.shutdownWrite() // the server reads EOF and stops reading
            Thread.sleep(forTimeInterval: 0.1)
            client.reset()
            #expect(waitUntil(seconds: 3) { server.openConnectionCount == 0 }, "closed while the handler still runs")
            held.release.signal()
            let after = try TestClient(port: server.port)
            try after.request("/after")
            #expect(try after.readResponse().text == "after")
        }
    }
}

/// Holds `/hold` until the test releases it; answers everything else at once.
private struct HeldResponder: HTTPResponder {
    let started = Latch()
    let release = Latch()

    func respond(to request: HTTPRequest) -> Reply {
        .onWorker { [started, release] in
            if request.path == "/hold" {
                started.signal()
                _ = release.wait(seconds: 10)
            }
            return .text(String(request.path.dropFirst()))
        }
    }
}

/// Hands non-Sendable test clients to `concurrentPerform`, where each index is used by one thread only.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
