import Foundation

/// Fills a database with generated articles and approved comments for benchmarks and scale
/// tests (`feder generate`), through `BlogStore.insertGenerated` in batches of 2,000.
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
    public static func generate(into store: BlogStore, articles: Int, commentsPerArticle: Int, longThread: Int = 0,
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
            try store.insertGenerated((written..<(written + count)).map { index in
                let isBenchmark = index == articles - 1 // the newest: on the home page too
                let (html, text) = isBenchmark ? long : short
                return GeneratedArticle(
                    slug: isBenchmark ? benchmarkSlug : "generated-article-\(index)", title: "Generated article number \(index)",
                    summary: String(text.prefix(180)), author: "Bench Author", markdown: isBenchmark ? longBody : shortBody,
                    html: html, text: text, publishedAt: start.addingTimeInterval(Double(index) * 3600),
                    tag: Tag(slug: "tag-\(index % 50)", name: "Tag \(index % 50)"),
                    comments: (0..<commentsPerArticle).map { comment in
                        GeneratedComment(name: "Reader \(comment)", email: "reader\(comment)@example.com",
                                         emailHash: "generated-\(comment)",
                                         body: "Thanks for this article. " + paragraph(seed: comment).prefix(160),
                                         fingerprint: "g-\(index)-\(comment)")
                    })
            })
            written += count
            progress("\(written)/\(articles) articles")
        }
        if longThread > 0 {
            // Every fifth comment answers the one before it (threads of one or two).
            try store.insertGenerated([GeneratedArticle(
                slug: longThreadSlug, title: "An article with a long thread", summary: String(short.1.prefix(180)),
                author: "Bench Author", markdown: shortBody, html: short.0, text: short.1,
                publishedAt: newest.addingTimeInterval(-1800), tag: nil,
                comments: (0..<longThread).map { index in
                    GeneratedComment(name: "Reader \(index)", email: "reader\(index)@example.com", emailHash: "generated-\(index)",
                                     body: "Comment \(index) on the long thread. " + paragraph(seed: index).prefix(160),
                                     fingerprint: "long-\(index)", replyTo: index % 5 == 4 ? index - 1 : nil)
                })])
            progress("\(longThreadSlug): \(longThread) comments")
        }
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
