import Foundation
@testable import SQLite
import Testing

@Suite struct SQLiteConnectionTests {
    @Test func runReturnsChangedRowsAndTheLastRowID() throws {
        try withItemsPool { pool, _ throws in
            try pool.write { db throws in
                try db.run("INSERT INTO items (name) VALUES ('a'), ('b'), ('c')")
                #expect(db.lastInsertRowID == 3)
                #expect(try db.run("UPDATE items SET value = 1 WHERE id > 1") == 2)
                #expect(db.isInTransaction)
            }
        }
    }

    @Test func queryFirstAndScalarOnNoRows() throws {
        try withItemsPool { pool, _ throws in
            try pool.read { db throws in
                #expect(try db.queryFirst("SELECT * FROM items WHERE id = ?", 1) == nil)
                #expect(try db.scalar("SELECT id FROM items") == .null)
            }
        }
    }

    @Test func badSQLIsAnSQLiteErrorWithSQLitesMessage() throws {
        try withPool { pool, _ throws in
            let error = #expect(throws: SQLiteError.self) { try pool.write { try $0.execute(script: "SELEKT 1") } }
            #expect(error?.message.contains("syntax error") == true)
            let prepared = #expect(throws: SQLiteError.self) { try pool.write { try $0.query("SELECT * FROM nowhere") } }
            #expect(prepared?.message.contains("no such table") == true)
        }
    }

    @Test func queryPlanShowsIndexUseAndScans() throws {
        try withItemsPool { pool, _ throws in
            try pool.read { db throws in
                let indexed = try db.queryPlan("SELECT id FROM items WHERE name = ?", bindings: ["x"])
                #expect(indexed.contains { $0.contains("USING") && $0.contains("INDEX") })
                let scan = try db.queryPlan("SELECT id FROM items WHERE value = 1")
                #expect(scan.contains { $0.hasPrefix("SCAN") })
            }
        }
    }

    @Test func aTransactionThatThrowsRollsBackOnTheConnection() throws {
        try withItemsPool { pool, _ throws in
            try pool.withWriter { db throws in
                #expect(throws: TestFailure.self) {
                    try db.transaction { db throws in
                        try db.run("INSERT INTO items (name) VALUES ('x')")
                        throw TestFailure()
                    }
                }
                #expect(!db.isInTransaction)
                #expect(try db.scalar("SELECT count(*) FROM items") == .integer(0))
            }
        }
    }
}

@Suite struct RowTests {
    func makeRow() -> Row {
        Row(columns: ["i", "r", "t", "b", "n"], values: [.integer(3), .real(2.5), .text("x"), .blob([9]), .null])
    }

    @Test func accessorsConvertWhereItIsLossless() {
        let row = makeRow()
        #expect(row.int("i") == 3)
        #expect(row.int("r") == 2)
        #expect(row.int("t") == nil)
        #expect(row.string("i") == "3")
        #expect(row.string("t") == "x")
        #expect(row.string("n") == nil)
        #expect(row.double("i") == 3)
        #expect(row.blob("b") == [9])
        #expect(row.bool("i"))
        #expect(!row.bool("n"))
        #expect(row["missing"] == .null)
        #expect(row.int(0) == 3)
        #expect(row.string(2) == "x")
    }
}

@Suite struct SQLiteErrorTests {
    @Test func classifiesResultCodes() {
        #expect(SQLiteError(code: 2067, message: "").isUniqueViolation)
        #expect(SQLiteError(code: 1555, message: "").isUniqueViolation)
        #expect(!SQLiteError(code: 787, message: "").isUniqueViolation) // foreign key
        #expect(SQLiteError(code: 787, message: "").isConstraintViolation)
        #expect(SQLiteError(code: 13, message: "").isStorageUnavailable) // SQLITE_FULL
        #expect(SQLiteError(code: 5, message: "").isStorageUnavailable) // SQLITE_BUSY
        #expect(SQLiteError(code: 266, message: "").isStorageUnavailable) // SQLITE_IOERR_READ
        #expect(!SQLiteError(code: 1, message: "").isStorageUnavailable)
        #expect(SQLiteError(code: 1, message: "no such table: x").description == "SQLite error 1: no such table: x")
    }
}
