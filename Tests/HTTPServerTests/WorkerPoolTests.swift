import Foundation
@testable import HTTPServer
import Testing

/// The worker pool runs jobs in order and lets go of each job once it has run: a job holds
/// its connection and its request (up to the body limit), so keeping finished jobs would pin
/// them in memory, and after `stop()` the pool ↔ connection cycle would never be freed
/// (found by LeakSanitizer under `make check-asan`).
@Suite struct WorkerPoolTests {
    final class Payload: @unchecked Sendable {
        let bytes = [UInt8](repeating: 1, count: 1024)
    }

    @Test func finishedJobsAreReleased() throws {
        let pool = WorkerPool(threadCount: 2, maxQueued: 64)
        defer { pool.stop() }
        weak var released: Payload?
        let ran = DispatchSemaphore(value: 0)
        do {
            let payload = Payload()
            released = payload
            #expect(pool.submit { _ = payload.bytes.count; ran.signal() })
        }
        #expect(ran.wait(timeout: .now() + 5) == .success)
        let deadline = Date().addingTimeInterval(2)
        while released != nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(released == nil, "the pool still holds a job that has run")
    }

    @Test func aStoppedPoolIsFreed() throws {
        weak var released: WorkerPool?
        do {
            let pool = WorkerPool(threadCount: 2, maxQueued: 8)
            released = pool
            let ran = DispatchSemaphore(value: 0)
            #expect(pool.submit { ran.signal() })
            #expect(ran.wait(timeout: .now() + 5) == .success)
            pool.stop()
        }
        let deadline = Date().addingTimeInterval(5)
        while released != nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(released == nil, "the pool outlives its stop (a retain cycle through its threads)")
    }

    @Test func runsEveryJobInOrderAcrossCompactions() throws {
        let pool = WorkerPool(threadCount: 1, maxQueued: 5000)
        defer { pool.stop() }
        let lock = NSLock()
        nonisolated(unsafe) var seen: [Int] = []
        let done = DispatchSemaphore(value: 0)
        for index in 0..<3000 {
            #expect(pool.submit {
                lock.lock()
                seen.append(index)
                lock.unlock()
                if index == 2999 { done.signal() }
            })
        }
        #expect(done.wait(timeout: .now() + 10) == .success)
        lock.lock()
        defer { lock.unlock() }
        #expect(seen == Array(0..<3000))
    }
}
