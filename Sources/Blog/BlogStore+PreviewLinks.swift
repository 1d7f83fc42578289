import Foundation
import SQLite

/// A link that shows one unpublished article to someone without an account.
public struct PreviewLink: Sendable, Equatable {
    /// 32 random bytes, base64url: the last segment of `/preview/{token}`.
    public let token: String
    public let createdAt: Date

    /// Whether `text` could be a token at all (anything else is not looked up).
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy {
            (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F
        }
    }
}

/// Draft preview links (`preview_links`, migration 0011). None of these writes changes a
/// public page, so none empties the page caches.
extension BlogStore {
    public func previewLink(ofArticle slug: String) throws -> PreviewLink? {
        try read { db in
            try db.queryFirst("""
                SELECT p.token, p.created_at FROM preview_links p JOIN articles a ON a.id = p.article_id WHERE a.slug = ?
                """, slug).map { PreviewLink(token: try $0.text(0), createdAt: try $0.date(1)) }
        }
    }

    /// A new link for the article; one it had before stops working.
    public func createPreviewLink(ofArticle slug: String, accountID: Int?, now: Date = Date()) throws -> PreviewLink {
        let link = PreviewLink(token: SessionToken.random().value, createdAt: now)
        try write(visible: false) { (db: SQLiteConnection) -> Void in
            guard let row = try db.queryFirst("SELECT id FROM articles WHERE slug = ?", slug) else { throw BlogError.articleNotFound }
            let id = try row.integer(0)
            try db.run("DELETE FROM preview_links WHERE article_id = ?", id)
            try db.run("INSERT INTO preview_links (token, article_id, created_at, created_by) VALUES (?, ?, ?, ?)",
                       link.token, id, ISODate.format(now), accountID)
        }
        return link
    }

    public func revokePreviewLink(ofArticle slug: String) throws {
        try write(visible: false) { (db: SQLiteConnection) -> Void in
            try db.run("DELETE FROM preview_links WHERE article_id = (SELECT id FROM articles WHERE slug = ?)", slug)
        }
    }

    /// The article a link shows, as stored now (draft, scheduled or published), without
    /// comments or neighbours; nil for a token that is unknown or revoked.
    public func articleForPreview(token: String) throws -> ArticleWithComments? {
        guard PreviewLink.isWellFormed(token) else { return nil }
        return try read { db in
            guard let row = try db.queryFirst("""
                SELECT \(Self.pageColumns) FROM preview_links p JOIN articles a ON a.id = p.article_id WHERE p.token = ?
                """, token) else { return nil }
            let article = try withTags([try Self.article(from: row)], in: db)[0]
            return ArticleWithComments(article: article, previous: nil, next: nil,
                                       comments: CommentPage(threads: [], page: 1, pageCount: 1))
        }
    }
}
