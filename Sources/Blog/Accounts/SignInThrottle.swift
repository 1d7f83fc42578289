import Foundation
import Locking

/// Slows password guessing, per account and per client address, in memory (a restart forgives,
/// as the comment rate limit does). A few failures are free; after that each one makes the
/// key wait twice as long as the last (1 s, 2 s, 4 s … up to 15 minutes) before it may try
/// again, and a try inside the wait is refused (429 with Retry-After) without hashing
/// anything. A client gets more free failures than an account, since one office may share an
/// address. Success clears the account's and the client's count.
///
/// A try is admitted with `begin` and must be settled with `failed` or `succeeded`: while one
/// try of an account is being checked (scrypt takes 100 ms), a second one for the same
/// account waits, so parallel guesses cannot all pass the check before the first failure
/// counts.
public final class SignInThrottle: Sendable {
    public struct Limits: Sendable {
        public var freeFailuresPerAccount = 5
        public var freeFailuresPerClient = 20
        public var longestWait: TimeInterval = 15 * 60
        /// Failures older than this are forgotten.
        public var memory: TimeInterval = 60 * 60
        /// Keys kept at most (accounts and clients together); see `forgetIdle`.
        public var maxKeys = 50_000
        public init() {}
    }

    private struct Record {
        var failures: Int
        var lastFailure: Date
    }

    private struct State {
        var records: [String: Record] = [:]
        /// Accounts with a try being checked now.
        var checking: Set<String> = []
    }

    private let limits: Limits
    private let state = Locked(State())

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Nil when these keys may try now (the try is then counted as being checked), else the
    /// seconds until they may.
    public func begin(account: String, client: String, now: Date = Date()) -> Int? {
        state.withLock { state in
            let waits = [(account, limits.freeFailuresPerAccount), (client, limits.freeFailuresPerClient)]
                .compactMap { key, free in remaining(state.records[key], free: free, now: now) }
            if let wait = waits.max() { return wait }
            guard state.checking.insert(account).inserted else { return 1 }
            return nil
        }
    }

    /// Nil when these keys may try now, else the seconds until they may (without starting a try).
    public func wait(account: String, client: String, now: Date = Date()) -> Int? {
        state.withLock { state in
            [(account, limits.freeFailuresPerAccount), (client, limits.freeFailuresPerClient)]
                .compactMap { key, free in remaining(state.records[key], free: free, now: now) }.max()
        }
    }

    public func failed(account: String, client: String, now: Date = Date()) {
        state.withLock { state in
            state.checking.remove(account)
            if state.records.count >= limits.maxKeys { forgetIdle(&state.records, now: now) }
            for key in [account, client] {
                var record = state.records[key] ?? Record(failures: 0, lastFailure: now)
                if now.timeIntervalSince(record.lastFailure) >= limits.memory { record.failures = 0 }
                record.failures += 1
                record.lastFailure = now
                state.records[key] = record
            }
        }
    }

    public func succeeded(account: String, client: String) {
        state.withLock { state in
            state.checking.remove(account)
            state.records[account] = nil
            state.records[client] = nil
        }
    }

    /// Ends a try that was neither right nor wrong (it could not be checked).
    public func abandoned(account: String) {
        state.withLock { _ = $0.checking.remove(account) }
    }

    /// Makes room when a flood of addresses filled the table: first what is forgotten anyway,
    /// then keys still within their free failures. Keys being made to wait stay, so a flood
    /// cannot wipe the count of the account it is guessing at.
    private func forgetIdle(_ records: inout [String: Record], now: Date) {
        records = records.filter { now.timeIntervalSince($0.value.lastFailure) < limits.memory }
        guard records.count >= limits.maxKeys else { return }
        let free = min(limits.freeFailuresPerAccount, limits.freeFailuresPerClient)
        records = records.filter { $0.value.failures >= free }
    }

    private func remaining(_ record: Record?, free: Int, now: Date) -> Int? {
        guard let record, record.failures >= free, now.timeIntervalSince(record.lastFailure) < limits.memory else { return nil }
        let exponent = min(record.failures - free, 20)
        let wait = min(pow(2, Double(exponent)), limits.longestWait)
        let left = wait - now.timeIntervalSince(record.lastFailure)
        return left > 0 ? Int(left.rounded(.up)) : nil
    }
}
