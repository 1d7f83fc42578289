import Foundation
import SQLite

/// What someone did in the desk (`audit_log`, migration 0015).
public enum AuditAction: String, Sendable, CaseIterable {
    case signIn = "sign-in"
    case signOutEverywhere = "sign-out-everywhere"
    case articleSave = "article.save"
    case articleRestore = "article.restore"
    case articleDelete = "article.delete"
    case previewLinkCreate = "preview-link.create"
    case previewLinkRevoke = "preview-link.revoke"
    case commentsOpen = "comments.open"
    case commentsClose = "comments.close"
    case commentsModerate = "comments.moderate"
    case commentEdit = "comment.edit"
    case commentReply = "comment.reply"
    case personalDataExport = "personal-data.export"
    case personalDataErase = "personal-data.erase"
    case tokenCreate = "token.create"
    case tokenRevoke = "token.revoke"
    case redirectAdd = "redirect.add"
    case redirectRemove = "redirect.remove"
    case userAdd = "user.add"
    case userRole = "user.role"
    case userPassword = "user.password"
    case userSessions = "user.sessions"
    case userRemove = "user.remove"
}

public struct AuditEntry: Sendable, Equatable {
    public let id: Int
    public let at: Date
    public let accountName: String
    /// Nil for an action this version does not know (a newer one wrote it).
    public let action: AuditAction?
    public let detail: String
}

extension BlogStore {
    /// How many entries are kept; older ones go as new ones come.
    public static let keptAuditEntries = 100_000

    public func recordAudit(_ action: AuditAction, accountID: Int, accountName: String, detail: String, now: Date = Date()) throws {
        try write(visible: false) { db in
            try Self.insertAudit(action, accountID: accountID, accountName: accountName, detail: detail, now: now, in: db)
        }
    }

    /// The same inside the caller's transaction; `accountID` nil for someone without an
    /// account (a moderator told by mail while the blog has no accounts).
    static func insertAudit(_ action: AuditAction, accountID: Int?, accountName: String, detail: String, now: Date,
                            in db: SQLiteConnection) throws {
        try db.run("INSERT INTO audit_log (at, account_id, account_name, action, detail) VALUES (?, ?, ?, ?, ?)",
                   ISODate.format(now), accountID, accountName, action.rawValue, detail)
        try db.run("DELETE FROM audit_log WHERE id <= ?", db.lastInsertRowID - Self.keptAuditEntries)
    }

    /// Newest first, the entries older than `before`, `perPage` a page; `older` tells whether
    /// more follow (keyset paging, like the moderation queue).
    public func auditLog(before: Int?, perPage: Int) throws -> (entries: [AuditEntry], older: Bool) {
        try read { db in
            let rows = try db.query("""
                SELECT id, at, account_name, action, detail FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?
                """, before ?? Int.max, perPage + 1)
            return (try rows.prefix(perPage).map {
                AuditEntry(id: try $0.integer(0), at: try $0.date(1), accountName: try $0.text(2),
                           action: AuditAction(rawValue: try $0.text(3)), detail: try $0.text(4))
            }, rows.count > perPage)
        }
    }
}
