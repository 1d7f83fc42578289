import Foundation
@testable import HTTPServer
import Logging
import Testing

/// The access log asks the responder what a target may show: a signed link's token is a
/// credential and must not sit in a log file.
@Suite struct ServerCoreTests {
    final class Lines: @unchecked Sendable {
        var lines: [String] = []
        let lock = NSLock()
        func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    }

    struct Capture: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { lines.append("\(event.message)") }
    }

    struct Secretive: HTTPResponder {
        func respond(to request: HTTPRequest) -> Reply { .now(HTTPResponse(status: .ok)) }
        func loggedTarget(_ target: String) -> String { target.hasPrefix("/secret/") ? "/secret/…" : target }
    }

    @Test func theResponderHidesItsSecretsAndQueryValuesGo() {
        let lines = Lines()
        let core = ServerCore(configuration: ServerConfiguration(), responder: Secretive(),
                              logger: Logger(label: "test") { _ in Capture(lines: lines) }, accessLog: true)
        core.logAccess(method: "GET", target: "/secret/1.a.99.deadbeef", status: 200, bytes: 5, startedAt: 0)
        core.logAccess(method: "GET", target: "/search?q=private", status: 200, bytes: 5, startedAt: 0)
        #expect(lines.lines.count == 2)
        #expect(lines.lines[0].hasPrefix("GET /secret/… 200") && !lines.lines[0].contains("deadbeef"))
        #expect(lines.lines[1].hasPrefix("GET /search?q 200"))
    }
}
