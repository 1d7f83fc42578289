import Testing
@testable import HTTPServer

/// A router whose handlers answer with their own name and the captured parameters.
private func makeRouter() -> Router {
    var router = Router()
    router.get("/") { _, _ in .text("home") }
    router.get("/articles") { _, _ in .text("list") }
    router.get("/articles/{slug}") { _, parameters in .text("article \(parameters["slug"] ?? "?")") }
    router.post("/articles/{slug}/comments", maxBodySize: 64) { _, parameters in
        .text("comment on \(parameters["slug"] ?? "?")")
    }
    router.delete("/articles/{slug}") { _, _ in .text("deleted") }
    router.get("/static/{path...}") { _, parameters in .text("static \(parameters["path"] ?? "?")") }
    router.get("/fail") { _, _ in throw TestFailure() }
    router.get("/forbidden") { _, _ in throw HTTPError(.forbidden, code: "forbidden", message: "No.") }
    return router
}

private struct TestFailure: Error {}

/// Renders errors as plain text and copies their headers (what an application would do).
private func makeResponder() -> RouterResponder {
    RouterResponder(router: makeRouter()) { _, error in
        var response = HTTPResponse.text("\(error.code): \(error.message)", status: error.status)
        for field in error.headers { response.headers.set(field.name, field.value) }
        return response
    }
}

private func respond(_ method: String, _ target: String) -> HTTPResponse {
    makeResponder().respond(to: HTTPRequest(method: method, target: target))
}

@Suite("Router")
struct RouterTests {
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
        #expect(throws: HTTPError.self) { try makeRouter().resolve(method: "GET", path: target[...]) }
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
        let router = makeRouter()
        guard case .found = try router.resolve(method: "HEAD", path: "/articles/x") else {
            Issue.record("HEAD should find the GET route")
            return
        }
        #expect(respond("HEAD", "/articles/x").text == "article x")
        guard case .methodNotAllowed = try router.resolve(method: "HEAD", path: "/articles/x/comments") else {
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
