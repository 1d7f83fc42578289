import CSQLite
import Foundation

/// The database: one writer connection and a few reader connections over one file in WAL mode.
///
/// Ownership: the writer connection is owned by the `WriteBatcher`'s thread (writes from many
/// callers are committed together, each in its own savepoint); each reader is owned by
/// whoever checked it out of `readers` until its closure returns. WAL lets readers see the
/// last committed state while a write is under way. The waiting calls are for worker threads,
/// never event-loop queues: they block until their write is committed.
public final class DatabasePool: @unchecked Sendable {
    public let path: String
    private let writer: WriteBatcher
    // `idleReaders` is guarded by `readersCondition`.
    private let readersCondition = NSCondition()
    private var idleReaders: [SQLiteConnection]

    public struct Options: Sendable {
        public var readerCount = 4
        public var busyTimeoutMilliseconds: Int32 = 5000
        /// `NORMAL` in WAL mode survives a process crash (kill -9); `FULL` also power loss,
        /// at the cost of an fsync per commit.
        public var synchronous = "NORMAL"
        public init() {}
    }

    public init(path: String, options: Options = Options()) throws {
        self.path = path
        try Self.createPrivately(path)
        let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds)
        try connection.execute(script: """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = \(options.synchronous == "FULL" ? "FULL" : "NORMAL");
            PRAGMA foreign_keys = ON;
            PRAGMA temp_store = MEMORY;
            """)
        var readers: [SQLiteConnection] = []
        for _ in 0..<max(1, options.readerCount) {
            let reader = try SQLiteConnection(path: path, options: .readOnly, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds)
            try reader.execute(script: "PRAGMA foreign_keys = ON; PRAGMA query_only = ON;")
            readers.append(reader)
        }
        idleReaders = readers
        writer = WriteBatcher(connection: connection) // last: nothing can fail after its thread starts
    }

    deinit { writer.stop() }

    /// Runs `body` with the writer inside a transaction: its changes are rolled back if it
    /// throws, and committed (possibly together with other writers') before this returns.
    @discardableResult
    public func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try writer.write(body)
    }

    /// The same without waiting: `body` runs on the writer thread inside a transaction, and
    /// `completion` is called there once the commit that holds it is done (or failed), so a
    /// caller on an event loop never blocks. Both must be short: the writer is shared.
    public func write<T>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T,
                         completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        writer.write(body, completion: completion)
    }

    /// Runs `body` with the writer alone and outside a transaction (pragmas, VACUUM,
    /// migrations that manage their own transactions).
    @discardableResult
    public func withWriter<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try writer.exclusive(body)
    }

    /// Runs `body` with a reader in a read transaction, so it sees one consistent snapshot.
    public func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let reader = checkOutReader()
        defer { checkIn(reader) }
        return try reader.transaction(immediate: false, body)
    }

    /// Every statement the pool's connections have prepared so far: a test runs the real code
    /// paths, then checks the plan of each (no full scans on hot paths).
    public func preparedSQL() throws -> Set<String> {
        var result = Set(try withWriter { $0.preparedSQL })
        readersCondition.lock()
        let all = idleReaders
        readersCondition.unlock()
        for reader in all { result.formUnion(reader.preparedSQL) } // only called while idle (tests)
        return result
    }

    /// A consistent copy of the live database (online backup API), safe while serving.
    public func backup(to destination: String) throws {
        try Self.createPrivately(destination)
        try read { try $0.backup(to: destination) }
    }

    private func checkOutReader() -> SQLiteConnection {
        readersCondition.lock()
        defer { readersCondition.unlock() }
        while idleReaders.isEmpty { readersCondition.wait() }
        return idleReaders.removeLast()
    }

    private func checkIn(_ reader: SQLiteConnection) {
        readersCondition.lock()
        idleReaders.append(reader)
        readersCondition.signal()
        readersCondition.unlock()
    }

    /// The database holds email addresses: create it readable by its owner only (0600).
    private static func createPrivately(_ path: String) throws {
        guard path != ":memory:", !FileManager.default.fileExists(atPath: path) else { return }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot create the database file") }
        close(fd)
    }
}
