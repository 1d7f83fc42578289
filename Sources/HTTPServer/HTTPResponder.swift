/// What the server asks of an application. `respond(to:)` runs on the connection's event
/// loop, so it must not block: it answers at once (a cached page), or names the work that may
/// block (a worker runs it), or starts work that finishes elsewhere (a deferred answer).
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) -> Reply

    /// The largest body accepted for this request, decided from its head (413 beyond it,
    /// before any body byte is read, so `100 Continue` is never sent for a refused body).
    func maxBodySize(for head: HTTPRequestHead) -> Int?

    /// The answer to a request the server refuses before any route runs (408, 413, 414, 431,
    /// …), given as much of its target as arrived, so that a JSON API answers in JSON. Nil: a
    /// plain-text answer. The connection closes after it either way.
    func refusal(_ status: HTTPStatus, target: String) -> HTTPResponse?

    /// The target as the access log may show it: the application knows which parts of its
    /// paths are secrets (a signed link's token). Query values are already gone.
    func loggedTarget(_ target: String) -> String
}

extension HTTPResponder {
    public func maxBodySize(for head: HTTPRequestHead) -> Int? { nil }
    public func refusal(_ status: HTTPStatus, target: String) -> HTTPResponse? { nil }
    public func loggedTarget(_ target: String) -> String { target }
}

/// How a request is answered.
public enum Reply: Sendable {
    /// Answered now, on the event loop.
    case now(HTTPResponse)
    /// Work that may block (SQLite, rendering): a worker thread runs it.
    case onWorker(@Sendable () -> HTTPResponse)
    /// Started now; the starter is handed a callback that it (or whatever it started) calls
    /// exactly once, from any thread, with the rest of the answer. Suits a request whose slow
    /// part waits on a thread of its own (the database writer): no worker sits blocked.
    case deferred(@Sendable (_ answer: @escaping @Sendable (Reply) -> Void) -> Void)

    /// The same answer with `transform` applied to its response, on whichever thread produces
    /// it (the loop, a worker, or the thread that completes a deferred answer).
    public func map(_ transform: @escaping @Sendable (HTTPResponse) -> HTTPResponse) -> Reply {
        switch self {
        case .now(let response):
            return .now(transform(response))
        case .onWorker(let work):
            return .onWorker { transform(work()) }
        case .deferred(let start):
            return .deferred { answer in start { answer($0.map(transform)) } }
        }
    }
}

/// Methods this server implements; any other token gets 501 (RFC 9110 §9.1).
public enum KnownMethods {
    public static let all: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]
}
