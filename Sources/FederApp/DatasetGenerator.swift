import Blog
import Foundation
import SQLite

/// Fills a database with generated articles and approved comments for benchmarks and scale
/// tests (`feder generate`). Rows are written directly in large transactions: 100,000
/// articles through the import path would take far longer than the benchmark itself.
public enum DatasetGenerator {
    /// The article every benchmark reads: a long body with subheadings, a quote and a table.
    public static let benchmarkSlug = "benchmark-article"
    /// The article with the long thread (`longThread` comments), when one is asked for.
    public static let longThreadSlug = "long-thread-article"
    /// The newest generated article is published an hour before this moment, the others an
    /// hour apart before it: everything generated lies in the past, however many articles.
    static let newest = Date(timeIntervalSince1970: 1_790_000_000) // 2026-09-21

    /// `longThread` > 0 adds one more article with that many approved comments: every fifth a
    /// reply to the one before it (threads of one or two), the rest top-level.
    public static func generate(into app: Application, articles: Int, commentsPerArticle: Int, longThread: Int = 0,
                                progress: (String) -> Void = { _ in }) throws {
        let longBody = (1...12).map { section in
            """
            ## Section \(section)

            \(paragraph(seed: section)) \(paragraph(seed: section + 1))

            > \(paragraph(seed: section + 2))

            | Column | Value |
            |---|---|
            | first | \(section) |
            | second | \(section * 2) |

            """
        }.joined(separator: "\n")
        let shortBody = paragraph(seed: 1) + "\n\n" + paragraph(seed: 2)
        let long = (Markdown.html(from: longBody), Markdown.plainText(fromHTML: Markdown.html(from: longBody)))
        let short = (Markdown.html(from: shortBody), Markdown.plainText(fromHTML: Markdown.html(from: shortBody)))
        let start = newest.addingTimeInterval(-Double(articles) * 3600)
        let batch = 2_000
        var written = 0
        while written < articles {
            let count = min(batch, articles - written)
            try app.database.write { db in
                let lastBefore = try lastCommentID(in: db)
                for index in written..<(written + count) {
                    let isBenchmark = index == articles - 1 // the newest: on the home page too
                    let slug = isBenchmark ? benchmarkSlug : "generated-article-\(index)"
                    let (html, text) = isBenchmark ? long : short
                    let published = ISODate.format(start.addingTimeInterval(Double(index) * 3600))
                    try db.run("""
                        INSERT INTO articles (slug, title, summary, author, body_markdown, body_html, word_count,
                            published_at, comments_open, comment_count, modified_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                        """, slug, "Generated article number \(index)", String(text.prefix(180)), "Bench Author",
                               isBenchmark ? longBody : shortBody, html, text.split(separator: " ").count, published,
                               commentsPerArticle, published)
                    let articleID = db.lastInsertRowID
                    try db.run("INSERT INTO articles_search (rowid, title, body) VALUES (?, ?, ?)", articleID,
                               "Generated article number \(index)", text)
                    try db.run("INSERT INTO tags (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING",
                               "tag-\(index % 50)", "Tag \(index % 50)")
                    try db.run("""
                        INSERT INTO article_tags (article_id, tag_id, published_at) SELECT ?, id, ? FROM tags WHERE slug = ?
                        """, articleID, published, "tag-\(index % 50)")
                    for comment in 0..<commentsPerArticle {
                        let body = "Thanks for this article. " + paragraph(seed: comment).prefix(160)
                        try db.run("""
                            INSERT INTO comments (article_id, depth, name, email, email_hash, body, body_html, status, client_hash,
                                fingerprint, created_at) VALUES (?, 1, ?, ?, ?, ?, ?, 'approved', 'generated', ?, ?)
                            """, articleID, "Reader \(comment)", "reader\(comment)@example.com", "generated-\(comment)",
                                   body, CommentText.html(body), "g-\(articleID)-\(comment)", published)
                    }
                }
                try startThreads(after: lastBefore, in: db)
            }
            written += count
            progress("\(written)/\(articles) articles")
        }
        if longThread > 0 {
            try generateLongThread(into: app, comments: longThread, html: short.0, text: short.1, body: shortBody)
            progress("\(longThreadSlug): \(longThread) comments")
        }
    }

    private static func generateLongThread(into app: Application, comments: Int, html: String, text: String,
                                           body: String) throws {
        let published = ISODate.format(newest.addingTimeInterval(-1800))
        try app.database.write { db in
            try db.run("""
                INSERT INTO articles (slug, title, summary, author, body_markdown, body_html, word_count,
                    published_at, comments_open, comment_count, modified_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """, longThreadSlug, "An article with a long thread", String(text.prefix(180)), "Bench Author", body, html,
                   text.split(separator: " ").count, published, comments, published)
            let articleID = db.lastInsertRowID
            let lastBefore = try lastCommentID(in: db)
            try db.run("INSERT INTO articles_search (rowid, title, body) VALUES (?, ?, ?)", articleID,
                       "An article with a long thread", text)
            var previous: (id: Int, depth: Int, thread: Int)?
            for index in 0..<comments {
                let parent = index % 5 == 4 ? previous : nil
                let depth = (parent?.depth ?? 0) + 1
                let body = "Comment \(index) on the long thread. " + paragraph(seed: index).prefix(160)
                try db.run("""
                    INSERT INTO comments (article_id, parent_id, depth, name, email, email_hash, body, body_html, thread_id,
                        status, client_hash, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'approved', 'generated', ?, ?)
                    """, articleID, parent?.id, depth, "Reader \(index)", "reader\(index)@example.com", "generated-\(index)",
                           body, CommentText.html(body), parent?.thread, "long-\(index)", published)
                previous = (db.lastInsertRowID, depth, parent?.thread ?? db.lastInsertRowID)
            }
            try startThreads(after: lastBefore, in: db)
        }
    }

    /// Top-level comments written since `lastBefore` are their own thread (the id exists only
    /// after the insert).
    private static func startThreads(after lastBefore: Int, in db: SQLiteConnection) throws {
        try db.run("UPDATE comments SET thread_id = id WHERE id > ? AND thread_id IS NULL", lastBefore)
    }

    private static func lastCommentID(in db: SQLiteConnection) throws -> Int {
        if case .integer(let id) = try db.scalar("SELECT max(id) FROM comments") { return Int(id) }
        return 0
    }

    /// Deterministic filler text (our own words, shuffled by the seed).
    static func paragraph(seed: Int) -> String {
        let words = ["writing", "server", "comment", "reader", "quiet", "garden", "paper", "morning", "letter", "river",
                     "window", "coffee", "lamp", "notebook", "signal", "harbour", "bread", "mountain", "thread", "ink"]
        return (0..<60).map { words[($0 * 7 + seed * 13 + $0 / 3) % words.count] }.joined(separator: " ")
            .capitalizedFirst + "."
    }
}

private extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
