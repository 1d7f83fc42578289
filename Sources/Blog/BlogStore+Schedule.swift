import Foundation
import SQLite

/// Scheduled articles: stored hidden (`hidden = 1, draft = 0`) with their date ahead, made
/// public by `publishDueArticles` when it comes. Public reads never compare dates with the
/// clock, so their statements and caches stay as they were.
extension BlogStore {
    /// The earliest date a scheduled article waits for; nil when none waits.
    public func nextScheduledDate() throws -> Date? {
        try read { db in
            try db.queryFirst("SELECT published_at FROM articles WHERE hidden = 1 AND draft = 0 AND kind = 'article' ORDER BY published_at LIMIT 1")
                .map { try $0.date(0) }
        }
    }

    /// Makes every scheduled article whose date has come public, with its tag links, in one
    /// transaction; the write empties the page caches. Returns their slugs.
    @discardableResult
    public func publishDueArticles(now: Date = Date()) throws -> [String] {
        let due = ISODate.format(now)
        // Read first: every wake-up that finds nothing due would otherwise empty the caches.
        let waiting = try read { db in
            try db.queryFirst("SELECT 1 FROM articles WHERE hidden = 1 AND draft = 0 AND kind = 'article' AND published_at <= ? LIMIT 1", due)
        }
        guard waiting != nil else { return [] }
        return try write { db in
            let rows = try db.query("SELECT id, slug FROM articles WHERE hidden = 1 AND draft = 0 AND kind = 'article' AND published_at <= ?", due)
            for row in rows {
                let id = try row.integer(0)
                try db.run("UPDATE article_tags SET hidden = 0 WHERE article_id = ?", id)
                // modified_at: feeds' <updated> and the sitemap's <lastmod> say it changed now.
                try db.run("UPDATE articles SET hidden = 0, modified_at = ? WHERE id = ?", due, id)
            }
            return try rows.map { try $0.text(1) }
        }
    }

    /// Asks to be told after every write that may have scheduled an article (one observer:
    /// the server's `ScheduledPublisher`).
    public func observeScheduling(_ observer: @escaping @Sendable () -> Void) {
        schedulingObserver.withLock { $0 = observer }
    }

    func schedulingMayHaveChanged() {
        schedulingObserver.withLock { $0 }?()
    }
}
