import Foundation
import SQLite

/// An article as the desk lists it.
public struct DeskArticleRow: Sendable {
    public let kind: ArticleKind
    public let slug: String
    public let title: String
    public let state: PublicationState
    public let publishedAt: Date
    public let modifiedAt: Date
    public let commentCount: Int
}

/// Which articles the desk's list shows.
public enum DeskArticleFilter: String, Sendable, CaseIterable {
    /// Published and scheduled are the blog's articles; drafts are every draft, pages' too;
    /// pages lists every page, draft or not.
    case all, published, scheduled, drafts, pages
}

/// A saved version of an article.
public struct ArticleRevision: Sendable {
    public let revision: Int
    public let savedAt: Date
    /// The name of the account that saved it; nil for imports and removed accounts.
    public let savedBy: String?
    /// The whole article as a Markdown document (`ArticleDocument.print`).
    public let document: String
}

/// Saving from the desk: optimistic locking by revision, slug changes, kept revisions.
extension BlogStore {
    /// How many revisions of an article are kept.
    public static let keptRevisions = 50

    /// An article for the editor (drafts included) with the revision it is at.
    public func articleForEditing(slug: String) throws -> (article: Article, revision: Int)? {
        try read { db in
            guard let article = try article(slug: slug, includeDrafts: true, withSource: true, in: db),
                  let row = try db.queryFirst("SELECT revision FROM articles WHERE id = ?", article.id) else { return nil }
            return (article, try row.integer(0))
        }
    }

    /// Creates (`originalSlug` nil) or updates an article from the editor, in one transaction:
    /// - an update must start from the stored revision, else `.editConflict`;
    /// - a new slug must be free, else `.slugTaken` (the old address then answers 404);
    /// - a save that changes something counts one revision up and keeps the document, the
    ///   last `keptRevisions` per article.
    /// Returns the slug and the revision stored now.
    public func saveArticle(_ input: ArticleInput, originalSlug: String?, expectedRevision: Int?, accountID: Int?,
                            now: Date = Date()) throws -> (slug: String, revision: Int) {
        defer { schedulingMayHaveChanged() }
        return try write { db in
            var articleID: Int?
            if let originalSlug {
                guard let row = try db.queryFirst("SELECT id, revision FROM articles WHERE slug = ?", originalSlug) else {
                    throw BlogError.articleNotFound
                }
                let current = try row.integer(1)
                if let expectedRevision, expectedRevision != current { throw BlogError.editConflict(current: current) }
                articleID = try row.integer(0)
            }
            if input.slug != originalSlug {
                if try db.queryFirst("SELECT 1 FROM articles WHERE slug = ?", input.slug) != nil { throw BlogError.slugTaken }
                if let articleID { try db.run("UPDATE articles SET slug = ? WHERE id = ?", input.slug, articleID) }
            }
            let outcome = try upsert(input, now: now, in: db)
            guard let row = try db.queryFirst("SELECT id, revision FROM articles WHERE slug = ?", input.slug) else {
                throw BlogError.articleNotFound
            }
            let id = try row.integer(0)
            var revision = try row.integer(1) // a changed text was counted by `upsert`, as imports and the API are
            if outcome == .unchanged {
                if input.slug == originalSlug { return (input.slug, revision) }
                revision += 1 // only the address changed
                try db.run("UPDATE articles SET revision = ? WHERE id = ?", revision, id)
            }
            guard let saved = try article(slug: input.slug, includeDrafts: true, withSource: true, in: db) else {
                throw BlogError.articleNotFound
            }
            try db.run("INSERT OR REPLACE INTO article_revisions (article_id, revision, saved_at, saved_by, document) VALUES (?, ?, ?, ?, ?)",
                       id, revision, ISODate.format(now), accountID, ArticleDocument.print(saved))
            try db.run("DELETE FROM article_revisions WHERE article_id = ? AND revision <= ?", id, revision - Self.keptRevisions)
            return (input.slug, revision)
        }
    }

