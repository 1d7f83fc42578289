import Blog
import FederApp
import FederTestSupport
import Foundation
import Testing

/// The command-line operations (`feder comments …`, `personal-data …`, `export`, `backup`).
@Suite struct MaintenanceTests {
    func siteWithComments() throws -> (TestInstallation, [Int]) {
        let site = try TestInstallation { $0.comments.moderation = .all }
        try site.addArticle(slug: "post")
        var ids: [Int] = []
        for (email, body) in [("ada@example.com", "First"), ("ada@example.com", "Second"), ("bob@example.com", "Third")] {
            let response = site.postJSON("/api/articles/post/comments", #"{"name":"N","email":"\#(email)","body":"\#(body)"}"#)
            ids.append(try #require(response.json["id"] as? Int))
        }
        return (site, ids)
    }

    @Test func listApproveSpamAndDelete() throws {
        let (site, ids) = try siteWithComments()
        let pending = try Maintenance.listComments(status: "pending", page: 1, app: site.app)
        #expect(pending.hasPrefix("3 pending comment(s)"))
        #expect(pending.contains("ada@example.com")) // the moderator's view shows addresses
        try Maintenance.moderate([ids[0], ids[1]], action: .approve, app: site.app)
        try Maintenance.moderate([ids[2]], action: .spam, app: site.app)
        #expect(try Maintenance.listComments(status: "approved", page: 1, app: site.app).hasPrefix("2 approved"))
        #expect(site.get("/articles/post").text.contains("<p>First</p>"))
        try Maintenance.moderate([ids[0]], action: .delete, app: site.app)
        #expect(!site.get("/articles/post").text.contains("<p>First</p>"))
        #expect(throws: BlogError.commentNotFound) { try Maintenance.moderate([999_999], action: .approve, app: site.app) }
        #expect(throws: (any Error).self) { try Maintenance.listComments(status: "bogus", page: 1, app: site.app) }
    }

    @Test func personalDataExportAndErase() throws {
        let (site, _) = try siteWithComments()
        let export = try Maintenance.exportPersonalData(email: "ADA@example.com", app: site.app)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(export.utf8)) as? [String: Any])
        #expect((json["comments"] as? [Any])?.count == 2)
        #expect(try Maintenance.erasePersonalData(email: "ada@example.com", removeBodies: true, app: site.app) == 2)
        let after = try Maintenance.exportPersonalData(email: "ada@example.com", app: site.app)
        #expect(after.contains(#""comments":[]"#))
        #expect(try Maintenance.listComments(status: "pending", page: 1, app: site.app).contains("bob@example.com"))
    }

    @Test func exportWritesMarkdownAndCommentsWithoutEmails() throws {
        let (site, ids) = try siteWithComments()
        try Maintenance.moderate(ids, action: .approve, app: site.app)
        let folder = site.directory + "/export"
        #expect(try Maintenance.export(to: folder, app: site.app) == 1)
        let markdown = try String(contentsOfFile: folder + "/post.md", encoding: .utf8)
        #expect(markdown.hasPrefix("---\ntitle: "))
        let comments = try String(contentsOfFile: folder + "/post.comments.json", encoding: .utf8)
        #expect(comments.contains("Third") && !comments.contains("@example.com"))
    }

    @Test func backupMakesAConsistentCopyAndRefusesToOverwrite() throws {
        let (site, _) = try siteWithComments()
        let copy = site.directory + "/backup.sqlite"
        try Maintenance.backup(to: copy, config: site.app.config)
        #expect(FileManager.default.fileExists(atPath: copy))
        #expect(throws: (any Error).self) { try Maintenance.backup(to: copy, config: site.app.config) }
    }
}
