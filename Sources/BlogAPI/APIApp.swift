import Blog
import Foundation
import HTTPServer
import JSON
import Routes

/// The JSON API (PRODUCT §4): articles and comments for scripts, and the admin routes.
public struct APIApp: Sendable {
    let store: BlogStore
    let comments: CommentService
    let importer: ArticleImporter
    let baseURL: String
    /// Nil: every admin route answers 404, as if it did not exist.
    let adminToken: String?
    /// The name erased comments get ("Anonymous" / "Anonym").
    let anonymousName: String

    static let maxPerPage = 100
    static let defaultPerPage = 10

    public init(store: BlogStore, comments: CommentService, importer: ArticleImporter, baseURL: String,
                adminToken: String?, anonymousName: String) {
        self.store = store
        self.comments = comments
        self.importer = importer
        self.baseURL = baseURL
        self.adminToken = adminToken.flatMap { $0.isEmpty ? nil : $0 }
        self.anonymousName = anonymousName
    }

    /// What each API route runs: one exhaustive switch. Admin routes pass the token gate
    /// first.
    public func action(for route: APIRoute) -> RouteAction {
        switch route {
        case .articles: .worker { try listArticles($0) }
        case .article(let slug): .worker { _ in try showArticle(slug: slug) }
        case .comments(let slug): .worker { try listComments($0, slug: slug) }
        case .postComment(let slug): .deferred { try postComment($0, slug: slug, reply: $1) }
        case .openAPI: .worker { _ in openAPI() }
        case .createArticle: admin { try createArticle($0) }
        case .replaceArticle(let slug): admin { try replaceArticle($0, slug: slug) }
        case .deleteArticle(let slug): admin { _ in try deleteArticle(slug: slug) }
        case .moderationQueue: admin { try listForModeration($0) }
        case .approveComment(let id): admin { _ in try moderate(id, to: .approved) }
        case .markCommentAsSpam(let id): admin { _ in try moderate(id, to: .spam) }
        case .deleteComment(let id): admin { _ in try deleteComment(id) }
        case .personalData: admin { try exportPersonalData($0) }
        case .erasePersonalData: admin { try erasePersonalData($0) }
        }
    }

    private func admin(_ handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) -> RouteAction {
        .worker { request in try admin(request) { try handler(request) } }
    }

    // MARK: - Responses

    static func json(_ value: JSONValue, status: HTTPStatus = .ok, cacheable: Bool = false) -> HTTPResponse {
        var response = HTTPResponse.json(value.serialized(), status: status)
        response.headers.set("Cache-Control", cacheable ? "public, max-age=0, s-maxage=60, must-revalidate" : "no-store")
        return response
    }

    /// The error envelope `{"error", "message", "fields"?}` with the error's status and headers.
    public static func errorResponse(_ error: HTTPError) -> HTTPResponse {
        var pairs: [(String, JSONValue)] = [("error", .string(error.code)), ("message", .string(error.message))]
        if !error.fields.isEmpty {
            pairs.append(("fields", .object(error.fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        var response = json(.object(pairs), status: error.status)
        for field in error.headers { response.headers.set(field.name, field.value) }
        return response
    }

    /// The envelope for a request the server refused before routing (PRODUCT §4: errors on
    /// the API are JSON, also a 413 for a body over the route's limit).
    public static func refusal(_ status: HTTPStatus) -> HTTPResponse {
        let (code, message) = switch status.code {
        case 408: ("request_timeout", "The request did not arrive in time.")
        case 413: ("content_too_large", "The request body is too large.")
        case 414: ("uri_too_long", "The request target is too long.")
        case 431: ("headers_too_large", "The request header fields are too large.")
        case 501: ("not_implemented", "The request method is not implemented.")
        case 505: ("version_not_supported", "Use HTTP/1.1.")
        case 503: ("unavailable", "The server is busy. Try again shortly.")
        default: ("bad_request", "The request is malformed.")
        }
        return errorResponse(HTTPError(status, code: code, message: message))
    }

    /// Parses a JSON object body, with the API's statuses for each way it can be wrong.
    static func jsonObject(_ request: HTTPRequest) throws -> [String: Any] {
        guard request.mediaType == "application/json" else {
            throw HTTPError(.unsupportedMediaType, code: "unsupported_media_type", message: "Send the body as application/json.")
        }
        do {
            return try JSONBody.object(from: request.body)
        } catch {
            let message = switch error {
            case .tooDeep: "The JSON body is nested too deeply."
            case .duplicateKey(let key): "The JSON body names \"\(key.prefix(40))\" twice."
            case .malformed, .notAnObject: "The body is not a JSON object."
            }
            throw HTTPError(.badRequest, code: "malformed_json", message: message)
        }
    }

    // MARK: - Admin gate

    /// `admin.token` (compared in constant time) or a named token made in the desk (looked up
    /// by its SHA-256). Neither configured: 404 (the routes do not exist). Wrong or missing: 401
    /// with `WWW-Authenticate: Bearer` (RFC 6750 §3).
    func admin(_ request: HTTPRequest, _ body: () throws -> HTTPResponse) throws -> HTTPResponse {
        let header = request.headers["Authorization"] ?? ""
        let given = header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) : ""
        if !given.isEmpty, let adminToken, KeyedHasher.constantTimeEquals(given, adminToken) { return try body() }
        if !given.isEmpty, try store.acceptsAPIToken(given) { return try body() }
        guard try adminToken != nil || store.hasAPITokens() else { throw HTTPError.notFound() }
        throw HTTPError(.unauthorized, code: "unauthorized", message: "A valid admin token is required.",
                        headers: ["WWW-Authenticate": "Bearer realm=\"feder\""])
    }
}
