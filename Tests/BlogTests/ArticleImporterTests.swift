@testable import Blog
import Foundation
import Testing

@Suite struct ArticleImporterTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    /// Writes `name → text` files under `directory/in` and returns that folder.
    func makeFolder(_ files: [String: String], in directory: String, folder: String = "in") throws -> String {
        let path = directory + "/" + folder
        for (name, text) in files {
            let file = URL(fileURLWithPath: path + "/" + name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        return path
    }

    func makeFiles() -> [String: String] {
        [
            "one.md": makeDocument(["title: First post", "date: 2026-11-01", "tags: [Swift, Server]"], body: "First body.\n"),
            "nested/two.markdown": makeDocument(["title: Second post", "date: 2026-11-02T10:00:00Z", "summary: Mine.",
                                                 "image: /static/a.jpg", "image_alt: A", "image_credit: Me",
                                                 "image_credit_url: https://example.com"], body: "Second *body*.\n"),
            "three.md": makeDocument(["title: Third post", "date: 2026-11-03", "draft: true", "comments: closed",
                                      "tags: Server"], body: "| a |\n|---|\n| 1 |\n"),
            "notes.txt": "not Markdown, ignored",
        ]
    }

    @Test func importsAFolderRecursivelyAndSorted() throws {
        try withStore { store, directory throws in
            let folder = try makeFolder(makeFiles(), in: directory)
            let results = try ArticleImporter(store: store, timeZone: berlin).importFiles([folder])
            #expect(results.map(\.slug) == ["second-post", "first-post", "third-post"]) // nested/two…, one…, three…
            #expect(results.allSatisfy { $0.outcome == .created })
            let first = try #require(try store.article(slug: "first-post"))
            #expect(first.publishedAt == date("2026-10-31T23:00:00Z"))
            #expect(first.tags.map(\.slug) == ["swift", "server"])
            #expect(try store.article(slug: "third-post") == nil) // a draft
        }
    }

    @Test func oneBadFileMeansNothingIsStored() throws {
        try withStore { store, directory throws in
            var files = makeFiles()
            files["zz-bad.md"] = makeDocument(["title: Bad", "date: someday"])
            let folder = try makeFolder(files, in: directory)
            let error = thrownError { try ArticleImporter(store: store, timeZone: berlin).importFiles([folder]) }
            #expect("\(error.map { "\($0)" } ?? "")" == "\(folder)/zz-bad.md: date: must be an ISO-8601 date or date-time, e.g. 2026-11-25 or 2026-11-25T09:00:00Z")
            #expect(try store.allArticles(includeDrafts: true).isEmpty)
        }
    }

    @Test func twoFilesWithOneSlugAreRefused() throws {
        try withStore { store, directory throws in
            let folder = try makeFolder([
                "a.md": makeDocument(["title: Same", "date: 2026-11-01"]),
                "b.md": makeDocument(["title: Other", "slug: same", "date: 2026-11-01"]),
            ], in: directory)
            let error = thrownError { try ArticleImporter(store: store, timeZone: berlin).importFiles([folder]) }
            guard case .invalidArticle(let source, let field, _)? = error as? BlogError else {
                Issue.record("expected invalidArticle, got \(String(describing: error))")
                return
            }
            #expect(source.hasSuffix("b.md"))
            #expect(field == "slug")
            #expect(try store.allArticles(includeDrafts: true).isEmpty)
        }
    }

    @Test func aMissingPathIsAnError() throws {
        try withStore { store, directory throws -> Void in
            #expect(throws: BlogError.self) {
                try ArticleImporter(store: store, timeZone: berlin).importFiles([directory + "/nowhere"])
            }
        }
    }

    @Test func importingTwiceChangesNothing() throws {
        try withStore { store, directory throws in
            let folder = try makeFolder(makeFiles(), in: directory)
            let importer = ArticleImporter(store: store, timeZone: berlin)
            try importer.importFiles([folder], now: date("2026-12-01T00:00:00Z"))
            let before = try store.allArticles(includeDrafts: true)
            let again = try importer.importFiles([folder], now: date("2026-12-24T00:00:00Z"))
            #expect(again.map(\.outcome) == [.unchanged, .unchanged, .unchanged])
            #expect(try store.allArticles(includeDrafts: true) == before)
            #expect(before.allSatisfy { $0.modifiedAt == date("2026-12-01T00:00:00Z") })
        }
    }

    @Test func reimportIsUnchangedWhenAnotherArticleNamedTheTagDifferently() throws {
        try withStore { store, directory throws in
            let folder = try makeFolder([
                "a.md": makeDocument(["title: A", "date: 2026-11-01", "tags: [Swift]"]),
                "b.md": makeDocument(["title: B", "date: 2026-11-02", "tags: [swift]"]),
            ], in: directory)
            let importer = ArticleImporter(store: store, timeZone: berlin)
            try importer.importFiles([folder], now: date("2026-12-01T00:00:00Z"))
            let again = try importer.importFiles([folder], now: date("2026-12-24T00:00:00Z"))
            #expect(again.map(\.outcome) == [.unchanged, .unchanged])
            #expect(try store.article(slug: "b")?.modifiedAt == date("2026-12-01T00:00:00Z"))
        }
    }

    @Test func upsertBySlugUpdatesTheArticle() throws {
        try withStore { store, directory throws in
            let importer = ArticleImporter(store: store, timeZone: berlin)
            let first = try makeFolder(["a.md": makeDocument(["title: Old title", "slug: post", "date: 2026-11-01", "tags: [x, y]"])],
                                       in: directory, folder: "v1")
            try importer.importFiles([first], now: date("2026-12-01T00:00:00Z"))
            let id = try #require(try store.article(slug: "post")).id
            let second = try makeFolder(["a.md": makeDocument(["title: New title", "slug: post", "date: 2026-11-01", "tags: [y]"],
                                                              body: "New body.\n")], in: directory, folder: "v2")
            let results = try importer.importFiles([second], now: date("2026-12-02T00:00:00Z"))
            #expect(results.map(\.outcome) == [.updated])
            let article = try #require(try store.article(slug: "post", withSource: true))
            #expect(article.id == id)
            #expect(article.title == "New title")
            #expect(article.markdown == "New body.\n")
            #expect(article.tags.map(\.name) == ["y"])
            #expect(article.modifiedAt == date("2026-12-02T00:00:00Z"))
            #expect(try store.tagPage(slug: "x", page: 1, perPage: 1)?.tag == nil) // unused tags go
            #expect(try store.search("new")?.map(\.article.slug) == ["post"])
            #expect(try store.search("old")?.isEmpty == true)
        }
    }

    @Test func exportThenReimportGivesIdenticalArticles() throws {
        try withTemporaryDirectory { directory throws in
            let source = try makeStore(in: directory, name: "source.sqlite")
            var files = makeFiles()
            files["about.md"] = makeDocument(["title: About", "kind: page", "nav_order: 4", "date: 2026-11-04"], body: "Who.\n")
            let folder = try makeFolder(files, in: directory)
            try ArticleImporter(store: source, timeZone: berlin).importFiles([folder])
            let exportFolder = directory + "/export"
            let exported = try ArticleImporter(store: source, timeZone: berlin).export(to: exportFolder) { _, _ in [] }
            #expect(exported == 4)
            #expect(try source.page(slug: "about")?.navOrder == 4, "a page comes back a page, in its place")

            let copy = try makeStore(in: directory, name: "copy.sqlite")
            try ArticleImporter(store: copy, timeZone: .gmt).importFiles([exportFolder])
            func comparable(_ articles: [Article]) -> [Article] {
                articles.map { article in
                    var article = article
                    article.id = 0
                    article.modifiedAt = Date(timeIntervalSince1970: 0)
                    return article
                }
            }
            let original = try source.allArticles(includeDrafts: true)
            #expect(comparable(try copy.allArticles(includeDrafts: true)) == comparable(original))
            #expect(try copy.page(slug: "about")?.navOrder == 4)
            // And back into the source: nothing to change.
            let again = try ArticleImporter(store: source, timeZone: .gmt).importFiles([exportFolder])
            #expect(again.allSatisfy { $0.outcome == .unchanged })
        }
    }
}
