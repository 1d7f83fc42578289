import Foundation
@testable import SQLite
import Testing

@Suite struct StatementTests {
    static let values: [SQLiteValue] = [
        .null,
        .integer(0), .integer(Int64.max), .integer(Int64.min), .integer(-1),
        .real(0.1), .real(-2.5e-300), .real(Double.greatestFiniteMagnitude), .real(Double.leastNonzeroMagnitude),
        .real(Double.infinity),
        .text(""), .text("plain"), .text("nul\u{0}inside"), .text("\u{0}"), .text("emoji 🪶🇩🇪 and ß, é, 日本"),
        .text("quote ' and \" and -- and ; DROP TABLE values;"),
        .blob([]), .blob([0]), .blob([0, 1, 2, 255, 0]),
    ]

    @Test(arguments: values)
    func everyValueRoundTrips(_ value: SQLiteValue) throws {
        try withPool { pool, _ throws in
            let stored: SQLiteValue = try pool.write { db throws in
                try db.execute(script: "CREATE TABLE t (v)") // no affinity: values keep their type
                try db.run("INSERT INTO t (v) VALUES (?)", value)
                return try db.scalar("SELECT v FROM t")
            }
            #expect(stored == value)
            #expect(try pool.read { try $0.scalar("SELECT v FROM t") } == value)
        }
    }

    @Test func aLargeBlobRoundTrips() throws {
        try withPool { pool, _ throws in
            let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let stored = try pool.write { db throws in
                try db.execute(script: "CREATE TABLE t (v BLOB)")
                try db.run("INSERT INTO t (v) VALUES (?)", bytes)
                return try db.scalar("SELECT v FROM t")
            }
            #expect(stored == .blob(bytes))
        }
    }

    @Test func textLengthCountsEveryByte() throws {
        try withPool { pool, _ throws in
            let text = "a\u{0}b🪶"
            let length = try pool.write { db throws in
                try db.scalar("SELECT length(CAST(? AS BLOB))", text)
            }
            #expect(length == .integer(Int64(text.utf8.count)))
        }
    }

    @Test func swiftTypesBindAsTheirSQLiteValues() throws {
        try withPool { pool, _ throws in
            let row = try pool.write { db throws in
                try db.queryFirst("SELECT ? AS i, ? AS j, ? AS b, ? AS d, ? AS s, ? AS bytes, ? AS none",
                                  42, Int64(-7), true, 1.5, "text", [UInt8]([1, 2]), String?.none)
            }
            let values = try #require(row).values
            #expect(values == [.integer(42), .integer(-7), .integer(1), .real(1.5), .text("text"), .blob([1, 2]), .null])
        }
    }

    @Test func aWrongNumberOfParametersIsAnError() throws {
        try withPool { pool, _ throws in
            #expect(throws: SQLiteError.self) { try pool.write { try $0.query("SELECT ?, ?", 1) } }
            #expect(throws: SQLiteError.self) { try pool.write { try $0.query("SELECT 1", 1) } }
        }
    }

    @Test func cachedStatementsAreReusedAndStayUsableAfterAnError() throws {
        try withItemsPool { pool, _ throws in
            try pool.write { db throws in
                let before = db.cachedStatementCount
                for index in 0..<50 { try db.run("INSERT INTO items (name) VALUES (?)", "n\(index)") }
                #expect(db.cachedStatementCount == before + 1)
                #expect(throws: SQLiteError.self) { try db.run("INSERT INTO items (name) VALUES (?)", "n1") }
                try db.run("INSERT INTO items (name) VALUES (?)", "after")
                #expect(db.cachedStatementCount == before + 1)
            }
            #expect(try count("items", in: pool) == 51)
        }
    }

    @Test func aCachedStatementFollowsASchemaChange() throws {
        try withItemsPool { pool, _ throws in
            let (before, after) = try pool.write { db throws in
                try db.run("INSERT INTO items (name) VALUES ('a')")
                let before = try db.query("SELECT * FROM items")[0].columns
                try db.execute(script: "ALTER TABLE items ADD COLUMN extra TEXT")
                return (before, try db.query("SELECT * FROM items")[0].columns)
            }
            #expect(before == ["id", "name", "value"])
            #expect(after == ["id", "name", "value", "extra"])
        }
    }
}
