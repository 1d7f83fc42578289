import Blog
import HTTPServer

/// Every URL of the reader's site: parsed from a request, printed back as a path. Views and
/// handlers print URLs only through these values.
public enum WebRoute: RouteValue, Hashable {
    /// `/` and `/?page=N`.
    case home(page: Int = 1)
    /// `/articles/{slug}`, `?cpage=N` for a later comment page, `?comment=pending` after a
    /// comment went to moderation, `?replyto=ID` to answer a comment with the form.
    case article(slug: String, commentPage: Int = 1, held: Bool = false, replyTo: Int? = nil)
    /// `POST /articles/{slug}/comments`: the comment form.
    case postComment(slug: String)
    /// `/articles/{slug}/comments/{id}`: a comment's lasting address.
    case commentPermalink(slug: String, id: Int)
    /// `/articles/{slug}/comments.xml`.
    case commentsFeed(slug: String)
    /// `/tags/{slug}` and `?page=N`.
    case tag(slug: String, page: Int = 1)
    case archive
    /// `/archive/{yyyy}/{mm}` and `?page=N`.
    case archiveMonth(year: Int, month: Int, page: Int = 1)
    /// `/search?q=…`.
    case search(query: String = "")
    case feed
    case sitemap
    /// `/sitemaps/{part}.xml` when the sitemap is an index.
    case sitemapPart(SitemapPart)
    case robots
    /// `POST /theme`: the light/dark switch.
    case switchTheme
    case themeStylesheet
    /// `/static/{path}`; `?v=` marks a fingerprinted URL, cached for a year.
    case staticFile(path: String, version: String? = nil)
    /// `/media/{path}`: images an import brought, from the media folder (`paths.media`).
    case media(path: String)
    /// `/healthz` for load balancers and `make run`.
    case health
    /// `/preview/{token}`: an unpublished article for whoever has the link; private, never cached.
    case draftPreview(token: String)
    /// `/mail/{token}`: what a link in a reader's mail does (confirm a subscription, end it),
    /// with a button; private, never cached, and nothing changes on GET.
    case mailLink(token: String)
    /// `POST /mail/{token}`: does it; also the one-click unsubscribe of RFC 8058.
    case useMailLink(token: String)
    /// `/{slug}`: a page (About, Impressum). Every fixed address above wins over it, and no page
    /// may take one of their names (`SiteRoute.reservedPageSlugs`).
    case page(slug: String)

    public init?(method: String, path request: RequestPath) {
        let segments = request.segments, query = request.query
        if method == "POST" {
            switch segments.count {
            case 1 where segments[0] == "theme": self = .switchTheme
            case 3 where segments[0] == "articles" && segments[2] == "comments": self = .postComment(slug: segments[1])
            case 2 where segments[0] == "mail" && segments[1].utf8.count <= 128: self = .useMailLink(token: segments[1])
            default: return nil
            }
            return
        }
        guard method == "GET" else { return nil }
        switch segments.count {
        case 0:
            // `/?p=12` is an old WordPress address (a redirect or a 404), not the home page.
            guard !RedirectKey.isNumericAddress(query), let page = Self.pageNumber(query["page"]) else { return nil }
            self = .home(page: page)
        case 1:
            switch segments[0] {
            case "archive": self = .archive
            case "search": self = .search(query: query["q"] ?? "")
            case "feed.xml": self = .feed
            case "sitemap.xml": self = .sitemap
            case "robots.txt": self = .robots
            case "theme.css": self = .themeStylesheet
            case "healthz": self = .health
            default:
                // A reserved name stays what it was (`GET /theme` a 405, `/static` a 404).
                guard Slug.isValid(segments[0]), !SiteRoute.reservedPageSlugs.contains(segments[0]) else { return nil }
                self = .page(slug: segments[0])
            }
        case 2 where segments[0] == "articles":
            guard let page = Self.pageNumber(query["cpage"], limit: 1_000_000) else { return nil }
            self = .article(slug: segments[1], commentPage: page, held: query["comment"] == "pending",
                            replyTo: query["replyto"].flatMap { Self.digits($0) })
        case 2 where segments[0] == "preview":
            self = .draftPreview(token: segments[1])
        case 2 where segments[0] == "mail" && segments[1].utf8.count <= 128:
            self = .mailLink(token: segments[1])
        case 2 where segments[0] == "tags":
            guard let page = Self.pageNumber(query["page"]) else { return nil }
            self = .tag(slug: segments[1], page: page)
        case 2 where segments[0] == "sitemaps":
            guard let part = SitemapPart(fileName: segments[1]) else { return nil }
            self = .sitemapPart(part)
        case 3 where segments[0] == "articles" && segments[2] == "comments.xml":
            self = .commentsFeed(slug: segments[1])
        case 3 where segments[0] == "archive":
            guard segments[1].utf8.count == 4, segments[2].utf8.count == 2, let year = Self.digits(segments[1]),
                  let month = Self.digits(segments[2]), (1...12).contains(month),
                  let page = Self.pageNumber(query["page"]) else { return nil }
            self = .archiveMonth(year: year, month: month, page: page)
        case 4 where segments[0] == "articles" && segments[2] == "comments":
            guard let id = Self.digits(segments[3]), id > 0 else { return nil }
            self = .commentPermalink(slug: segments[1], id: id)
        case 2... where segments[0] == "static":
            self = .staticFile(path: segments.dropFirst().joined(separator: "/"), version: query["v"])
        case 2... where segments[0] == "media":
            self = .media(path: segments.dropFirst().joined(separator: "/"))
        default:
            return nil
        }
    }

