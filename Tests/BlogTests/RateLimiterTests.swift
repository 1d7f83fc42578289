@testable import Blog
import Foundation
import Synchronization
import Testing

@Suite struct RateLimiterTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aSlidingMinutePerKey() {
        let limiter = RateLimiter()
        #expect(limiter.admit(key: "a", limit: 2, now: start) == nil)
        #expect(limiter.admit(key: "a", limit: 2, now: start.addingTimeInterval(30)) == nil)
        #expect(limiter.admit(key: "a", limit: 2, now: start.addingTimeInterval(30)) == 30)
        #expect(limiter.admit(key: "a", limit: 2, now: start.addingTimeInterval(59.5)) == 1)
        #expect(limiter.admit(key: "b", limit: 2, now: start.addingTimeInterval(30)) == nil)
        #expect(limiter.admit(key: "a", limit: 2, now: start.addingTimeInterval(60)) == nil)
        #expect(limiter.admit(key: "a", limit: 2, now: start.addingTimeInterval(61)) == 29)
    }

    /// Found by the soak and then by the benchmark: with the limit off, a busy client's list first
    /// grew forever, then was pruned by a scan on every post (9 % of a comment POST's CPU).
    @Test func theLimitOffKeepsNothing() {
        let limiter = RateLimiter()
        for second in 0..<600 {
            #expect(limiter.admit(key: "busy", limit: 0, now: start.addingTimeInterval(Double(second))) == nil)
        }
        #expect(limiter.rememberedCount(key: "busy") == 0)
    }

    @Test func aKeyNeverHoldsMoreThanTheLimit() {
        let limiter = RateLimiter()
        for offset in 0..<1_000 {
            _ = limiter.admit(key: "busy", limit: 5, now: start.addingTimeInterval(Double(offset) / 100))
        }
        #expect(limiter.rememberedCount(key: "busy") == 5)
        // A lower limit (a reloaded configuration) trims the window on the next post.
        #expect(limiter.admit(key: "busy", limit: 2, now: start.addingTimeInterval(10)) != nil)
        #expect(limiter.rememberedCount(key: "busy") == 2)
    }

    @Test func retryAfterStaysWithinOneToSixtySeconds() {
        let limiter = RateLimiter()
        #expect(limiter.admit(key: "a", limit: 1, now: start) == nil)
        for offset in stride(from: 0.0, to: 60, by: 0.25) {
            let wait = limiter.admit(key: "a", limit: 1, now: start.addingTimeInterval(offset))
            #expect(wait.map { (1...60).contains($0) } == true)
        }
    }

    /// Check and count are one step: a burst from one client cannot slip past between them.
    @Test func concurrentPostsFromOneClientAreCountedExactly() {
        let limiter = RateLimiter()
        let admitted = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            if limiter.admit(key: "burst", limit: 5, now: start) == nil { admitted.add(1, ordering: .relaxed) }
        }
        #expect(admitted.load(ordering: .relaxed) == 5)
    }
}
