import Blog
import HTTPServer

extension BlogError {
    /// The one table of what each domain error is over HTTP: its status, its stable code and
    /// the headers it needs. The pages and the API word the message each in their own way.
    public func httpError(message: String, fields: [String: String] = [:]) -> HTTPError {
        switch self {
        case .articleNotFound, .commentNotFound:
            HTTPError(.notFound, code: "not_found", message: message)
        case .commentsClosed:
            HTTPError(.forbidden, code: "comments_closed", message: message)
        case .invalidComment:
            HTTPError(.unprocessableContent, code: "validation_failed", message: message, fields: fields)
        case .duplicateComment:
            HTTPError(.conflict, code: "duplicate_comment", message: message)
        case .rateLimited(let seconds):
            HTTPError(.tooManyRequests, code: "rate_limited", message: message, headers: ["Retry-After": String(seconds)])
        case .invalidArticle, .pageRefused:
            HTTPError(.unprocessableContent, code: "invalid_article", message: message, fields: fields)
        case .editConflict:
            HTTPError(.conflict, code: "edit_conflict", message: message)
        case .slugTaken:
            HTTPError(.conflict, code: "slug_taken", message: message, fields: fields)
        case .storageUnavailable:
            HTTPError(.serviceUnavailable, code: "unavailable", message: message, headers: ["Retry-After": "30"])
        }
    }
}
