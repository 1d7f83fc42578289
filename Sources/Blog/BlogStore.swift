import Foundation
import Locking
import SQLite
import Synchronization

/// The blog's data over SQLite. All SQL of the domain lives in `BlogStore+*.swift`;
/// every value is bound, never spliced into SQL text.
///
/// Called from worker threads (reads on pooled readers, writes serialised on the writer).
public final class BlogStore: Sendable {
    /// The pool is the store's alone: everything else reads and writes through its methods.
    let database: DatabasePool
    // Versions for page caches. They only ever grow, so a sum of them changes exactly when one
    // of its parts does: `generation` covers everything, `generation(ofArticle:)` what one
    // article's pages show (a comment elsewhere leaves that article's cached page valid).
    /// Articles, tags, anything site-wide.
    private let contentCounter = Atomic<UInt64>(1)
    /// Published comments anywhere (lists show comment counts).
    private let commentCounter = Atomic<UInt64>(0)
    /// Published comments per article slug.
    private let articleCommentCounters = Locked<[String: UInt64]>([:])
    /// List sizes by tag slug ("" for all), valid for one generation.
    let publishedCounts = Locked<(generation: UInt64, counts: [String: Int])>((0, [:]))
    /// Told after article writes (`observeScheduling`).
    let schedulingObserver = Locked<(@Sendable () -> Void)?>(nil)
    /// The first path segments the site itself answers (`archive`, `admin`, …), which no
    /// page may take as its slug; given by whoever wires the store to the routes.
    let reservedPageSlugs: Set<String>
    /// The published pages' slugs and the navigation, valid for one value of the content counter.
    let pagesCache = Locked<PagesSnapshot?>(nil)
    /// `PRAGMA data_version` when last asked (`noticeOutsideWrites`).
    let lastDataVersion = Locked<Int64?>(nil)
    /// Whether approving a comment queues mail to its subscribers (`mail.enabled`).
    private let mailOn = Atomic<Bool>(false)
    /// Told the cause whenever a write fails for lack of storage (the caller answers 503 and
    /// the operator needs to know why). SQLite's messages carry no bound values, so no emails.
    private let storageFailure: @Sendable (SQLiteError) -> Void

    public init(database: DatabasePool, reservedPageSlugs: Set<String>,
                storageFailure: @escaping @Sendable (SQLiteError) -> Void = { _ in }) {
        self.database = database
        self.reservedPageSlugs = reservedPageSlugs
        self.storageFailure = storageFailure
    }

    /// Set once by whoever wires the store (mail on or off for the whole installation).
    public func setSendsMail(_ on: Bool) { mailOn.store(on, ordering: .releasing) }
    public var sendsMail: Bool { mailOn.load(ordering: .acquiring) }

    public var generation: UInt64 {
        contentCounter.load(ordering: .acquiring) &+ commentCounter.load(ordering: .acquiring)
    }

    /// The version of what the pages of one article show: its text, its comments, its
    /// neighbours' titles (site-wide content).
    public func generation(ofArticle slug: String) -> UInt64 {
        contentCounter.load(ordering: .acquiring) &+ articleCommentCounters.withLock { $0[slug] ?? 0 }
    }

    /// The version of articles, pages and tags alone (comments left out).
    var contentVersion: UInt64 { contentCounter.load(ordering: .acquiring) }

    func didChange() {
        contentCounter.add(1, ordering: .releasing)
    }

    /// A published comment of this article appeared, changed or went away.
    func commentsChanged(articleSlug: String) {
        articleCommentCounters.withLock { $0[articleSlug, default: 0] &+= 1 }
        commentCounter.add(1, ordering: .releasing)
    }

    /// Runs a write; storage failures (disk full, read-only) become `.storageUnavailable`.
    /// `visible: false` for writes no public page shows (a comment held for moderation), so
    /// they do not empty the page caches.
    func write<T>(visible: Bool = true, _ body: (SQLiteConnection) throws -> T) throws -> T {
        try settle(Result { try database.write(body) }, visible: visible).get()
    }

    /// The same without waiting: `completion` is called on the writer thread after the commit.
    func write<T: Sendable>(visible: Bool = true, _ body: @escaping @Sendable (SQLiteConnection) throws -> T,
                            completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        database.write(body) { result in completion(self.settle(result, visible: visible)) }
    }

    private func settle<T>(_ result: Result<T, any Error>, visible: Bool) -> Result<T, any Error> {
        switch result {
        case .success:
            if visible { didChange() }
            return result
        case .failure(let error as SQLiteError) where error.isStorageUnavailable:
            storageFailure(error)
            return .failure(BlogError.storageUnavailable)
        case .failure:
            return result
        }
    }

    func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try database.read(body)
    }

    /// Whether the database answers (for `/healthz`).
    public func isHealthy() -> Bool {
        (try? read { try $0.scalar("SELECT 1") }) == .integer(1)
    }
}
