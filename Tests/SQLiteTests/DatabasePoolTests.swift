import Dispatch
import Foundation
import SQLite
import Synchronization
import Testing

@Suite struct DatabasePoolTests {
    @Test func openCreatesThePrivateFileAndFolder() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/data/feder.sqlite"
            let pool = try DatabasePool(path: path)
            try pool.write { try $0.execute(script: "CREATE TABLE t (x)") }
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
            #expect(mode & 0o777 == 0o600)
            let folder = try FileManager.default.attributesOfItem(atPath: directory + "/data")
            #expect(((folder[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777 == 0o700)
        }
    }

    /// When the CPU is short, readers go first: the writer thread runs 4 nice levels lower.
    @Test func theWriterThreadYieldsToReaders() throws {
        #if os(Linux)
        try withTemporaryDirectory { directory throws in
            let pool = try DatabasePool(path: directory + "/feder.sqlite")
            try pool.write { try $0.execute(script: "CREATE TABLE t (x)") } // the writer is running
            func nice(_ statPath: String) throws -> Int {
                let stat = try String(contentsOfFile: statPath, encoding: .utf8)
                let fields = stat[stat.index(after: try #require(stat.lastIndex(of: ")")))...].split(separator: " ")
                return try #require(Int(fields[16])) // field 19 of proc_pid_stat(5)
            }
            let base = try nice("/proc/self/stat")
            let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")
            let writers = try tasks.filter { task in
                let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
                return name?.trimmingCharacters(in: .newlines) == "feder.writer"
            }.map { try nice("/proc/self/task/\($0)/stat") }
            #expect(!writers.isEmpty)
            #expect(writers.allSatisfy { $0 == min(base + 4, 19) }, "\(writers) against \(base)")
        }
        #endif
    }

    @Test func walIsOnForWriterAndReaders() throws {
        try withPool { pool, directory throws in
            #expect(try pool.withWriter { try $0.scalar("PRAGMA journal_mode") } == .text("wal"))
            #expect(try pool.read { try $0.scalar("PRAGMA journal_mode") } == .text("wal"))
            #expect(try pool.withWriter { try $0.scalar("PRAGMA foreign_keys") } == .integer(1))
            try pool.write { try $0.execute(script: "CREATE TABLE t (x)") }
            #expect(FileManager.default.fileExists(atPath: directory + "/test.sqlite-wal"))
        }
    }

    @Test func readersSeeCommittedButNotUncommittedDataWhileAWriteIsOpen() throws {
        try withItemsPool { pool, _ throws in
            try pool.write { _ = try $0.run("INSERT INTO items (name) VALUES ('committed')") }
            let seenDuringWrite: [String] = try pool.write { db throws in
                try db.run("INSERT INTO items (name) VALUES ('uncommitted')")
                return try pool.read { reader in
                    try reader.query("SELECT name FROM items ORDER BY id").compactMap { $0.string("name") }
                }
            }
            #expect(seenDuringWrite == ["committed"])
            #expect(try count("items", in: pool) == 2)
        }
    }

    @Test func aReaderKeepsItsSnapshotUntilItsTransactionEnds() throws {
        try withItemsPool { pool, _ throws in
            try pool.write { _ = try $0.run("INSERT INTO items (name) VALUES ('a')") }
            let (before, after) = try pool.read { reader in
                let before = try reader.scalar("SELECT count(*) FROM items")
                try pool.write { _ = try $0.run("INSERT INTO items (name) VALUES ('b')") }
                return (before, try reader.scalar("SELECT count(*) FROM items"))
            }
            #expect(before == .integer(1))
            #expect(after == .integer(1))
            #expect(try count("items", in: pool) == 2)
        }
    }

    @Test func anErrorThrownInsideWriteRollsBack() throws {
        try withItemsPool { pool, _ throws in
            #expect(throws: TestFailure.self) {
                try pool.write { db throws in
                    try db.run("INSERT INTO items (name) VALUES ('lost')")
                    throw TestFailure()
                }
            }
            #expect(try count("items", in: pool) == 0)
            #expect(try pool.withWriter { $0.isInTransaction } == false)
            try pool.write { _ = try $0.run("INSERT INTO items (name) VALUES ('kept')") }
            #expect(try count("items", in: pool) == 1)
        }
    }

    @Test func aUniqueViolationIsAnSQLiteErrorWithoutTheBoundValue() throws {
        try withItemsPool { pool, _ throws in
            try pool.write { _ = try $0.run("INSERT INTO items (name) VALUES (?)", "reader@example.com") }
            let error = #expect(throws: SQLiteError.self) {
                try pool.write { _ = try $0.run("INSERT INTO items (name) VALUES (?)", "reader@example.com") }
            }
            #expect(error?.isUniqueViolation == true)
            #expect(error?.isConstraintViolation == true)
            #expect(error?.isStorageUnavailable == false)
            #expect(error.map { !"\($0)".contains("reader@example.com") } == true)
            #expect(try count("items", in: pool) == 1)
        }
    }

    @Test func readersCannotWrite() throws {
        try withItemsPool { pool, _ throws in
            #expect(throws: SQLiteError.self) {
                try pool.read { try $0.run("INSERT INTO items (name) VALUES ('x')") }
            }
            #expect(try count("items", in: pool) == 0)
        }
    }

    @Test func manyConcurrentReadsShareAFewReaders() throws {
        try withItemsPool { pool, _ throws in
            try pool.write { db in for index in 0..<10 { try db.run("INSERT INTO items (name) VALUES (?)", "n\(index)") } }
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 32) { _ in
                if (try? count("items", in: pool)) != 10 { failures.add() }
            }
            #expect(failures.count == 0)
        }
    }

    @Test func backupIsAConsistentCopyWhileAnotherThreadWrites() throws {
        try withItemsPool { pool, directory throws in
            // Bigger than one backup step (256 pages), so the copy takes several steps.
            try pool.write { db throws in
                for index in 0..<600 {
                    try db.run("INSERT INTO items (name, value) VALUES (?, ?)", "seed\(index)", [UInt8](repeating: 7, count: 4000))
                }
            }
            let stop = Flag()
            let writerDone = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                var index = 0
                while !stop.isSet {
                    _ = try? pool.write { _ = try $0.run("INSERT INTO items (name, value) VALUES (?, ?)", "live\(index)", index) }
                    index += 1
                }
                writerDone.signal()
            }
            defer { stop.set(); writerDone.wait() }
            let copy = directory + "/backup/copy.sqlite"
            try FileManager.default.createDirectory(atPath: directory + "/backup", withIntermediateDirectories: true)
            try pool.backup(to: copy)

            let attributes = try FileManager.default.attributesOfItem(atPath: copy)
            #expect(((attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777 == 0o600)
            let connection = try SQLiteConnection(path: copy, options: .readOnly)
            #expect(try connection.scalar("PRAGMA integrity_check") == .text("ok"))
            let seeds = try connection.scalar("SELECT count(*) FROM items WHERE name LIKE 'seed%'")
            #expect(seeds == .integer(600))
        }
    }
}

