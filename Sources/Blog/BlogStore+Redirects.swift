import Foundation
import SQLite

/// Where an old address leads: an article or page of this blog, or another path of the site.
public enum RedirectDestination: Sendable, Equatable {
    case article(slug: String, kind: ArticleKind)
    case path(String)
}

/// One row of the redirect table, for `feder redirects list` and the desk.
public struct Redirect: Sendable, Equatable {
    /// The old address as the table keys it (`RedirectKey`).
    public var from: String
    public var destination: RedirectDestination
}

/// Old addresses (another engine's permalinks, `/?p=12`) answered with a 301. The site asks
/// only for a GET that would be a 404, so an address that exists pays nothing.
extension BlogStore {
    /// Where `key` leads, if it is an old address whose destination readers may see: an
    /// article that is a draft or not yet published is no destination (the redirect would
    /// tell its slug).
    public func redirect(from key: String) throws -> RedirectDestination? {
        try read { db in
            guard let row = try db.queryFirst("""
                SELECT r.target, a.slug, a.kind, a.draft, a.hidden FROM redirects r
                LEFT JOIN articles a ON a.id = r.article_id WHERE r.path = ?
                """, key) else { return nil }
            if let target = try row.optionalText(0) { return .path(target) }
            guard let slug = try row.optionalText(1), let kind = ArticleKind(rawValue: try row.text(2)) else { return nil }
            let visible = kind == .page ? try row.integer(3) == 0 : try row.integer(4) == 0
            return visible ? .article(slug: slug, kind: kind) : nil
        }
    }

    /// Redirects whose old address starts with `prefix`, by old address, at most `limit`: one
    /// range of the primary key, however many an import brought.
    public func redirects(prefix: String = "", limit: Int = 10_000) throws -> [Redirect] {
        try read { db in
            try db.query("""
                SELECT r.path, r.target, a.slug, a.kind FROM redirects r LEFT JOIN articles a ON a.id = r.article_id
                WHERE r.path >= ?1 AND r.path < ?1 || char(1114111) ORDER BY r.path LIMIT ?2
                """, prefix, limit).map { row in
                    let destination: RedirectDestination = if let target = try row.optionalText(1) {
                        .path(target)
                    } else {
                        .article(slug: try row.text(2), kind: ArticleKind(rawValue: try row.text(3)) ?? .article)
                    }
                    return Redirect(from: try row.text(0), destination: destination)
                }
        }
    }

    /// How many redirects there are, counted up to `cap` (the desk says so above its list; a
    /// count of every row would grow with the table, and an import brings tens of thousands).
    public func redirectCount(cap: Int = 10_000) throws -> Int {
        try read { db in try db.queryFirst("SELECT count(*) FROM (SELECT 1 FROM redirects LIMIT ?)", cap + 1)?.integer(0) ?? 0 }
    }

    /// Adds or replaces the redirect from `key` to a path of the site.
    public func setRedirect(from key: String, to target: String, now: Date = Date()) throws {
        try write(visible: false) { db in try Self.setRedirect(from: key, articleID: nil, target: target, now: now, in: db) }
    }

    /// Removes the redirect from `key`; false when there was none.
    @discardableResult
    public func removeRedirect(from key: String) throws -> Bool {
        try write(visible: false) { db in try db.run("DELETE FROM redirects WHERE path = ?", key) > 0 }
    }

    static func setRedirect(from key: String, articleID: Int?, target: String?, now: Date, in db: SQLiteConnection) throws {
        try db.run("""
            INSERT INTO redirects (path, article_id, target, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id, target = excluded.target
            """, key, articleID, target, ISODate.format(now))
    }
}