    /// The kept revisions of an article, newest first.
    public func revisions(ofArticle slug: String) throws -> [ArticleRevision] {
        try read { db in
            try db.query("""
                SELECT r.revision, r.saved_at, u.name, r.document FROM article_revisions r
                JOIN articles a ON a.id = r.article_id LEFT JOIN users u ON u.id = r.saved_by
                WHERE a.slug = ? ORDER BY r.revision DESC
                """, slug).map {
                ArticleRevision(revision: try $0.integer(0), savedAt: try $0.date(1), savedBy: try $0.optionalText(2),
                                document: try $0.text(3))
            }
        }
    }

    /// The desk's list of articles: newest first, `perPage` a page, titles containing `query`.
    public func deskArticles(filter: DeskArticleFilter, query: String, page: Int, perPage: Int) throws
        -> (articles: [DeskArticleRow], total: Int) {
        var conditions: [String] = [], values: [any SQLiteBindable] = []
        switch filter {
        case .all: break
        case .published: conditions.append("hidden = 0")
        case .scheduled: conditions.append("hidden = 1 AND draft = 0 AND kind = 'article'")
        case .drafts: conditions.append("hidden = 1 AND draft = 1")
        case .pages: conditions.append("kind = 'page'")
        }
        if !query.isEmpty {
            conditions.append("title LIKE ? ESCAPE '\\'")
            let escaped = query.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            values.append("%" + escaped + "%")
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let (offset, overflow) = (max(1, page) - 1).multipliedReportingOverflow(by: max(1, perPage))
        let generation = self.generation
        return try read { db in
            // Counting every article is the cost of the whole list at 100,000 articles: the
            // unfiltered counts are kept per generation, as the public lists' are.
            let count = { try db.query("SELECT count(*) FROM articles \(whereClause)", bindings: values).first.map { try $0.integer(0) } ?? 0 }
            let total = switch (filter, query.isEmpty) {
            case (.all, true): try countOnce(key: "\u{0}all", generation: generation, count)
            case (.published, true): try countPublished(tagSlug: nil, generation: generation, in: db)
            default: try count()
            }
            let rows = try db.query("""
                SELECT slug, title, draft, hidden, published_at, modified_at, comment_count, kind FROM articles \(whereClause)
                ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?
                """, bindings: values + [perPage, overflow ? Int.max : offset])
            return (try rows.map {
                let kind = ArticleKind(rawValue: try $0.text(7)) ?? .article
                return DeskArticleRow(kind: kind, slug: try $0.text(0), title: try $0.text(1),
                                      state: PublicationState(kind: kind, draft: try $0.boolean(2), hidden: try $0.boolean(3)),
                                      publishedAt: try $0.date(4), modifiedAt: try $0.date(5), commentCount: try $0.integer(6))
            }, total)
        }
    }
}

extension ArticleWithComments {
    /// An article as its page would show it, made from the editor's input without storing it:
    /// the same Markdown rendering and default summary as a save, no neighbours, no comments.
    public static func preview(_ input: ArticleInput, now: Date = Date()) -> ArticleWithComments {
        let html = Markdown.html(from: input.markdown)
        let article = Article(
            id: 0, kind: input.kind, navOrder: input.navOrder, slug: input.slug, title: input.title, summary: input.summary ?? BlogStore.defaultSummary(fromHTML: html),
            author: input.author ?? "", markdown: input.markdown, html: html,
            wordCount: Markdown.plainText(fromHTML: html).split(separator: " ").count, publishedAt: input.publishedAt,
            updatedAt: input.updatedAt, image: input.image, draft: input.draft,
            isPublic: input.kind == .article && !input.draft && input.publishedAt <= now, commentsOpen: input.commentsOpen,
            commentCount: 0, modifiedAt: now, tags: input.tags.map(Tag.init(name:)))
        return ArticleWithComments(article: article, previous: nil, next: nil,
                                   comments: CommentPage(threads: [], page: 1, pageCount: 1))
    }
}
