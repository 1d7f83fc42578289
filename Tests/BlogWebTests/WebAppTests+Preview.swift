import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

/// The form's Preview: the comment rendered as it would be stored, on a private page, with
/// every value kept, and nothing posted.
@Suite struct CommentPreviewTests {
    @Test func previewRendersTheMarkdownAndStoresNothing() throws {
        let site = try TestSite()
        try site.addArticle(slug: "fences", title: "On fences")
        let page = site.postForm("/articles/fences/comments", [("name", "Ada"), ("email", "ada@example.org"),
                                                              ("body", "*soft* <b>not html</b>"), ("preview", "1")])
        #expect(page.status == .ok && page.headers["Cache-Control"] == "no-store")
        #expect(page.text.contains("<em>soft</em> &lt;b&gt;not html&lt;/b&gt;"))
        #expect(page.text.contains("id=\"comment-preview\"") && page.text.contains("value=\"Ada\""))
        #expect(page.text.contains(">*soft* &lt;b&gt;not html&lt;/b&gt;</textarea>"), "the text stays in the field")
        #expect(try site.store.comments(byEmailHash: site.comments.hasher.emailHash("ada@example.org")).isEmpty)
        #expect(!site.get("/articles/fences").text.contains("id=\"comment-preview\""), "the public page shows no preview")
    }

    @Test func previewsCountAgainstThePostingLimit() throws {
        let site = try TestSite { $0.comments.perMinute = 2 }
        try site.addArticle(slug: "fences", title: "On fences")
        let statuses = (0..<3).map { _ in
            site.postForm("/articles/fences/comments", [("body", "x"), ("preview", "1")]).status
        }
        #expect(statuses == [.ok, .ok, .tooManyRequests])
    }
}
