@testable import Blog
import Foundation
import Testing

@Suite struct SignInThrottleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func throttle() -> SignInThrottle {
        var limits = SignInThrottle.Limits()
        limits.freeFailuresPerAccount = 3
        limits.freeFailuresPerClient = 5
        return SignInThrottle(limits: limits)
    }

    @Test func aFewFailuresAreFreeThenEachWaitDoubles() {
        let throttle = throttle()
        for _ in 0..<2 { throttle.failed(account: "a", client: "c", now: start) }
        #expect(throttle.wait(account: "a", client: "c", now: start) == nil)
        throttle.failed(account: "a", client: "c", now: start)
        #expect(throttle.wait(account: "a", client: "c", now: start) == 1)
        #expect(throttle.wait(account: "a", client: "c", now: start + 1) == nil)
        throttle.failed(account: "a", client: "c", now: start + 1)
        #expect(throttle.wait(account: "a", client: "c", now: start + 1) == 2)
        throttle.failed(account: "a", client: "c", now: start + 3)
        #expect(throttle.wait(account: "a", client: "c", now: start + 3) == 4)
    }

    @Test func theWaitStopsAtItsLongest() {
        let throttle = throttle()
        for _ in 0..<40 { throttle.failed(account: "a", client: "c\(UUID())", now: start) }
        #expect(throttle.wait(account: "a", client: "elsewhere", now: start) == 15 * 60)
    }

    @Test func anotherAccountFromTheSameClientIsHeldByTheClientCount() {
        let throttle = throttle()
        for index in 0..<5 { throttle.failed(account: "a\(index)", client: "c", now: start) }
        #expect(throttle.wait(account: "fresh", client: "c", now: start) == 1)
        #expect(throttle.wait(account: "fresh", client: "other", now: start) == nil)
    }

    @Test func successForgivesAndOldFailuresAreForgotten() {
        let throttle = throttle()
        for _ in 0..<3 { throttle.failed(account: "a", client: "c", now: start) }
        throttle.succeeded(account: "a", client: "c")
        #expect(throttle.wait(account: "a", client: "c", now: start) == nil)
        for _ in 0..<3 { throttle.failed(account: "b", client: "d", now: start) }
        #expect(throttle.wait(account: "b", client: "d", now: start + 2 * 60 * 60) == nil)
    }

    @Test func aSecondTryForAnAccountWaitsWhileTheFirstIsChecked() {
        let throttle = throttle()
        #expect(throttle.begin(account: "a", client: "c1", now: start) == nil)
        #expect(throttle.begin(account: "a", client: "c2", now: start) == 1) // parallel guess
        #expect(throttle.begin(account: "b", client: "c2", now: start) == nil) // another account goes ahead
        throttle.failed(account: "a", client: "c1", now: start)
        #expect(throttle.begin(account: "a", client: "c2", now: start) == nil)
        throttle.abandoned(account: "a")
        #expect(throttle.begin(account: "a", client: "c3", now: start) == nil)
    }

    @Test func aFloodOfAddressesCannotWipeTheCountOfTheAccountItGuessesAt() {
        var limits = SignInThrottle.Limits()
        limits.freeFailuresPerAccount = 3
        limits.freeFailuresPerClient = 3
        limits.maxKeys = 100
        let throttle = SignInThrottle(limits: limits)
        for index in 0..<300 { throttle.failed(account: "target", client: "client-\(index)", now: start) }
        #expect(throttle.wait(account: "target", client: "fresh", now: start) != nil)
    }
}
