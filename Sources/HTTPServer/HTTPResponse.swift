/// A response: status, headers and the whole body.
///
/// The body is an array so cached pages share one buffer between requests (copy on write).
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders {
        didSet { wireFields = nil }
    }
    public var body: [UInt8]
    /// `headers` already checked and encoded for the wire (set once by `PreparedResponse`), so
    /// a cached answer is not re-validated byte by byte on every request. Any change to
    /// `headers` drops it.
    var wireFields: [UInt8]?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.wireFields = nil
    }

    /// True for an answer conditional handling already chose (a prepared variant, a 304 or a
    /// 412): its fields are encoded, and later layers leave it as it is.
    public var isFinal: Bool { wireFields != nil }

    /// Encodes `headers` now and keeps the bytes (nil when a field is unsafe to send).
    mutating func encodeFields() {
        wireFields = ResponseSerializer.wireFields(of: headers)
    }

    public init(status: HTTPStatus = .ok, contentType: String, body: [UInt8], headers: HTTPHeaders = HTTPHeaders()) {
        self.init(status: status, headers: headers, body: body)
        self.headers.set("Content-Type", contentType)
    }

    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
    }

    public static func html(_ html: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }

    public static func json(_ bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json; charset=utf-8", body: bytes)
    }

    /// A redirect; the caller must pass a local path or a validated absolute URL.
    public static func redirect(to location: String, status: HTTPStatus = .seeOther) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Location": location])
    }
}
