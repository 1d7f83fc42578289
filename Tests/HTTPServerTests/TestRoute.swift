import Foundation
@testable import HTTPServer

/// The routes the server tests need, as a value type like an application's: parsed from a
/// request, printed back, with a body limit on one of them.
enum TestRoute: RouteValue, Hashable {
    case home, articles, article(String), comment(on: String), deleteArticle(String), staticFile(String)
    case fail, forbidden
    /// Deferred-answer test paths (POST) and two that run on a worker (GET).
    case later, refuse, conflict, render, crash, block, plain, now

    init?(method: String, path: RequestPath) {
        let s = path.segments
        switch (method, s.count, s.first ?? "") {
        case ("GET", 0, _): self = .home
        case ("GET", 1, "articles"): self = .articles
        case ("GET", 2, "articles"): self = .article(s[1])
        case ("DELETE", 2, "articles"): self = .deleteArticle(s[1])
        case ("POST", 3, "articles") where s[2] == "comments": self = .comment(on: s[1])
        case ("GET", 2..., "static"): self = .staticFile(s.dropFirst().joined(separator: "/"))
        case ("GET", 1, "fail"): self = .fail
        case ("GET", 1, "forbidden"): self = .forbidden
        case ("GET", 1, "block"): self = .block
        case ("GET", 1, "plain"): self = .plain
        case ("GET", 1, "read"): self = .plain
        case ("POST", 1, "later"): self = .later
        case ("POST", 1, "refuse"): self = .refuse
        case ("POST", 1, "conflict"): self = .conflict
        case ("POST", 1, "render"): self = .render
        case ("POST", 1, "crash"): self = .crash
        case ("POST", 1, "now"): self = .now
        default: return nil
        }
    }

    var path: String {
        switch self {
        case .home: PathBuilder.path()
        case .articles: PathBuilder.path("articles")
        case .article(let slug), .deleteArticle(let slug): PathBuilder.path("articles", slug)
        case .comment(let slug): PathBuilder.path("articles", slug, "comments")
        case .staticFile(let file):
            file.split(separator: "/").reduce(into: PathBuilder.path("static")) { $0 += "/" + PercentDecoding.encode($1) }
        default: PathBuilder.path(String(describing: self))
        }
    }

    var maxBodySize: Int? {
        if case .comment = self { return 64 }
        return nil
    }
}

/// An endpoint over `TestRoute` that renders errors as `code: message` text with their headers.
func testEndpoint(_ action: @escaping @Sendable (TestRoute) -> RouteAction) -> RouteEndpoint<TestRoute> {
    RouteEndpoint(bodyLimit: { $0.maxBodySize }, errors: { _, error in
        var response = HTTPResponse.text("\(error.code): \(error.message)", status: error.status)
        for field in error.headers { response.headers.set(field.name, field.value) }
        return response
    }, action: action)
}
