import Foundation

/// Imports Markdown files: every file is parsed first, then all are stored in one
/// transaction, so a bad file means nothing is imported (`FILE: field: problem`).
public struct ArticleImporter: Sendable {
    public let store: BlogStore
    public let timeZone: TimeZone

    public init(store: BlogStore, timeZone: TimeZone) {
        self.store = store
        self.timeZone = timeZone
    }

    public struct Result: Sendable, Equatable {
        public var file: String
        public var slug: String
        public var outcome: BlogStore.UpsertOutcome
    }

    /// Expands folders to the `.md`/`.markdown` files inside them (sorted, recursive).
    public static func markdownFiles(in paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw BlogError.invalidArticle(source: path, field: "file", problem: "does not exist")
            }
            if isDirectory.boolValue {
                let entries = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
                files += entries.filter { $0.hasSuffix(".md") || $0.hasSuffix(".markdown") }.sorted().map { path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        return files
    }

    @discardableResult
    public func importFiles(_ paths: [String], now: Date = Date()) throws -> [Result] {
        let files = try Self.markdownFiles(in: paths)
        var inputs: [ArticleInput] = []
        var seen: [String: String] = [:]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw BlogError.invalidArticle(source: file, field: "file", problem: "cannot be read as UTF-8 text")
            }
            let input = try ArticleDocument.parse(text, source: file, timeZone: timeZone)
            if let other = seen[input.slug] {
                throw BlogError.invalidArticle(source: file, field: "slug", problem: "\(input.slug) is also used by \(other)")
            }
            seen[input.slug] = file
            inputs.append(input)
        }
        let outcomes = try store.upsert(inputs, now: now)
        return zip(files, zip(inputs, outcomes)).map { Result(file: $0.0, slug: $0.1.0.slug, outcome: $0.1.1) }
    }

    /// Writes every article back as Markdown with front matter, plus its comments as JSON
    /// (`SLUG.comments.json`, without emails). Returns the number of articles written.
    public func export(to directory: String, commentsJSON: (Article, [Comment]) -> [UInt8]) throws -> Int {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let articles = try store.allArticles(includeDrafts: true)
        for article in articles {
            let text = ArticleDocument.print(article)
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(directory)/\(article.slug).md"))
            let comments = try store.approvedComments(articleID: article.id)
            if !comments.isEmpty {
                try Data(commentsJSON(article, comments)).write(to: URL(fileURLWithPath: "\(directory)/\(article.slug).comments.json"))
            }
        }
        return articles.count
    }
}
