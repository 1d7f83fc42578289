/// Values captured from a path pattern: `{slug}` and the rest-of-path `{path...}`.
public struct RouteParameters: Sendable {
    public private(set) var values: [String: String] = [:]

    public subscript(name: String) -> String? { values[name] }

    mutating func set(_ name: String, _ value: String) { values[name] = value }
}

/// A method + path-pattern table, built before the server starts and then immutable (I).
///
/// Patterns are literal segments, `{name}` (one decoded segment) and a final `{name...}`
/// (the decoded rest). Decoding happens per segment, so `%2F` never becomes a separator.
public struct Router: Sendable {
    public typealias Handler = @Sendable (HTTPRequest, RouteParameters) throws -> HTTPResponse
    /// Runs on the event loop and must not block: it answers through the `DeferredReply`.
    public typealias DeferredHandler = @Sendable (HTTPRequest, RouteParameters, DeferredReply) throws -> Void

    /// What a route runs: a handler on a worker thread, or a deferred one on the event loop.
    public enum Action: Sendable {
        case handler(Handler)
        case deferred(DeferredHandler)
    }

    struct Route: Sendable {
        enum Segment: Sendable, Equatable {
            case literal(String)
            case parameter(String)
            case rest(String)
        }

        let method: String
        let segments: [Segment]
        let maxBodySize: Int?
        let action: Action

        /// The captured parameters when `path` (already split and decoded) matches.
        func match(_ path: [String]) -> RouteParameters? {
            var parameters = RouteParameters()
            var index = 0
            for segment in segments {
                switch segment {
                case .literal(let text):
                    guard index < path.count, path[index] == text else { return nil }
                case .parameter(let name):
                    guard index < path.count, !path[index].isEmpty else { return nil }
                    parameters.set(name, path[index])
                case .rest(let name):
                    guard index < path.count else { return nil }
                    parameters.set(name, path[index...].joined(separator: "/"))
                    return parameters
                }
                index += 1
            }
            return index == path.count ? parameters : nil
        }
    }

    public enum Resolution: Sendable {
        case found(Action, RouteParameters)
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private(set) var routes: [Route] = []
    /// Methods that have a deferred route, so other requests skip a second lookup on the loop.
    private(set) var deferredMethods: Set<String> = []

    public init() {}

    public mutating func add(_ method: String, _ pattern: String, maxBodySize: Int? = nil, _ handler: @escaping Handler) {
        add(method, pattern, maxBodySize: maxBodySize, action: .handler(handler))
    }

    /// A route answered without a worker thread (see `DeferredReply`).
    public mutating func addDeferred(_ method: String, _ pattern: String, maxBodySize: Int? = nil,
                                     _ handler: @escaping DeferredHandler) {
        add(method, pattern, maxBodySize: maxBodySize, action: .deferred(handler))
        deferredMethods.insert(method)
    }

    private mutating func add(_ method: String, _ pattern: String, maxBodySize: Int?, action: Action) {
        let segments: [Route.Segment] = Self.split(pattern).map { part in
            if part.hasPrefix("{") && part.hasSuffix("...}") { return .rest(String(part.dropFirst().dropLast(4))) }
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(part)
        }
        routes.append(Route(method: method, segments: segments, maxBodySize: maxBodySize, action: action))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { add("GET", pattern, handler) }
    public mutating func post(_ pattern: String, maxBodySize: Int? = nil, _ handler: @escaping Handler) {
        add("POST", pattern, maxBodySize: maxBodySize, handler)
    }
    public mutating func put(_ pattern: String, maxBodySize: Int? = nil, _ handler: @escaping Handler) {
        add("PUT", pattern, maxBodySize: maxBodySize, handler)
    }
    public mutating func delete(_ pattern: String, _ handler: @escaping Handler) { add("DELETE", pattern, handler) }

    /// Finds the handler for a request; HEAD uses the GET route (RFC 9110 §9.3.2).
    public func resolve(method: String, path: Substring) throws(HTTPError) -> Resolution {
        let segments = try Self.decodedSegments(path)
        var allowed: [String] = []
        for route in routes {
            guard let parameters = route.match(segments) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                return .found(route.action, parameters)
            }
            allowed.append(route.method)
        }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed: Array(Set(allowed)).sorted())
    }

    /// The body limit of the route a head would reach, if it sets one.
    public func maxBodySize(method: String, path: Substring) -> Int? {
        guard let segments = try? Self.decodedSegments(path) else { return nil }
        return routes.first { $0.method == method && $0.match(segments) != nil }?.maxBodySize
    }

    /// Splits the encoded path and decodes each segment; a segment that decodes to something
    /// containing `/` or NUL, or with a broken escape, is a bad request.
    static func decodedSegments(_ path: Substring) throws(HTTPError) -> [String] {
        var result: [String] = []
        for segment in path.split(ofASCII: "/") {
            // Without an escape the segment is its own decoding: no second copy.
            let decoded = segment.firstIndex(ofASCII: "%") != nil ? PercentDecoding.decode(segment) : String(segment)
            guard let decoded, !decoded.utf8.contains(UInt8(ascii: "/")), !decoded.utf8.contains(0) else {
                throw .badRequest("The request path is not valid.")
            }
            result.append(decoded)
        }
        return result
    }

    /// Splits at the byte `/`: a `Character` split keeps a `/` that a combining mark follows.
    private static func split(_ path: String) -> [String] {
        path.split(ofASCII: "/").map(String.init)
    }
}
