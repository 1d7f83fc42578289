import Foundation
import SQLite

/// An article made up for benchmarks and scale tests (`feder generate`), with its comments.
public struct GeneratedArticle: Sendable {
    public var slug: String
    public var title: String
    public var summary: String
    public var author: String
    public var markdown: String
    public var html: String
    /// The plain text the search index gets.
    public var text: String
    public var publishedAt: Date
    public var tag: Tag?
    public var comments: [GeneratedComment]

    public init(slug: String, title: String, summary: String, author: String, markdown: String, html: String, text: String,
                publishedAt: Date, tag: Tag?, comments: [GeneratedComment]) {
        (self.slug, self.title, self.summary, self.author, self.markdown, self.html, self.text) =
            (slug, title, summary, author, markdown, html, text)
        (self.publishedAt, self.tag, self.comments) = (publishedAt, tag, comments)
    }
}

/// An approved comment of a generated article, written at the article's time.
public struct GeneratedComment: Sendable {
    public var name: String
    public var email: String
    public var emailHash: String
    public var body: String
    public var fingerprint: String
    /// The position, in the article's `comments`, of the comment this one answers.
    public var replyTo: Int?

    public init(name: String, email: String, emailHash: String, body: String, fingerprint: String, replyTo: Int? = nil) {
        (self.name, self.email, self.emailHash, self.body, self.fingerprint, self.replyTo) =
            (name, email, emailHash, body, fingerprint, replyTo)
    }
}

extension BlogStore {
    /// Writes generated articles in one transaction, rows directly: 100,000 articles through
    /// the import path would take far longer than the benchmark itself.
    public func insertGenerated(_ articles: [GeneratedArticle]) throws {
        try write { db in
            let lastBefore = try db.scalar("SELECT coalesce(max(id), 0) FROM comments").intValue
            for article in articles { try Self.insertGenerated(article, in: db) }
            // Top-level comments are their own thread; one statement for all (ids exist only now).
            try db.run("UPDATE comments SET thread_id = id WHERE id > ? AND thread_id IS NULL", lastBefore)
        }
    }

    private static func insertGenerated(_ article: GeneratedArticle, in db: SQLiteConnection) throws {
        let published = ISODate.format(article.publishedAt)
        try db.run("""
            INSERT INTO articles (slug, title, summary, author, body_markdown, body_html, word_count,
                published_at, comments_open, comment_count, modified_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """, article.slug, article.title, article.summary, article.author, article.markdown, article.html,
                   article.text.split(separator: " ").count, published, article.comments.count, published)
        let articleID = db.lastInsertRowID
        try db.run("INSERT INTO articles_search (rowid, title, body) VALUES (?, ?, ?)", articleID, article.title, article.text)
        if let tag = article.tag {
            try db.run("INSERT INTO tags (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING", tag.slug, tag.name)
            try db.run("""
                INSERT INTO article_tags (article_id, tag_id, published_at) SELECT ?, id, ? FROM tags WHERE slug = ?
                """, articleID, published, tag.slug)
        }
        var written: [(id: Int, depth: Int, thread: Int)] = []
        written.reserveCapacity(article.comments.count)
        for comment in article.comments {
            let parent = comment.replyTo.map { written[$0] }
            let depth = (parent?.depth ?? 0) + 1
            try db.run("""
                INSERT INTO comments (article_id, parent_id, depth, name, email, email_hash, body, body_html, thread_id,
                    status, client_hash, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'approved', 'generated', ?, ?)
                """, articleID, parent?.id, depth, comment.name, comment.email, comment.emailHash, comment.body,
                       CommentText.html(comment.body), parent?.thread, comment.fingerprint, published)
            let id = db.lastInsertRowID
            written.append((id, depth, parent?.thread ?? id))
        }
    }
}
