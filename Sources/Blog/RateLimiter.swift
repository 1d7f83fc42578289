import Foundation
import Synchronization

/// A sliding one-minute window per client key, in memory (restarts forgive everyone).
public final class RateLimiter: Sendable {
    private let state = Mutex<[String: [Date]]>([:])
    private let window: TimeInterval = 60

    public init() {}

    /// Seconds to wait when `key` has used up `limit` in the last minute, else nil.
    /// How many recent posts are remembered for `key` (for tests).
    func rememberedCount(key: String) -> Int {
        state.withLock { $0[key]?.count ?? 0 }
    }

    public func retryAfter(key: String, limit: Int, now: Date = Date()) -> Int? {
        guard limit > 0 else { return nil }
        return state.withLock { entries in
            let recent = (entries[key] ?? []).filter { now.timeIntervalSince($0) < window }
            entries[key] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
        }
    }

    public func record(key: String, now: Date = Date()) {
        state.withLock { entries in
            // Forget this key's old posts here too: with the limit off (0), `retryAfter` never
            // prunes, and one busy client's list grew by a date per post for as long as it ran.
            entries[key, default: []].removeAll { now.timeIntervalSince($0) >= window }
            entries[key, default: []].append(now)
            if entries.count > 10_000 { // forget idle clients so memory stays bounded
                entries = entries.filter { _, times in times.contains { now.timeIntervalSince($0) < window } }
            }
        }
    }
}
