import Foundation
import SQLite
import Synchronization

/// The blog's data over SQLite. All SQL of the domain lives in `BlogStore+*.swift`;
/// every value is bound, never spliced into SQL text.
///
/// Called from worker threads (reads on pooled readers, writes serialised on the writer).
public final class BlogStore: Sendable {
    public let database: DatabasePool
    /// Bumped after every committed change; page caches compare it to know when to refill.
    private let generationCounter = Atomic<UInt64>(1)
    /// List sizes by tag slug ("" for all), valid for one generation.
    let publishedCounts = Mutex<(generation: UInt64, counts: [String: Int])>((0, [:]))

    public init(database: DatabasePool) {
        self.database = database
    }

    public var generation: UInt64 { generationCounter.load(ordering: .acquiring) }

    func didChange() {
        generationCounter.add(1, ordering: .releasing)
    }

    /// Runs a write; storage failures (disk full, read-only) become `.storageUnavailable`.
    /// `visible: false` for writes no public page shows (a comment held for moderation), so
    /// they do not empty the page caches.
    func write<T>(visible: Bool = true, _ body: (SQLiteConnection) throws -> T) throws -> T {
        do {
            let result = try database.write(body)
            if visible { didChange() }
            return result
        } catch let error as SQLiteError where error.isStorageUnavailable {
            throw BlogError.storageUnavailable
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
