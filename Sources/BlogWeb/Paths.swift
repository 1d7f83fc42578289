import HTTPServer

/// Every URL the web layer prints, in one place, so no template or handler hand-writes one.
enum Paths {
    static func article(_ slug: String) -> String { "/articles/" + PercentDecoding.encode(slug) }
    static func comments(_ slug: String) -> String { article(slug) + "/comments" }
    static func commentsFeed(_ slug: String) -> String { article(slug) + "/comments.xml" }
    /// Page `page` of an article's comments (the first is the article's own URL).
    static func commentPage(_ slug: String, _ page: Int) -> String {
        page == 1 ? article(slug) : article(slug) + "?cpage=\(page)"
    }
    /// A comment where it is shown.
    static func comment(_ slug: String, id: Int, page: Int) -> String { commentPage(slug, page) + "#comment-\(id)" }
    /// A comment's lasting address: it redirects to the page that shows the comment now.
    static func commentPermalink(_ slug: String, id: Int) -> String { comments(slug) + "/\(id)" }
    static func tag(_ slug: String) -> String { "/tags/" + PercentDecoding.encode(slug) }
    static func page(_ base: String, _ page: Int) -> String { page == 1 ? base : base + "?page=\(page)" }
    static let feed = "/feed.xml"
    static let archive = "/archive"
    static func archiveMonth(_ year: Int, _ month: Int) -> String {
        "/archive/\(year)/" + (month < 10 ? "0\(month)" : "\(month)")
    }
    /// A part of the sitemap when it is split (`articles-3`, `tags-1`, `pages`).
    static func sitemapPart(_ name: String) -> String { "/sitemaps/\(name).xml" }

    /// Whether `path` is safe to redirect to: a local absolute path, never `//host` or a
    /// scheme, and nothing that could split a header.
    static func isLocalRedirect(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.hasPrefix("/\\") && path.count <= 2000
            && !path.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" }
    }
}
