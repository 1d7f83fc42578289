import Blog
import BlogAPI
import Foundation
import HTTPServer
import JSON
import Routes
import SQLite

/// The command-line operations, here so they can be tested without a process.
public enum Maintenance {
    public static func migrate(_ config: FederConfig) throws -> [Int] {
        let database = try DatabasePool(path: config.databasePath)
        return try BlogStore.migrate(database, migrationsPath: config.migrationsPath)
    }

    public static func importFiles(_ paths: [String], app: Application) throws -> [ArticleImporter.Result] {
        try app.importer.importFiles(paths)
    }

    public static func export(to directory: String, app: Application) throws -> Int {
        try app.importer.export(to: directory) { article, comments in
            JSONValue.object([
                ("article", .string(article.slug)),
                ("comments", .array(comments.map { comment in
                    [
                        "id": .int(comment.id), "parent_id": .optional(comment.parentID), "name": .string(comment.name),
                        "website": .optional(comment.website), "body": .string(comment.body),
                        "created_at": .string(ISODate.format(comment.createdAt)),
                    ]
                })),
            ]).serialized()
        }
    }

    public enum ModerationAction: Sendable { case approve, spam, delete }

    public static func moderate(_ ids: [Int], action: ModerationAction, app: Application) throws {
        for id in ids {
            switch action {
            case .approve: try app.store.setStatus(.approved, commentID: id)
            case .spam: try app.store.setStatus(.spam, commentID: id)
            case .delete: try app.store.deleteComment(id: id)
            }
        }
    }

    public static func listComments(status: String, page: Int, app: Application) throws -> String {
        guard let status = CommentStatus(rawValue: status) else {
            throw ConfigError(key: "--status", problem: "must be pending, approved or spam")
        }
        let result = try app.store.comments(status: status, page: max(1, page), perPage: 50)
        var lines = ["\(result.total) \(status.rawValue) comment(s)"]
        for comment in result.comments {
            let excerpt = comment.body.replacingOccurrences(of: "\n", with: " ").prefix(72)
            lines.append("#\(comment.id) on \(comment.articleSlug) by \(comment.name) <\(comment.email ?? "erased")> "
                         + "\(ISODate.format(comment.createdAt))\n    \(excerpt)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func exportPersonalData(email: String, app: Application) throws -> String {
        let hash = app.comments.hasher.emailHash(email)
        let comments = try app.store.comments(byEmailHash: hash)
        return String(decoding: PersonalDataExport.json(email: email, comments: comments,
                                                        subscriptions: try app.store.subscriptions(emailHash: hash)), as: UTF8.self)
    }

    public static func erasePersonalData(email: String, removeBodies: Bool, app: Application) throws -> Int {
        try app.store.erasePersonalData(emailHash: app.comments.hasher.emailHash(email), email: email, removeBodies: removeBodies,
                                        anonymousName: app.anonymousName)
    }

    public static func backup(to destination: String, config: FederConfig) throws {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw ConfigError(key: destination, problem: "already exists; choose a new file")
        }
        let database = try DatabasePool(path: config.databasePath, options: {
            var options = DatabasePool.Options()
            options.readerCount = 1
            return options
        }())
        try database.backup(to: destination)
    }
}

// MARK: - Redirects (`feder redirects`)

extension Maintenance {
    /// `FROM -> TO` per line, by old address (written as an address, so `remove` takes it
    /// back), the first `limit`, then how many more there are.
    public static func listRedirects(app: Application, limit: Int = 100_000) throws -> String {
        let redirects = try app.store.redirects(limit: limit)
        guard !redirects.isEmpty else { return "no redirects\n" }
        let lines = redirects.map {
            TerminalText.printable("\(RedirectKey.address(ofKey: $0.from)) -> \($0.destination.location)") + "\n"
        }.joined()
        let total = try app.store.redirectCount(cap: Int.max - 1) // the command line may count them all
        return lines + (total > redirects.count ? "… and \(total - redirects.count) more\n" : "")
    }

    /// Adds (or replaces) a redirect from an old address (a path or a whole URL, whose path is
    /// taken) to a path of this site, written as it goes on the wire (percent-encoded).
    public static func addRedirect(from: String, to target: String, app: Application) throws -> String {
        let checked: (key: RedirectKey, destination: String)
        do {
            checked = try RedirectKey.checked(from: from, to: target)
        } catch .oldAddress {
            throw ConfigError(key: from, problem: "is not a path (/old/address/) or an http(s) URL")
        } catch .destination {
            throw ConfigError(key: target, problem: "must be a path of this site, percent-encoded (/articles/hello)")
        } catch .loop {
            throw ConfigError(key: target, problem: "is the old address itself")
        }
        try app.store.setRedirect(from: checked.key.value, to: checked.destination)
        return TerminalText.printable("\(RedirectKey.address(ofKey: checked.key.value)) -> \(checked.destination)") + "\n"
    }

    public static func removeRedirect(from: String, app: Application) throws -> Bool {
        guard let key = RedirectKey(address: from) else { return false }
        return try app.store.removeRedirect(from: key.value)
    }
}
