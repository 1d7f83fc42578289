import Foundation
import SQLite

/// Pages: stored with the articles (`kind = 'page'`, always `hidden = 1`, so no public list
/// sees them), read by their own address and for the site's navigation.
extension BlogStore {
    /// A page that is not a draft, by slug; nil for articles, drafts and unknown slugs.
    public func page(slug: String) throws -> Article? {
        try read { db in
            guard let row = try db.queryFirst("""
                SELECT \(Self.pageColumns) FROM articles a WHERE a.slug = ? AND a.kind = 'page' AND a.draft = 0
                """, slug) else { return nil }
            return try Self.article(from: row)
        }
    }

    /// The pages in the site's navigation, by `nav_order` then title. Every page of the site
    /// shows them, so they are read once per change of content, not once per page rendered.
    public func navigationPages() throws -> [ArticleLink] {
        let version = contentVersion
        if let cached = navigationCache.withLock({ $0?.version == version ? $0?.pages : nil }) { return cached }
        let pages = try read { db in
            try db.query("""
                SELECT slug, title FROM articles WHERE kind = 'page' AND draft = 0 AND nav_order IS NOT NULL
                ORDER BY nav_order, title LIMIT ?
                """, Self.navigationLimit).map { ArticleLink(slug: try $0.text(0), title: try $0.text(1)) }
        }
        navigationCache.withLock { $0 = (version, pages) }
        return pages
    }

    /// Published pages with their last change, for the sitemap.
    public func publishedPages() throws -> [(slug: String, modifiedAt: Date)] {
        try read { db in
            try db.query("""
                SELECT slug, modified_at FROM articles WHERE kind = 'page' AND draft = 0 ORDER BY published_at, id LIMIT ?
                """,
                         Self.sitemapPageLimit).map { (try $0.text(0), try $0.date(1)) }
        }
    }

    /// A header has room for a handful of links; more would be a site map, not a navigation.
    static let navigationLimit = 12
    /// More pages than this are not a site's pages but a second blog.
    static let sitemapPageLimit = 1000
}
