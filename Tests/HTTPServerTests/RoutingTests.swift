import HTTPTestSupport
import Testing
@testable import HTTPServer

/// An endpoint whose handlers answer with their own name and the route's parameters.
private func makeResponder() -> RouteEndpoint<TestRoute> {
    testEndpoint { route in
        switch route {
        case .home: .worker { _ in .text("home") }
        case .articles: .worker { _ in .text("list") }
        case .article(let slug): .worker { _ in .text("article \(slug)") }
        case .comment(let slug): .worker { _ in .text("comment on \(slug)") }
        case .deleteArticle: .worker { _ in .text("deleted") }
        case .staticFile(let path): .worker { _ in .text("static \(path)") }
        case .fail: .worker { _ in throw TestFailure() }
        case .forbidden: .worker { _ in throw HTTPError(.forbidden, code: "forbidden", message: "No.") }
        default: .worker { _ in .text("other") }
        }
    }
}

private struct TestFailure: Error {}

private func respond(_ method: String, _ target: String) -> HTTPResponse {
    makeResponder().response(to: HTTPRequest(method: method, target: target))
}

private func resolve(_ method: String, _ target: String) throws -> RouteResolution<TestRoute> {
    TestRoute.resolve(method: method, path: try RequestPath(HTTPRequest(method: method, target: target)))
}

@Suite("Routing")
struct RoutingTests {
    @Test func literalRoutes() {
        #expect(respond("GET", "/").text == "home")
        #expect(respond("GET", "/articles").text == "list")
        #expect(respond("GET", "/articles?page=2").text == "list")
        #expect(respond("GET", "/articles/").text == "list", "a trailing slash adds no segment")
    }

    @Test func parameterCapturesOneDecodedSegment() {
        #expect(respond("GET", "/articles/hello-world").text == "article hello-world")
        #expect(respond("GET", "/articles/caf%C3%A9").text == "article café")
        #expect(respond("GET", "/articles/a%20b").text == "article a b")
        #expect(respond("POST", "/articles/x/comments").text == "comment on x")
        #expect(respond("GET", "/articles/a/b").status == .notFound)
    }

    @Test func restCapturesTheDecodedRest() {
        #expect(respond("GET", "/static/css/site.css").text == "static css/site.css")
        #expect(respond("GET", "/static/a%20b/c.txt").text == "static a b/c.txt")
        #expect(respond("GET", "/static").status == .notFound, "the rest must not be empty")
    }

    /// Paths split at the byte `/`: as `Character`s, a `/` followed by a combining mark was no
    /// separator, so `/static/\u{301}x` was one segment holding a slash, answered 400.
    @Test func aSlashBeforeACombiningMarkStillSeparates() {
        #expect(respond("GET", "/static/\u{301}x.css").text == "static \u{301}x.css")
        #expect(respond("GET", "/articles/\u{338}").text == "article \u{338}")
    }

    /// Checklist A8: `%2F` decodes inside a segment, so it is refused, never a separator.
    @Test(arguments: ["/articles/a%2Fb", "/articles/a%2fb", "/static/..%2F..%2Fetc%2Fpasswd", "/articles/a%00b",
                      "/articles/%zz", "/articles/%C3", "/articles/%"])
    func invalidSegmentsAreBadRequests(target: String) {
        #expect(respond("GET", target).status == .badRequest)
        #expect(throws: HTTPError.self) { try resolve("GET", target) }
    }

    @Test func notFoundAndMethodNotAllowed() throws {
        #expect(respond("GET", "/nothing").status == .notFound)

        let response = respond("PUT", "/articles/x")
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "DELETE, GET, HEAD")

        let post = respond("GET", "/articles/x/comments")
        #expect(post.status == .methodNotAllowed)
        #expect(post.headers["Allow"] == "POST")
    }

    @Test func optionsListsTheAllowedMethods() {
        let response = respond("OPTIONS", "/articles/x")
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "DELETE, GET, HEAD, OPTIONS")
    }

    /// RFC 9110 §9.3.2: HEAD is answered by the GET route.
    @Test func headUsesTheGetRoute() throws {
        guard case .found = try resolve("HEAD", "/articles/x") else {
            Issue.record("HEAD should find the GET route")
            return
        }
        #expect(respond("HEAD", "/articles/x").text == "article x")
        guard case .methodNotAllowed = try resolve("HEAD", "/articles/x/comments") else {
            Issue.record("HEAD of a POST-only route is not allowed")
            return
        }
    }

    @Test func errorsFromHandlers() {
        let forbidden = respond("GET", "/forbidden")
        #expect(forbidden.status == .forbidden)
        #expect(forbidden.text == "forbidden: No.")

        // E6: an unexpected error is a generic 500 that reveals nothing of the error.
        let failure = respond("GET", "/fail")
        #expect(failure.status == .internalServerError)
        #expect(!failure.text.contains("TestFailure"))
    }

    /// A route prints the path it parses from, each segment encoded in one place.
    @Test func routesPrintWhatTheyParse() throws {
        for route: TestRoute in [.home, .articles, .article("café au lait"), .comment(on: "a?b#c"), .staticFile("css/site.css")] {
            let method = if case .comment = route { "POST" } else { "GET" }
            guard case .found(let parsed) = try resolve(method, route.path) else {
                Issue.record("\(route.path) did not parse")
                continue
            }
            #expect(parsed == route, "\(route.path)")
        }
        #expect(TestRoute.article("a b/c").path == "/articles/a%20b%2Fc")
    }

    @Test func bodyLimitPerRoute() {
        let responder = makeResponder()
        #expect(responder.maxBodySize(for: HTTPRequestHead(method: "POST", target: "/articles/x/comments")) == 64)
        #expect(responder.maxBodySize(for: HTTPRequestHead(method: "POST", target: "/articles")) == nil)
        #expect(responder.maxBodySize(for: HTTPRequestHead(method: "GET", target: "/articles/x/comments")) == nil)
    }
}

extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
}
