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
        let desk = try DeskBrowser.signedIn(site, as: .moderator, email: "mod@example.org", name: "Max")

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

    /// A moderator fixes a comment's text: the page shows the new text, marked as edited, and
    /// its cached copy is replaced at once; the form's rules apply; closing the article's
    /// comments takes its form off the page and counts a revision.
    @Test func aModeratorEditsACommentAndClosesTheArticlesComments() throws {
        let site = try TestSite()
        try site.addArticle(slug: "talk", title: "Talk")
        let id = try post(site, "Writer", "writer@example.org", "Teh typo <b>here</b>.")
        let desk = try DeskBrowser.signedIn(site, as: .moderator, email: "mod@example.org", name: "Max")
        #expect(site.get("/articles/talk").text.contains("Teh typo")) // now cached
        #expect(desk.get("/admin/comments?status=approved").text.contains("href=\"/admin/comments/\(id)\""))

        let page = desk.get("/admin/comments/\(id)")
        #expect(page.status == .ok && page.text.contains("writer@example.org") && page.text.contains("Teh typo &lt;b&gt;here&lt;/b&gt;."))
        let csrf = try #require(DeskBrowser.hidden("csrf", in: page.text))
        let empty = desk.post("/admin/comments/\(id)", [("csrf", csrf), ("body", "  ")])
        #expect(empty.status == .unprocessableContent && empty.text.contains("Write something."))
        #expect(desk.post("/admin/comments/\(id)", [("csrf", "forged"), ("body", "Forged.")]).status == .forbidden)
        let saved = desk.post("/admin/comments/\(id)", [("csrf", csrf), ("body", "The typo <b>fixed</b>.")])
        #expect(saved.status == .seeOther && saved.headers["Location"] == "/admin/comments/\(id)?saved=1")
        let article = site.get("/articles/talk").text
        #expect(article.contains("The typo &lt;b&gt;fixed&lt;/b&gt;.") && !article.contains("Teh typo"))
        #expect(article.contains("Edited by a moderator."))
        #expect(site.get("/api/articles/talk/comments").text.contains(#""body_html":"\u003cp\u003eThe typo"#))
        #expect(site.get("/api/articles/talk/comments").text.contains(#""edited_at":"20"#), "the API says so too")
        #expect(try site.store.comment(id: id)?.editedAt != nil)
        #expect(desk.get("/admin/comments/\(id)?saved=1").text.contains("Edited on"))

        #expect(article.contains("name=\"body\"")) // the form is there
        let closed = desk.post("/admin/articles/talk/comments-open", [("csrf", csrf), ("open", "0"), ("return", "/admin/comments/\(id)?saved=1")])
        #expect(closed.status == .seeOther && closed.headers["Location"] == "/admin/comments/\(id)?saved=1")
        #expect(!site.get("/articles/talk").text.contains("name=\"body\""))
        #expect(try site.store.articleForEditing(slug: "talk")?.article.commentsOpen == false)
        #expect(desk.get("/admin/comments/\(id)").text.contains("Comments on “Talk” are closed."))
        #expect(desk.post("/admin/articles/talk/comments-open", [("csrf", csrf), ("open", "1"), ("return", "https://evil.example/")])
                    .headers["Location"] == "/admin/comments")
        #expect(site.get("/articles/talk").text.contains("name=\"body\""))
        #expect(desk.get("/admin/comments/999999").status == .notFound)
    }

    /// Answering a waiting comment from the desk publishes both, the reply under the
    /// account's name with the "Author" badge; at the deepest level the reply joins the thread.
    @Test func aReplyAsTheAuthorIsPublishedWithItsBadge() throws {
        let site = try TestSite {
            $0.comments.moderation = .all
            $0.comments.maxDepth = 2
        }
        try site.addArticle(slug: "talk", title: "Talk")
        let waiting = try post(site, "Asker", "asker@example.org", "Does it work?")
        let spam = try post(site, "Spammer", "spam@example.org", "Buy things.")
        try site.store.setStatus(.spam, commentID: spam)
        let desk = try DeskBrowser.signedIn(site, as: .moderator, email: "mod@example.org", name: "Max Moderator")
        let page = desk.get("/admin/comments/\(waiting)")
        #expect(page.text.contains("the comment you answer is published with it"))
        let csrf = try #require(DeskBrowser.hidden("csrf", in: page.text))

        #expect(desk.post("/admin/comments/\(waiting)/reply", [("csrf", csrf), ("body", "")]).status == .unprocessableContent)
        let replied = desk.post("/admin/comments/\(waiting)/reply", [("csrf", csrf), ("body", "Yes, it does.")])
        #expect(replied.status == .seeOther)
        let location = try #require(replied.headers["Location"])
        #expect(location.hasPrefix("/articles/talk/comments/"))
        let article = site.get("/articles/talk").text
        #expect(article.contains("Does it work?") && article.contains("Yes, it does."))
        #expect(article.contains("Max Moderator") && article.contains("class=\"comment__badge\">Author<"))
        #expect(!article.contains("mod@example.org"))
        #expect(site.get("/api/articles/talk/comments").text.contains(#""by_author":true"#), "the API marks it too")
        let reply = try #require(try site.store.comment(id: Int(location.split(separator: "/").last!)!))
        #expect(reply.byAuthor && reply.parentID == waiting && reply.depth == 2 && reply.status == .approved)

        // Under the deepest comment (depth 2 of 2) a reply joins its parent's replies.
        let deeper = desk.post("/admin/comments/\(reply.id)/reply", [("csrf", csrf), ("body", "And a follow-up.")])
        let follow = try #require(try site.store.comment(id: Int(deeper.headers["Location"]!.split(separator: "/").last!)!))
        #expect(follow.parentID == waiting && follow.depth == 2)

        #expect(desk.post("/admin/comments/\(spam)/reply", [("csrf", csrf), ("body", "No.")]).status == .notFound)
        #expect(!desk.get("/admin/comments/\(spam)").text.contains("Publish the reply"))
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
        let desk = try DeskBrowser.signedIn(site, as: .moderator, email: "mod@example.org", name: "Max")
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
