import Foundation
import SQLite

extension Row {
    /// An ISO-8601 TEXT column (as `ISODate.format` writes them).
    func date(_ index: Int) throws -> Date {
        guard let date = try optionalDate(index) else {
            throw RowDecodingError(column: columns.indices.contains(index) ? columns[index] : "#\(index)",
                                   expected: "an ISO-8601 time", found: "NULL")
        }
        return date
    }

    /// An ISO-8601 TEXT column that may be NULL; other text is a decoding error.
    func optionalDate(_ index: Int) throws -> Date? {
        guard let text = try optionalText(index) else { return nil }
        guard let date = ISODate.parse(text) else {
            throw RowDecodingError(column: columns.indices.contains(index) ? columns[index] : "#\(index)",
                                   expected: "an ISO-8601 time", found: "TEXT \(text.prefix(40).debugDescription)")
        }
        return date
    }

    /// A comment status column.
    func commentStatus(_ index: Int) throws -> CommentStatus {
        let text = try text(index)
        guard let status = CommentStatus(rawValue: text) else {
            throw RowDecodingError(column: columns[index], expected: "a comment status", found: text.prefix(20).debugDescription)
        }
        return status
    }
}
