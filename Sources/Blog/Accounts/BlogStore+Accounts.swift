import Foundation
import SQLite

/// The SQL of accounts and sessions (`AccountService` decides what to do with them).
extension BlogStore {
    /// An account with what sign-in checks against.
    struct StoredAccount {
        let account: Account
        let passwordHash: String
    }

    /// A session row with its account.
    struct StoredSession {
        let account: Account
        let createdAt: Date
        let lastSeenAt: Date
    }

    private static let accountColumns = "users.id, users.email, users.name, users.role, users.created_at, users.password_hash"

    private static func account(from row: Row) throws -> StoredAccount {
        let roleText = try row.text(3)
        guard let role = Role(rawValue: roleText) else {
            throw RowDecodingError(column: "role", expected: "a role", found: roleText.prefix(20).debugDescription)
        }
        return StoredAccount(account: Account(id: try row.integer(0), email: try row.text(1), name: try row.text(2), role: role,
                                              createdAt: try row.date(4)),
                             passwordHash: try row.text(5))
    }

    func storedAccount(email: String) throws -> StoredAccount? {
        try read { db in
            try db.queryFirst("SELECT \(Self.accountColumns) FROM users WHERE email = ?", email).map(Self.account)
        }
    }

    /// Every account, owners first, then by name.
    public func accounts() throws -> [Account] {
        try read { db in
            try db.query("SELECT \(Self.accountColumns) FROM users ORDER BY CASE role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 ELSE 2 END, name, id")
                .map { try Self.account(from: $0).account }
        }
    }

    public func accountCount() throws -> Int {
        try read { db in try db.queryFirst("SELECT count(*) FROM users").map { try $0.integer(0) } ?? 0 }
    }

    /// Inserts an account; nil when the address has one already.
    func insertAccount(email: String, name: String, role: Role, passwordHash: String, now: Date) throws -> Account? {
        try write(visible: false) { db in
            guard try db.queryFirst("SELECT 1 FROM users WHERE email = ?", email) == nil else { return nil }
            try db.run("INSERT INTO users (email, name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?)",
                       email, name, role.rawValue, passwordHash, ISODate.format(now), ISODate.format(now))
            return Account(id: db.lastInsertRowID, email: email, name: name, role: role, createdAt: now)
        }
    }

    /// Sets a new password hash. `endSessions`: a changed password signs every browser out.
    func updatePassword(accountID: Int, passwordHash: String, endSessions: Bool, now: Date) throws {
        try write(visible: false) { db in
            try db.run("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                       passwordHash, ISODate.format(now), accountID)
            if endSessions { try db.run("DELETE FROM sessions WHERE user_id = ?", accountID) }
        }
    }

    /// Removes an account and its sessions, unless it is the last owner: false then.
    func deleteAccount(id: Int) throws -> Bool {
        try write(visible: false) { db in
            if try Self.isLastOwner(id: id, in: db) { return false }
            try db.run("DELETE FROM sessions WHERE user_id = ?", id)
            try db.run("DELETE FROM users WHERE id = ?", id)
            return true
        }
    }

    /// Gives an account another role, unless that would leave no owner: false then. Its
    /// sessions end, so no browser keeps rights it no longer has.
    func updateRole(accountID: Int, to role: Role) throws -> Bool {
        try write(visible: false) { db in
            if role != .owner, try Self.isLastOwner(id: accountID, in: db) { return false }
            try db.run("UPDATE users SET role = ? WHERE id = ?", role.rawValue, accountID)
            try db.run("DELETE FROM sessions WHERE user_id = ?", accountID)
            return true
        }
    }

    private static func isLastOwner(id: Int, in db: SQLiteConnection) throws -> Bool {
        guard let row = try db.queryFirst("SELECT role FROM users WHERE id = ?", id), try row.text(0) == Role.owner.rawValue
        else { return false }
        return try db.queryFirst("SELECT count(*) FROM users WHERE role = 'owner'").map { try $0.integer(0) } == 1
    }

    // MARK: - Sessions

    /// Stores a new session; sessions past either limit are cleared out on the way.
    func insertSession(key: String, accountID: Int, now: Date, idleSince: Date, createdSince: Date) throws {
        try write(visible: false) { db in
            try db.run("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
                       ISODate.format(idleSince), ISODate.format(createdSince))
            try db.run("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                       key, accountID, ISODate.format(now), ISODate.format(now))
        }
    }

    func storedSession(key: String) throws -> StoredSession? {
        try read { db in
            guard let row = try db.queryFirst("""
                SELECT \(Self.accountColumns), sessions.created_at, sessions.last_seen_at
                FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.id_hash = ?
                """, key) else { return nil }
            return StoredSession(account: try Self.account(from: row).account, createdAt: try row.date(6), lastSeenAt: try row.date(7))
        }
    }

    func sessionCount(accountID: Int, idleSince: Date, createdSince: Date) throws -> Int {
        try read { db in
            try db.queryFirst("SELECT count(*) FROM sessions WHERE user_id = ? AND last_seen_at >= ? AND created_at >= ?",
                              accountID, ISODate.format(idleSince), ISODate.format(createdSince)).map { try $0.integer(0) } ?? 0
        }
    }

    func touchSession(key: String, now: Date) throws {
        try write(visible: false) { db in
            _ = try db.run("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", ISODate.format(now), key)
        }
    }

    func deleteSession(key: String) throws {
        try write(visible: false) { db in _ = try db.run("DELETE FROM sessions WHERE id_hash = ?", key) }
    }

    /// Ends every session of an account; how many there were.
    func deleteSessions(accountID: Int) throws -> Int {
        try write(visible: false) { db in try db.run("DELETE FROM sessions WHERE user_id = ?", accountID) }
    }
}