/// A flag one thread sets and another polls.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// A counter many threads bump.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var count: Int { lock.withLock { value } }
    func add() { lock.withLock { value += 1 } }
}

@Suite struct WriteBatchingTests {
    @Test func concurrentWritesAreAllCommittedAndAFailingOneRollsBackAlone() throws {
        let directory = NSTemporaryDirectory() + "feder-batch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pool = try DatabasePool(path: directory + "/db.sqlite")
        try pool.withWriter { try $0.execute(script: "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)") }
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 400) { index in
            do {
                try pool.write { db in
                    // Every tenth write collides with an earlier name and must fail alone.
                    let name = index % 10 == 9 ? "item-\(index - 1)" : "item-\(index)"
                    try db.run("INSERT INTO items (name) VALUES (?)", name)
                }
            } catch let error as SQLiteError {
                #expect(error.isUniqueViolation)
                failures.add(1, ordering: .relaxed)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        let stored = try pool.read { try $0.scalar("SELECT count(*) FROM items") }
        #expect(stored == .integer(360))
        #expect(failures.load(ordering: .relaxed) == 40)
    }
}

/// `write(_:completion:)`: the non-waiting write an event loop uses.
@Suite struct NonWaitingWriteTests {
    /// A write's outcome, kept by the completion for the test to read.
    final class Outcome: @unchecked Sendable {
        // Written once by the completion before `done` is signalled, read after the wait.
        private(set) var result: Result<Int, any Error>?
        private(set) var thread: pthread_t?
        private(set) var visibleToReaders = -1
        let done = DispatchSemaphore(value: 0)

        func record(_ result: Result<Int, any Error>, pool: DatabasePool) {
            self.result = result
            thread = pthread_self()
            // A fresh reader sees the row already: the completion comes after the commit.
            visibleToReaders = (try? count("items", in: pool)) ?? -1
            done.signal()
        }
    }

    @Test func theCompletionRunsOnTheWriterAfterTheCommit() throws {
        try withItemsPool { pool, _ throws in
            let outcome = Outcome()
            pool.write({ db in try db.run("INSERT INTO items (name) VALUES ('one')") }) { result in
                outcome.record(result, pool: pool)
            }
            #expect(outcome.done.wait(timeout: .now() + 10) == .success)
            #expect(try outcome.result?.get() == 1)
            // Not on the caller's thread (the writer's; thread names are not reliable under
            // ThreadSanitizer, where Foundation sometimes leaves the creator's name).
            #expect(outcome.thread.map { pthread_equal($0, pthread_self()) == 0 } == true)
            #expect(outcome.visibleToReaders == 1)
        }
    }

    @Test func aFailingBodyReportsItsOwnErrorAndRollsBackAlone() throws {
        try withItemsPool { pool, _ throws in
            let failed = Outcome(), kept = Outcome()
            pool.write({ db in
                try db.run("INSERT INTO items (name) VALUES ('lost')")
                throw TestFailure()
            }) { failed.record($0, pool: pool) }
            pool.write({ db in try db.run("INSERT INTO items (name) VALUES ('kept')") }) { kept.record($0, pool: pool) }
            #expect(failed.done.wait(timeout: .now() + 10) == .success)
            #expect(kept.done.wait(timeout: .now() + 10) == .success)
            #expect(throws: TestFailure.self) { try failed.result?.get() }
            #expect(try kept.result?.get() == 1)
            let names = try pool.read { try $0.query("SELECT name FROM items").compactMap { $0.string("name") } }
            #expect(names == ["kept"])
        }
    }

    /// Many writers at once that never wait: every completion arrives exactly once.
    @Test func everyCompletionArrivesOnceUnderConcurrency() throws {
        try withItemsPool { pool, _ throws in
            let arrived = Arrivals()
            let group = DispatchGroup()
            for index in 0..<300 {
                group.enter()
                pool.write({ db in try db.run("INSERT INTO items (name) VALUES (?)", "item-\(index)") }) { result in
                    if case .success = result { arrived.add(index) }
                    group.leave()
                }
            }
            #expect(group.wait(timeout: .now() + 30) == .success)
            #expect(arrived.sorted == Array(0..<300))
            #expect(try count("items", in: pool) == 300)
        }
    }
}

/// Indexes many threads report.
final class Arrivals: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int] = []
    var sorted: [Int] { lock.withLock { values.sorted() } }
    func add(_ value: Int) { lock.withLock { values.append(value) } }
}
