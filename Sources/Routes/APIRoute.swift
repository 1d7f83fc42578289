import Blog
import HTTPServer

/// Every URL of the JSON API (PRODUCT §4), parsed and printed like `WebRoute`.
public enum APIRoute: RouteValue, Hashable {
    case articles
    case article(slug: String)
    case comments(slug: String)
    case postComment(slug: String)
    case openAPI
    case createArticle
    case replaceArticle(slug: String)
    case deleteArticle(slug: String)
    case moderationQueue
    case approveComment(id: Int)
    case markCommentAsSpam(id: Int)
    case deleteComment(id: Int)
    case personalData
    case erasePersonalData

    /// Where the admin routes live (robots.txt keeps crawlers out).
    public static let adminPrefix = "/api/admin/"

    /// Every path under `/api/` is the API's: its 404s and 405s answer in JSON too.
    public static func owns(_ path: RequestPath) -> Bool { path.segments.first == "api" }

    /// The same for a raw target, as far as it arrived (a refusal before parsing).
    public static func owns(target: String) -> Bool { target == "/api" || target.hasPrefix("/api/") || target.hasPrefix("/api?") }

    public init?(method: String, path request: RequestPath) {
        let s = request.segments
        guard s.first == "api", s.count >= 2 else { return nil }
        switch (method, s.count, s[1]) {
        case ("GET", 2, "articles"): self = .articles
        case ("GET", 2, "openapi.json"): self = .openAPI
        case ("GET", 3, "articles"): self = .article(slug: s[2])
        case ("GET", 4, "articles") where s[3] == "comments": self = .comments(slug: s[2])
        case ("POST", 4, "articles") where s[3] == "comments": self = .postComment(slug: s[2])
        case (_, _, "admin"): self.init(adminMethod: method, Array(s.dropFirst(2)))
        default: return nil
        }
    }

    private init?(adminMethod method: String, _ s: [String]) {
        switch (method, s.count, s.first ?? "") {
        case ("POST", 1, "articles"): self = .createArticle
        case ("PUT", 2, "articles"): self = .replaceArticle(slug: s[1])
        case ("DELETE", 2, "articles"): self = .deleteArticle(slug: s[1])
        case ("GET", 1, "comments"): self = .moderationQueue
        case ("POST", 3, "comments") where s[2] == "approve":
            guard let id = WebRoute.digits(s[1]) else { return nil }
            self = .approveComment(id: id)
        case ("POST", 3, "comments") where s[2] == "spam":
            guard let id = WebRoute.digits(s[1]) else { return nil }
            self = .markCommentAsSpam(id: id)
        case ("DELETE", 2, "comments"):
            guard let id = WebRoute.digits(s[1]) else { return nil }
            self = .deleteComment(id: id)
        case ("GET", 1, "personal-data"): self = .personalData
        case ("POST", 2, "personal-data") where s[1] == "erase": self = .erasePersonalData
        default: return nil
        }
    }

    public var path: String { path(query: []) }

    /// The path with query parameters (page links).
    public func path(query: [(String, String)]) -> String {
        var builder = PathBuilder()
        builder.add("api")
        switch self {
        case .articles: builder.add("articles")
        case .article(let slug): builder.add("articles"); builder.add(slug)
        case .comments(let slug), .postComment(let slug): builder.add("articles"); builder.add(slug); builder.add("comments")
        case .openAPI: builder.add("openapi.json")
        case .createArticle: builder.add("admin"); builder.add("articles")
        case .replaceArticle(let slug), .deleteArticle(let slug): builder.add("admin"); builder.add("articles"); builder.add(slug)
        case .moderationQueue: builder.add("admin"); builder.add("comments")
        case .approveComment(let id): builder.add("admin"); builder.add("comments"); builder.add(String(id)); builder.add("approve")
        case .markCommentAsSpam(let id): builder.add("admin"); builder.add("comments"); builder.add(String(id)); builder.add("spam")
        case .deleteComment(let id): builder.add("admin"); builder.add("comments"); builder.add(String(id))
        case .personalData: builder.add("admin"); builder.add("personal-data")
        case .erasePersonalData: builder.add("admin"); builder.add("personal-data"); builder.add("erase")
        }
        for (name, value) in query { builder.query(name, value) }
        return builder.built
    }

    // MARK: - What the server needs to know before a handler runs
    // (Whether a route needs a worker is the kind of action `WebApp`/`APIApp` name for it.)

    public var maxBodySize: Int? {
        switch self {
        case .postComment: CommentDraft.maxPostBytes
        case .createArticle, .replaceArticle: 2 * 1024 * 1024
        case .erasePersonalData: 16 * 1024
        default: nil
        }
    }

    public var cacheScope: CacheScope {
        switch self {
        case .article(let slug), .comments(let slug), .postComment(let slug): .article(slug: slug)
        default: .site
        }
    }

    /// The method and the OpenAPI path template of each kind of route, so a test can hold the
    /// document to the routes (`Kind` lists them; a new case needs a kind and a template).
    public enum Kind: CaseIterable, Sendable {
        case articles, article, comments, postComment, openAPI, createArticle, replaceArticle, deleteArticle
        case moderationQueue, approveComment, markCommentAsSpam, deleteComment, personalData, erasePersonalData

        public var operation: (method: String, template: String) {
            switch self {
            case .articles: ("GET", "/api/articles")
            case .article: ("GET", "/api/articles/{slug}")
            case .comments: ("GET", "/api/articles/{slug}/comments")
            case .postComment: ("POST", "/api/articles/{slug}/comments")
            case .openAPI: ("GET", "/api/openapi.json")
            case .createArticle: ("POST", "/api/admin/articles")
            case .replaceArticle: ("PUT", "/api/admin/articles/{slug}")
            case .deleteArticle: ("DELETE", "/api/admin/articles/{slug}")
            case .moderationQueue: ("GET", "/api/admin/comments")
            case .approveComment: ("POST", "/api/admin/comments/{id}/approve")
            case .markCommentAsSpam: ("POST", "/api/admin/comments/{id}/spam")
            case .deleteComment: ("DELETE", "/api/admin/comments/{id}")
            case .personalData: ("GET", "/api/admin/personal-data")
            case .erasePersonalData: ("POST", "/api/admin/personal-data/erase")
            }
        }
    }

    public var kind: Kind {
        switch self {
        case .articles: .articles
        case .article: .article
        case .comments: .comments
        case .postComment: .postComment
        case .openAPI: .openAPI
        case .createArticle: .createArticle
        case .replaceArticle: .replaceArticle
        case .deleteArticle: .deleteArticle
        case .moderationQueue: .moderationQueue
        case .approveComment: .approveComment
        case .markCommentAsSpam: .markCommentAsSpam
        case .deleteComment: .deleteComment
        case .personalData: .personalData
        case .erasePersonalData: .erasePersonalData
        }
    }
}
