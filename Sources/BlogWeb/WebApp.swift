import Blog
import Foundation
import HTTPServer
import Routes

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
    let staticFiles: StaticFiles
    let mediaFiles: StaticFiles

    /// Articles per page on the home and tag pages.
    static let perPage = 10

    public init(store: BlogStore, comments: CommentService, site: SiteSettings, theme: Theme) {
        self.store = store
        self.comments = comments
        self.site = site
        self.theme = theme
        self.text = Localization(language: site.language, timeZone: site.timeZone)
        self.strings = StringsView(text)
        self.staticFiles = StaticFiles(root: site.staticPath)
        // Read per request, not kept: an import beside the running server may add files. The
        // page cache keeps the answers, and lets them go when the content changes.
        mediaFiles = StaticFiles(root: site.mediaPath, imagesOnly: true, cacheBytes: 0)
    }

    /// What each route of the reader's site runs: one exhaustive switch, so a new route
    /// cannot lack a handler.
    public func action(for route: WebRoute) -> RouteAction {
        switch route {
        case .home(let page): .worker { try home($0, page: page) }
        case .article(let slug, let commentPage, let held, let replyTo):
            .worker { try articlePage($0, slug: slug, page: commentPage, held: held, replyTo: replyTo) }
        case .postComment(let slug): .deferred { try postComment($0, slug: slug, reply: $1) }
        case .commentPermalink(let slug, let id): .worker { _ in try commentPermalink(slug: slug, id: id) }
        case .commentsFeed(let slug): .worker { _ in try commentsFeed(slug: slug) }
        case .tag(let slug, let page): .worker { try tagPage($0, tagSlug: slug, page: page) }
        case .archive: .worker { try archive($0) }
        case .archiveMonth(let year, let month, let page): .worker { try archiveMonth($0, year: year, month: month, page: page) }
        case .search(let query): .worker { try search($0, query: query) }
        case .feed: .worker { _ in try feed() }
        case .sitemap: .worker { _ in try sitemap() }
        case .sitemapPart(let part): .worker { _ in try sitemapPart(part) }
        case .robots: .worker { _ in robots() }
        case .switchTheme: .worker { switchTheme($0) }
        case .themeStylesheet: .worker { themeStylesheet($0) }
        case .staticFile(let path, let version): .worker { _ in staticFiles.response(for: path, fingerprinted: version != nil) }
        case .media(let path): .worker { _ in mediaFiles.response(for: path, fingerprinted: false) }
        case .health: .worker { _ in health() }
        case .draftPreview(let token): .worker { try draftPreview($0, token: token) }
        case .mailLink(let token): .worker { mailLinkPage($0, token: token) }
        case .useMailLink(let token): .worker { try useMailLink($0, token: token) }
        case .page(let slug): .worker { try sitePage($0, slug: slug) }
        }
    }

    /// `GET /healthz`: 200 while the database answers, else 503; never cached.
    func health() -> HTTPResponse {
        let healthy = store.isHealthy()
        var response = HTTPResponse.json(Array((healthy ? #"{"status":"ok"}"# : #"{"status":"unavailable"}"#).utf8),
                                         status: healthy ? .ok : .serviceUnavailable)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    // MARK: - Shared page parts

    /// What the layout of every page shows.
    func chrome(_ request: HTTPRequest, title: String?, description: String? = nil, canonicalPath: String,
                ogType: String = "website", ogImage: String? = nil, jsonLD: String? = nil, noindex: Bool = false,
                returnPath: String? = nil, currentPage: String? = nil, navigation: [ArticleLink]? = nil) -> PageChrome {
        let fullTitle = title.map { "\($0) – \(site.title)" } ?? site.title
        let pages = (navigation ?? navigationPages()).map {
            NavPageView(url: WebRoute.page(slug: $0.slug).path, title: $0.title, current: $0.slug == currentPage)
        }
        return PageChrome(
            lang: site.language.rawValue,
            site: SiteView(title: site.title, description: site.description.isEmpty ? nil : site.description,
                           baseURL: site.baseURL),
            t: strings,
            page: PageMeta(title: fullTitle, description: description ?? site.description,
                           canonical: site.baseURL + canonicalPath, ogType: ogType, ogImage: ogImage,
                           jsonLD: jsonLD, noindex: noindex),
            assets: theme.assets,
            returnPath: returnPath ?? (LocalRedirect.isSafe(request.target) ? request.target : WebRoute.home().path),
            feedURL: WebRoute.feed.path, nav: NavView(pages: pages))
    }

    /// The pages in the navigation (the store keeps them per change of content). A page whose
    /// navigation cannot be read still renders, without those links: an error page too must
    /// render when the database does not answer.
    func navigationPages() -> [ArticleLink] {
        (try? store.navigationPages()) ?? []
    }

    func absolute(_ url: String) -> String {
        url.hasPrefix("/") ? site.baseURL + url : url
    }

    // MARK: - Errors

    /// The themed error page for any HTTP error on an HTML route.
    public func errorPage(_ request: HTTPRequest, _ error: HTTPError) -> HTTPResponse {
        if error.status == .notFound, let redirect = redirectFromOldAddress(request) { return redirect }
        let heading: String, message: String
        switch error.status.code {
        case 404: (heading, message) = (text["notFoundHeading"], text["notFoundMessage"])
        case 500: (heading, message) = (text["serverErrorHeading"], text["serverErrorMessage"])
        case 503: (heading, message) = (text["serverErrorHeading"], text["genericErrorMessage"])
        default:
            (heading, message) = (text["genericErrorHeading"], readerMessage(for: error.code))
        }
        let returnPath = LocalRedirect.isSafe(request.target) ? request.target : WebRoute.home().path
        // The navigation is part of the page, so part of the key; read once, so the page
        // rendered for a key shows the navigation the key names.
        let navigation = navigationPages()
        let navigationKey = navigation.map { "\($0.slug)\u{1}\($0.title)" }.joined(separator: "\u{2}")
        let html = errorPages.page(key: "\(error.status.code)\u{0}\(heading)\u{0}\(message)\u{0}\(navigationKey)",
                                   canonical: HTMLText.escape(String(request.path)), returnPath: HTMLText.escape(returnPath)) {
            let chrome = chrome(request, title: heading, canonicalPath: ErrorPageCache.canonicalHole, noindex: true,
                                returnPath: ErrorPageCache.returnHole, navigation: navigation)
            return String(decoding: theme.error.render(ErrorPageView(chrome: chrome, status: error.status.code, heading: heading,
                                                                 message: message)), as: UTF8.self)
        }
        var response = HTMLResponse.make(Array(html.utf8), status: error.status, cacheable: false)
        for field in error.headers { response.headers.set(field.name, field.value) }
        return response
    }
}