    public var path: String {
        var builder = PathBuilder()
        switch self {
        case .home(let page):
            if page > 1 { builder.query("page", String(page)) }
        case .article(let slug, let commentPage, let held, let replyTo):
            builder.add("articles")
            builder.add(slug)
            if commentPage > 1 { builder.query("cpage", String(commentPage)) }
            if held { builder.query("comment", "pending") }
            if let replyTo { builder.query("replyto", String(replyTo)) }
        case .postComment(let slug):
            builder.add("articles")
            builder.add(slug)
            builder.add("comments")
        case .commentPermalink(let slug, let id):
            builder.add("articles")
            builder.add(slug)
            builder.add("comments")
            builder.add(String(id))
        case .commentsFeed(let slug):
            builder.add("articles")
            builder.add(slug)
            builder.add("comments.xml")
        case .tag(let slug, let page):
            builder.add("tags")
            builder.add(slug)
            if page > 1 { builder.query("page", String(page)) }
        case .archive:
            builder.add("archive")
        case .archiveMonth(let year, let month, let page):
            builder.add("archive")
            builder.add(String(year))
            builder.add(month < 10 ? "0\(month)" : String(month))
            if page > 1 { builder.query("page", String(page)) }
        case .search(let query):
            builder.add("search")
            if !query.isEmpty { builder.query("q", query) }
        case .feed: builder.add("feed.xml")
        case .sitemap: builder.add("sitemap.xml")
        case .sitemapPart(let part):
            builder.add("sitemaps")
            builder.add(part.fileName)
        case .robots: builder.add("robots.txt")
        case .switchTheme: builder.add("theme")
        case .themeStylesheet: builder.add("theme.css")
        case .staticFile(let path, let version):
            builder.add("static")
            for segment in path.split(separator: "/") { builder.add(String(segment)) }
            if let version { builder.query("v", version) }
        case .media(let path):
            builder.add("media")
            for segment in path.split(separator: "/") { builder.add(String(segment)) }
        case .health: builder.add("healthz")
        case .draftPreview(let token):
            builder.add("preview")
            builder.add(token)
        case .mailLink(let token), .useMailLink(let token):
            builder.add("mail")
            builder.add(token)
        case .page(let slug):
            builder.add(slug)
        }
        return builder.built
    }

    /// Where a comment is shown now: its page of the article, at its anchor.
    public static func comment(_ id: Int, slug: String, page: Int) -> String {
        WebRoute.article(slug: slug, commentPage: page).path(anchor: "comment-\(id)")
    }

    /// The reply links of one comment page (`.article(…, replyTo: ID)` at `#respond`), with
    /// the part they share printed once: a page prints one per comment.
    public struct ReplyLinks: Sendable {
        let prefix: String

        public init(slug: String, commentPage: Int) {
            let sample = WebRoute.article(slug: slug, commentPage: commentPage, replyTo: 0).path
            prefix = String(sample.dropLast()) // the sample's id, "0", is last
        }

        public func callAsFunction(_ id: Int) -> String { prefix + String(id) + "#respond" }
    }

    // MARK: - What the server needs to know before a handler runs
    // (Whether a route needs a worker is the kind of action `WebApp`/`APIApp` name for it.)

    /// The largest body this route accepts; nil: the server's default.
    public var maxBodySize: Int? {
        switch self {
        case .postComment: CommentDraft.maxPostBytes
        case .switchTheme: 4 * 1024
        case .useMailLink: 1024 // empty, or RFC 8058's "List-Unsubscribe=One-Click"
        default: nil
        }
    }

    /// What a cached answer depends on.
    public var cacheScope: CacheScope {
        switch self {
        case .article(let slug, _, _, _), .commentsFeed(let slug), .commentPermalink(let slug, _), .postComment(let slug):
            .article(slug: slug)
        case .draftPreview, .mailLink, .useMailLink:
            .never
        default:
            .site
        }
    }

    // MARK: - Parameters

    /// A `page` parameter: absent is 1; anything but a number from 1 to `limit` is no route.
    static func pageNumber(_ value: String?, limit: Int = 100_000) -> Int? {
        guard let value else { return 1 }
        guard let page = Int(value), page >= 1, page <= limit else { return nil }
        return page
    }

    /// A number written with ASCII digits only (no sign, no spaces).
    public static func digits(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }
}

/// A part of the sitemap when it is an index: `pages`, or the N-th range of article or tag ids.
public enum SitemapPart: Hashable, Sendable {
    case pages
    case articles(Int)
    case tags(Int)

    /// `pages.xml`, `articles-3.xml`, `tags-1.xml`; numbers as printed (no `articles-03.xml`).
    init?(fileName: String) {
        guard fileName.hasSuffix(".xml") else { return nil }
        let name = fileName.dropLast(4)
        if name == "pages" { self = .pages; return }
        let pieces = name.split(separator: "-")
        guard pieces.count == 2, let number = Int(pieces[1]), number >= 1, number <= 100_000, String(number) == pieces[1]
        else { return nil }
        switch pieces[0] {
        case "articles": self = .articles(number)
        case "tags": self = .tags(number)
        default: return nil
        }
    }

    public var fileName: String {
        switch self {
        case .pages: "pages.xml"
        case .articles(let number): "articles-\(number).xml"
        case .tags(let number): "tags-\(number).xml"
        }
    }
}

/// What a cached answer depends on: an article's own pages only on that article (and
/// site-wide content), so comments elsewhere leave them cached; every other page on everything.
public enum CacheScope: Hashable, Sendable {
    case site
    case article(slug: String)
    /// Private answers (the author's desk): the page cache neither keeps nor serves them, even
    /// by mistake of a handler's headers.
    case never
}
