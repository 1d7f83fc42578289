import Dispatch
import Foundation
import Locking

/// Owns the writer connection on a thread of its own and commits waiting writes together.
///
/// Every write runs in its own savepoint inside a shared `BEGIN IMMEDIATE … COMMIT`, so one
/// failing write rolls back alone while the others still commit; a caller learns of its write
/// only after the commit that holds it has succeeded (an answered write is a durable write):
/// `write(_:)` waits for that, `write(_:completion:)` is told on the writer thread. Under
/// load, writes that arrive while a commit is running share the next one: a commit costs
/// SQLite its page writes once per batch instead of once per write (group commit).
///
/// Ownership: `connection` is touched only on the writer thread; `pending` and `stopped`
/// are guarded by `condition`.
final class WriteBatcher: @unchecked Sendable {
    private final class Job: @unchecked Sendable {
        /// Writes without a transaction around them (migrations manage their own).
        let exclusive: Bool
        /// Runs the caller's body, keeps its result, and says whether it succeeded. Dropped
        /// before `finished` runs: a waiting caller's body belongs to its stack frame.
        private var work: ((SQLiteConnection) -> Bool)?
        /// Told once, on the writer thread, after the commit (or its failure) that holds the job.
        private var finished: (((any Error)?) -> Void)?
        var commitError: (any Error)?

        init(exclusive: Bool, work: @escaping (SQLiteConnection) -> Bool, finished: @escaping ((any Error)?) -> Void) {
            self.exclusive = exclusive
            self.work = work
            self.finished = finished
        }

        func run(_ connection: SQLiteConnection) -> Bool {
            work?(connection) ?? false
        }

        func finish() {
            work = nil
            let finished = finished
            self.finished = nil
            finished?(commitError)
        }
    }

    private let connection: SQLiteConnection
    private let condition = NSCondition()
    private var pending: [Job] = []
    private var stopped = false
    /// Writes per transaction at most, so one commit never grows without bound.
    private let maxBatch = 256

    init(connection: SQLiteConnection) {
        self.connection = connection
        let thread = Thread { [self] in
            Self.yieldToReaders()
            nameCurrentThread("feder.writer") // from the thread itself, and ≤ 15 bytes, for Linux
            loop()
        }
        thread.start()
    }

    /// When the CPU is short, the threads that read go first: the writer runs at a nice value
    /// 4 above the process's (Linux applies it to this thread only). Writes then wait a little
    /// longer and commit together in bigger batches; readers are not held up by them.
    private static func yieldToReaders() {
        #if os(Linux)
        // On Linux the nice value belongs to the thread, and `who` 0 names the calling one.
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let current = getpriority(which, 0)
        if errno == 0 { _ = setpriority(which, 0, min(current + 4, 19)) }
        #endif
    }

    /// Runs `body` with the writer inside the shared transaction; returns after the commit.
    func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try submit(exclusive: false, body)
    }

    /// Runs `body` alone, outside any transaction.
    func exclusive<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try submit(exclusive: true, body)
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body` inside the shared transaction on the writer thread and, once the commit that
    /// holds it is done, calls `completion` there with the outcome; returns at once. Both run on
    /// the writer, so they must be short and never wait for another write.
    func write<T>(_ body: @escaping (SQLiteConnection) throws -> T,
                  completion: @escaping (Result<T, any Error>) -> Void) {
        do {
            try enqueue(Self.job(exclusive: false, body, report: completion))
        } catch {
            completion(.failure(error))
        }
    }

    private func submit<T>(exclusive: Bool, _ body: (SQLiteConnection) throws -> T) throws -> T {
        var outcome: Result<T, any Error>?
        let done = DispatchSemaphore(value: 0)
        try withoutActuallyEscaping(body) { body in
            // The caller blocks until `done`, so `body` and `outcome` outlive the job.
            try enqueue(Self.job(exclusive: exclusive, body) { result in
                outcome = result
                done.signal()
            })
            done.wait()
        }
        return try outcome!.get()
    }

    /// A job that runs `body` and, after the commit that holds it, reports the outcome.
    private static func job<T>(exclusive: Bool, _ body: @escaping (SQLiteConnection) throws -> T,
                               report: @escaping (Result<T, any Error>) -> Void) -> Job {
        var outcome: Result<T, any Error>?
        return Job(exclusive: exclusive, work: { connection in
            outcome = Result { try body(connection) }
            if case .success? = outcome { return true }
            return false
        }, finished: { commitError in
            report(result(outcome, commitError: commitError))
        })
    }

    private func enqueue(_ job: Job) throws {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else {
            throw SQLiteError(code: 21, message: "the database is closed") // SQLITE_MISUSE
        }
        pending.append(job)
        condition.signal()
    }

    /// What the caller is told: the body's own error first. SQLite may already have rolled the
    /// whole transaction back (SQLITE_FULL, SQLITE_IOERR), so the savepoint rollback or COMMIT
    /// that follows fails with a consequence ("no such savepoint") that would hide a full disk
    /// behind a generic error.
    private static func result<T>(_ outcome: Result<T, any Error>?, commitError: (any Error)?) -> Result<T, any Error> {
        if let commitError {
            if case .failure? = outcome { return outcome! }
            return .failure(commitError)
        }
        return outcome ?? .failure(SQLiteError(code: 21, message: "the write did not run")) // SQLITE_MISUSE
    }

    private func loop() {
        while let batch = nextBatch() {
            if batch.count == 1, batch[0].exclusive {
                _ = batch[0].run(connection)
                batch[0].finish()
                continue
            }
            run(batch)
        }
    }

    /// Waits for work: one exclusive job, or up to `maxBatch` ordinary ones in arrival order.
    private func nextBatch() -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !stopped { condition.wait() }
        if pending.isEmpty { return nil }
        if pending[0].exclusive { return [pending.removeFirst()] }
        let count = min(maxBatch, pending.prefix { !$0.exclusive }.count)
        let batch = Array(pending.prefix(count))
        pending.removeFirst(count)
        return batch
    }

    /// The transaction statements go through the statement cache: parsing them per job cost
    /// as much as a small insert.
    private func run(_ batch: [Job]) {
        do {
            try connection.run("BEGIN IMMEDIATE")
        } catch {
            finish(batch, error: error)
            return
        }
        for job in batch {
            do {
                try connection.run("SAVEPOINT write")
                if job.run(connection) {
                    try connection.run("RELEASE write")
                } else {
                    try connection.run("ROLLBACK TO write")
                    try connection.run("RELEASE write")
                }
            } catch {
                job.commitError = error
            }
        }
        do {
            try connection.run("COMMIT")
            finish(batch, error: nil)
        } catch {
            if connection.isInTransaction { _ = try? connection.run("ROLLBACK") }
            finish(batch, error: error)
        }
    }

    private func finish(_ batch: [Job], error: (any Error)?) {
        for job in batch {
            if let error, job.commitError == nil { job.commitError = error }
            job.finish()
        }
    }
}
