@testable import Blog
import Foundation
import Testing

@Suite struct RateLimiterTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aSlidingMinutePerKey() {
        let limiter = RateLimiter()
        #expect(limiter.retryAfter(key: "a", limit: 2, now: start) == nil)
        limiter.record(key: "a", now: start)
        limiter.record(key: "a", now: start.addingTimeInterval(30))
        #expect(limiter.retryAfter(key: "a", limit: 2, now: start.addingTimeInterval(30)) == 30)
        #expect(limiter.retryAfter(key: "a", limit: 2, now: start.addingTimeInterval(59.5)) == 1)
        #expect(limiter.retryAfter(key: "b", limit: 2, now: start.addingTimeInterval(30)) == nil)
        #expect(limiter.retryAfter(key: "a", limit: 2, now: start.addingTimeInterval(60)) == nil)
        #expect(limiter.retryAfter(key: "a", limit: 0, now: start) == nil) // 0 = no limit
    }

    /// Found by the soak: with the limit off nothing pruned a key's list, so it grew forever.
    @Test func memoryStaysBoundedWithTheLimitOff() {
        let limiter = RateLimiter()
        for second in 0..<600 {
            let now = start.addingTimeInterval(Double(second))
            #expect(limiter.retryAfter(key: "busy", limit: 0, now: now) == nil)
            limiter.record(key: "busy", now: now)
        }
        #expect(limiter.rememberedCount(key: "busy") == 60)
    }

    @Test func retryAfterStaysWithinOneToSixtySeconds() {
        let limiter = RateLimiter()
        limiter.record(key: "a", now: start)
        for offset in stride(from: 0.0, to: 60, by: 0.25) {
            let wait = limiter.retryAfter(key: "a", limit: 1, now: start.addingTimeInterval(offset))
            #expect(wait.map { (1...60).contains($0) } == true)
        }
    }
}
