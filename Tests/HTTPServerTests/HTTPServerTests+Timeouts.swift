import Foundation
import Testing
import HTTPServer

/// Checklist D3: every timeout with a short configured value (0.5 s). Lower bounds are
/// tight-ish (nothing fires early), upper bounds generous (the sweep runs every 250 ms and
/// the machine is shared).
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

    /// The header timeout runs from the first byte: trickling bytes does not extend it.
    @Test func headerTimeoutIsNotExtendedByTrickling() throws {
        try withServer({ $0.timeouts.header = 0.5 }) { server in
            let client = try TestClient(port: server.port)
            let elapsed = measure {
                for byte in Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8) {
                    do { try client.send([byte]) } catch { break }
                    if client.isClosedByPeer(within: 0.05) { break }
                }
            }
            #expect(try client.readResponse().status == 408)
            #expect(elapsed < 5, "took \(elapsed) s")
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

    /// A slow but steady body is not cut: the body timeout measures inactivity.
    @Test func bodyTimeoutIsInactivityNotTotal() throws {
        try withServer({ $0.timeouts.body = 0.5 }) { server in
            let client = try TestClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n")
            for byte in Array("abcde".utf8) {
                usleep(200_000)
                try client.send([byte])
            }
            #expect(try client.readResponse().text == "POST /echo 5:abcde")
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

    /// A slow reader that keeps making progress gets the whole response, even when that takes
    /// longer than the idle timeout (idle means no request in progress, D3).
    @Test func slowReaderIsNotCutByTheIdleTimeout() throws {
        try withServer({ $0.timeouts.idle = 0.3; $0.timeouts.write = 10 }) { server in
            let client = try TestClient(port: server.port, receiveBuffer: 8 * 1024)
            try client.request("/big")
            let expected = bigBody.count + 100 // the body and at least a status line and Content-Length
            let elapsed = try measure {
                var total = 0
                while total < expected {
                    let count = try client.readSome(64 * 1024)
                    if count == 0 { break }
                    total += count
                    usleep(2_000) // about 8 MB/s with the small window: over a second in all
                }
                #expect(total >= expected, "received \(total) bytes")
            }
            #expect(elapsed > 0.6, "the test must outlast the idle timeout to mean anything (\(elapsed) s)")
        }
    }
}
