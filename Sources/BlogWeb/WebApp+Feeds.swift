import Blog
import Foundation
import HTTPServer
import Routes

extension WebApp {
    /// Atom feed of the latest 20 articles (RFC 4287), absolute URLs from `site.baseURL`.
    func feed() throws -> HTTPResponse {
        let articles = try store.latestArticles(limit: 20)
        let updated = articles.map { $0.updatedAt ?? $0.publishedAt }.max() ?? Date(timeIntervalSince1970: 0)
        var xml = feedHead(title: site.title, subtitle: site.description, selfPath: WebRoute.feed.path, alternatePath: WebRoute.home().path,
                           updated: updated)
        for article in articles {
            let url = site.baseURL + WebRoute.article(slug: article.slug).path
            xml += "<entry>\n<title>\(x(article.title))</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"\(x(url))\"/>\n"
            xml += "<id>\(x(url))</id>\n<published>\(ISODate.format(article.publishedAt))</published>\n"
            xml += "<updated>\(ISODate.format(article.updatedAt ?? article.publishedAt))</updated>\n"
            xml += "<author><name>\(x(article.author.isEmpty ? site.title : article.author))</name></author>\n"
            for tag in article.tags { xml += "<category term=\"\(x(tag.slug))\" label=\"\(x(tag.name))\"/>\n" }
            xml += "<summary>\(x(article.summary))</summary>\n"
            if site.feedFullContent { xml += "<content type=\"html\">\(x(absolutizeLinks(article.html)))</content>\n" }
            xml += "</entry>\n"
        }
        return atom(xml + "</feed>\n")
    }

    /// Comments in an article's feed: the newest, as a feed reader needs (not the whole thread).
    static let commentFeedSize = 50

    /// Atom feed of an article's newest approved comments: names and text, never emails. Each
    /// entry links to the comment's permalink, which finds its page however the thread grows.
    func commentsFeed(slug: String) throws -> HTTPResponse {
        guard let (article, list) = try store.newestComments(slug: slug, limit: Self.commentFeedSize) else {
            throw HTTPError.notFound()
        }
        let updated = list.first?.createdAt ?? article.publishedAt
        var xml = feedHead(title: "\(article.title) – \(text.commentCount(article.commentCount))", subtitle: nil,
                           selfPath: WebRoute.commentsFeed(slug: slug).path,
                           alternatePath: WebRoute.article(slug: slug).path(anchor: "comments"), updated: updated)
        for comment in list {
            let url = site.baseURL + WebRoute.commentPermalink(slug: slug, id: comment.id).path
            // The id keeps the form it had before comments came in pages: feed readers know them.
            let id = site.baseURL + WebRoute.article(slug: slug).path(anchor: "comment-\(comment.id)")
            xml += "<entry>\n<title>\(x(comment.name))</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"\(x(url))\"/>\n"
            xml += "<id>\(x(id))</id>\n<published>\(ISODate.format(comment.createdAt))</published>\n"
            xml += "<updated>\(ISODate.format(comment.createdAt))</updated>\n<author><name>\(x(comment.name))</name></author>\n"
            xml += "<content type=\"html\">\(x(comment.html))</content>\n</entry>\n"
        }
        return atom(xml + "</feed>\n")
    }

