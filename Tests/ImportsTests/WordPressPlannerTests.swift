import Blog
import Foundation
@testable import Imports
import Testing

@Suite struct WordPressPlannerTests {
    static let now = ISODate.parse("2026-12-01T00:00:00Z")!

    func planFixture() throws -> ImportPlan {
        WordPressPlanner(now: Self.now).plan(try WXRReader().read(path: WXRReaderTests.fixture))
    }

    @Test func postsPagesAndDraftsBecomeArticlesWithTheirFields() throws {
        let plan = try planFixture()
        #expect(plan.articles.map(\.input.slug) == ["suesser-duft", "impressum", "half-a-thought"])
        let post = plan.articles[0]
        #expect(post.sourceID == "12" && post.input.kind == .article && !post.input.draft && post.input.commentsOpen)
        #expect(post.input.title == "Süßer Duft & große Geduld" && post.input.author == "Lena Hart")
        #expect(post.input.publishedAt == ISODate.parse("2025-02-11T09:30:00Z") && post.input.updatedAt == ISODate.parse("2025-02-12T08:00:00Z"))
        #expect(post.input.tags == ["Baking", "Sourdough"] && post.input.summary == "On patience.")
        #expect(post.image == PlannedImage(sourceURL: "https://lena.example/wp-content/uploads/2025/02/loaf.jpg",
                                           alt: "A round loaf on a wooden board", caption: "The loaf, on a board"))
        #expect(post.oldPaths == ["/2025/02/11/suesser-duft/", "/?p=12"])
        #expect(post.html.contains("<!-- wp:paragraph -->"), "the source's HTML, made safe when applied")
        let page = plan.articles[1]
        #expect(page.input.kind == .page && page.input.navOrder == 3 && !page.input.commentsOpen && page.input.tags.isEmpty)
        #expect(page.oldPaths == ["/impressum/", "/?page_id=2"])
        let draft = plan.articles[2]
        #expect(draft.input.draft && draft.input.publishedAt == Self.now, "never dated: now")
        #expect(draft.oldPaths == ["/?p=20"])
    }

    @Test func commentsKeepTheirThreadsAndStatusesAndPingbacksAreCounted() throws {
        let post = try planFixture().articles[0]
        #expect(post.comments.map(\.sourceID) == ["101", "102", "103", "105", "106", "107"])
        #expect(post.comments.map(\.status) == [.approved, .approved, .spam, .pending, .approved, .approved])
        #expect(post.comments[4].parentSourceID == "107", "a reply listed before the comment it answers keeps its place")
        #expect(post.comments[1].parentSourceID == "101" && post.comments[0].parentSourceID == nil)
        #expect(post.comments[0].email == "grace@example.com" && post.comments[0].website == "https://grace.example")
        #expect(post.comments[0].createdAt == ISODate.parse("2025-02-11T12:00:00Z"))
    }

    @Test func theReportCountsEveryKindAndNamesWhatIsLeftOut() throws {
        let report = try planFixture().report
        #expect(report.posts == [.published: 1, .draft: 1] && report.pages == [.published: 1])
        #expect(report.comments == [.approved: 4, .spam: 1, .pending: 1] && report.pingbacks == 1)
        // 2 + 2 + 1 for the items, the two feeds, a category, a tag and an author.
        #expect(report.tags == 2 && report.images == 1 && report.redirects == 10)
        #expect(report.skipped.isEmpty)
    }

    @Test func theSitesOwnAddressesLeadToTagsFeedsAndHome() throws {
        let redirects = try planFixture().redirects
        #expect(redirects == [
            PlannedRedirect(oldPath: "/feed/", destination: .feed), PlannedRedirect(oldPath: "/comments/feed/", destination: .feed),
            PlannedRedirect(oldPath: "/category/baking/", destination: .tag(name: "Baking")),
            PlannedRedirect(oldPath: "/tag/sourdough/", destination: .tag(name: "Sourdough")),
            PlannedRedirect(oldPath: "/author/lena/", destination: .home),
        ])
    }

    @Test func statusesTrashOtherTypesAndCollidingSlugsFollowTheTable() {
        func item(_ id: Int, _ type: String = "post", status: String = "publish", name: String = "same", date: String = "") -> WXRItem {
            var item = WXRItem()
            (item.id, item.type, item.status, item.name, item.title, item.dateGMT) = (id, type, status, name, "Title \(id)", date)
            return item
        }
        var export = WXRExport()
        export.items = [item(1), item(2), item(3, status: "trash"), item(4, "nav_menu_item"), item(5, status: "future", date: "2027-01-01 09:00:00"),
                        item(6, status: "private", name: "")]
        var trashed = WXRComment()
        (trashed.id, trashed.approved) = (9, "trash")
        var reply = WXRComment()
        (reply.id, reply.parentID, reply.approved) = (10, 9, "1")
        export.items[0].comments = [trashed, reply]
        let plan = WordPressPlanner(now: Self.now).plan(export)
        #expect(plan.articles.map(\.input.slug) == ["same", "same-2", "same-3", "title-6"])
        #expect(plan.report.posts == [.published: 2, .scheduled: 1, .draft: 1])
        #expect(plan.report.skipped == [.init(source: "comment 9 on post 1", reason: "status trash"),
                                        .init(source: "post 3", reason: "status trash"),
                                        .init(source: "nav_menu_item 4", reason: "type nav_menu_item is not imported")])
        #expect(plan.articles[0].comments.map(\.parentSourceID) == [nil], "a reply to a comment left out starts a thread")
    }

    @Test func aPostThatNeededAPasswordStaysADraft() {
        var item = WXRItem()
        (item.id, item.type, item.status, item.name, item.title, item.password) = (5, "post", "publish", "secret", "Secret", "hunter2")
        var export = WXRExport()
        export.items = [item]
        let plan = WordPressPlanner(now: Self.now).plan(export)
        #expect(plan.articles[0].input.draft && plan.report.posts == [.draft: 1])
        #expect(plan.report.notes == ["post 5 (secret) needed a password to read: imported as a draft"])
    }

    @Test func summariesAreTheExcerptsWordsOnOneLine() {
        #expect(ImportPlan.summary("<p>On <b>patience</b>\n and  bread.</p>") == "On patience and bread.")
        #expect(ImportPlan.summary(String(repeating: "<", count: 20)) == String(repeating: "<", count: 20))
        #expect(ImportPlan.summary("<p> </p>") == nil)
    }
}
