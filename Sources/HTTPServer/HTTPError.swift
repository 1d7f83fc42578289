/// The one error type handlers throw to answer with a status other than 2xx.
///
/// `code` is a stable machine-readable name (`comments_closed`), `message` a sentence
/// safe to show to anyone: never user data, SQL, file paths or stack traces.
public struct HTTPError: Error, Sendable, Equatable {
    public var status: HTTPStatus
    public var code: String
    public var message: String
    /// Per-field messages for validation failures (422).
    public var fields: [String: String]
    /// Extra response headers (`Allow`, `Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatus, code: String, message: String,
                fields: [String: String] = [:], headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers
    }

    public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message && lhs.fields == rhs.fields
    }

    public static func notFound(_ message: String = "The requested resource does not exist.") -> HTTPError {
        HTTPError(.notFound, code: "not_found", message: message)
    }

    public static func badRequest(_ message: String) -> HTTPError {
        HTTPError(.badRequest, code: "bad_request", message: message)
    }

    public static func methodNotAllowed(allowed: [String]) -> HTTPError {
        HTTPError(.methodNotAllowed, code: "method_not_allowed",
                  message: "This method is not allowed here.",
                  headers: ["Allow": allowed.joined(separator: ", ")])
    }
}
