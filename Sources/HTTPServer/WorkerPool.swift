import Foundation
import Locking

/// A fixed set of threads running handler work from one FIFO queue (G8).
///
/// Handlers may block on SQLite, so they must not run on the event-loop queues or on the
/// Swift concurrency pool (G6, G7); a bounded pool of our own threads keeps that cost visible
/// and lets the server answer 503 instead of queueing without end.
final class WorkerPool: @unchecked Sendable {
    // `jobs`, `stopped` are guarded by `condition`.
    private let condition = NSCondition()
    /// Pending jobs from `head` on; a slot is emptied as its job is taken, so a finished job
    /// (and the connection and request it captured) is released at once.
    private var jobs: [(() -> Void)?] = []
    private var head = 0
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
                run()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Queues a job; false when the queue is full (the caller answers 503).
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped, jobs.count - head < maxQueued else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Lets the threads finish queued work and exit.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while head == jobs.count && !stopped { condition.wait() }
            if head == jobs.count && stopped {
                condition.unlock()
                return
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
            condition.unlock()
            job?()
        }
    }
}
