import CSQLite

/// One SQLite connection and its statement cache.
///
/// Not thread-safe by design (opened `SQLITE_OPEN_NOMUTEX`): a `DatabasePool` hands it to one
/// caller at a time, which is the only owner while its closure runs.
public final class SQLiteConnection {
    let handle: OpaquePointer
    private var statements: [String: Statement] = [:]

    public struct OpenOptions: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let readOnly = OpenOptions(rawValue: SQLITE_OPEN_READONLY)
        public static let readWriteCreate = OpenOptions(rawValue: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
    }

    public init(path: String, options: OpenOptions = .readWriteCreate, busyTimeoutMilliseconds: Int32 = 5000) throws(SQLiteError) {
        var handle: OpaquePointer?
        let flags = options.rawValue | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open database"
            sqlite3_close_v2(handle)
            throw SQLiteError(code: status, message: message)
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
    }

    deinit {
        statements.removeAll() // finalize before closing
        sqlite3_close_v2(handle)
    }

    // MARK: - Running SQL

    /// Runs trusted SQL text with no parameters, possibly several statements (migrations, pragmas).
    public func execute(script sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        if status != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text)
        }
    }

    /// Runs one statement and returns the number of changed rows.
    @discardableResult
    public func run(_ sql: String, _ values: any SQLiteBindable...) throws(SQLiteError) -> Int {
        try run(sql, bindings: values)
    }

    @discardableResult
    public func run(_ sql: String, bindings: [any SQLiteBindable]) throws(SQLiteError) -> Int {
        let statement = try prepared(sql)
        try statement.bind(bindings.map(\.sqliteValue))
        defer { statement.reset() }
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Runs a query and copies out every row.
    public func query(_ sql: String, _ values: any SQLiteBindable...) throws(SQLiteError) -> [Row] {
        try query(sql, bindings: values)
    }

    public func query(_ sql: String, bindings: [any SQLiteBindable]) throws(SQLiteError) -> [Row] {
        let statement = try prepared(sql)
        try statement.bind(bindings.map(\.sqliteValue))
        defer { statement.reset() }
        // Columns are read after the first step: a schema change re-prepares the cached
        // statement there, and `SELECT *` may then have more columns than before.
        var names: [String]?
        var rows: [Row] = []
        while try statement.step() {
            let columns = names ?? (0..<statement.columnCount).map(statement.columnName)
            names = columns
            rows.append(Row(columns: columns, values: (0..<columns.count).map(statement.value(at:))))
        }
        return rows
    }

    /// The first row, or nil.
    public func queryFirst(_ sql: String, _ values: any SQLiteBindable...) throws(SQLiteError) -> Row? {
        try query(sql, bindings: values).first
    }

    /// The first column of the first row.
    public func scalar(_ sql: String, _ values: any SQLiteBindable...) throws(SQLiteError) -> SQLiteValue {
        try query(sql, bindings: values).first?.values.first ?? .null
    }

    /// Virtual-machine steps run by this connection's cached statements so far. Tests read it
    /// before and after a call to check that its cost does not grow with the data.
    public var virtualMachineSteps: Int { statements.values.reduce(0) { $0 + $1.virtualMachineSteps } }

    /// How many prepared statements are cached (tests check that repeated SQL reuses one).
    var cachedStatementCount: Int { statements.count }

    /// The SQL of every statement this connection has prepared and kept (for query audits).
    public var preparedSQL: [String] { Array(statements.keys) }

    public var lastInsertRowID: Int { Int(sqlite3_last_insert_rowid(handle)) }

    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// `BEGIN IMMEDIATE` takes the write lock up front, so a writer never deadlocks on upgrade.
    public func transaction<T>(immediate: Bool = true, _ body: (SQLiteConnection) throws -> T) throws -> T {
        // Prepared once and cached like any statement: every page read runs these two.
        try run(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body(self)
            try run("COMMIT")
            return result
        } catch {
            if isInTransaction { _ = try? run("ROLLBACK") }
            throw error
        }
    }

    /// `EXPLAIN QUERY PLAN` lines, for tests that keep hot queries off full scans.
    /// Without `bindings`, every parameter is bound to NULL (the plan does not depend on values).
    public func queryPlan(_ sql: String, bindings: [any SQLiteBindable]? = nil) throws(SQLiteError) -> [String] {
        let statement = try Statement(connection: self, sql: "EXPLAIN QUERY PLAN " + sql)
        let count = Int(sqlite3_bind_parameter_count(statement.handle))
        try statement.bind(bindings?.map(\.sqliteValue) ?? Array(repeating: .null, count: count))
        var lines: [String] = []
        while try statement.step() {
            if case .text(let detail) = statement.value(at: 3) { lines.append(detail) }
        }
        return lines
    }

    /// Copies the whole database to `path` with SQLite's online backup API.
    ///
    /// The copy is taken from one read snapshot held across every step: without it each
    /// `sqlite3_backup_step` opens and closes its own read transaction, and a write committed
    /// by another connection in between makes SQLite restart the copy from the first page —
    /// under steady writes it might never finish. In WAL mode the snapshot does not block
    /// writers (the checkpointer only waits for it to end). Busy or locked steps are retried
    /// for at most `busyTimeoutSeconds`.
    public func backup(to path: String, pagesPerStep: Int32 = 256, busyTimeoutSeconds: Double = 30) throws(SQLiteError) {
        let destination = try SQLiteConnection(path: path)
        let ownsTransaction = !isInTransaction
        if ownsTransaction { try execute(script: "BEGIN") }
        defer { if ownsTransaction && isInTransaction { try? execute(script: "COMMIT") } }
        // `BEGIN` is deferred: the first read starts the snapshot the steps will share.
        _ = try scalar("SELECT count(*) FROM sqlite_schema")
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw destination.error(sqlite3_errcode(destination.handle))
        }
        var status: Int32
        var waited = 0.0
        repeat {
            status = sqlite3_backup_step(backup, pagesPerStep)
            if status == SQLITE_BUSY || status == SQLITE_LOCKED {
                if waited >= busyTimeoutSeconds { break }
                sqlite3_sleep(10)
                waited += 0.01
            }
        } while status == SQLITE_OK || status == SQLITE_BUSY || status == SQLITE_LOCKED
        sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE else { throw destination.error(status) }
    }

    /// Makes `body` callable from SQL as `name(text)`, returning text (NULL stays NULL). For
    /// migrations that fill a column with what the application computes, e.g. comment HTML.
    public func defineFunction(_ name: String, _ body: @escaping (String) -> String) throws(SQLiteError) {
        let box = Unmanaged.passRetained(TextFunction(body)).toOpaque()
        let status = sqlite3_create_function_v2(
            handle, name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, box,
            { context, count, arguments in
                guard let context, count == 1, let argument = arguments?[0] else { return }
                guard sqlite3_value_type(argument) != SQLITE_NULL, let text = sqlite3_value_text(argument) else {
                    return sqlite3_result_null(context)
                }
                let input = String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(argument))), as: UTF8.self)
                let function = Unmanaged<TextFunction>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue()
                let output = function.body(input)
                sqlite3_result_text(context, output, Int32(output.utf8.count), csqlite_transient())
            }, nil, nil, { box in box.map { Unmanaged<TextFunction>.fromOpaque($0).release() } })
        guard status == SQLITE_OK else { throw error(status) }
    }

    // MARK: - Internals

    private func prepared(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = statements[sql] { return statement }
        let statement = try Statement(connection: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    func error(_ status: Int32) -> SQLiteError {
        let code = sqlite3_extended_errcode(handle)
        return SQLiteError(code: code == SQLITE_OK ? status : code, message: String(cString: sqlite3_errmsg(handle)))
    }
}

/// A Swift function SQL can call; owned by SQLite until the connection closes.
private final class TextFunction {
    let body: (String) -> String
    init(_ body: @escaping (String) -> String) { self.body = body }
}
