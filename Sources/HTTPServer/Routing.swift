/// A request's path as a route parser sees it: the decoded segments and the query.
public struct RequestPath: Sendable {
    public let segments: [String]
    public let query: FormFields

    public init(segments: [String], query: FormFields = FormFields(decoding: "")) {
        self.segments = segments
        self.query = query
    }

    /// Splits the encoded path and decodes each segment, so `%2F` never becomes a separator; a
    /// segment that decodes to something containing `/` or NUL, or with a broken escape, is a
    /// bad request. Empty segments are dropped (`/a//b` is `/a/b`).
    public init(_ request: HTTPRequest) throws(HTTPError) {
        try self.init(request.head)
    }

    /// The path of a target written in a form or a link (`/admin/articles/x?y=1`); nil when it
    /// is not a valid origin-form path.
    public init?(target: String) {
        guard target.hasPrefix("/"), let path = try? RequestPath(HTTPRequestHead(method: "GET", target: target)) else { return nil }
        self = path
    }

    public init(_ head: HTTPRequestHead) throws(HTTPError) {
        var segments: [String] = []
        for segment in head.path.split(ofASCII: "/") {
            // Without an escape the segment is its own decoding: no second copy.
            let decoded = segment.firstIndex(ofASCII: "%") != nil ? PercentDecoding.decode(segment) : String(segment)
            guard let decoded, !decoded.utf8.contains(UInt8(ascii: "/")), !decoded.utf8.contains(0) else {
                throw .badRequest("The request path is not valid.")
            }
            segments.append(decoded)
        }
        self.init(segments: segments, query: head.query.map { FormFields(decoding: $0) } ?? FormFields(decoding: ""))
    }
}

/// One surface's routes as values (an enum per surface): each value is parsed from a request
/// and prints its own URL, so no handler or view writes a URL by hand.
public protocol RouteValue: Sendable {
    /// The route `method` reaches at `path`; nil when there is none (a bad parameter included).
    init?(method: String, path: RequestPath)
    /// The URL path, with its query, that parses back to this route.
    var path: String { get }
}

/// What a request reached.
public enum RouteResolution<Route: Sendable>: Sendable {
    case found(Route)
    case methodNotAllowed(allowed: [String])
    case notFound
}

extension RouteValue {
    /// `path` with `#anchor`.
    public func path(anchor: String) -> String { path + "#" + anchor }

    /// The route for a request; HEAD uses the GET route (RFC 9110 §9.3.2). When the path has
    /// routes for other methods only, 405 with them; a path whose own route refuses its query
    /// (`?page=x`) is a 404.
    public static func resolve(method: String, path: RequestPath) -> RouteResolution<Self> {
        let asked = method == "HEAD" ? "GET" : method
        if let route = Self(method: asked, path: path) { return .found(route) }
        let bare = RequestPath(segments: path.segments)
        if Self(method: asked, path: bare) != nil { return .notFound }
        var allowed = routedMethods.filter { Self(method: $0, path: bare) != nil }
        guard !allowed.isEmpty else { return .notFound }
        if allowed.contains("GET") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed: allowed.sorted())
    }

    private static var routedMethods: [String] { ["GET", "POST", "PUT", "DELETE", "PATCH"] }
}

/// Builds URL paths: each segment percent-encoded, query values too. The one place that
/// encodes what a route prints.
public struct PathBuilder: Sendable {
    public private(set) var path = ""
    private var hasQuery = false

    public init() {}

    /// `/segment`, encoded.
    public mutating func add(_ segment: String) {
        path += "/"
        path += PercentDecoding.encode(segment)
    }

    /// `?name=value` or `&name=value`, the value encoded.
    public mutating func query(_ name: String, _ value: String) {
        if path.isEmpty { path = "/" }
        path += hasQuery ? "&" : "?"
        hasQuery = true
        path += name
        path += "="
        path += PercentDecoding.encode(value)
    }

    /// The path, `/` when nothing was added.
    public var built: String { path.isEmpty ? "/" : path }

    /// A path of literal and encoded segments in one call.
    public static func path(_ segments: String...) -> String {
        var builder = PathBuilder()
        for segment in segments { builder.add(segment) }
        return builder.built
    }
}
