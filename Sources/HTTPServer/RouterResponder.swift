import Logging

/// Answers requests from a `Router`: 404/405 from the table, `HTTPError`s and unexpected
/// errors through the application's error renderer (never with internals, E6), then the
/// generic HTTP finishing: ETag/304 and gzip.
public struct RouterResponder: HTTPResponder {
    /// Renders an error as the application likes (HTML page or JSON envelope).
    public typealias ErrorRenderer = @Sendable (HTTPRequest, HTTPError) -> HTTPResponse
    /// An optional cheap answer tried on the event loop first (e.g. a page-cache hit).
    public typealias FastPath = @Sendable (HTTPRequest) -> HTTPResponse?

    public let router: Router
    public let renderError: ErrorRenderer
    public let fastPath: FastPath?
    private let logger: Logger

    public init(router: Router, logger: Logger = Logger(label: "feder.http"),
                fastPath: FastPath? = nil, renderError: @escaping ErrorRenderer) {
        self.router = router
        self.logger = logger
        self.fastPath = fastPath
        self.renderError = renderError
    }

    public func respondImmediately(to request: HTTPRequest) -> HTTPResponse? {
        guard let fastPath, let response = fastPath(request) else { return nil }
        return ConditionalResponse.finish(response, for: request)
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        ConditionalResponse.finish(route(request), for: request)
    }

    public func maxBodySize(for head: HTTPRequestHead) -> Int? {
        router.maxBodySize(method: head.method, path: head.path)
    }

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        do {
            switch try router.resolve(method: request.method, path: request.path) {
            case .found(let handler, let parameters):
                return try handler(request, parameters)
            case .methodNotAllowed(let allowed):
                if request.method == "OPTIONS" {
                    return HTTPResponse(status: .noContent, headers: ["Allow": (allowed + ["OPTIONS"]).joined(separator: ", ")])
                }
                return renderError(request, .methodNotAllowed(allowed: allowed))
            case .notFound:
                return renderError(request, .notFound())
            }
        } catch let error as HTTPError {
            return renderError(request, error)
        } catch {
            // E6: the detail goes to the log, the client gets a generic 500.
            logger.error("handler failed: \(String(describing: type(of: error))): \(error)")
            return renderError(request, HTTPError(.internalServerError, code: "internal_error",
                                                  message: "Something went wrong on our side."))
        }
    }
}
