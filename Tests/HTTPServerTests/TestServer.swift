import Dispatch
import Foundation
import HTTPServer

/// 12 MiB: more than loopback socket buffers hold, so writing it can block.
let bigBody = [UInt8](repeating: UInt8(ascii: "b"), count: 12 * 1024 * 1024)

/// A one-shot signal between a handler thread and the test.
final class Latch: @unchecked Sendable {
    // DispatchSemaphore is thread-safe; the class only forwards to it.
    private let semaphore = DispatchSemaphore(value: 0)

    func signal() { semaphore.signal() }

    func wait(seconds: Double) -> Bool { semaphore.wait(timeout: .now() + seconds) == .success }
}

/// The server tests' application: it echoes the request, with a few special paths.
/// It knows nothing of blogs, like the module under test.
struct EchoResponder: HTTPResponder {
    /// Signalled when `/slow` starts, so a test can act while a request is in flight.
    var slowStarted: Latch?

    func respond(to request: HTTPRequest) -> Reply {
        .onWorker { answer(request) }
    }

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        switch request.path {
        case "/fixed", "/ignore":
            return .text("a fixed body that HEAD must not send\n")
        case "/slow":
            slowStarted?.signal()
            Thread.sleep(forTimeInterval: 0.3)
            return .text("slow done\n")
        case "/big":
            return HTTPResponse(contentType: "application/octet-stream", body: bigBody)
        default:
            return .text("\(request.method) \(request.target) \(request.body.count):" + String(decoding: request.body, as: UTF8.self))
        }
    }

    /// `/upload` allows more than the server-wide default (a route with a larger limit).
    func maxBodySize(for head: HTTPRequestHead) -> Int? {
        head.path == "/upload" ? 4096 : nil
    }
}

/// Starts a server on 127.0.0.1 with a free port, runs `body`, and always shuts it down.
func withServer(responder: any HTTPResponder = EchoResponder(),
                _ configure: (inout ServerConfiguration) -> Void = { _ in },
                _ body: (HTTPServer) throws -> Void) throws {
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.eventLoopCount = 2
    configuration.workerCount = 2
    configuration.timeouts.shutdown = 3
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, responder: responder, accessLog: false)
    try server.start()
    defer { server.shutdownAndWait() }
    try body(server)
}

/// Polls `condition` every 10 ms for up to `seconds`.
func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// Seconds taken by `body`.
func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = Date()
    try body()
    return Date().timeIntervalSince(start)
}
