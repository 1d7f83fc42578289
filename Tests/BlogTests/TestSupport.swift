@testable import Blog
import Foundation
import Locking
import SQLite
import Testing

/// A fresh folder under the system temporary folder for one test, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("feder-blog-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

let migrationsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("migrations").path

/// A store over a migrated database file in `directory`.
func makeStore(in directory: String, name: String = "feder.sqlite") throws -> BlogStore {
    let pool = try DatabasePool(path: directory + "/" + name)
    try BlogStore.migrate(pool, migrationsPath: migrationsFolder)
    return BlogStore(database: pool, reservedPageSlugs: ["archive", "admin"]) // as the site reserves them
}

/// A store in a fresh temporary folder, removed afterwards.
func withStore<T>(_ body: (BlogStore, String) throws -> T) throws -> T {
    try withTemporaryDirectory { directory in try body(try makeStore(in: directory), directory) }
}

/// `2026-11-25T09:00:00Z`-style UTC time.
func date(_ text: String) -> Date {
    guard let date = ISODate.parse(text) else { fatalError("bad test date \(text)") }
    return date
}

func makeInput(_ slug: String, title: String? = nil, published: String = "2026-11-25T09:00:00Z", tags: [String] = [],
               draft: Bool = false, commentsOpen: Bool = true, summary: String? = nil,
               markdown: String = "Some text about nothing much.") -> ArticleInput {
    ArticleInput(slug: slug, title: title ?? "Title of \(slug)", summary: summary, author: "Ada", publishedAt: date(published),
                 tags: tags, draft: draft, commentsOpen: commentsOpen, markdown: markdown)
}

/// Stores articles and returns them as read back (drafts included).
@discardableResult
func makeArticles(_ inputs: [ArticleInput], in store: BlogStore, now: Date = date("2026-12-01T00:00:00Z")) throws -> [Article] {
    try store.upsert(inputs, now: now)
    return try inputs.map { try #require(try store.article(slug: $0.slug, includeDrafts: true)) }
}

/// A Markdown document with the given front-matter lines.
func makeDocument(_ frontMatter: [String], body: String = "Hello *world*.\n") -> String {
    (["---"] + frontMatter + ["---"]).joined(separator: "\n") + "\n" + body
}

let validFrontMatter = ["title: A day in Berlin", "date: 2026-11-25"]

func makeHasher() -> KeyedHasher { KeyedHasher(secret: Array("test secret, never used anywhere else".utf8)) }

func makePolicy(_ moderation: CommentPolicy.Moderation = .none, maxDepth: Int = 5, maxLinks: Int = 2,
                perMinute: Int = 100, closeAfterDays: Int = 0) -> CommentPolicy {
    var policy = CommentPolicy()
    policy.moderation = moderation
    policy.maxDepth = maxDepth
    policy.maxLinks = maxLinks
    policy.perMinute = perMinute
    policy.closeAfterDays = closeAfterDays
    return policy
}

func makeService(_ store: BlogStore, _ policy: CommentPolicy = makePolicy()) -> CommentService {
    CommentService(store: store, policy: policy, hasher: makeHasher(), rateLimiter: RateLimiter())
}

func makeDraft(name: String = "Grace", email: String = "grace@example.com", website: String = "",
               body: String = "A thoughtful remark.", parentID: String = "", honeypot: String = "") -> CommentDraft {
    CommentDraft(name: name, email: email, website: website, body: body, parentID: parentID, honeypot: honeypot)
}

/// The error `body` throws, or nil.
func thrownError(_ body: () throws -> Void) -> (any Error)? {
    do { try body(); return nil } catch { return error }
}

/// Every thread of an article on one page, oldest first.
func allThreads(_ store: BlogStore, articleID: Int) throws -> [CommentNode] {
    try store.read { db in try store.commentPage(articleID: articleID, page: 1, perPage: 0, order: .oldest, in: db)?.threads ?? [] }
}

extension CommentService {
    /// `submit` waited for: tests call the service from their own thread, which the server
    /// never does.
    func submitAndWait(_ draft: CommentDraft, toArticle slug: String, clientAddress: String,
                              now: Date = Date()) throws -> SubmittedComment {
        try waitForCallback { done in submit(draft, toArticle: slug, clientAddress: clientAddress, now: now, completion: done) }
            .get()
    }
}
