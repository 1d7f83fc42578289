import Blog
@testable import FederApp
import FederTestSupport
import Foundation
import HTTPServer
import Testing

/// `feder import --from wordpress` on a whole installation (issue #16): the report, the pages
/// readers then see, the old addresses that lead there, the images, and a second run.
@Suite struct SiteImportTests {
    static let fixture = TestInstallation.repositoryRoot + "/Tests/ImportsTests/Fixtures/wordpress-small.xml"
    static let now = ISODate.parse("2026-12-01T00:00:00Z")!

    func uploads(in site: TestInstallation) throws -> String {
        let folder = site.directory + "/uploads"
        try FileManager.default.createDirectory(atPath: folder + "/2025/02", withIntermediateDirectories: true)
        try Data([0xFF, 0xD8, 0xFF, 0xE0]).write(to: URL(fileURLWithPath: folder + "/2025/02/loaf.jpg"))
        return folder
    }

    @Test func aDryRunReportsAndChangesNothing() throws {
        let site = try TestInstallation()
        let outcome = try SiteImport.run(.wordpress, file: Self.fixture, uploads: nil, dryRun: true, app: site.app, now: Self.now)
        let text = outcome.text
        #expect(text.hasPrefix("Dry run: nothing was changed."))
        #expect(text.contains("posts:     1 draft, 1 published") && text.contains("pages:     1 published"))
        #expect(text.contains("comments:  4 approved, 1 pending, 1 spam; 1 pingbacks and trackbacks left out"))
        #expect(text.contains("redirects: 10") && text.contains("[gallery] in 1"))
        #expect(text.contains("https://lena.example/wp-content/uploads/2025/02/loaf.jpg"), "the missing image is named")
        #expect(site.get("/articles/suesser-duft").status == .notFound && site.get("/?p=12").status == .notFound)
        #expect(!FileManager.default.fileExists(atPath: site.directory + "/media"))
    }

    @Test func theImportedSiteIsThereAndItsOldAddressesLeadToIt() throws {
        let site = try TestInstallation()
        let outcome = try SiteImport.run(.wordpress, file: Self.fixture, uploads: try uploads(in: site), dryRun: false,
                                         app: site.app, now: Self.now)
        #expect(outcome.result.articles == [.created: 3] && outcome.result.comments == [.created: 6])
        let article = site.get("/articles/suesser-duft")
        #expect(article.status == .ok)
        #expect(article.text.contains("How long did it rest?") && article.text.contains("Twelve hours &amp; a cold night."))
        #expect(!article.text.contains("Buy now") && !article.text.contains("Waiting to be seen."), "spam and held stay hidden")
        #expect(!article.text.contains("@example.com") && !article.text.contains("alert(\"no\")"))
        #expect(article.text.contains("src=\"/media/2025/02/loaf.jpg\""))
        let image = site.get("/media/2025/02/loaf.jpg")
        #expect(image.status == .ok && image.headers["Content-Type"] == "image/jpeg")
        #expect(image.headers["Content-Security-Policy"] == "default-src 'none'; sandbox")
        #expect(site.get("/impressum").text.contains("<a href=\"/articles/suesser-duft#comments\">the bread</a>"))
        for (old, new) in [("/2025/02/11/suesser-duft/", "/articles/suesser-duft"), ("/?p=12", "/articles/suesser-duft"),
                           ("/impressum/", nil), ("/?page_id=2", "/impressum"), ("/category/baking/", "/tags/baking"),
                           ("/tag/sourdough/", "/tags/sourdough"), ("/feed/", "/feed.xml"), ("/comments/feed/", "/feed.xml"),
                           ("/author/lena/", "/"), ("/wp-content/uploads/2025/02/loaf.jpg", "/media/2025/02/loaf.jpg")] {
            let response = site.get(old)
            if let new {
                #expect(response.status == .movedPermanently && response.headers["Location"] == new, "\(old)")
            } else {
                #expect(response.status == .ok, "\(old) is the page itself")
            }
        }
        #expect(site.get("/?p=20").status == .notFound, "a draft's old address tells nothing")
        #expect(site.get("/?p=999").status == .notFound && site.get("/2099/01/01/nothing/").status == .notFound)
        #expect(site.request("POST", "/?p=12").status != .movedPermanently, "only reads are redirected")
    }

