import Foundation

/// Applies `NNNN_name.sql` files in order, each in its own `BEGIN IMMEDIATE` transaction,
/// recording each in `schema_migrations` (GRDB's habit).
public struct Migrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public let version: Int
        public let name: String
        public let sql: String

        public init(version: Int, name: String, sql: String) {
            self.version = version
            self.name = name
            self.sql = sql
        }
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case unreadableDirectory(String)
        case badFileName(String)
        case duplicateVersion(Int)
        case unknownAppliedMigration(version: Int, name: String)
        case failed(version: Int, name: String, reason: String)

        public var description: String {
            switch self {
            case .unreadableDirectory(let path):
                "migrations folder \(path) cannot be read (relative paths start in \(FileManager.default.currentDirectoryPath))"
            case .badFileName(let name): "migration file \(name) must be named NNNN_name.sql"
            case .duplicateVersion(let version): "two migration files have version \(version)"
            case .unknownAppliedMigration(let version, let name):
                "the database has migration \(version) (\(name)) that this version of Feder does not know; use a newer binary or restore a backup"
            case .failed(let version, let name, let reason): "migration \(version) (\(name)) failed: \(reason)"
            }
        }
    }

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Reads every `.sql` file of a folder.
    public init(directory: String) throws {
        // Foundation's own error here is a wall of NSCocoaErrorDomain text; say what is wrong.
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw Failure.unreadableDirectory(directory)
        }
        let files = entries.filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for file in files {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw Failure.badFileName(file)
            }
            if migrations.contains(where: { $0.version == version }) { throw Failure.duplicateVersion(version) }
            let sql = try String(contentsOfFile: (directory as NSString).appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        self.init(migrations: migrations)
    }

    /// Applies what is missing; returns the versions applied now.
    @discardableResult
    public func migrate(_ database: DatabasePool) throws -> [Int] {
        try database.withWriter { connection in
            try connection.execute(script: """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                ) STRICT;
                """)
            let applied = try connection.query("SELECT version, name FROM schema_migrations ORDER BY version")
            let known = Set(migrations.map(\.version))
            if let unknown = applied.first(where: { !known.contains($0.int("version") ?? -1) }) {
                throw Failure.unknownAppliedMigration(version: unknown.int("version") ?? -1, name: unknown.string("name") ?? "?")
            }
            let done = Set(applied.compactMap { $0.int("version") })
            var appliedNow: [Int] = []
            for migration in migrations where !done.contains(migration.version) {
                do {
                    try connection.transaction { connection in
                        try connection.execute(script: migration.sql)
                        try connection.run("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                                           migration.version, migration.name)
                    }
                } catch {
                    throw Failure.failed(version: migration.version, name: migration.name, reason: "\(error)")
                }
                appliedNow.append(migration.version)
            }
            return appliedNow
        }
    }
}
