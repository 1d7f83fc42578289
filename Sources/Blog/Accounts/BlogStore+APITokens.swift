import Crypto
import Foundation
import SQLite

/// A named token for the admin API, as the desk lists it (never the token itself).
public struct APIToken: Sendable, Equatable {
    public let id: Int
    public let name: String
    public let createdAt: Date
    /// The account that made it; nil once that account is removed.
    public let createdBy: String?
    /// To the hour; nil until first used.
    public let lastUsedAt: Date?
}

/// Named admin API tokens (`api_tokens`, migration 0014): `feder_` and 32 random bytes,
/// stored only as their SHA-256.
extension BlogStore {
    public static let apiTokenPrefix = "feder_"

    /// A new token: the secret, to be shown once, and its row.
    public func createAPIToken(name: String, accountID: Int?, now: Date = Date()) throws -> (secret: String, token: APIToken) {
        guard let trimmed = usableName(name) else { throw AccountError.invalidName } // the rule an account's name follows
        let secret = Self.apiTokenPrefix + SessionToken.random().value
        let id: Int = try write(visible: false) { db in
            try db.run("INSERT INTO api_tokens (name, token_hash, created_at, created_by) VALUES (?, ?, ?, ?)",
                       trimmed, Self.apiTokenHash(secret), ISODate.format(now), accountID)
            return db.lastInsertRowID
        }
        guard let token = try apiTokens().first(where: { $0.id == id }) else { throw AccountError.notFound }
        return (secret, token)
    }

    /// Every token, newest first.
    public func apiTokens() throws -> [APIToken] {
        try read { db in
            try db.query("""
                SELECT t.id, t.name, t.created_at, u.name, t.last_used_at FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by
                ORDER BY t.id DESC
                """).map {
                APIToken(id: try $0.integer(0), name: try $0.text(1), createdAt: try $0.date(2), createdBy: try $0.optionalText(3),
                         lastUsedAt: try $0.optionalDate(4))
            }
        }
    }

    /// Revokes a token at once; false when there was none with that id.
    @discardableResult
    public func revokeAPIToken(id: Int) throws -> Bool {
        try write(visible: false) { db in
            try db.run("DELETE FROM api_tokens WHERE id = ?", id) > 0
        }
    }

    /// Whether `secret` is a live token; notes its use, to the hour (a write at most hourly).
    public func acceptsAPIToken(_ secret: String, now: Date = Date()) throws -> Bool {
        guard secret.hasPrefix(Self.apiTokenPrefix), secret.utf8.count == Self.apiTokenPrefix.utf8.count + 43 else { return false }
        let hash = Self.apiTokenHash(secret)
        guard let row = try read({ db in try db.queryFirst("SELECT id, last_used_at FROM api_tokens WHERE token_hash = ?", hash) })
        else { return false }
        let hour = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        if try row.optionalDate(1).map({ $0 < hour }) ?? true {
            let id = try row.integer(0)
            _ = try write(visible: false) { db in
                try db.run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", ISODate.format(hour), id)
            }
        }
        return true
    }

    public func hasAPITokens() throws -> Bool {
        try read { db in try db.queryFirst("SELECT 1 FROM api_tokens LIMIT 1") != nil }
    }

    static func apiTokenHash(_ secret: String) -> String {
        KeyedHasher.hex(SHA256.hash(data: Array(secret.utf8)))
    }
}