    @Test func aSecondRunChangesNothingAndAddsNothing() throws {
        let site = try TestInstallation()
        let folder = try uploads(in: site)
        _ = try SiteImport.run(.wordpress, file: Self.fixture, uploads: folder, dryRun: false, app: site.app, now: Self.now)
        let again = try SiteImport.run(.wordpress, file: Self.fixture, uploads: folder, dryRun: false, app: site.app, now: Self.now)
        #expect(again.result.articles == [.unchanged: 3] && again.result.comments == [.unchanged: 6])
        #expect(try site.store.redirects().count == 11, "ten old addresses and the copied image's")
    }

    @Test func redirectsAreListedAddedAndRemovedFromTheCommandLine() throws {
        let site = try TestInstallation()
        try site.addArticle(slug: "hello")
        #expect(try Maintenance.listRedirects(app: site.app) == "no redirects\n")
        #expect(try Maintenance.addRedirect(from: "https://old.example/2019/05/hello/", to: "/articles/hello", app: site.app)
            == "/2019/05/hello -> /articles/hello\n")
        #expect(site.get("/2019/05/hello").headers["Location"] == "/articles/hello")
        for bad in ["//evil.example/", "https://evil.example/", "/a b", "/x\\y", "relative"] {
            #expect(throws: ConfigError.self, "\(bad)") { try Maintenance.addRedirect(from: "/old", to: bad, app: site.app) }
        }
        #expect(throws: ConfigError.self) { try Maintenance.addRedirect(from: "/loop/", to: "/loop", app: site.app) }
        #expect(try Maintenance.listRedirects(app: site.app) == "/2019/05/hello -> /articles/hello\n")
        // What `list` prints, `remove` takes back, whatever the old address holds.
        _ = try Maintenance.addRedirect(from: "/what%3F/", to: "/", app: site.app)
        let listed = try Maintenance.listRedirects(app: site.app)
        #expect(listed.contains("/what%3F -> /\n"))
        #expect(try Maintenance.listRedirects(app: site.app, limit: 1).hasSuffix("… and 1 more\n"))
        #expect(try Maintenance.removeRedirect(from: "/what%3F", app: site.app))
        #expect(try Maintenance.removeRedirect(from: "/2019/05/hello/", app: site.app))
        #expect(try !Maintenance.removeRedirect(from: "/2019/05/hello/", app: site.app))
        #expect(site.get("/2019/05/hello").status == .notFound)
    }

    /// What an import wrote is ordinary Markdown: exported and imported into an empty blog, every
    /// article and page comes back the same (comments travel as JSON, which `feder import` does
    /// not read back).
    @Test func anImportedSiteSurvivesExportAndImport() throws {
        let first = try TestInstallation()
        _ = try SiteImport.run(.wordpress, file: Self.fixture, uploads: try uploads(in: first), dryRun: false, app: first.app,
                               now: Self.now)
        let folder = first.directory + "/export"
        #expect(try Maintenance.export(to: folder, app: first.app) == 3)
        let second = try TestInstallation()
        _ = try Maintenance.importFiles([folder], app: second.app)
        let before = try first.store.allArticles(includeDrafts: true), after = try second.store.allArticles(includeDrafts: true)
        #expect(before.map(\.slug) == after.map(\.slug))
        for (a, b) in zip(before, after) {
            #expect(a.title == b.title && a.html == b.html && a.summary == b.summary && a.kind == b.kind && a.navOrder == b.navOrder)
            #expect(a.tags.map(\.slug) == b.tags.map(\.slug) && a.publishedAt == b.publishedAt && a.image == b.image)
            #expect(a.state == b.state && a.commentsOpen == b.commentsOpen, "\(a.slug)")
        }
        #expect(second.get("/impressum").text.contains("<a href=\"/articles/suesser-duft#comments\">the bread</a>"))
    }

    /// `make run`, then `feder import` in another terminal: the running server's cached pages
    /// and navigation follow within its watcher's second (here asked directly).
    @Test func anImportBesideARunningServerShowsOnItsPages() throws {
        let site = try TestInstallation(seedDemoContent: true)
        try site.store.noticeOutsideWrites() // what the watcher records when the server starts
        #expect(!site.get("/").text.contains("Süßer Duft &amp; große") && site.get("/impressum").status == .notFound)
        let otherProcess = try Application(config: site.app.config)
        _ = try SiteImport.run(.wordpress, file: Self.fixture, uploads: nil, dryRun: false, app: otherProcess, now: Self.now)
        #expect(!site.get("/").text.contains("Süßer Duft &amp; große"), "still the cached page: the server's counters did not move")
        #expect(try site.store.noticeOutsideWrites())
        let home = site.get("/").text
        #expect(home.contains("Süßer Duft &amp; große Geduld") && home.contains("href=\"/impressum\""))
        #expect(site.get("/impressum").status == .ok)
    }

    @Test func aGhostSiteMovesInTheSameWay() throws {
        let site = try TestInstallation()
        let file = TestInstallation.repositoryRoot + "/Tests/ImportsTests/Fixtures/ghost-small.json"
        let outcome = try SiteImport.run(.ghost, file: file, uploads: nil, dryRun: false, app: site.app, now: Self.now)
        #expect(outcome.result.articles == [.created: 8] && outcome.text.contains("for paid members only: imported as a draft"))
        #expect(site.get("/hello-ghost/").headers["Location"] == "/articles/hello-ghost")
        #expect(site.get("/tag/sea-life/").headers["Location"] == "/tags/sea-life" && site.get("/rss/").headers["Location"] == "/feed.xml")
        #expect(site.get("/about").status == .ok && site.get("/articles/second-post").text.contains("<h2>From the editor</h2>"))
        #expect(site.get("/articles/for-members").status == .notFound && site.get("/for-members/").status == .notFound)
        let again = try SiteImport.run(.ghost, file: file, uploads: nil, dryRun: false, app: site.app, now: Self.now)
        #expect(again.result.articles == [.unchanged: 8])
    }

    /// Comments from Disqus for a blog that moved from WordPress: matched through the
    /// redirect table (the old permalink) or the link's last segment, threads kept, idempotent.
    @Test func disqusCommentsJoinTheArticlesTheirPagesBecame() throws {
        let site = try TestInstallation()
        _ = try SiteImport.run(.wordpress, file: Self.fixture, uploads: nil, dryRun: false, app: site.app, now: Self.now)
        try site.addArticle(slug: "hello")
        let file = TestInstallation.repositoryRoot + "/Tests/ImportsTests/Fixtures/disqus-small.xml"
        let outcome = try SiteImport.run(.disqus, file: file, uploads: nil, dryRun: false, app: site.app, now: Self.now)
        #expect(outcome.result.comments == [.created: 5])
        #expect(outcome.text.contains("thread 7003 (https://lena.example/gone-for-good/): no article here has that address"))
        let bread = site.get("/articles/suesser-duft").text
        #expect(bread.contains("From Disqus, with love.") && bread.contains("A reply.") && !bread.contains("Removed."))
        #expect(!bread.contains("dora@example.com") && !bread.contains("erik@example.com"))
        #expect(!site.get("/articles/hello").text.contains("Hello to you."), "held on Disqus, held here")
        let again = try SiteImport.run(.disqus, file: file, uploads: nil, dryRun: false, app: site.app, now: Self.now)
        #expect(again.result.comments == [.unchanged: 5])
    }

    @Test func textFromAnExportCannotDriveTheTerminal() {
        #expect(TerminalText.printable("/\u{1B}[31mRED\u{1B}[0m/\r\nfake\u{9B}") == "/\\u{1B}[31mRED\\u{1B}[0m/\\u{D}\\u{A}fake\\u{9B}")
        #expect(TerminalText.printable("/süß -> /articles/x") == "/süß -> /articles/x")
    }

    /// An image already in the media folder under the same name is never replaced (another
    /// site's, or the owner's): the report says so (review finding).
    @Test func anotherFileOfTheSameNameIsKept() throws {
        let site = try TestInstallation()
        let media = site.directory + "/media/2025/02"
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        try Data("the owner's own picture".utf8).write(to: URL(fileURLWithPath: media + "/loaf.jpg"))
        let outcome = try SiteImport.run(.wordpress, file: Self.fixture, uploads: try uploads(in: site), dryRun: false,
                                         app: site.app, now: Self.now)
        #expect(try String(contentsOfFile: media + "/loaf.jpg", encoding: .utf8) == "the owner's own picture")
        #expect(outcome.text.contains("loaf.jpg is another file already: kept it"))
    }
}
