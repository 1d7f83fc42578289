import Foundation
import Testing
import HTTPServer

/// Timeouts on a real socket, with short configured values (0.5 s): the loop's timer reaches
/// the connection and its answer reaches the wire. Lower bounds are tight-ish (nothing fires
/// early), upper bounds generous (the timer runs every 250 ms and the machine is shared). The
/// rules themselves (trickling, inactivity, progress, staged close) are checked without any
/// waiting in `ConnectionStateMachineTests`.
extension HTTPServerTests {
    /// J17: a client that sends half the headers and stalls gets 408, then the connection closes.
    @Test func headerTimeout() throws {
        try withServer({ $0.timeouts.header = 0.5 }) { server in
            let client = try TestClient(port: server.port)
            var response: TestClient.Response?
            let elapsed = try measure {
                try client.send("GET /slowloris HTTP/1.1\r\nHost: x\r\nX-Half: ")
                response = try client.readResponse()
            }
            #expect(response?.status == 408)
            #expect(response?.closesConnection == true)
            #expect(client.isClosedByPeer(within: 5))
            #expect(elapsed >= 0.45 && elapsed < 5, "took \(elapsed) s")
        }
    }

    /// A keep-alive connection with no request in progress is closed silently.
    @Test func idleTimeout() throws {
        try withServer({ $0.timeouts.idle = 0.5 }) { server in
            let client = try TestClient(port: server.port)
            try client.request("/")
            #expect(try client.readResponse().status == 200)
            let elapsed = measure { #expect(client.isClosedByPeer(within: 5)) }
            #expect(client.unreadBytes.isEmpty, "closed without a response")
            #expect(elapsed >= 0.4 && elapsed < 5, "took \(elapsed) s")

            let silent = try TestClient(port: server.port)
            #expect(silent.isClosedByPeer(within: 5), "a connection that never sends is idle too")
        }
    }

    /// A body that stops arriving is cut at the body timeout, however long the header timeout.
    @Test func bodyTimeout() throws {
        try withServer({ $0.timeouts.body = 0.5; $0.timeouts.header = 30 }) { server in
            let client = try TestClient(port: server.port)
            let elapsed = measure {
                try? client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345")
                #expect(client.isClosedByPeer(within: 5))
            }
            #expect(elapsed >= 0.45 && elapsed < 5, "took \(elapsed) s")
        }
    }

    /// A client that stops reading: the write stalls and the connection is closed.
    @Test func writeTimeout() throws {
        try withServer({ $0.timeouts.write = 0.5; $0.timeouts.idle = 30 }) { server in
            let client = try TestClient(port: server.port, receiveBuffer: 4096)
            try client.request("/big")
            #expect(waitUntil(seconds: 1) { server.openConnectionCount == 1 })
            let elapsed = measure {
                #expect(waitUntil(seconds: 10) { server.openConnectionCount == 0 })
            }
            #expect(elapsed < 10, "took \(elapsed) s")
            let received = (try? client.readUntilClosed()) ?? []
            #expect(received.count < bigBody.count, "the response was cut")
        }
    }
}
