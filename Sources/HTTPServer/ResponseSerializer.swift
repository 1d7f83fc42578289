/// Turns a response into bytes for the wire (RFC 9112 §4, §6).
enum ResponseSerializer {
    /// Head bytes and the body to send after it (empty for HEAD, 1xx, 204, 304).
    struct Output {
        var head: [UInt8]
        var body: [UInt8]
    }

    /// Fields the server writes itself; a handler's copies are ignored.
    private static let managedFields = ["Content-Length", "Transfer-Encoding", "Connection", "Date", "Server"]

    static func serialize(_ response: HTTPResponse, requestMethod: String, version: HTTPVersion,
                          keepAlive: Bool, date: [UInt8]) -> Output {
        guard let fields = response.wireFields ?? wireFields(of: response.headers) else {
            // A CR/LF/NUL in an emitted field would split the response; answer 500 instead.
            return serialize(.text("Internal Server Error\n", status: .internalServerError),
                             requestMethod: requestMethod, version: version, keepAlive: false, date: date)
        }
        let status = response.status
        var head: [UInt8] = []
        head.reserveCapacity(160 + fields.count)
        // RFC 9110 §2.5: the status line names the version the server conforms to, also when
        // the request was HTTP/1.0 (which only changes what keeps the connection open).
        head.append(contentsOf: http11Prefix)
        head.append(contentsOf: String(status.code).utf8)
        head.append(0x20)
        head.append(contentsOf: status.reason.utf8)
        head.append(contentsOf: crlf)
        head.append(contentsOf: datePrefix)
        head.append(contentsOf: date)
        head.append(contentsOf: crlf)
        head.append(contentsOf: serverLine)
        head.append(contentsOf: fields)
        // RFC 9110 §8.6: 1xx and 204 carry no Content-Length; 304 and HEAD keep the GET length.
        if status.code >= 200 && status.code != 204 {
            if status.code != 304 || !response.body.isEmpty {
                head.append(contentsOf: contentLengthPrefix)
                head.append(contentsOf: String(response.body.count).utf8)
                head.append(contentsOf: crlf)
            }
        }
        if !keepAlive {
            head.append(contentsOf: connectionClose)
        } else if version == .http10 {
            head.append(contentsOf: connectionKeepAlive)
        }
        head.append(contentsOf: crlf)
        let sendsBody = requestMethod != "HEAD" && !status.forbidsBody
        return Output(head: head, body: sendsBody ? response.body : [])
    }

    /// The handler's fields as wire lines, without the ones the server writes itself; nil when
    /// a name or value holds a byte that could split the response.
    static func wireFields(of headers: HTTPHeaders) -> [UInt8]? {
        guard headers.allSatisfy(isSafe) else { return nil }
        var lines: [UInt8] = []
        lines.reserveCapacity(headers.count * 48)
        for field in headers where !managedFields.contains(where: { field.name.equalsIgnoringASCIICase($0) }) {
            lines.append(contentsOf: field.name.utf8)
            lines.append(contentsOf: colonSpace)
            lines.append(contentsOf: field.value.utf8)
            lines.append(contentsOf: crlf)
        }
        return lines
    }

    /// A minimal response for errors found before any handler ran.
    static func errorResponse(_ status: HTTPStatus, date: [UInt8], as response: HTTPResponse? = nil) -> [UInt8] {
        var answer = response ?? HTTPResponse.text("\(status.code) \(status.reason)\n", status: status)
        answer.status = status
        let output = serialize(answer, requestMethod: "GET", version: .http11, keepAlive: false, date: date)
        return output.head + output.body
    }

    private static func isSafe(_ field: HTTPHeaders.Field) -> Bool {
        !field.name.isEmpty && field.name.utf8.allSatisfy(isTokenByte)
            && field.value.utf8.allSatisfy(isFieldValueByte)
    }

    private static let http11Prefix = Array("HTTP/1.1 ".utf8)
    private static let crlf: [UInt8] = [0x0D, 0x0A]
    private static let colonSpace: [UInt8] = [0x3A, 0x20]
    private static let datePrefix = Array("Date: ".utf8)
    private static let serverLine = Array("Server: feder\r\n".utf8)
    private static let contentLengthPrefix = Array("Content-Length: ".utf8)
    private static let connectionClose = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)
}
