import HTTPServer
import Routes
import Testing

/// Parses `target` as the server does and returns the web route `method` reaches there.
func webRoute(_ method: String, _ target: String) -> WebRoute? {
    guard let path = try? RequestPath(HTTPRequest(method: method, target: target)) else { return nil }
    return WebRoute(method: method, path: path)
}

@Suite struct WebRouteTests {
    static let samples: [(String, WebRoute)] = [
        ("GET", .home()), ("GET", .home(page: 3)),
        ("GET", .article(slug: "hello")), ("GET", .article(slug: "café au lait", commentPage: 2)),
        ("GET", .article(slug: "a", held: true)), ("GET", .article(slug: "a", commentPage: 4, replyTo: 17)),
        ("POST", .postComment(slug: "a b")), ("GET", .commentPermalink(slug: "a", id: 42)),
        ("GET", .commentsFeed(slug: "x")), ("GET", .tag(slug: "swift")), ("GET", .tag(slug: "swift", page: 2)),
        ("GET", .archive), ("GET", .archiveMonth(year: 2026, month: 3)), ("GET", .archiveMonth(year: 2025, month: 12, page: 2)),
        ("GET", .search()), ("GET", .search(query: "a&b c")), ("GET", .feed), ("GET", .sitemap),
        ("GET", .sitemapPart(.pages)), ("GET", .sitemapPart(.articles(3))), ("GET", .sitemapPart(.tags(1))),
        ("GET", .robots), ("POST", .switchTheme), ("GET", .themeStylesheet),
        ("GET", .staticFile(path: "css/site.css")), ("GET", .staticFile(path: "js/site.js", version: "abc123")),
        ("GET", .health), ("GET", .draftPreview(token: "Q0hBTkdFIE1FIHRvIGEgcmVhbCB0b2tlbiBwbGVhc2Uh")),
        ("GET", .page(slug: "about")), ("GET", .media(path: "2025/02/loaf.jpg")), ("GET", .media(path: "a b/ü.png")),
    ]

    @Test func everyRouteParsesFromThePathItPrints() {
        for (method, route) in Self.samples {
            #expect(webRoute(method, route.path) == route, "\(route.path)")
        }
    }

    @Test func pathsAreEncodedInOnePlace() {
        #expect(WebRoute.article(slug: "café au lait").path == "/articles/caf%C3%A9%20au%20lait")
        #expect(WebRoute.article(slug: "a/b?c#d").path == "/articles/a%2Fb%3Fc%23d")
        #expect(WebRoute.search(query: "a&b=c").path == "/search?q=a%26b%3Dc")
        #expect(WebRoute.home(page: 1).path == "/" && WebRoute.home(page: 2).path == "/?page=2")
        #expect(WebRoute.archiveMonth(year: 2026, month: 3).path == "/archive/2026/03")
        #expect(WebRoute.comment(5, slug: "a", page: 2) == "/articles/a?cpage=2#comment-5")
        #expect(WebRoute.ReplyLinks(slug: "a", commentPage: 2)(9) == "/articles/a?cpage=2&replyto=9#respond")
        #expect(WebRoute.ReplyLinks(slug: "a", commentPage: 1)(9) == "/articles/a?replyto=9#respond")
    }

    /// A bad parameter is no route (404), as a missing page is.
    @Test func badParametersAreNoRoute() {
        for target in ["/?page=0", "/?page=x", "/?page=100001", "/articles/a?cpage=0", "/tags/x?page=-1",
                       "/archive/26/03", "/archive/2026/13", "/archive/2026/3", "/archive/+026/03",
                       "/articles/a/comments/0", "/articles/a/comments/x", "/articles/a/comments/+5",
                       "/sitemaps/articles-0.xml", "/sitemaps/articles-01.xml", "/sitemaps/users-1.xml", "/sitemaps/pages",
                       "/static", "/Nothing", "/no_thing", "/nothing/else", "/articles/a/b", "/admin-", "/theme"] {
            #expect(webRoute("GET", target) == nil, "\(target)")
        }
        #expect(webRoute("GET", "/articles/a?replyto=x") == .article(slug: "a"), "an unusable reply target is ignored")
    }

    /// A page lives at `/{slug}`: every name the site answers itself is kept from pages, or a
    /// page could take it (and a route added later would quietly shadow a page).
    @Test func everyFixedAddressIsReservedFromPages() {
        let firstSegments = Self.samples.map(\.1).filter { if case .page = $0 { false } else { true } }.map(\.path)
            + APIRouteTests.samples.map(\.1.path) + ["/admin", "/admin/articles"]
        for path in firstSegments {
            let first = path.dropFirst().prefix { $0 != "/" && $0 != "?" }
            guard !first.isEmpty, !first.contains(".") else { continue } // the home page; files no slug can name
            #expect(SiteRoute.reservedPageSlugs.contains(String(first)), "\(path)")
        }
        #expect(webRoute("GET", "/about") == .page(slug: "about"))
        for reserved in SiteRoute.reservedPageSlugs { #expect(webRoute("GET", "/" + reserved) != .page(slug: reserved)) }
    }

    @Test func methodsAndTheirRoutes() {
        #expect(WebRoute.resolve(method: "HEAD", path: RequestPath(segments: ["archive"])).route == .archive)
        guard case .methodNotAllowed(let allowed) = WebRoute.resolve(method: "GET", path: RequestPath(segments: ["theme"])) else {
            Issue.record("GET /theme is 405")
            return
        }
        #expect(allowed == ["POST"])
        guard case .notFound = WebRoute.resolve(method: "GET", path: RequestPath(segments: [], query: FormFields(decoding: "page=x")))
        else {
            Issue.record("a bad page of a GET route is a 404, not a 405")
            return
        }
    }

    @Test func metadataTravelsWithTheRoute() {
        #expect(WebRoute.postComment(slug: "a").maxBodySize == 128 * 1024)
        #expect(WebRoute.switchTheme.maxBodySize == 4 * 1024)
        #expect(WebRoute.article(slug: "a").maxBodySize == nil)
        #expect(WebRoute.article(slug: "a", commentPage: 3).cacheScope == .article(slug: "a"))
        #expect(WebRoute.commentsFeed(slug: "a").cacheScope == .article(slug: "a"))
        #expect(WebRoute.home().cacheScope == .site)
    }
}

extension RouteResolution {
    var route: Route? {
        if case .found(let route) = self { return route }
        return nil
    }
}
