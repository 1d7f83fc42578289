import Foundation
import SQLite

/// Pages: stored with the articles (`kind = 'page'`, always `hidden = 1`, so no public list
/// sees them), read by their own address and for the site's navigation.
extension BlogStore {
    /// A page that is not a draft, by slug; nil for articles, drafts and unknown slugs. Every
    /// one-segment path that could be a slug asks, so a name that is no page is answered from
    /// the cached set of page slugs, without the database: a scanner's `/wp-admin` costs no read.
    public func page(slug: String) throws -> Article? {
        guard try pagesSnapshot().slugs.contains(slug) else { return nil }
        return try read { db in
            guard let row = try db.queryFirst("""
                SELECT \(Self.pageColumns) FROM articles a WHERE a.slug = ? AND a.kind = 'page' AND a.draft = 0
                """, slug) else { return nil }
            return try Self.article(from: row)
        }
    }

    /// The site's navigation: every published page, by `nav_order` (pages without one after
    /// the rest), then title. Every page of the site shows it, so it is read once per change
    /// of content, not once per page rendered.
    public func navigationPages() throws -> [ArticleLink] {
        try pagesSnapshot().navigation
    }

    /// What every page render and every one-segment path asks of pages, read once per change
    /// of content (a page write changes the content counter, as every article write does).
    func pagesSnapshot() throws -> PagesSnapshot {
        let version = contentVersion
        if let cached = pagesCache.withLock({ $0?.version == version ? $0 : nil }) { return cached }
        let snapshot = try read { db in
            PagesSnapshot(
                version: version,
                slugs: Set(try db.query("SELECT slug FROM articles WHERE kind = 'page' AND draft = 0").map { try $0.text(0) }),
                navigation: try db.query("""
                    SELECT slug, title FROM articles WHERE kind = 'page' AND draft = 0
                    ORDER BY nav_order IS NULL, nav_order, title LIMIT ?
                    """, Self.navigationLimit).map { ArticleLink(slug: try $0.text(0), title: try $0.text(1)) })
        }
        pagesCache.withLock { $0 = snapshot }
        return snapshot
    }

    /// Published pages with their last change, for the sitemap.
    public func publishedPages() throws -> [(slug: String, modifiedAt: Date)] {
        try read { db in
            try db.query("""
                SELECT slug, modified_at FROM articles WHERE kind = 'page' AND draft = 0 ORDER BY published_at, id LIMIT ?
                """, Self.sitemapPageLimit).map { (try $0.text(0), try $0.date(1)) }
        }
    }

    /// A header has room for a handful of links; more would be a site map, not a navigation
    /// (the sitemap lists every page).
    static let navigationLimit = 20
    /// More pages than this are not a site's pages but a second blog.
    static let sitemapPageLimit = 1000
}

/// The published pages as one version of the content saw them.
struct PagesSnapshot: Sendable {
    let version: UInt64
    let slugs: Set<String>
    let navigation: [ArticleLink]
}
