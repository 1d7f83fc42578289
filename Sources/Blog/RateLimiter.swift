import Foundation
import Locking

/// A sliding one-minute window per client key, in memory (restarts forgive everyone).
///
/// A post takes its place in the window when it is admitted, before any work, so a burst of
/// concurrent posts from one client cannot all pass the check before any of them is counted.
/// It keeps its place when it is then refused (bad input, a duplicate, an unknown article).
public final class RateLimiter: Sendable {
    /// Per client key, the admission times of its posts in the current window, oldest first;
    /// never more than the limit, so a key costs at most `limit` dates.
    private let windows = Locked(Windows())
    private let window: TimeInterval = 60

    private struct Windows {
        var times: [String: [Date]] = [:]
        /// The key count at which idle keys are next swept out. It grows with the number of
        /// keys still active after a sweep, so a crowd of clients cannot make every post sweep.
        var sweepAt = 10_000

        mutating func sweepIfCrowded(now: Date, window: TimeInterval) {
            guard times.count > sweepAt else { return }
            times = times.filter { _, recent in recent.contains { now.timeIntervalSince($0) < window } }
            sweepAt = max(10_000, times.count * 2)
        }
    }

    public init() {}

    /// Counts a post by `key` against `limit` posts a minute: nil when it may go ahead (and is
    /// now counted), else the seconds to wait. A limit of 0 means no limit, and nothing is kept.
    public func admit(key: String, limit: Int, now: Date = Date()) -> Int? {
        guard limit > 0 else { return nil }
        return windows.withLock { windows in
            var recent = windows.times.removeValue(forKey: key) ?? []
            recent.removeAll { now.timeIntervalSince($0) >= window }
            if recent.count > limit { recent.removeFirst(recent.count - limit) } // the limit was lowered
            defer { windows.times[key] = recent.isEmpty ? nil : recent }
            if recent.count == limit, let oldest = recent.first {
                return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
            }
            recent.append(now)
            windows.sweepIfCrowded(now: now, window: window)
            return nil
        }
    }

    /// How many posts are counted for `key` in its window (for tests).
    func rememberedCount(key: String) -> Int {
        windows.withLock { $0.times[key]?.count ?? 0 }
    }
}
