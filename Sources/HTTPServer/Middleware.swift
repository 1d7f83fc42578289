/// One concern between the server and the routes (client address, conditional GET, the page
/// cache, security headers, origin check): it may answer itself, change the request on the
/// way in, or change the answer on the way out (`Reply.map`).
public protocol Middleware: Sendable {
    func respond(to request: HTTPRequest, next: Next) -> Reply

    /// An answer the server gives before any route runs (`HTTPResponder.refusal`) passes
    /// here too, for what every answer carries; most middleware leave it as it is.
    func finish(refusal: HTTPResponse) -> HTTPResponse
}

extension Middleware {
    public func finish(refusal: HTTPResponse) -> HTTPResponse { refusal }
}

/// The rest of the chain after a middleware.
public struct Next: Sendable {
    let run: @Sendable (HTTPRequest) -> Reply

    public func callAsFunction(_ request: HTTPRequest) -> Reply { run(request) }
}

/// Middleware in a visible order, outermost first, in front of the responder that routes.
public struct ResponderChain: HTTPResponder {
    private let entry: @Sendable (HTTPRequest) -> Reply
    private let endpoint: any HTTPResponder
    private let middleware: [any Middleware]
    private let logged: @Sendable (String) -> String

    /// `loggedTarget`: the access log's view of a target (`HTTPResponder.loggedTarget`).
    public init(_ middleware: [any Middleware], endpoint: any HTTPResponder,
                loggedTarget: @escaping @Sendable (String) -> String = { $0 }) {
        self.endpoint = endpoint
        self.middleware = middleware
        self.logged = loggedTarget
        var next: @Sendable (HTTPRequest) -> Reply = { endpoint.respond(to: $0) }
        for layer in middleware.reversed() {
            let inner = Next(run: next)
            next = { layer.respond(to: $0, next: inner) }
        }
        entry = next
    }

    public func respond(to request: HTTPRequest) -> Reply { entry(request) }

    public func maxBodySize(for head: HTTPRequestHead) -> Int? { endpoint.maxBodySize(for: head) }

    public func loggedTarget(_ target: String) -> String { logged(target) }

    public func refusal(_ status: HTTPStatus, target: String) -> HTTPResponse? {
        endpoint.refusal(status, target: target).map { refusal in
            middleware.reversed().reduce(refusal) { $1.finish(refusal: $0) }
        }
    }
}
