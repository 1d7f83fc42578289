/// The protocol version of a request; only HTTP/1.0 and HTTP/1.1 exist here (RFC 9112 §2.3).
public enum HTTPVersion: String, Sendable {
    case http10 = "HTTP/1.0"
    case http11 = "HTTP/1.1"
}

/// The request line and header section, available before the body has arrived.
public struct HTTPRequestHead: Sendable {
    public var method: String
    /// The request target as sent (origin-form), e.g. `/search?q=swift`.
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders

    public init(method: String, target: String, version: HTTPVersion = .http11, headers: HTTPHeaders = HTTPHeaders()) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The path part of the target, still percent-encoded.
    public var path: Substring {
        target.firstIndex(ofASCII: "?").map { target[..<$0] } ?? target[...]
    }

    /// The query string without `?`, still encoded, or nil.
    public var query: Substring? {
        target.firstIndex(ofASCII: "?").map { target[target.utf8.index(after: $0)...] }
    }

    /// Whether the connection may be reused after this request (RFC 9112 §9.3).
    public var wantsKeepAlive: Bool {
        let tokens = headers.tokens(for: "Connection")
        switch version {
        case .http11: return !tokens.contains("close")
        case .http10: return tokens.contains("keep-alive") && !tokens.contains("close")
        }
    }

    /// `Expect: 100-continue` on an HTTP/1.1 request (ignored on 1.0, RFC 9110 §10.1.1).
    public var expectsContinue: Bool {
        version == .http11 && headers["Expect"].map { $0.equalsIgnoringASCIICase("100-continue") } == true
    }
}

/// A complete request: head, body and where it came from.
public struct HTTPRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: [UInt8]
    /// The peer's address, e.g. `127.0.0.1` or `::1`.
    public var remoteAddress: String

    public init(head: HTTPRequestHead, body: [UInt8] = [], remoteAddress: String = "") {
        self.head = head
        self.body = body
        self.remoteAddress = remoteAddress
    }

    public init(method: String, target: String, headers: HTTPHeaders = ["Host": "localhost"],
                body: [UInt8] = [], remoteAddress: String = "127.0.0.1") {
        self.init(head: HTTPRequestHead(method: method, target: target, headers: headers),
                  body: body, remoteAddress: remoteAddress)
    }

    public var method: String { head.method }
    public var target: String { head.target }
    public var path: Substring { head.path }
    public var headers: HTTPHeaders { head.headers }

    /// Query parameters, decoded (`+` as space, UTF-8).
    public var queryItems: FormFields { FormFields(decoding: head.query ?? "") }

    /// The cookies sent with the request (RFC 6265 §5.4), first value of each name wins. Split
    /// on the bytes `;` and `=`: a `Character` split keeps `;` glued to a combining mark that
    /// follows it (`;\u{0F3E}` is one grapheme), so a value could swallow the next cookie (the
    /// session-cookie fuzzer found it).
    public var cookies: [String: String] {
        var result: [String: String] = [:]
        for header in headers.values(for: "Cookie") {
            for pair in header.split(ofASCII: ";") {
                guard let equals = pair.firstIndex(ofASCII: "=") else { continue }
                let name = pair[..<equals].trimmingASCIIWhitespace()
                let value = pair[pair.utf8.index(after: equals)...]
                guard !name.isEmpty || !value.isEmpty else { continue }
                if result[name] == nil { result[name] = value.trimmingASCIIWhitespace() }
            }
        }
        return result
    }

    /// The media type of the body without parameters, lowercased (`application/json`).
    public var mediaType: String? {
        headers["Content-Type"].map {
            ($0.split(separator: ";", maxSplits: 1).first.map { $0.trimmingASCIIWhitespace() } ?? "").lowercased()
        }
    }

    /// Whether the client accepts gzip (RFC 9110 §12.5.3; `q=0` refuses it).
    public var acceptsGzip: Bool {
        // RFC 9110 §12.5.3: `gzip` (or `x-gzip`, §8.4.1.3) by name wins over `*`; q=0 refuses.
        var wildcard: Bool?
        for item in headers.tokens(for: "Accept-Encoding") {
            let parts = item.split(separator: ";").map { $0.trimmingASCIIWhitespace() }
            guard let coding = parts.first?.lowercased() else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if coding == "gzip" || coding == "x-gzip" { return quality > 0 }
            if coding == "*" { wildcard = quality > 0 }
        }
        return wildcard ?? false
    }
}
