import Foundation
import SQLite

/// Another engine's site as an import stores it: articles and pages with their comments, and
/// the old addresses that lead to them. Made by the `Imports` module from an export file.
public struct ImportBatch: Sendable {
    /// The engine and the site the source ids belong to (`wordpress https://old.example`).
    public var source: String
    public var articles: [ImportedArticle] = []
    /// Old addresses of what is no article here (`/category/news` to `/tags/news`).
    public var pathRedirects: [PathRedirect] = []
    /// Comments for articles that are here already (a comment system's export).
    public var threads: [ImportedThread] = []

    public init(source: String) {
        self.source = source
    }
}

public struct PathRedirect: Sendable, Equatable {
    /// A redirect key (`RedirectKey`).
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

public struct ImportedArticle: Sendable {
    public var sourceID: String
    /// Its slug is final: `BlogStore.importTargets` tells which are taken and which are its own.
    public var input: ArticleInput
    public var comments: [ImportedComment]
    /// Redirect keys of the addresses the old site served it at.
    public var oldPaths: [String]

    public init(sourceID: String, input: ArticleInput, comments: [ImportedComment], oldPaths: [String]) {
        self.sourceID = sourceID
        self.input = input
        self.comments = comments
        self.oldPaths = oldPaths
    }
}

/// Comments from a comment system (Disqus) for an article this blog has.
public struct ImportedThread: Sendable {
    public var articleSlug: String
    public var comments: [ImportedComment]

    public init(articleSlug: String, comments: [ImportedComment]) {
        self.articleSlug = articleSlug
        self.comments = comments
    }
}

public struct ImportedComment: Sendable, Equatable {
    public var sourceID: String
    /// Another comment of the same article; nil for a top-level comment.
    public var parentSourceID: String?
    public var name: String
    public var email: String?
    public var website: String?
    public var body: String
    public var createdAt: Date
    public var status: CommentStatus
    /// The address it was posted from, if the export kept one: only its keyed hash is stored.
    public var clientAddress: String?

    public init(sourceID: String, parentSourceID: String?, name: String, email: String?, website: String?, body: String,
                createdAt: Date, status: CommentStatus, clientAddress: String?) {
        self.sourceID = sourceID
        self.parentSourceID = parentSourceID
        self.name = name
        self.email = email
        self.website = website
        self.body = body
        self.createdAt = createdAt
        self.status = status
        self.clientAddress = clientAddress
    }
}

/// The site's rules an import keeps to.
public struct ImportLimits: Sendable {
    /// The deepest reply (`comments.maxDepth`); deeper imported replies answer their parent's
    /// parent instead.
    public var maxDepth = CommentPolicy().maxDepth

    public init(maxDepth: Int = CommentPolicy().maxDepth) {
        self.maxDepth = maxDepth
    }
}

/// What an import did (or, in a dry run, would do).
public struct ImportResult: Sendable, Equatable {
    public var articles: [BlogStore.UpsertOutcome: Int] = [:]
    public var comments: [BlogStore.UpsertOutcome: Int] = [:]
    public var redirects = 0
    /// Items an earlier import brought and someone deleted here since: left deleted.
    public var keptDeleted: [String] = []

    public init() {}
}

/// What the store already holds of a source: the slugs its articles have here now (renamed or
/// not), the ones deleted since, and every slug taken.
public struct ImportTargets: Sendable {
    public var slugs: [String: String]
    public var deleted: Set<String>
    public var taken: Set<String>

    public init(slugs: [String: String], deleted: Set<String>, taken: Set<String>) {
        self.slugs = slugs
        self.deleted = deleted
        self.taken = taken
    }
}

extension BlogStore {
    /// Read before a batch is made, so each article's slug is final when its links are rewritten.
    public func importTargets(source: String) throws -> ImportTargets {
        try read { db in
            var targets = ImportTargets(slugs: [:], deleted: [], taken: [])
            for row in try db.query("""
                SELECT s.source_id, a.slug FROM import_sources s LEFT JOIN articles a ON a.id = s.target_id
                WHERE s.source = ? AND s.kind = 'article'
                """, source) {
                if let slug = try row.optionalText(1) { targets.slugs[try row.text(0)] = slug } else { targets.deleted.insert(try row.text(0)) }
            }
            targets.taken = Set(try db.query("SELECT slug FROM articles").map { try $0.text(0) })
            targets.taken.formUnion(reservedPageSlugs)
            return targets
        }
    }

