import Logging

/// How a route is answered.
public enum RouteAction: Sendable {
    /// On a worker thread: may read the database and render.
    case worker(@Sendable (HTTPRequest) throws -> HTTPResponse)
    /// Started on the event loop, which it must not block; answered through the reply.
    case deferred(@Sendable (HTTPRequest, DeferredReply) throws -> Void)
}

/// The innermost responder: parses the request into a route value, runs the route's action,
/// and renders every error through the application's renderer: 404 and 405 (with `Allow`;
/// OPTIONS gets 204 and the list), `HTTPError`s, and anything else as a generic 500 whose
/// detail goes to the log, never to the client.
public struct RouteEndpoint<Route: RouteValue>: HTTPResponder {
    /// Renders an error as the application likes (HTML page or JSON envelope).
    public typealias ErrorRenderer = @Sendable (HTTPRequest, HTTPError) -> HTTPResponse

    private let action: @Sendable (Route) -> RouteAction
    private let bodyLimit: @Sendable (Route) -> Int?
    private let errors: ErrorRenderer
    private let refusals: @Sendable (HTTPStatus, String) -> HTTPResponse?
    private let logger: Logger

    /// `action` is one exhaustive switch over the routes; `bodyLimit` the route's own limit.
    public init(logger: Logger = Logger(label: "feder.http"), bodyLimit: @escaping @Sendable (Route) -> Int? = { _ in nil },
                refusals: @escaping @Sendable (HTTPStatus, String) -> HTTPResponse? = { _, _ in nil },
                errors: @escaping ErrorRenderer, action: @escaping @Sendable (Route) -> RouteAction) {
        self.logger = logger
        self.bodyLimit = bodyLimit
        self.refusals = refusals
        self.errors = errors
        self.action = action
    }

    public func respond(to request: HTTPRequest) -> Reply {
        let resolution: RouteResolution<Route>
        do {
            resolution = Route.resolve(method: request.method, path: try RequestPath(request))
        } catch {
            return .onWorker { errors(request, error) }
        }
        switch resolution {
        case .found(let route):
            switch action(route) {
            case .worker(let handler):
                return .onWorker { [self] in
                    do {
                        return try handler(request)
                    } catch {
                        return render(error, for: request)
                    }
                }
            case .deferred(let handler):
                return .deferred { [self] answer in
                    let reply = DeferredReply(request: request, renderError: { render($1, for: $0) }, answer: answer)
                    do {
                        try handler(request, reply)
                    } catch {
                        reply.fail(error)
                    }
                }
            }
        case .methodNotAllowed(let allowed):
            if request.method == "OPTIONS" {
                return .now(HTTPResponse(status: .noContent, headers: ["Allow": (allowed + ["OPTIONS"]).joined(separator: ", ")]))
            }
            return .onWorker { errors(request, .methodNotAllowed(allowed: allowed)) }
        case .notFound:
            // An error page may be rendered from the theme: not on the loop.
            return .onWorker { errors(request, .notFound()) }
        }
    }

    public func maxBodySize(for head: HTTPRequestHead) -> Int? {
        guard let path = try? RequestPath(head),
              case .found(let route) = Route.resolve(method: head.method, path: path) else { return nil }
        return bodyLimit(route)
    }

    public func refusal(_ status: HTTPStatus, target: String) -> HTTPResponse? {
        refusals(status, target)
    }

    /// `HTTPError`s through the application's renderer; anything else is a generic 500.
    func render(_ error: any Error, for request: HTTPRequest) -> HTTPResponse {
        if let error = error as? HTTPError { return errors(request, error) }
        logger.error("handler failed: \(String(describing: type(of: error))): \(error)")
        return errors(request, HTTPError(.internalServerError, code: "internal_error",
                                         message: "Something went wrong on our side."))
    }
}
