/// One result row, copied out of SQLite so it outlives the statement step.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [SQLiteValue]

    public subscript(index: Int) -> SQLiteValue { values[index] }

    public subscript(name: String) -> SQLiteValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    public func int(_ name: String) -> Int? {
        switch self[name] {
        case .integer(let value): Int(value)
        case .real(let value): Int(value)
        default: nil
        }
    }

    public func int(_ index: Int) -> Int? {
        if case .integer(let value) = values[index] { return Int(value) }
        return nil
    }

    public func string(_ name: String) -> String? {
        switch self[name] {
        case .text(let value): value
        case .integer(let value): String(value)
        case .real(let value): String(value)
        default: nil
        }
    }

    public func string(_ index: Int) -> String? {
        if case .text(let value) = values[index] { return value }
        return nil
    }

    public func bool(_ name: String) -> Bool { (int(name) ?? 0) != 0 }

    public func double(_ name: String) -> Double? {
        switch self[name] {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    public func blob(_ name: String) -> [UInt8]? {
        if case .blob(let value) = self[name] { return value }
        return nil
    }
}

/// A column that holds another type than the model expects: a schema and code out of step.
/// Thrown instead of a silent default, so a page shows an error, never a wrong `0` or date.
public struct RowDecodingError: Error, Sendable, CustomStringConvertible {
    public let column: String
    public let expected: String
    public let found: String

    public init(column: String, expected: String, found: String) {
        self.column = column
        self.expected = expected
        self.found = found
    }

    public var description: String { "column \(column): expected \(expected), found \(found)" }
}

extension Row {
    /// An INTEGER column, by position.
    public func integer(_ index: Int) throws(RowDecodingError) -> Int {
        guard let value = try optionalInteger(index) else { throw mismatch(index, "INTEGER") }
        return value
    }

    /// An INTEGER column that may be NULL.
    public func optionalInteger(_ index: Int) throws(RowDecodingError) -> Int? {
        switch values[index] {
        case .integer(let value): return Int(value)
        case .null: return nil
        default: throw mismatch(index, "INTEGER or NULL")
        }
    }

    /// A TEXT column, by position.
    public func text(_ index: Int) throws(RowDecodingError) -> String {
        guard let value = try optionalText(index) else { throw mismatch(index, "TEXT") }
        return value
    }

    /// A TEXT column that may be NULL.
    public func optionalText(_ index: Int) throws(RowDecodingError) -> String? {
        switch values[index] {
        case .text(let value): return value
        case .null: return nil
        default: throw mismatch(index, "TEXT or NULL")
        }
    }

    /// A 0/1 INTEGER column.
    public func boolean(_ index: Int) throws(RowDecodingError) -> Bool {
        switch values[index] {
        case .integer(0): return false
        case .integer(1): return true
        default: throw mismatch(index, "0 or 1")
        }
    }

    /// The position of a column by name (for rows read with `SELECT *`-like column lists).
    public func index(of name: String) throws(RowDecodingError) -> Int {
        guard let index = columns.firstIndex(of: name) else {
            throw RowDecodingError(column: name, expected: "a column", found: "none")
        }
        return index
    }

    private func mismatch(_ index: Int, _ expected: String) -> RowDecodingError {
        let found = switch values[index] {
        case .null: "NULL"
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        }
        return RowDecodingError(column: index < columns.count ? columns[index] : "#\(index)", expected: expected, found: found)
    }
}