    /// Stores a batch in one transaction, or nothing. An article or comment the source brought
    /// before is updated, never added twice; one deleted here since stays deleted. `dryRun`
    /// does all of it and rolls back, so the counts are exactly what a real run would do.
    /// `progress` hears how many articles are stored, every 500.
    public func applyImport(_ batch: ImportBatch, hasher: KeyedHasher, limits: ImportLimits = ImportLimits(), dryRun: Bool = false,
                            now: Date = Date(), progress: (Int) -> Void = { _ in }) throws -> ImportResult {
        struct RolledBack: Error { let result: ImportResult }
        do {
            let result = try write(visible: !dryRun) { db in
                var run = ImportRun(source: batch.source, hasher: hasher, limits: limits, now: now, db: db)
                for (index, article) in batch.articles.enumerated() {
                    try apply(article, in: &run)
                    if (index + 1) % 500 == 0 { progress(index + 1) }
                }
                for thread in batch.threads {
                    guard let articleID = try db.queryFirst("SELECT id FROM articles WHERE slug = ?", thread.articleSlug)?
                        .integer(0) else {
                        throw BlogError.invalidArticle(source: thread.articleSlug, field: "slug",
                                                       problem: "was deleted while importing; run the import again")
                    }
                    try run.apply(thread.comments, articleID: articleID)
                }
                for redirect in batch.pathRedirects {
                    try Self.setRedirect(from: redirect.from, articleID: nil, target: redirect.to, now: now, in: db)
                    run.result.redirects += 1
                }
                // Once, not per article: a tag left without articles by an update.
                try Self.deleteOrphanTags(in: db)
                if dryRun { throw RolledBack(result: run.result) }
                return run.result
            }
            schedulingMayHaveChanged()
            return result
        } catch let rolledBack as RolledBack {
            return rolledBack.result
        }
    }

    private func apply(_ article: ImportedArticle, in run: inout ImportRun) throws {
        let (db, slug) = (run.db, article.input.slug)
        let mapped = try db.queryFirst("""
            SELECT s.target_id, a.slug FROM import_sources s LEFT JOIN articles a ON a.id = s.target_id
            WHERE s.source = ? AND s.kind = 'article' AND s.source_id = ?
            """, run.source, article.sourceID)
        if let mapped {
            guard try mapped.optionalText(1) == slug else {
                if try mapped.optionalText(1) == nil { run.result.keptDeleted.append("article \(article.sourceID)"); return }
                throw BlogError.invalidArticle(source: "article \(article.sourceID)", field: "slug",
                                               problem: "changed while importing; run the import again")
            }
        } else if try db.queryFirst("SELECT 1 FROM articles WHERE slug = ?", slug) != nil {
            // Checked again here: someone may have taken the slug since it was chosen.
            throw BlogError.invalidArticle(source: "article \(article.sourceID)", field: "slug",
                                           problem: "\(slug) was taken while importing; run the import again")
        }
        let outcome = try upsert(article.input, now: run.now, in: db, keepingOrphanTags: true)
        run.result.articles[outcome, default: 0] += 1
        guard let articleID = try db.queryFirst("SELECT id FROM articles WHERE slug = ?", slug)?.integer(0) else { return }
        if mapped == nil {
            try db.run("INSERT INTO import_sources (source, kind, source_id, target_id) VALUES (?, 'article', ?, ?)",
                       run.source, article.sourceID, articleID)
        }
        for path in article.oldPaths {
            try Self.setRedirect(from: path, articleID: articleID, target: nil, now: run.now, in: db)
            run.result.redirects += 1
        }
        try run.apply(article.comments, articleID: articleID)
    }

