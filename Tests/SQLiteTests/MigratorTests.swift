import Foundation
import SQLite
import Testing

@Suite struct MigratorTests {
    /// Writes migration files into `directory/migrations` and returns that folder.
    func makeMigrations(_ files: [String: String], in directory: String) throws -> String {
        let folder = directory + "/migrations"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, sql) in files {
            try Data(sql.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        return folder
    }

    func tables(in pool: DatabasePool) throws -> Set<String> {
        try pool.read { db throws in
            Set(try db.query("SELECT name FROM sqlite_schema WHERE type = 'table'").compactMap { $0.string("name") })
        }
    }

    func recorded(in pool: DatabasePool) throws -> [Int] {
        try pool.read { db in try db.query("SELECT version FROM schema_migrations ORDER BY version").compactMap { $0.int("version") } }
    }

    @Test func appliesOnceAndInOrder() throws {
        try withPool { pool, directory throws in
            // 0002 and 0010 need what 0001 creates: they only succeed in order.
            let folder = try makeMigrations([
                "0010_index.sql": "CREATE INDEX notes_by_tag ON notes (tag);",
                "0001_notes.sql": "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);",
                "0002_tags.sql": "ALTER TABLE notes ADD COLUMN tag TEXT;",
            ], in: directory)
            let migrator = try Migrator(directory: folder)
            #expect(migrator.migrations.map(\.version) == [1, 2, 10])
            #expect(migrator.migrations.map(\.name) == ["notes", "tags", "index"])
            #expect(try migrator.migrate(pool) == [1, 2, 10])
            #expect(try migrator.migrate(pool) == [])
            #expect(try recorded(in: pool) == [1, 2, 10])
        }
    }

    @Test func aFailingMigrationLeavesNoTraceAndNamesItsVersion() throws {
        try withPool { pool, directory throws in
            var files = [
                "0001_first.sql": "CREATE TABLE first (x);",
                "0002_second.sql": "CREATE TABLE second (x); CREATE TABLE half (x); THIS IS NOT SQL;",
                "0003_third.sql": "CREATE TABLE third (x);",
            ]
            let folder = try makeMigrations(files, in: directory)
            let error = #expect(throws: Migrator.Failure.self) { try Migrator(directory: folder).migrate(pool) }
            guard case .failed(let version, let name, _)? = error else {
                Issue.record("expected .failed, got \(String(describing: error))")
                return
            }
            #expect(version == 2)
            #expect(name == "second")
            #expect(error?.description.hasPrefix("migration 2 (second) failed") == true)
            let names = try tables(in: pool)
            #expect(names.contains("first"))
            #expect(!names.contains("second"))
            #expect(!names.contains("half"))
            #expect(!names.contains("third"))
            #expect(try recorded(in: pool) == [1])

            files["0002_second.sql"] = "CREATE TABLE second (x);"
            let fixed = try makeMigrations(files, in: directory)
            #expect(try Migrator(directory: fixed).migrate(pool) == [2, 3])
        }
    }

    @Test func anAppliedMigrationThisBinaryDoesNotKnowStopsTheStart() throws {
        try withPool { pool, _ throws in
            let newer = Migrator(migrations: [
                .init(version: 1, name: "one", sql: "CREATE TABLE one (x);"),
                .init(version: 2, name: "two", sql: "CREATE TABLE two (x);"),
            ])
            try newer.migrate(pool)
            let older = Migrator(migrations: [.init(version: 1, name: "one", sql: "CREATE TABLE one (x);")])
            #expect(throws: Migrator.Failure.unknownAppliedMigration(version: 2, name: "two")) { try older.migrate(pool) }
        }
    }

    @Test(arguments: ["schema.sql", "v1_schema.sql", "0001.sql"])
    func aBadFileNameIsRefused(_ file: String) throws {
        try withTemporaryDirectory { directory throws in
            let folder = try makeMigrations([file: "SELECT 1;"], in: directory)
            #expect(throws: Migrator.Failure.badFileName(file)) { try Migrator(directory: folder) }
        }
    }

    @Test func twoFilesWithOneVersionAreRefused() throws {
        try withTemporaryDirectory { directory throws in
            let folder = try makeMigrations(["0001_a.sql": "SELECT 1;", "1_b.sql": "SELECT 1;"], in: directory)
            #expect(throws: Migrator.Failure.duplicateVersion(1)) { try Migrator(directory: folder) }
        }
    }

    @Test func aMissingFolderIsNamedPlainly() throws {
        try withTemporaryDirectory { directory throws in
            let missing = directory + "/no-such-folder"
            let error = #expect(throws: Migrator.Failure.unreadableDirectory(missing)) { try Migrator(directory: missing) }
            #expect(error?.description.hasPrefix("migrations folder \(missing) cannot be read") == true)
        }
    }

    @Test func filesOtherThanSQLAreIgnored() throws {
        try withTemporaryDirectory { directory throws in
            let folder = try makeMigrations(["0001_a.sql": "SELECT 1;", "README.md": "notes"], in: directory)
            #expect(try Migrator(directory: folder).migrations.map(\.version) == [1])
        }
    }

    /// With `feder_comment_html`, which the blog layer registers before migrating (a stand-in
    /// here: this module knows nothing of comments).
    @Test func theShippedSchemaApplies() throws {
        try withPool { pool, _ throws in
            try pool.withWriter { try $0.defineFunction("feder_comment_html") { "<p>\($0)</p>" } }
            let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("migrations").path
            #expect(try Migrator(directory: folder).migrate(pool).first == 1)
            #expect(try tables(in: pool).isSuperset(of: ["articles", "tags", "article_tags", "comments", "articles_search"]))
            #expect(try pool.read { try $0.scalar("PRAGMA integrity_check") } == .text("ok"))
        }
    }

    @Test func aDefinedFunctionIsCallableFromSQL() throws {
        try withPool { pool, _ throws in
            try pool.withWriter { db in
                try db.defineFunction("shout") { $0.uppercased() + "!" }
                #expect(try db.scalar("SELECT shout(?)", "héllo\u{0}x") == .text("HÉLLO\u{0}X!"))
                #expect(try db.scalar("SELECT shout(NULL)") == .null)
            }
        }
    }
}
