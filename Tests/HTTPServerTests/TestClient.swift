import Foundation
import Glibc

/// A blocking HTTP/1.1 client on a real TCP socket, for talking to the server under test.
///
/// One client is used by one thread. Reads time out (`SO_RCVTIMEO`) so a server bug fails a
/// test instead of hanging it. Responses are read from one buffer, so pipelined answers and
/// bytes after a `100 Continue` are never lost.
final class TestClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Response {
        /// The status line's version, such as `HTTP/1.1`.
        var version = "HTTP/1.1"
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        var text: String { String(decoding: body, as: UTF8.self) }

        /// True when `Connection` lists `close`.
        var closesConnection: Bool {
            header("Connection")?.lowercased().split(separator: ",").contains {
                $0.trimmingCharacters(in: .whitespaces) == "close"
            } ?? false
        }
    }

    let fd: Int32
    private var buffer: [UInt8] = []
    private var isOpen = true

    /// Connects to 127.0.0.1:`port`. `receiveBuffer` shrinks `SO_RCVBUF` (set before connect,
    /// so the window is small) to make a non-reading client stall the server quickly.
    init(port: Int, timeout: Double = 10, receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        setReadTimeout(timeout)
        var address = Self.loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw Failure(description: "connect: \(String(cString: strerror(code)))")
        }
    }

    deinit { close() }

    /// Whether a connect to `port` is refused right now (nobody listening).
    static func isRefused(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result != 0 && errno == ECONNREFUSED
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    func setReadTimeout(_ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    // MARK: - Writing

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "send: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    /// Sends a GET with `Host` and optional extra header lines.
    func request(_ target: String, headers: [String] = []) throws {
        try request("GET", target, headers: headers)
    }

    /// Sends a bodiless request with `Host` and optional extra header lines.
    func request(_ method: String, _ target: String, headers: [String] = []) throws {
        let extra = headers.map { $0 + "\r\n" }.joined()
        try send("\(method) \(target) HTTP/1.1\r\nHost: test\r\n\(extra)\r\n")
    }

    // MARK: - Reading

    /// Reads one response. Bodies are framed by `Content-Length` (the server always sends
    /// it); `HEAD`, 1xx, 204 and 304 have none.
    func readResponse(method: String = "GET") throws -> Response {
        let headEnd = try readUntilHeadEnd()
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw Failure(description: "malformed status line in \(head)")
        }
        let headers = lines.map { line -> (name: String, value: String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : "")
        }
        var response = Response(version: String(statusLine[0]), status: status, headers: headers, body: [])
        let hasBody = method != "HEAD" && status >= 200 && status != 204 && status != 304
        if hasBody, let length = response.header("Content-Length").flatMap(Int.init) {
            try fill(length)
            response.body = Array(buffer.prefix(length))
            buffer.removeFirst(length)
        }
        return response
    }

    /// Reads everything until the peer closes (EOF or reset); throws on timeout.
    func readUntilClosed() throws -> [UInt8] {
        while try receive() {}
        defer { buffer = [] }
        return buffer
    }

    /// True when the peer closes (EOF or reset) within `seconds`; bytes read meanwhile are kept.
    func isClosedByPeer(within seconds: Double) -> Bool {
        setReadTimeout(seconds)
        defer { setReadTimeout(10) }
        do {
            while try receive() {}
            return true
        } catch {
            return false
        }
    }

    /// Bytes received but not yet consumed by `readResponse`.
    var unreadBytes: [UInt8] { buffer }

    /// Reads up to `count` bytes of raw data (for partially reading large bodies).
    func readSome(_ count: Int) throws -> Int {
        var chunk = [UInt8](repeating: 0, count: count)
        let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count, 0) }
        if received < 0 { throw Failure(description: "recv: \(String(cString: strerror(errno)))") }
        return received
    }

    private func readUntilHeadEnd() throws -> Int {
        var searchFrom = 0
        while true {
            if buffer.count >= 4 {
                for index in searchFrom...(buffer.count - 4)
                where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
                    return index
                }
                searchFrom = buffer.count - 3
            }
            guard try receive() else { throw Failure(description: "connection closed before a response head") }
        }
    }

    private func fill(_ count: Int) throws {
        while buffer.count < count {
            guard try receive() else { throw Failure(description: "connection closed inside a body") }
        }
    }

    /// One `recv` into the buffer: true for data, false for EOF or reset; throws on timeout.
    private func receive() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if received > 0 {
                buffer.append(contentsOf: chunk[0..<received])
                return true
            }
            if received == 0 { return false }
            switch errno {
            case EINTR: continue
            case ECONNRESET: return false
            case EAGAIN, EWOULDBLOCK: throw Failure(description: "read timed out")
            default: throw Failure(description: "recv: \(String(cString: strerror(errno)))")
            }
        }
    }

    // MARK: - Closing

    func close() {
        guard isOpen else { return }
        isOpen = false
        Glibc.close(fd)
    }

    /// Sends FIN (no more requests) but keeps reading: a half-close.
    func shutdownWrite() {
        Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes with `SO_LINGER` 0, so the peer gets a TCP RST instead of a FIN.
    func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }
}
