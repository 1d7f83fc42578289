import Foundation
import SQLite

/// A fresh folder under the system temporary folder for one test, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("feder-sqlite-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// A pool over a real database file in a fresh temporary folder (never `:memory:`).
func withPool<T>(readerCount: Int = 2, _ body: (DatabasePool, String) throws -> T) throws -> T {
    try withTemporaryDirectory { directory throws in
        var options = DatabasePool.Options()
        options.readerCount = readerCount
        let pool = try DatabasePool(path: directory + "/test.sqlite", options: options)
        return try body(pool, directory)
    }
}

/// A pool with one table `items (id, name UNIQUE, value)`.
func withItemsPool<T>(_ body: (DatabasePool, String) throws -> T) throws -> T {
    try withPool { pool, directory throws in
        try pool.withWriter { try $0.execute(script: "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, value ANY) STRICT") }
        return try body(pool, directory)
    }
}

func count(_ table: String, in pool: DatabasePool) throws -> Int {
    try pool.read { db throws in
        guard case .integer(let value) = try db.scalar("SELECT count(*) FROM \(table)") else { return -1 }
        return Int(value)
    }
}

struct TestFailure: Error {}
