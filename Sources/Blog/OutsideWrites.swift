import Dispatch
import Foundation
import Locking
import SQLite

/// Writes by another process — `feder import`, `feder comments approve` or `feder user` beside
/// a running server — change the database under this one's caches, which count only their own
/// writes. SQLite's `PRAGMA data_version` on the writer connection changes exactly when some
/// other connection committed, so polling it once a second and emptying every cache on a
/// change makes those writes visible within a second, at the cost of one pragma.
extension BlogStore {
    /// True when another process wrote since the last call (the first call only records).
    @discardableResult
    public func noticeOutsideWrites() throws -> Bool {
        // Outside a transaction, on the writer: its own commits never change the value. Read and
        // compared there too, so two callers cannot store an older value after a newer one.
        let changed = try database.withWriter { db -> Bool in
            guard case .integer(let version) = try db.scalar("PRAGMA data_version") else { return false }
            return lastDataVersion.withLock { last in
                defer { last = version }
                return last.map { $0 != version } ?? false
            }
        }
        guard changed else { return false }
        didChange()
        schedulingMayHaveChanged()
        return true
    }
}

/// Calls `noticeOutsideWrites` every `interval` on a queue of its own.
public final class OutsideWriteWatcher: Sendable {
    private let store: BlogStore
    private let noticed: @Sendable () -> Void
    private let task: RepeatingTask

    /// `noticed` hears each time another process's writes emptied the caches.
    public init(store: BlogStore, interval: DispatchTimeInterval = .seconds(1), noticed: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.noticed = noticed
        task = RepeatingTask(label: "feder.outside-writes", interval: interval)
    }

    /// Starts polling; a second call does nothing.
    public func start() {
        task.start(first: { _ = try? store.noticeOutsideWrites() }) { [store, noticed] in // the first: the value to compare with
            if (try? store.noticeOutsideWrites()) == true { noticed() }
        }
    }

    public func stop() { task.stop() }
}
