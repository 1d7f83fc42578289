import Blog
import Foundation
@testable import Imports
import Testing

/// A Ghost 5 export (issue #16): read, planned, and built like a WordPress one.
@Suite struct GhostTests {
    static let fixture = Bundle.module.path(forResource: "ghost-small", ofType: "json", inDirectory: "Fixtures")!
    static let now = WordPressPlannerTests.now

    func plan() throws -> ImportPlan { GhostPlanner(now: Self.now).plan(try GhostReader().read(path: Self.fixture)) }

    @Test func theExportIsReadWithItsJoins() throws {
        let export = try GhostReader().read(path: Self.fixture)
        #expect(export.posts.count == 8 && export.posts[0].featureImageAlt == "The sea at dawn")
        #expect(export.postTags["64a000000000000000000001"] == ["t1", "t3", "t2"], "in sort_order")
        #expect(export.postAuthors["64a000000000000000000001"] == ["u1", "u2"])
        #expect(throws: ImportFileError.self) { try GhostReader().read(data: Data("{\"db\": []}".utf8)) }
        #expect(throws: ImportFileError.self) { try GhostReader().read(data: Data([0xFF, 0xFE])) }
    }

    @Test func postsPagesStatesAndFieldsFollowTheTable() throws {
        let plan = try plan()
        let bySlug = Dictionary(uniqueKeysWithValues: plan.articles.map { ($0.input.slug, $0) })
        let hello = try #require(bySlug["hello-ghost"])
        #expect(hello.input.author == "Kim Writer" && hello.input.tags == ["Travel", "Sea Life"], "first author; no #internal tag")
        #expect(hello.input.summary == "A first post." && hello.input.publishedAt == ISODate.parse("2024-05-01T10:00:00Z"))
        #expect(hello.image == PlannedImage(sourceURL: "/content/images/2024/05/sea.jpg", alt: "The sea at dawn", caption: "Photo: Kim (https://x.example)"))
        #expect(hello.html.contains("href=\"/second-post/\"") && hello.oldPaths == ["/hello-ghost/"])
        #expect(bySlug["about"]?.input.kind == .page)
        #expect(bySlug["unfinished"]?.input.draft == true && bySlug["newsletter-only"]?.input.draft == true)
        #expect(bySlug["for-members"]?.input.draft == true, "paid content never becomes public")
        #expect(bySlug["next-week"]?.input.draft == false)
        #expect(plan.report.posts == [.published: 3, .draft: 3, .scheduled: 1] && plan.report.pages == [.published: 1])
        #expect(plan.report.notes.contains { $0.contains("for-members") && $0.contains("paid") })
        #expect(plan.report.notes.contains { $0.contains("second-post") && $0.contains("no html") })
        #expect(plan.redirects.contains(PlannedRedirect(oldPath: "/tag/sea-life/", destination: .tag(name: "Sea Life"))))
        #expect(plan.redirects.contains(PlannedRedirect(oldPath: "/rss/", destination: .feed)))
        #expect(plan.redirects.contains(PlannedRedirect(oldPath: "/author/kim/", destination: .home)))
    }

    @Test func editorDocumentsBecomeHTMLWhereTheExportHasNone() throws {
        let plan = try plan()
        let lexical = try #require(plan.articles.first { $0.input.slug == "second-post" }).html
        #expect(lexical == "<h2>From the editor</h2><p><strong>Bold </strong><a href=\"https://example.org/x\"><em>a link</em></a><br>"
            + "&lt;script&gt;x&lt;/script&gt;</p><ol><li>one</li></ol>")
        let mobiledoc = try #require(plan.articles.first { $0.input.slug == "oldest" }).html
        #expect(mobiledoc == "<p>Old editor text</p><ul><li>item</li></ul>")
        #expect(GhostContent.html(lexical: "not json") == nil)
    }

    @Test func builtLinksAndImagesPointAtTheNewSite() throws {
        let output = ImportBuilder(source: "ghost", siteURL: "", targets: ImportTargets(slugs: [:], deleted: [], taken: []),
                                   uploads: nil, mediaRoot: "/m", format: .ghost).build(try plan())
        let hello = try #require(output.batch.articles.first { $0.sourceID == "64a000000000000000000001" })
        let html = Markdown.html(from: hello.input.markdown)
        #expect(html.contains("<a href=\"/articles/second-post\">the second</a>") && !html.contains("alert"))
        #expect(output.report.missingImages == ["/content/images/2024/05/sea.jpg"])
        #expect(output.batch.pathRedirects.contains(PathRedirect(from: "/tag/sea-life", to: "/tags/sea-life")))
        #expect(hello.oldPaths == ["/hello-ghost"])
    }
}
