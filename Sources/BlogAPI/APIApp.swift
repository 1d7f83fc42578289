import Blog
import Foundation
import HTTPServer
import JSON

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

    public func register(in router: inout Router) {
        router.get("/api/articles") { request, _ in try listArticles(request) }
        router.get("/api/articles/{slug}") { _, parameters in try showArticle(slug: parameters["slug"]!) }
        router.get("/api/articles/{slug}/comments") { request, parameters in try listComments(request, slug: parameters["slug"]!) }
        router.addDeferred("POST", "/api/articles/{slug}/comments", maxBodySize: CommentDraft.maxPostBytes) { request, parameters, reply in
            try postComment(request, slug: parameters["slug"]!, reply: reply)
        }
        router.get("/api/openapi.json") { _, _ in openAPI() }

        router.post("/api/admin/articles", maxBodySize: 2 * 1024 * 1024) { request, _ in
            try admin(request) { try createArticle(request) }
        }
        router.put("/api/admin/articles/{slug}", maxBodySize: 2 * 1024 * 1024) { request, parameters in
            try admin(request) { try replaceArticle(request, slug: parameters["slug"]!) }
        }
        router.delete("/api/admin/articles/{slug}") { request, parameters in
            try admin(request) { try deleteArticle(slug: parameters["slug"]!) }
        }
        router.get("/api/admin/comments") { request, _ in try admin(request) { try listForModeration(request) } }
        router.post("/api/admin/comments/{id}/approve") { request, parameters in
            try admin(request) { try moderate(parameters["id"]!, to: .approved) }
        }
        router.post("/api/admin/comments/{id}/spam") { request, parameters in
            try admin(request) { try moderate(parameters["id"]!, to: .spam) }
        }
        router.delete("/api/admin/comments/{id}") { request, parameters in
            try admin(request) { try deleteComment(parameters["id"]!) }
        }
        router.get("/api/admin/personal-data") { request, _ in try admin(request) { try exportPersonalData(request) } }
        router.post("/api/admin/personal-data/erase", maxBodySize: 16 * 1024) { request, _ in
            try admin(request) { try erasePersonalData(request) }
        }
    }

    // MARK: - Responses

    static func json(_ value: JSONValue, status: HTTPStatus = .ok, cacheable: Bool = false) -> HTTPResponse {
        var response = HTTPResponse.json(value.serialized(), status: status)
        response.headers.set("Cache-Control", cacheable ? "public, max-age=0, s-maxage=60, must-revalidate" : "no-store")
        response.headers.set("X-Content-Type-Options", "nosniff")
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

    /// No token configured: 404 (the routes do not exist). Wrong or missing: 401 with
    /// `WWW-Authenticate: Bearer` (RFC 6750 §3). Compared in constant time.
    func admin(_ request: HTTPRequest, _ body: () throws -> HTTPResponse) throws -> HTTPResponse {
        guard let adminToken else { throw HTTPError.notFound() }
        let header = request.headers["Authorization"] ?? ""
        let given = header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) : ""
        guard !given.isEmpty, KeyedHasher.constantTimeEquals(given, adminToken) else {
            throw HTTPError(.unauthorized, code: "unauthorized", message: "A valid admin token is required.",
                            headers: ["WWW-Authenticate": "Bearer realm=\"feder\""])
        }
        return try body()
    }
}
