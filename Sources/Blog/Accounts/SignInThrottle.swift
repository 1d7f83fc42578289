import Foundation
import Locking

/// Slows password guessing, per account and per client address, in memory (a restart forgives,
/// as the comment rate limit does). A few failures are free; after that each one makes the
/// key wait twice as long as the last (1 s, 2 s, 4 s … up to 15 minutes) before it may try
/// again, and a try inside the wait is refused (429 with Retry-After) without hashing
/// anything. A client gets more free failures than an account, since one office may share an
/// address. Success clears the account's and the client's count.
public final class SignInThrottle: Sendable {
    public struct Limits: Sendable {
        public var freeFailuresPerAccount = 5
        public var freeFailuresPerClient = 20
        public var longestWait: TimeInterval = 15 * 60
        /// Failures older than this are forgotten.
        public var memory: TimeInterval = 60 * 60
        public init() {}
    }

    private struct Record {
        var failures: Int
        var lastFailure: Date
    }

    private let limits: Limits
    private let records = Locked<[String: Record]>([:])
    private static let maxKeys = 50_000

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Nil when these keys may try now, else the seconds until they may.
    public func wait(account: String, client: String, now: Date = Date()) -> Int? {
        records.withLock { records in
            let waits = [(account, limits.freeFailuresPerAccount), (client, limits.freeFailuresPerClient)]
                .compactMap { key, free in remaining(records[key], free: free, now: now) }
            return waits.max()
        }
    }

    public func failed(account: String, client: String, now: Date = Date()) {
        records.withLock { records in
            if records.count >= Self.maxKeys {
                records = records.filter { now.timeIntervalSince($0.value.lastFailure) < limits.memory }
                if records.count >= Self.maxKeys { records.removeAll() } // a flood of addresses: start over
            }
            for key in [account, client] {
                var record = records[key] ?? Record(failures: 0, lastFailure: now)
                if now.timeIntervalSince(record.lastFailure) >= limits.memory { record.failures = 0 }
                record.failures += 1
                record.lastFailure = now
                records[key] = record
            }
        }
    }

    public func succeeded(account: String, client: String) {
        records.withLock { records in
            records[account] = nil
            records[client] = nil
        }
    }

    private func remaining(_ record: Record?, free: Int, now: Date) -> Int? {
        guard let record, record.failures >= free, now.timeIntervalSince(record.lastFailure) < limits.memory else { return nil }
        let exponent = min(record.failures - free, 20)
        let wait = min(pow(2, Double(exponent)), limits.longestWait)
        let left = wait - now.timeIntervalSince(record.lastFailure)
        return left > 0 ? Int(left.rounded(.up)) : nil
    }
}
