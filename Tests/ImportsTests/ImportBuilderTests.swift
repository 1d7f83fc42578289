import Blog
import Foundation
@testable import Imports
import Testing

/// From a plan to what the store writes (issue #16): final slugs, links rewritten to the new
/// addresses, images found in the uploads folder or reported missing, comments as plain text.
@Suite struct ImportBuilderTests {
    static let source = "wordpress https://lena.example"

    func build(targets: ImportTargets = ImportTargets(slugs: [:], deleted: [], taken: ["archive"]),
               uploads: String? = nil) throws -> ImportBuilder.Output {
        let plan = WordPressPlanner(now: WordPressPlannerTests.now).plan(try WXRReader().read(path: WXRReaderTests.fixture))
        return ImportBuilder(source: Self.source, siteURL: "https://lena.example", targets: targets, uploads: uploads,
                             mediaRoot: "/srv/feder/media").build(plan)
    }

    func withUploads<T>(_ files: [String], _ body: (String) throws -> T) throws -> T {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("feder-uploads-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for file in files {
            try FileManager.default.createDirectory(atPath: root + "/" + (file as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data("image".utf8).write(to: URL(fileURLWithPath: root + "/" + file))
        }
        return try body(root)
    }

    @Test func contentIsSafeHTMLInAMarkdownDocumentWithLinksToTheNewAddresses() throws {
        let output = try build()
        let post = try #require(output.batch.articles.first { $0.sourceID == "12" })
        #expect(post.input.markdown.hasPrefix("```{=html}\n") && post.input.markdown.hasSuffix("\n```\n"))
        let html = Markdown.html(from: post.input.markdown)
        #expect(html.contains("<p>The dough rose overnight.</p>") && html.contains("<figure>") && !html.contains("script"))
        #expect(!html.contains("wp:paragraph"), "Gutenberg's block markers go")
        let page = try #require(output.batch.articles.first { $0.sourceID == "2" })
        let pageHTML = Markdown.html(from: page.input.markdown)
        #expect(pageHTML.contains("<a href=\"/articles/suesser-duft#comments\">the bread</a>"), "\(pageHTML)")
        #expect(pageHTML.contains("<a href=\"/?p=20\">a draft</a>"), "a link to a draft keeps its old address: no slug told")
        #expect(pageHTML.contains("[gallery ids=&quot;13&quot;]") && output.report.shortcodes == ["gallery": 1])
        #expect(post.oldPaths == ["/2025/02/11/suesser-duft", "/?p=12"] && page.oldPaths == ["/impressum", "/?page_id=2"])
        #expect(output.batch.pathRedirects.contains(PathRedirect(from: "/category/baking", to: "/tags/baking")))
        #expect(output.batch.pathRedirects.contains(PathRedirect(from: "/feed", to: "/feed.xml")))
        #expect(output.batch.pathRedirects.contains(PathRedirect(from: "/author/lena", to: "/")))
    }

    @Test func slugsAreTheOnesHereOrNumberedWhenTaken() throws {
        let fresh = try build(targets: ImportTargets(slugs: [:], deleted: [], taken: ["suesser-duft"]))
        #expect(fresh.batch.articles.map(\.input.slug) == ["suesser-duft-2", "impressum", "half-a-thought"])
        let page = Markdown.html(from: try #require(fresh.batch.articles.first { $0.sourceID == "2" }).input.markdown)
        #expect(page.contains("/articles/suesser-duft-2#comments"), "links follow the slug chosen")
        let again = try build(targets: ImportTargets(slugs: ["12": "renamed-here"], deleted: ["20"], taken: ["renamed-here"]))
        #expect(again.batch.articles.map(\.input.slug) == ["renamed-here", "impressum"])
        #expect(again.report.skipped.contains(.init(source: "item 20", reason: "deleted here after an earlier import")))
    }

    @Test func imagesInTheUploadsFolderAreCopiedAndTheRestReported() throws {
        let without = try build()
        let post = try #require(without.batch.articles.first)
        #expect(post.input.image?.url == "https://lena.example/wp-content/uploads/2025/02/loaf.jpg")
        #expect(without.report.missingImages == ["https://lena.example/wp-content/uploads/2025/02/loaf.jpg"])
        #expect(without.copies.isEmpty)
        try withUploads(["2025/02/loaf.jpg"]) { uploads in
            let with = try build(uploads: uploads)
            let post = try #require(with.batch.articles.first)
            #expect(post.input.image == ArticleImage(url: "/media/2025/02/loaf.jpg", alt: "A round loaf on a wooden board",
                                                     credit: "The loaf, on a board"))
            #expect(Markdown.html(from: post.input.markdown).contains("<img src=\"/media/2025/02/loaf.jpg\""))
            #expect(with.copies == [.init(from: uploads + "/2025/02/loaf.jpg", to: "/srv/feder/media/2025/02/loaf.jpg")])
            #expect(with.report.missingImages.isEmpty)
        }
    }

    @Test func theMediaFinderTakesOnlyImagesUnderTheUploadsFolder() throws {
        try withUploads(["a/.hidden.jpg", "a/x.svg", "a/ok.png"]) { uploads in
            var finder = MediaFinder(oldSite: OldSite(url: "https://lena.example"), uploads: uploads, mediaRoot: "/m")
            #expect(finder.newAddress(of: "https://lena.example/wp-content/uploads/a/ok.png") == "/media/a/ok.png")
            #expect(finder.newAddress(of: "/wp-content/uploads/a/ok.png") == "/media/a/ok.png", "site-relative")
            #expect(finder.newAddress(of: "https://lena.example/wp-content/uploads/a/x.svg") == nil, "no SVG: it can carry script")
            #expect(finder.newAddress(of: "https://lena.example/wp-content/uploads/a/.hidden.jpg") == nil)
            #expect(finder.newAddress(of: "https://lena.example/wp-content/uploads/../../etc/passwd.png") == nil)
            #expect(finder.newAddress(of: "https://lena.example/wp-content/uploads/a/%2e%2e/ok.png") == nil)
            #expect(finder.newAddress(of: "https://elsewhere.example/wp-content/uploads/a/ok.png") == nil)
            #expect(finder.copies.count == 1, "each file is copied once")
        }
    }

    @Test func commentsArePlainTextAndThreadsSurviveTheOrder() throws {
        let post = try #require(try build().batch.articles.first)
        let comments = Dictionary(uniqueKeysWithValues: post.comments.map { ($0.sourceID, $0) })
        #expect(comments["102"]?.body == "Twelve hours & a cold night." && comments["102"]?.parentSourceID == "101")
        #expect(comments["106"]?.body == "Listed before the comment it answers; see the imprint (https://lena.example/impressum/).\n\nSecond paragraph.")
        #expect(comments["106"]?.parentSourceID == "107" && comments["105"]?.status == .pending)
        #expect(comments["101"]?.email == "grace@example.com" && comments["101"]?.website == "https://grace.example")
    }

    @Test func addressesOnlyAReaderShouldFollowAreKept() throws {
        var plan = WordPressPlanner(now: WordPressPlannerTests.now).plan(try WXRReader().read(path: WXRReaderTests.fixture))
        plan.articles[0].comments[0].website = "javascript:alert(document.domain)"
        plan.articles[0].comments[1].website = "https://user:pass@evil.example"
        plan.articles[0].comments[2].website = "https://fine.example/"
        plan.articles[0].image?.sourceURL = "javascript:alert('img')"
        let output = ImportBuilder(source: Self.source, siteURL: "https://lena.example", targets: ImportTargets(slugs: [:], deleted: [], taken: []),
                                   uploads: nil, mediaRoot: "/m").build(plan)
        let post = try #require(output.batch.articles.first)
        #expect(post.comments.prefix(3).map(\.website) == [nil, nil, "https://fine.example/"])
        #expect(post.input.image == nil && output.report.skipped.contains { $0.source == "image of item 12" })
    }

    @Test func uploadsCannotReachOutsideTheirFolder() throws {
        try withUploads(["2025/a.png"]) { uploads in
            let outside = uploads + "-outside"
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: outside) }
            try Data("secret".utf8).write(to: URL(fileURLWithPath: outside + "/private.jpg"))
            try FileManager.default.createSymbolicLink(atPath: uploads + "/2025/escape", withDestinationPath: outside)
            var finder = MediaFinder(oldSite: OldSite(url: "https://lena.example"), uploads: uploads, mediaRoot: "/m")
            let base = "https://lena.example/wp-content/uploads/"
            #expect(finder.newAddress(of: base + "2025%2F..%2F..%2Fa.png") == nil, "an encoded slash is no separator")
            #expect(finder.newAddress(of: base + "2025/escape/private.jpg") == nil, "a link out of the folder is not followed")
            #expect(finder.newAddress(of: base + "2025/a.png") == "/media/2025/a.png")
            #expect(finder.copies.map(\.from) == [URL(fileURLWithPath: uploads + "/2025/a.png").resolvingSymlinksInPath().path])
        }
    }
}