    /// Each comment after the one it answers (an export need not list them so); a comment whose
    /// parent is not in the list, or that is caught in a cycle, is taken as top-level.
    static func parentsFirst(_ comments: [ImportedComment]) -> [ImportedComment] {
        let known = Set(comments.map(\.sourceID))
        var children: [String: [Int]] = [:]
        var order: [Int] = []
        for (index, comment) in comments.enumerated() {
            if let parent = comment.parentSourceID, known.contains(parent), parent != comment.sourceID {
                children[parent, default: []].append(index)
            } else {
                order.append(index)
            }
        }
        var placed = Set(order)
        var next = 0
        while next < order.count {
            for child in children[comments[order[next]].sourceID] ?? [] where placed.insert(child).inserted {
                order.append(child)
            }
            next += 1
        }
        let cyclic = comments.indices.filter { !placed.contains($0) }
        return order.map { comments[$0] } + cyclic.map { index in
            var comment = comments[index]
            comment.parentSourceID = nil
            return comment
        }
    }
}

/// One import's transaction: what every step needs, and what it has done so far.
private struct ImportRun {
    let source: String
    let hasher: KeyedHasher
    let limits: ImportLimits
    let now: Date
    let db: SQLiteConnection
    var result = ImportResult()

    init(source: String, hasher: KeyedHasher, limits: ImportLimits, now: Date, db: SQLiteConnection) {
        (self.source, self.hasher, self.limits, self.now, self.db) = (source, hasher, limits, now, db)
    }

    /// A comment of this article as stored, which a later one may answer.
    struct Placed {
        let id: Int
        let depth: Int
        let threadID: Int
        let parentID: Int?
    }

    /// One article's comments, parents first, then its count of approved comments.
    mutating func apply(_ comments: [ImportedComment], articleID: Int) throws {
        guard !comments.isEmpty else { return }
        var placed: [String: Placed] = [:]
        for comment in BlogStore.parentsFirst(comments) {
            try apply(comment, articleID: articleID, placed: &placed)
        }
        // One recount instead of following every status change an update made.
        try db.run("""
            UPDATE articles SET comment_count = (SELECT count(*) FROM comments WHERE article_id = ?1 AND status = 'approved')
            WHERE id = ?1
            """, articleID)
    }

    /// A comment an earlier run brought is left as it is here: once imported, what moderators
    /// and erasure requests did to it wins over the old site (a second run must not bring
    /// back an erased address, a deleted comment or one marked as spam).
    private mutating func apply(_ comment: ImportedComment, articleID: Int, placed: inout [String: Placed]) throws {
        if let mapped = try db.queryFirst("""
            SELECT c.id, c.status, c.depth, c.thread_id, c.parent_id FROM import_sources s
            LEFT JOIN comments c ON c.id = s.target_id WHERE s.source = ? AND s.kind = 'comment' AND s.source_id = ?
            """, source, comment.sourceID) {
            guard let id = try mapped.optionalInteger(0), try mapped.optionalText(1) != CommentStatus.deleted.rawValue else {
                result.keptDeleted.append("comment \(comment.sourceID)")
                return
            }
            placed[comment.sourceID] = Placed(id: id, depth: try mapped.integer(2), threadID: try mapped.optionalInteger(3) ?? id,
                                              parentID: try mapped.optionalInteger(4))
            result.comments[.unchanged, default: 0] += 1
            return
        }
        let email = comment.email.flatMap { $0.isEmpty ? nil : $0 }
        // Threads deeper than the site's replies may be are flattened at that depth (a chain of
        // thousands would nest pages past any size, and past the renderer's stack).
        let spot = comment.parentSourceID.flatMap { placed[$0] }.map {
            BlogStore.ReplySpot(replyingTo: $0.id, depth: $0.depth, threadID: $0.threadID, parentID: $0.parentID,
                                maxDepth: limits.maxDepth)
        }
        let stored = try BlogStore.insert(BlogStore.NewComment(
            articleID: articleID, parentID: spot?.parentID, depth: spot?.depth ?? 1, threadID: spot?.threadID,
            name: comment.name, email: email, emailHash: email.map(hasher.emailHash), website: comment.website, body: comment.body,
            html: CommentText.html(comment.body), status: comment.status, holdReason: comment.status == .pending ? .imported : nil,
            clientHash: hasher.clientHash(comment.clientAddress ?? source),
            fingerprint: hasher.commentFingerprint(articleID: articleID, email: email ?? "", body: comment.body),
            createdAt: comment.createdAt), in: db)
        placed[comment.sourceID] = Placed(id: stored.id, depth: spot?.depth ?? 1, threadID: stored.threadID,
                                          parentID: spot?.parentID)
        try db.run("INSERT INTO import_sources (source, kind, source_id, target_id) VALUES (?, 'comment', ?, ?)",
                   source, comment.sourceID, stored.id)
        result.comments[.created, default: 0] += 1
    }
}
