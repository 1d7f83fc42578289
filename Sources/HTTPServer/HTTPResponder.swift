/// What the server calls to answer a request. The server knows nothing else of the application.
public protocol HTTPResponder: Sendable {
    /// Runs on a worker thread; may block briefly (SQLite), never on the network.
    func respond(to request: HTTPRequest) -> HTTPResponse

    /// Runs on the connection's event-loop queue before any worker is involved, so it must be
    /// cheap and never block (a cache lookup). Nil sends the request on to `respond(to:)`.
    func respondImmediately(to request: HTTPRequest) -> HTTPResponse?

    /// Runs on the event-loop queue when `respondImmediately` declined. A responder that can
    /// start the work without blocking (its slow part waits on a thread of its own) returns
    /// true and calls `reply` exactly once, from any thread. False: a worker runs `respond(to:)`.
    func respondDeferred(to request: HTTPRequest, reply: @escaping @Sendable (DeferredAnswer) -> Void) -> Bool

    /// The largest body accepted for this request, decided from its head (413 beyond it,
    /// before any body byte is read, so `100 Continue` is never sent for a refused body).
    func maxBodySize(for head: HTTPRequestHead) -> Int?

    /// The answer to a request the server refuses before any route runs (408, 413, 414, 431,
    /// …), given as much of its target as arrived, so that a JSON API answers in JSON. Nil: a
    /// plain-text answer. The connection closes after it either way.
    func refusal(_ status: HTTPStatus, target: String) -> HTTPResponse?
}

extension HTTPResponder {
    public func respondImmediately(to request: HTTPRequest) -> HTTPResponse? { nil }
    public func respondDeferred(to request: HTTPRequest, reply: @escaping @Sendable (DeferredAnswer) -> Void) -> Bool {
        false
    }
    public func maxBodySize(for head: HTTPRequestHead) -> Int? { nil }
    public func refusal(_ status: HTTPStatus, target: String) -> HTTPResponse? { nil }
}

/// Methods this server implements; any other token gets 501 (RFC 9110 §9.1).
public enum KnownMethods {
    public static let all: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]
}
