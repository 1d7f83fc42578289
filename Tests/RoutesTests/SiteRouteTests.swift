import HTTPServer
@testable import Routes
import Testing

@Suite struct SiteRouteTests {
    func request(_ target: String) -> HTTPRequest {
        HTTPRequest(method: "GET", target: target, headers: ["Host": "blog.test"], body: [], remoteAddress: "192.0.2.1")
    }

    /// The page cache reads a GET's scope from the raw path; it must say what the route says.
    @Test func theScopeReadFromBytesIsTheRoutesOwn() throws {
        let targets = [
            "/", "/?page=2", "/articles/a-post", "/articles/a-post?cpage=3", "/articles/a-post/comments.xml",
            "/articles/a-post/comments/12", "/api/articles", "/api/articles/a-post", "/api/articles/a-post/comments?page=2",
            "/tags/swift", "/archive", "/archive/2026/03", "/search?q=x", "/feed.xml", "/sitemap.xml", "/sitemaps/pages.xml",
            "/robots.txt", "/theme.css", "/static/css/site.css?v=1", "/healthz", "/api/openapi.json", "/admin", "/admin/login",
            "/admin/login?next=%2Fadmin", "/preview/Q0hBTkdFIE1FIHRvIGEgcmVhbCB0b2tlbiBwbGVhc2Uh",
        ]
        for target in targets {
            let request = request(target)
            let route = try #require(SiteRoute(method: "GET", path: try RequestPath(request)), "\(target)")
            let fast = try #require(SiteRoute.cacheScope(ofPlainPath: request.path), "\(target)")
            #expect(fast == route.cacheScope, "\(target)")
            #expect(SiteRoute.cacheScope(of: request) == route.cacheScope, "\(target)")
        }
    }

    @Test func oddlyWrittenPathsAreParsedAndDeskPathsStayPrivate() throws {
        for target in ["//admin", "/%61dmin", "/admin/%6Cogin", "/articles/caf%C3%A9", "/articles//a-post"] {
            #expect(SiteRoute.cacheScope(ofPlainPath: request(target).path) == nil, "\(target)")
        }
        #expect(SiteRoute.cacheScope(of: request("//admin")) == .never)
        #expect(SiteRoute.cacheScope(of: request("/%61dmin/login")) == .never)
        #expect(SiteRoute.cacheScope(of: request("/articles/caf%C3%A9")) == .article(slug: "café"))
        #expect(SiteRoute.cacheScope(of: request("/admin-notes")) == .site)
        #expect(AdminRoute.owns(request("//admin")) && AdminRoute.owns(request("/%61dmin")) && AdminRoute.owns(request("/admin")))
        #expect(!AdminRoute.owns(request("/administration")) && !AdminRoute.owns(request("/articles/admin")))
    }

    /// Desk answers and draft previews are private (no-store, noindex), however the path is written.
    @Test func previewsAreAsPrivateAsTheDesk() {
        for target in ["/admin", "/admin/articles", "//admin", "/preview/abc", "/%70review/abc", "//preview/abc"] {
            #expect(SiteRoute.isPrivate(request(target)), "\(target)")
        }
        for target in ["/", "/articles/preview", "/previews", "/preview", "/api/articles"] {
            #expect(!SiteRoute.isPrivate(request(target)), "\(target)")
        }
        #expect(SiteRoute.cacheScope(of: request("/%70review/abc")) == .never)
    }

    /// Signed links' tokens are credentials: the access log keeps only what kind of link it was.
    @Test func theAccessLogNeverShowsALinksToken() {
        #expect(SiteRoute.loggedTarget("/admin/mail/12.a.1796770800.0123abcd") == "/admin/mail/…")
        #expect(SiteRoute.loggedTarget("/preview/Zm9vYmFy") == "/preview/…")
        #expect(SiteRoute.loggedTarget("/mail/7.u.0.0.abcd") == "/mail/…")
        #expect(SiteRoute.loggedTarget("/articles/hello") == "/articles/hello")
    }
}