    private func feedHead(title: String, subtitle: String?, selfPath: String, alternatePath: String, updated: Date) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(site.language.rawValue)\">\n"
        xml += "<title>\(x(title))</title>\n"
        if let subtitle, !subtitle.isEmpty { xml += "<subtitle>\(x(subtitle))</subtitle>\n" }
        xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(x(site.baseURL + alternatePath))\"/>\n"
        xml += "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(x(site.baseURL + selfPath))\"/>\n"
        xml += "<id>\(x(site.baseURL + selfPath))</id>\n<updated>\(ISODate.format(updated))</updated>\n"
        xml += "<author><name>\(x(site.title))</name></author>\n<generator>Feder</generator>\n"
        return xml
    }

    private func atom(_ xml: String) -> HTTPResponse {
        var response = HTTPResponse(contentType: "application/atom+xml; charset=utf-8", body: Array(xml.utf8))
        response.headers.set("Cache-Control", "public, max-age=0, s-maxage=300, must-revalidate")
        return response
    }

    /// Feed readers resolve relative links against the feed, not the article: make ours absolute.
    private func absolutizeLinks(_ html: String) -> String {
        html.replacingOccurrences(of: "href=\"/", with: "href=\"\(site.baseURL)/")
            .replacingOccurrences(of: "src=\"/", with: "src=\"\(site.baseURL)/")
    }

    /// URLs in one sitemap file. sitemaps.org allows 50,000; a tenth keeps each file near a
    /// megabyte, so it fits the page cache and renders in milliseconds.
    static let sitemapURLsPerFile = 10_000

    /// Sitemap protocol 0.9 (sitemaps.org): home, archive, every article (with `lastmod`) and
    /// every tag page. Up to `sitemapURLsPerFile` URLs in this one file; above that, a sitemap
    /// index of parts, each a range of article or tag ids (so a part stays the same as articles
    /// are added, and is read as one slice of the table).
    func sitemap() throws -> HTTPResponse {
        let pages = try store.publishedPages()
        switch try store.sitemap(urlsPerFile: Self.sitemapURLsPerFile, fixedPages: Self.sitemapPages.count + pages.count) {
        case .entries(let articles, let tags):
            var xml = urlsetHead() + sitePagesURLs(pages)
            for entry in articles { xml += sitemapURL(WebRoute.article(slug: entry.slug).path, entry.modifiedAt) }
            for entry in tags { xml += sitemapURL(WebRoute.tag(slug: entry.slug).path, nil) }
            return sitemapResponse(xml + "</urlset>\n")
        case .index(let articleParts, let tagParts):
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
            let parts: [SitemapPart] = [.pages] + (1...articleParts).map { .articles($0) } + (1...tagParts).map { .tags($0) }
            for part in parts { xml += "<sitemap><loc>\(x(site.baseURL + WebRoute.sitemapPart(part).path))</loc></sitemap>\n" }
            return sitemapResponse(xml + "</sitemapindex>\n")
        }
    }

    /// The pages every sitemap lists before the articles.
    static let sitemapPages: [WebRoute] = [.home(), .archive]

    /// The fixed pages and the author's pages (About, Impressum, …).
    private func sitePagesURLs(_ pages: [(slug: String, modifiedAt: Date)]) -> String {
        Self.sitemapPages.map { sitemapURL($0.path, nil) }.joined()
            + pages.map { sitemapURL(WebRoute.page(slug: $0.slug).path, $0.modifiedAt) }.joined()
    }

    /// `GET /sitemaps/{part}.xml`: `pages`, `articles-N` or `tags-N` (ids from (N-1)×10,000).
    func sitemapPart(_ part: SitemapPart) throws -> HTTPResponse {
        var xml = urlsetHead()
        switch part {
        case .pages:
            xml += sitePagesURLs(try store.publishedPages())
        case .articles(let number):
            guard let entries = try store.sitemapPart(tags: false, number: number, urlsPerFile: Self.sitemapURLsPerFile)
            else { throw HTTPError.notFound() }
            for entry in entries { xml += sitemapURL(WebRoute.article(slug: entry.slug).path, entry.modifiedAt) }
        case .tags(let number):
            guard let entries = try store.sitemapPart(tags: true, number: number, urlsPerFile: Self.sitemapURLsPerFile)
            else { throw HTTPError.notFound() }
            for entry in entries { xml += sitemapURL(WebRoute.tag(slug: entry.slug).path, nil) }
        }
        return sitemapResponse(xml + "</urlset>\n")
    }

    private func urlsetHead() -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    }

    private func sitemapURL(_ path: String, _ modified: Date?) -> String {
        "<url><loc>\(x(site.baseURL + path))</loc>" + (modified.map { "<lastmod>\(ISODate.format($0))</lastmod>" } ?? "") + "</url>\n"
    }

    private func sitemapResponse(_ xml: String) -> HTTPResponse {
        var response = HTTPResponse(contentType: "application/xml; charset=utf-8", body: Array(xml.utf8))
        response.headers.set("Cache-Control", "public, max-age=0, s-maxage=300, must-revalidate")
        return response
    }

    func robots() -> HTTPResponse {
        var response = HTTPResponse.text("User-agent: *\nAllow: /\nDisallow: \(APIRoute.adminPrefix)\nDisallow: \(AdminRoute.dashboard.path)/\n"
                                         + "Disallow: \(WebRoute.search().path)\n\nSitemap: \(site.baseURL + WebRoute.sitemap.path)\n")
        response.headers.set("Cache-Control", "public, max-age=86400")
        return response
    }

    private func x(_ text: String) -> String { HTMLText.escape(text) }
}
