@testable import AdminWeb
import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct ModerationQueueTests {
    static let password = "a long and unusual passphrase"

    func post(_ site: TestSite, _ name: String, _ email: String, _ body: String) throws -> Int {
        try site.comments.submitAndWait(CommentDraft(name: name, email: email, body: body), toArticle: "talk",
                                        clientAddress: "198.51.100.\(name.count)").comment.id
    }

    @Test func showsWhyEachCommentWaitsAndModeratesInBulk() throws {
        let site = try TestSite {
            $0.comments.moderation = .firstTime
            $0.comments.maxLinks = 1
        }
        try site.addArticle(slug: "talk", title: "Talk")
        let first = try post(site, "Newcomer", "new@example.org", "Hello there.")
        let linky = try post(site, "Linker", "links@example.org", "See https://a.example and https://b.example")
        let third = try post(site, "Third", "third@example.org", "Also waiting.")
        _ = try site.site.accounts.add(email: "mod@example.org", name: "Max", role: .moderator, password: Self.password)
        let desk = DeskBrowser(site)
        desk.signIn("mod@example.org", Self.password)

        let queue = desk.get("/admin/comments")
        #expect(queue.status == .ok)
        #expect(queue.text.contains("first comment from this address") && queue.text.contains("too many links"))
        #expect(queue.text.contains("no published comment from this address yet"))
        #expect(queue.text.contains("new@example.org")) // moderators see the address
        let csrf = try #require(DeskBrowser.hidden("csrf", in: queue.text))
        #expect(desk.post("/admin/comments/moderate", [("csrf", "forged"), ("action", "approve"), ("id", String(first))]).status
                == .forbidden)
        let approved = desk.post("/admin/comments/moderate", [("csrf", csrf), ("action", "approve"), ("id", String(first)),
                                                              ("id", String(third)), ("return", "/admin/comments")])
        #expect(approved.status == .seeOther && approved.headers["Location"] == "/admin/comments", "\(approved.status) \(approved.text.prefix(3000))")
        let page = site.get("/articles/talk").text
        #expect(page.contains("Hello there.") && page.contains("Also waiting.") && !page.contains("See https://a.example"))

        desk.post("/admin/comments/moderate", [("csrf", csrf), ("action", "spam"), ("id", String(linky))])
        #expect(desk.get("/admin/comments").text.contains("Nothing here."))
        let spam = desk.get("/admin/comments?status=spam").text
        #expect(spam.contains("Linker") && spam.contains("aria-current=\"page\">Spam"))
        let published = desk.get("/admin/comments?status=approved").text
        #expect(published.contains("1 published comment from this address"))
        desk.post("/admin/comments/moderate", [("csrf", csrf), ("action", "delete"), ("id", String(first)), ("id", "999999")])
        #expect(!site.get("/articles/talk").text.contains("Hello there."))
        #expect(desk.post("/admin/comments/moderate", [("csrf", csrf), ("action", "explode"), ("id", String(third))]).status
                == .badRequest)
    }

    @Test func theQueueIsPrivateAndNeedsASession() throws {
        let site = try TestSite()
        let stranger = site.get("/admin/comments?status=spam")
        #expect(stranger.status == .seeOther && stranger.headers["Location"] == "/admin/login?next=%2Fadmin%2Fcomments%3Fstatus%3Dspam")
        #expect(site.get("/admin/comments?status=deleted").status == .notFound)
    }

    @Test func theQueuePagesByKeySoADeepPageCostsWhatTheFirstDoes() throws {
        let site = try TestSite { $0.comments.moderation = .all }
        try site.addArticle(slug: "talk", title: "Talk")
        var ids: [Int] = []
        for index in 0..<55 { ids.append(try post(site, "Reader", "r\(index)@example.org", "Comment number \(index).")) }
        _ = try site.site.accounts.add(email: "mod@example.org", name: "Max", role: .moderator, password: Self.password)
        let desk = DeskBrowser(site)
        desk.signIn("mod@example.org", Self.password)
        let first = desk.get("/admin/comments").text
        #expect(first.contains("Comment number 54.") && !first.contains("Comment number 4.") && first.contains("55 in all"))
        let older = "/admin/comments?before=\(ids[5])"
        #expect(first.contains("href=\"\(older)\""))
        let second = desk.get(older).text
        #expect(second.contains("Comment number 4.") && second.contains("Comment number 0.") && !second.contains("Comment number 5."))
        #expect(second.contains("href=\"/admin/comments\">Newest"))
        #expect(site.get("/admin/comments?before=x").status == .notFound)
    }
}
