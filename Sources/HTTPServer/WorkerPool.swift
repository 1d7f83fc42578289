import Foundation
import Locking

/// A fixed set of threads running handler work from one FIFO queue.
///
/// Handlers may block on SQLite, so they must not run on the event-loop queues or on the
/// Swift concurrency pool; a bounded pool of our own threads keeps that cost visible
/// and lets the server answer 503 instead of queueing without end.
///
/// Idle threads wait each on a semaphore of its own, and new work wakes the one that went idle
/// last: its stack and the data it touched are still in the core's caches. One shared
/// condition woke the longest-waiting thread instead, so a lone client's requests went round
/// all sixteen threads, each starting cold (about a third of a rendered page's CPU).
final class WorkerPool: @unchecked Sendable {
    /// One thread's wake-up call.
    private final class Waiter: Sendable {
        let semaphore = DispatchSemaphore(value: 0)
    }

    // `jobs`, `head`, `idle` and `stopped` are guarded by `lock`.
    private let lock = NSLock()
    /// Pending jobs from `head` on; a slot is emptied as its job is taken, so a finished job
    /// (and the connection and request it captured) is released at once.
    private var jobs: [(() -> Void)?] = []
    private var head = 0
    /// Threads waiting for work, the most recently idle last.
    private var idle: [Waiter] = []
    private var stopped = false
    private let maxQueued: Int

    init(threadCount: Int, maxQueued: Int, name: String = "feder.worker") {
        self.maxQueued = maxQueued
        // The threads are not stored: each keeps the pool alive only while it runs, so once
        // `stop()` lets them exit the pool is freed with its server (a stored array of them
        // was a pool -> thread -> closure -> pool cycle, leaked on every shutdown).
        for index in 0..<threadCount {
            let thread = Thread { [self] in
                // Set from the thread itself: on Linux only that reaches the kernel (`top -H`, perf).
                nameCurrentThread("\(name).\(index)")
                run(Waiter())
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Queues a job; false when the queue is full (the caller answers 503).
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        lock.lock()
        guard !stopped, jobs.count - head < maxQueued else {
            lock.unlock()
            return false
        }
        jobs.append(job)
        let waiter = idle.popLast()
        lock.unlock()
        waiter?.semaphore.signal()
        return true
    }

    /// Lets the threads finish queued work and exit.
    func stop() {
        lock.lock()
        stopped = true
        let waiting = idle
        idle.removeAll()
        lock.unlock()
        for waiter in waiting { waiter.semaphore.signal() }
    }

    private func run(_ waiter: Waiter) {
        while true {
            lock.lock()
            if head == jobs.count {
                if stopped {
                    lock.unlock()
                    return
                }
                // Idle: wait to be called. A call that comes before the wait is not lost (the
                // semaphore counts it); after waking, the queue is looked at again.
                idle.append(waiter)
                lock.unlock()
                waiter.semaphore.wait()
                continue
            }
            let job = jobs[head]
            jobs[head] = nil
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            lock.unlock()
            job?()
        }
    }
}
