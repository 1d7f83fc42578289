import CSQLite

/// An error from SQLite: its result code and message, never the bound values.
/// Shown in logs only; clients get a generic answer.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, …).
    public let code: Int32
    public let message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, …).
    public var primaryCode: Int32 { code & 0xFF }

    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }
    // SQLITE_CONSTRAINT_UNIQUE (2067) and _PRIMARYKEY (1555) are macros Swift cannot import.
    public var isUniqueViolation: Bool { code == 2067 || code == 1555 }
    /// The disk is full, read-only or failing: the server answers 503 (never corrupts data).
    public var isStorageUnavailable: Bool {
        [SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_BUSY, SQLITE_LOCKED].contains(primaryCode)
    }

    public var description: String { "SQLite error \(code): \(message)" }
}
