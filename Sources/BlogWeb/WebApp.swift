import Blog
import Foundation
import HTTPServer

/// The HTML side of Feder: pages, the comment form, feeds and the theme switch.
/// Binds the blog domain to HTTP; knows no SQL and no sockets.
public struct WebApp: Sendable {
    let store: BlogStore
    let comments: CommentService
    let site: SiteSettings
    let theme: Theme
    let text: Localization
    /// `text` as the templates' `t`.
    let strings: StringsView
    let errorPages = ErrorPageCache()

    /// Articles per page on the home and tag pages.
    static let perPage = 10

    public init(store: BlogStore, comments: CommentService, site: SiteSettings, theme: Theme) {
        self.store = store
        self.comments = comments
        self.site = site
        self.theme = theme
        self.text = Localization(language: site.language, timeZone: site.timeZone)
        self.strings = StringsView(text)
    }

    public func register(in router: inout Router) {
        router.get("/") { request, _ in try home(request) }
        router.get("/articles/{slug}") { request, parameters in try articlePage(request, slug: parameters["slug"]!) }
        router.addDeferred("POST", "/articles/{slug}/comments", maxBodySize: CommentDraft.maxPostBytes) { request, parameters, reply in
            try postComment(request, slug: parameters["slug"]!, reply: reply)
        }
        router.get("/tags/{tag}") { request, parameters in try tagPage(request, tagSlug: parameters["tag"]!) }
        router.get("/archive") { request, _ in try archive(request) }
        router.get("/archive/{year}/{month}") { request, parameters in
            try archiveMonth(request, year: parameters["year"]!, month: parameters["month"]!)
        }
        router.get("/search") { request, _ in try search(request) }
        router.get("/feed.xml") { _, _ in try feed() }
        router.get("/articles/{slug}/comments.xml") { _, parameters in try commentsFeed(slug: parameters["slug"]!) }
        router.get("/articles/{slug}/comments/{id}") { _, parameters in
            try commentPermalink(slug: parameters["slug"]!, id: parameters["id"]!)
        }
        router.get("/sitemap.xml") { _, _ in try sitemap() }
        router.get("/sitemaps/{part}") { _, parameters in try sitemapPart(parameters["part"]!) }
        router.get("/robots.txt") { _, _ in robots() }
        router.post("/theme", maxBodySize: 4 * 1024) { request, _ in switchTheme(request) }
        router.get("/theme.css") { request, _ in themeStylesheet(request) }
    }

    // MARK: - Shared page parts

    /// What the layout of every page shows.
    func chrome(_ request: HTTPRequest, title: String?, description: String? = nil, canonicalPath: String,
                ogType: String = "website", ogImage: String? = nil, jsonLD: String? = nil, noindex: Bool = false,
                returnPath: String? = nil) -> PageChrome {
        let fullTitle = title.map { "\($0) – \(site.title)" } ?? site.title
        return PageChrome(
            lang: site.language.rawValue,
            site: SiteView(title: site.title, description: site.description.isEmpty ? nil : site.description,
                           baseURL: site.baseURL),
            t: strings,
            page: PageMeta(title: fullTitle, description: description ?? site.description,
                           canonical: site.baseURL + canonicalPath, ogType: ogType, ogImage: ogImage,
                           jsonLD: jsonLD, noindex: noindex),
            assets: theme.assets,
            returnPath: returnPath ?? (Paths.isLocalRedirect(request.target) ? request.target : "/"),
            feedURL: Paths.feed)
    }

    func absolute(_ url: String) -> String {
        url.hasPrefix("/") ? site.baseURL + url : url
    }

    /// The `page` query parameter: absent is 1; anything but a positive number is a 404.
    func pageNumber(_ request: HTTPRequest) throws -> Int {
        guard let value = request.queryItems["page"] else { return 1 }
        guard let page = Int(value), page >= 1, page <= 100_000 else { throw HTTPError.notFound() }
        return page
    }

    // MARK: - Errors

    /// The themed error page for any HTTP error on an HTML route.
    public func errorPage(_ request: HTTPRequest, _ error: HTTPError) -> HTTPResponse {
        let heading: String, message: String
        switch error.status.code {
        case 404: (heading, message) = (text["notFoundHeading"], text["notFoundMessage"])
        case 500: (heading, message) = (text["serverErrorHeading"], text["serverErrorMessage"])
        case 503: (heading, message) = (text["serverErrorHeading"], text["genericErrorMessage"])
        default:
            // Only the errors `webError` made carry reader-facing text in the site's language.
            let localized: Set = ["comments_closed", "duplicate_comment", "rate_limited"]
            (heading, message) = (text["genericErrorHeading"], localized.contains(error.code) ? error.message : text["genericErrorMessage"])
        }
        let returnPath = Paths.isLocalRedirect(request.target) ? request.target : "/"
        let html = errorPages.page(key: "\(error.status.code)\u{0}\(heading)\u{0}\(message)",
                                   canonical: HTMLText.escape(String(request.path)), returnPath: HTMLText.escape(returnPath)) {
            let chrome = chrome(request, title: heading, canonicalPath: ErrorPageCache.canonicalHole, noindex: true,
                                returnPath: ErrorPageCache.returnHole)
            return String(decoding: theme.error.render(ErrorPageView(chrome: chrome, status: error.status.code, heading: heading,
                                                                 message: message)), as: UTF8.self)
        }
        var response = HTMLResponse.make(Array(html.utf8), status: error.status, cacheable: false)
        for field in error.headers { response.headers.set(field.name, field.value) }
        return response
    }
}
