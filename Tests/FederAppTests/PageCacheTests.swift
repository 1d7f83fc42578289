import FederApp
import FederTestSupport
import Foundation
import HTTPServer
import Testing

/// The page cache as the application uses it: hits never show stale comments, and a
/// comment on one article leaves other articles' pages cached.
@Suite struct PageCacheTests {
    /// The answer when the responder gives it at once, on the event loop: a cache hit.
    func cached(_ site: TestInstallation, _ target: String, headers: HTTPHeaders = [:]) -> HTTPResponse? {
        var fields: HTTPHeaders = ["Host": "blog.test"]
        for field in headers { fields.add(field.name, field.value) }
        guard case .now(let response) = site.app.responder.respond(to: HTTPRequest(method: "GET", target: target, headers: fields))
        else { return nil }
        return response
    }

    @Test func commentsInvalidateOnlyThePagesThatShowThem() throws {
        let site = try TestInstallation { $0.comments.moderation = .none }
        try site.addArticle(slug: "a", date: "2026-01-01")
        try site.addArticle(slug: "b", date: "2026-06-01")
        for target in ["/", "/articles/a", "/articles/b", "/api/articles/b"] { site.get(target) }
        #expect(cached(site, "/articles/b") != nil)
        #expect(cached(site, "/") != nil)

        #expect(site.postForm("/articles/a/comments", [("name", "Ada"), ("email", "ada@example.com"), ("body", "On A")]).status == .seeOther)
        #expect(cached(site, "/articles/a") == nil)           // shows the new comment
        #expect(cached(site, "/") == nil)                     // shows comment counts
        #expect(cached(site, "/articles/b") != nil)           // unaffected
        #expect(cached(site, "/api/articles/b") != nil)
        #expect(site.get("/articles/a").text.contains("On A"))
        #expect(site.get("/").text.contains("1 comment"))

        // A held comment changes no public page: nothing is dropped.
        let moderated = try TestInstallation { $0.comments.moderation = .all }
        try moderated.addArticle(slug: "c")
        moderated.get("/articles/c")
        moderated.postForm("/articles/c/comments", [("name", "Bo"), ("email", "bo@example.com"), ("body", "Held")])
        #expect(cached(moderated, "/articles/c") != nil)

        // Editing an article is site-wide (titles appear in neighbours and lists).
        try site.addArticle(slug: "a", title: "A renamed", date: "2026-01-01")
        #expect(cached(site, "/articles/b") == nil)
        #expect(site.get("/articles/b").text.contains("A renamed"))
    }

    @Test func cachedAnswersKeepTheirValidatorsAndVariants() throws {
        let site = try TestInstallation(seedDemoContent: true)
        let first = site.get("/archive")
        let hit = try #require(cached(site, "/archive"))
        #expect(hit.body == first.body && hit.headers["ETag"] == first.headers["ETag"])
        let conditional = cached(site, "/archive", headers: ["If-None-Match": first.headers["ETag"]!])
        #expect(conditional?.status == .notModified)
        let zipped = cached(site, "/archive", headers: ["Accept-Encoding": "gzip"])
        #expect(zipped.flatMap { Gzip.decompress($0.body) } == first.body)
        // The other conditional headers, on a page and on a static file (issue #13).
        #expect(site.get("/", headers: [("If-Match", "\"nope\"")]).status == .preconditionFailed)
        let css = site.get("/static/css/site.css")
        let lastModified = try #require(css.headers["Last-Modified"])
        #expect(site.get("/static/css/site.css", headers: [("If-Modified-Since", lastModified)]).status == .notModified)
        #expect(site.get("/static/css/site.css", headers: [("If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:01 GMT")]).status
                == .preconditionFailed)
        // Answers that must not be shared are never served from the cache.
        site.get("/theme.css", headers: [("Cookie", "theme=dark")])
        #expect(cached(site, "/theme.css") == nil)
        site.get("/nope")
        #expect(cached(site, "/nope") == nil)
    }
}
