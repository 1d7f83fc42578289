import SQLite

extension BlogStore {
    /// Applies the migrations of `directory` that the database lacks. Some fill new columns
    /// with what only the domain can compute, so its SQL functions are registered first:
    /// `feder_comment_html(body)` is `CommentText.html`.
    @discardableResult
    public static func migrate(_ database: DatabasePool, migrationsPath: String) throws -> [Int] {
        try database.withWriter { try $0.defineFunction("feder_comment_html", CommentText.html) }
        return try Migrator(directory: migrationsPath).migrate(database)
    }
}
