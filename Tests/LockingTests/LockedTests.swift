import Foundation
import Locking
import Testing

@Suite struct LockedTests {
    /// Many threads at once on one lock, the contended case that Synchronization's `Mutex`
    /// hands over in the kernel: every increment counts, and ThreadSanitizer (`make check-tsan`)
    /// sees the lock, so it reports nothing.
    @Test func contendedUpdatesAreAllKept() {
        let counter = Locked(0)
        let finished = DispatchGroup()
        for _ in 0..<16 {
            finished.enter()
            Thread.detachNewThread {
                for _ in 0..<2_000 { counter.withLock { $0 += 1 } }
                finished.leave()
            }
        }
        finished.wait()
        #expect(counter.withLock { $0 } == 32_000)
    }

    @Test func errorsPassThroughAndReleaseTheLock() {
        struct Refused: Error {}
        let value = Locked([1, 2])
        #expect(throws: Refused.self) { try value.withLock { _ in throw Refused() } }
        #expect(value.withLock { $0.count } == 2) // not left locked
    }
}

@Suite struct WaitForCallbackTests {
    @Test func returnsWhatACallbackFromAnotherThreadGave() {
        let value = waitForCallback { reply in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { reply(42) }
        }
        #expect(value == 42)
    }

    @Test func aCallbackMadeBeforeStartReturnsIsNotMissed() {
        #expect(waitForCallback { reply in reply("at once") } == "at once")
    }
}

@Suite struct ThreadNameTests {
    /// The kernel holds the name (what `top -H` and the writer's nice-level test read).
    @Test func aThreadsNameReachesTheKernel() {
        #if os(Linux)
        let name = waitForCallback { (reply: @escaping @Sendable (String) -> Void) in
            Thread {
                nameCurrentThread("feder.test.name")
                reply((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "")
            }.start()
        }
        #expect(name == "feder.test.name\n")
        #endif
    }
}
