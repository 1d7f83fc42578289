import Locking
import Logging

/// Answers requests from a `Router`: 404/405 from the table, `HTTPError`s and unexpected
/// errors through the application's error renderer (never with internals), then the
/// generic HTTP finishing: ETag/304 and gzip, and — with a cache — shared answers kept
/// until the application's generation moves on.
public struct RouterResponder: HTTPResponder {
    /// Renders an error as the application likes (HTML page or JSON envelope).
    public typealias ErrorRenderer = @Sendable (HTTPRequest, HTTPError) -> HTTPResponse
    /// The version of the data an answer to this request shows; any change to that data must
    /// increase it. Called on the event loop for every cacheable request: must be cheap.
    public typealias Generation = @Sendable (HTTPRequest) -> UInt64

    public let router: Router
    public let renderError: ErrorRenderer
    private let cache: ResponseCache?
    private let generation: Generation
    private let logger: Logger
    /// Applied to every route before its handler, deferred or not.
    private let originCheck: OriginCheck?

    public init(router: Router, logger: Logger = Logger(label: "feder.http"), cache: ResponseCache? = nil,
                originCheck: OriginCheck? = nil,
                generation: @escaping Generation = { _ in 0 }, renderError: @escaping ErrorRenderer) {
        self.router = router
        self.logger = logger
        self.cache = cache
        self.originCheck = originCheck
        self.generation = generation
        self.renderError = renderError
    }

    /// A cache hit is answered on the event loop, without a worker or the database.
    public func respondImmediately(to request: HTTPRequest) -> HTTPResponse? {
        // Only GET and HEAD are ever cached; other methods skip the generation lookup.
        guard let cache, request.method == "GET" || request.method == "HEAD" else { return nil }
        return cache.answer(request, generation: generation(request))
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let cache, request.method == "GET" || request.method == "HEAD" else {
            return ConditionalResponse.finish(route(request), for: request)
        }
        let renderedAt = generation(request) // read first: a change while rendering makes the entry stale
        let response = route(request)
        if let prepared = cache.store(response, for: request, generation: renderedAt) {
            return prepared.answer(to: request)
        }
        return ConditionalResponse.finish(response, for: request)
    }

    /// A deferred route starts here, on the event loop; every other request goes to a worker.
    public func respondDeferred(to request: HTTPRequest, reply: @escaping @Sendable (DeferredAnswer) -> Void) -> Bool {
        guard router.deferredMethods.contains(request.method),
              case .found(.deferred(let handler), let parameters)? = try? router.resolve(method: request.method, path: request.path)
        else { return false }
        do {
            try originCheck?.verify(request)
        } catch {
            reply(.response(render(error, for: request)))
            return true
        }
        run(handler, request, parameters, reply: reply)
        return true
    }

    public func maxBodySize(for head: HTTPRequestHead) -> Int? {
        router.maxBodySize(method: head.method, path: head.path)
    }

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        do {
            switch try router.resolve(method: request.method, path: request.path) {
            case .found(.handler(let handler), let parameters):
                try originCheck?.verify(request)
                return try handler(request, parameters)
            case .found(.deferred(let handler), let parameters):
                try originCheck?.verify(request)
                return waitFor(handler, request, parameters)
            case .methodNotAllowed(let allowed):
                if request.method == "OPTIONS" {
                    return HTTPResponse(status: .noContent, headers: ["Allow": (allowed + ["OPTIONS"]).joined(separator: ", ")])
                }
                return renderError(request, .methodNotAllowed(allowed: allowed))
            case .notFound:
                return renderError(request, .notFound())
            }
        } catch {
            return render(error, for: request)
        }
    }

    private func run(_ handler: Router.DeferredHandler, _ request: HTTPRequest, _ parameters: RouteParameters,
                     reply: @escaping @Sendable (DeferredAnswer) -> Void) {
        let deferredReply = DeferredReply(request: request, finish: { response, request in
            ConditionalResponse.finish(response, for: request)
        }, renderError: { [self] error, request in
            render(error, for: request)
        }, answer: reply)
        do {
            try handler(request, parameters, deferredReply)
        } catch {
            deferredReply.fail(error)
        }
    }

    /// A deferred route asked through `respond(to:)` (a worker, a test client): its answer is
    /// waited for here, and work it leaves for a worker runs on this thread.
    private func waitFor(_ handler: @escaping Router.DeferredHandler, _ request: HTTPRequest,
                         _ parameters: RouteParameters) -> HTTPResponse {
        switch waitForCallback({ run(handler, request, parameters, reply: $0) }) {
        case .response(let response): return response
        case .onWorker(let work): return work()
        }
    }

    /// `HTTPError`s through the application's renderer; anything else is a generic 500:
    /// the detail goes to the log, never to the client.
    private func render(_ error: any Error, for request: HTTPRequest) -> HTTPResponse {
        if let error = error as? HTTPError { return renderError(request, error) }
        logger.error("handler failed: \(String(describing: type(of: error))): \(error)")
        return renderError(request, HTTPError(.internalServerError, code: "internal_error",
                                              message: "Something went wrong on our side."))
    }
}
