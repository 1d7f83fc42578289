import HTTPServer
import Routes
import Testing

@Suite struct APIRouteTests {
    static let samples: [(String, APIRoute)] = [
        ("GET", .articles), ("GET", .article(slug: "a b")), ("GET", .comments(slug: "x")), ("POST", .postComment(slug: "x")),
        ("GET", .openAPI), ("POST", .createArticle), ("PUT", .replaceArticle(slug: "y")), ("DELETE", .deleteArticle(slug: "y")),
        ("GET", .moderationQueue), ("POST", .approveComment(id: 3)), ("POST", .markCommentAsSpam(id: 4)),
        ("DELETE", .deleteComment(id: 5)), ("GET", .personalData), ("POST", .erasePersonalData),
    ]

    @Test func everyRouteParsesFromThePathItPrintsAndHasItsKind() throws {
        #expect(Set(Self.samples.map { $0.1.kind }).count == APIRoute.Kind.allCases.count, "a sample of every kind")
        for (method, route) in Self.samples {
            let path = try RequestPath(HTTPRequest(method: method, target: route.path))
            #expect(APIRoute(method: method, path: path) == route, "\(route.path)")
            #expect(route.kind.operation.method == method)
        }
    }

    @Test func theAPIOwnsEveryPathUnderIt() throws {
        #expect(APIRoute.owns(try RequestPath(HTTPRequest(method: "GET", target: "/api/nothing"))))
        #expect(!APIRoute.owns(try RequestPath(HTTPRequest(method: "GET", target: "/apis"))))
        #expect(APIRoute.owns(target: "/api") && APIRoute.owns(target: "/api/x") && !APIRoute.owns(target: "/apix"))
        #expect(SiteRoute(method: "GET", path: RequestPath(segments: ["api", "articles"])) == .api(.articles))
        #expect(SiteRoute(method: "GET", path: RequestPath(segments: ["articles", "x"])) == .web(.article(slug: "x")))
    }

    @Test func pageLinksKeepTheirParameters() {
        #expect(APIRoute.comments(slug: "a b").path(query: [("page", "2"), ("tag", "c&d")])
                == "/api/articles/a%20b/comments?page=2&tag=c%26d")
        #expect(APIRoute.createArticle.maxBodySize == 2 * 1024 * 1024 && APIRoute.articles.maxBodySize == nil)
    }
}
