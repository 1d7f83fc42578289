import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

/// An article's comments in pages of whole threads (`comments.perPage`, `?cpage=N`), the
/// permalink that finds a comment's page, and where a reader lands after posting.
@Suite struct CommentPagesTests {
    /// An article `post` with `threads` top-level comments; thread `i` gets `replies[i]` replies
    /// (each answering the one before). Returns the ids, thread by thread.
    func site(perPage: Int = 2, order: String = "oldest", threads: Int, replies: [Int: Int] = [:]) throws
        -> (site: TestSite, ids: [[Int]]) {
        let site = try TestSite {
            $0.comments.perPage = perPage
            $0.comments.order = .init(rawValue: order)!
        }
        try site.addArticle(slug: "post")
        var ids: [[Int]] = []
        for thread in 0..<threads {
            var thread = [try post(site, body: "Thread \(thread)")]
            for reply in 0..<(replies[ids.count] ?? 0) {
                thread.append(try post(site, body: "Reply \(reply) in thread \(ids.count)", parent: thread.last))
            }
            ids.append(thread)
        }
        return (site, ids)
    }

    func post(_ site: TestSite, body: String, parent: Int? = nil) throws -> Int {
        let parentField = parent.map { #","parent_id":\#($0)"# } ?? ""
        let response = site.postJSON("/api/articles/post/comments",
                                     #"{"name":"Reader","email":"reader@example.com","body":"\#(body)"\#(parentField)}"#)
        #expect(response.status == .created)
        return try #require(response.json["id"] as? Int)
    }

    func anchors(_ html: String) -> [Int] {
        html.components(separatedBy: "id=\"comment-").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    @Test func pagesHoldWholeThreadsAndStopAtTheLast() throws {
        let (site, ids) = try site(perPage: 2, threads: 5, replies: [1: 3])
        let first = site.get("/articles/post")
        #expect(first.status == .ok)
        // Replies do not count towards a page: thread 1 and its three replies are all on page 1.
        #expect(anchors(first.text) == ids[0] + ids[1])
        #expect(first.text.contains("Comment page 1 of 3"))
        #expect(first.text.contains("href=\"/articles/post?cpage=2#comments\""))
        #expect(!first.text.contains("rel=\"prev\"><span aria-hidden=\"true\">←</span> Older comments"))
        #expect(first.text.contains("<h2 class=\"comments__heading\" id=\"comments-heading\">8 comments</h2>"))
        // The links come above and below the comments, as two landmarks with different names.
        #expect(first.text.contains("aria-label=\"Comment pages\"") && first.text.contains("aria-label=\"Comment pages, after the comments\""))
        let second = site.get("/articles/post?cpage=2")
        #expect(anchors(second.text) == ids[2] + ids[3])
        #expect(second.text.contains("href=\"/articles/post#comments\"") && second.text.contains("href=\"/articles/post?cpage=3#comments\""))
        #expect(second.text.contains("<link rel=\"canonical\" href=\"http://blog.test/articles/post?cpage=2\">"))
        #expect(second.text.contains("<title>Post – Comment page 2 of 3 – Feder</title>"))
        let third = site.get("/articles/post?cpage=3")
        #expect(anchors(third.text) == ids[4])
        #expect(!third.text.contains("cpage=4"))
        #expect(anchors(site.get("/articles/post?cpage=1").text) == ids[0] + ids[1])
        for bad in ["4", "0", "-1", "abc", "99999999999999999999"] {
            #expect(site.get("/articles/post?cpage=\(bad)").status == .notFound, "cpage=\(bad)")
        }
    }

    @Test func newestOrderStartsWithTheNewestThreadKeepingRepliesInOrder() throws {
        let (site, ids) = try site(perPage: 2, order: "newest", threads: 3, replies: [0: 2])
        #expect(anchors(site.get("/articles/post").text) == ids[2] + ids[1])
        let last = site.get("/articles/post?cpage=2").text
        #expect(anchors(last) == ids[0])
        #expect(last.contains("Newer comments"))
    }

    @Test func aPermalinkRedirectsToThePageAndAnchorOfItsComment() throws {
        let (site, ids) = try site(perPage: 2, threads: 3, replies: [2: 1])
        let reply = site.get("/articles/post/comments/\(ids[2][1])")
        #expect(reply.status == .found)
        #expect(reply.headers["Location"] == "/articles/post?cpage=2#comment-\(ids[2][1])")
        #expect(site.get("/articles/post/comments/\(ids[0][0])").headers["Location"] == "/articles/post#comment-\(ids[0][0])")
        try site.addArticle(slug: "other")
        #expect(site.get("/articles/other/comments/\(ids[0][0])").status == .notFound)
        for bad in ["0", "999999", "abc", "-3"] {
            #expect(site.get("/articles/post/comments/\(bad)").status == .notFound, "\(bad)")
        }
        // Held for moderation: nothing to show yet.
        try site.store.setStatus(.pending, commentID: ids[1][0])
        #expect(site.get("/articles/post/comments/\(ids[1][0])").status == .notFound)
        // Pages move when a thread goes away; the permalink follows.
        #expect(site.get("/articles/post/comments/\(ids[2][1])").headers["Location"] == "/articles/post#comment-\(ids[2][1])")
    }

    @Test func afterPostingTheReaderLandsOnThePageShowingTheComment() throws {
        let (site, ids) = try site(perPage: 2, threads: 3)
        func postForm(_ body: String, parent: Int? = nil) -> HTTPResponse {
            site.postForm("/articles/post/comments", [("name", "Lee"), ("email", "lee@example.com"), ("body", body),
                                                      ("parent_id", parent.map(String.init) ?? "")])
        }
        let top = postForm("A new thread")
        #expect(top.status == .seeOther)
        let location = try #require(top.headers["Location"])
        #expect(location.hasPrefix("/articles/post?cpage=2#comment-"))
        let id = try #require(Int(location.split(separator: "-").last ?? ""))
        #expect(anchors(site.get("/articles/post?cpage=2").text).contains(id))
        let reply = postForm("An answer", parent: ids[0][0])
        #expect(reply.headers["Location"]?.hasPrefix("/articles/post#comment-") == true)
        // Held for moderation: the notice, not a page.
        let held = try TestSite { $0.comments.moderation = .all; $0.comments.perPage = 2 }
        try held.addArticle(slug: "post")
        let pending = held.postForm("/articles/post/comments", [("name", "Lee"), ("email", "lee@example.com"), ("body", "Hi")])
        #expect(pending.headers["Location"] == "/articles/post?comment=pending#comment-notice")
    }

    @Test func replyLinksStayOnTheirPageAndTheFormNamesTheParent() throws {
        let (site, ids) = try site(perPage: 1, threads: 2)
        let second = site.get("/articles/post?cpage=2").text
        let replyURL = "/articles/post?cpage=2&amp;replyto=\(ids[1][0])#respond"
        #expect(second.contains("href=\"\(replyURL)\""))
        let replying = site.get("/articles/post?cpage=2&replyto=\(ids[1][0])").text
        #expect(replying.contains("<strong id=\"reply-name\">Reader</strong>"))
        #expect(replying.contains("id=\"reply-cancel\" href=\"/articles/post?cpage=2#respond\""))
        // A failed reply shows the page of the comment it answers, with the form's errors.
        let failed = site.postForm("/articles/post/comments", [("name", ""), ("email", "x@example.com"), ("body", "Hi"),
                                                               ("parent_id", String(ids[1][0]))])
        #expect(failed.status == .unprocessableContent)
        #expect(anchors(failed.text) == ids[1])
        #expect(failed.text.contains("<strong id=\"reply-name\">Reader</strong>"))
    }

    /// Issue #13: a refused form post costs one comment page, not the whole thread: its 422
    /// shows the page of the comment it answers (or the first), like a GET of that page.
    @Test func aRefusedPostShowsOneCommentPage() throws {
        let (site, ids) = try site(perPage: 2, threads: 5)
        let refused = site.postForm("/articles/post/comments", [("name", ""), ("email", "x@example.com"), ("body", "Hi")])
        #expect(refused.status == .unprocessableContent)
        #expect(anchors(refused.text) == ids[0] + ids[1])
        let reply = site.postForm("/articles/post/comments", [("name", ""), ("email", "x@example.com"), ("body", "Hi"),
                                                               ("parent_id", String(ids[4][0]))])
        #expect(reply.status == .unprocessableContent)
        #expect(anchors(reply.text) == ids[4])
    }

    @Test func everythingOnOnePageWhenPerPageIsZero() throws {
        let (site, ids) = try site(perPage: 0, threads: 4)
        let page = site.get("/articles/post").text
        #expect(anchors(page) == ids.flatMap { $0 })
        #expect(!page.contains("Comment page"))
        #expect(site.get("/articles/post?cpage=2").status == .notFound)
        let created = site.postJSON("/api/articles/post/comments", #"{"name":"A","email":"a@example.com","body":"x"}"#)
        let id = try #require(created.json["id"] as? Int)
        #expect(created.headers["Location"] == "/articles/post#comment-\(id)")
    }

    @Test func eachPageIsCachedAndANewCommentShowsOnItsPage() throws {
        let (site, ids) = try site(perPage: 1, threads: 2)
        let second = site.get("/articles/post?cpage=2")
        let etag = try #require(second.headers["ETag"])
        #expect(site.get("/articles/post?cpage=2", headers: [("If-None-Match", etag)]).status == .notModified)
        let reply = try post(site, body: "late reply", parent: ids[1][0])
        let again = site.get("/articles/post?cpage=2")
        #expect(anchors(again.text) == ids[1] + [reply])
        #expect(again.headers["ETag"] != etag)
    }

    @Test func theAPIPagesCommentsInThreadOrderWithLinks() throws {
        let (site, ids) = try site(threads: 3, replies: [0: 1])
        let first = site.get("/api/articles/post/comments?per_page=3")
        #expect(first.status == .ok)
        let json = first.json
        #expect((json["comments"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [ids[0][0], ids[0][1], ids[1][0]])
        #expect(json["total"] as? Int == 4 && json["total_pages"] as? Int == 2 && json["page"] as? Int == 1 && json["per_page"] as? Int == 3)
        #expect(first.headers["Link"] == "<http://blog.test/api/articles/post/comments?page=2&per_page=3>; rel=\"next\"")
        let second = site.get("/api/articles/post/comments?page=2&per_page=3")
        #expect((second.json["comments"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [ids[2][0]])
        #expect(second.headers["Link"] == "<http://blog.test/api/articles/post/comments?page=1&per_page=3>; rel=\"prev\"")
        #expect(site.get("/api/articles/post/comments?page=9").json["comments"] as? [Any] != nil)
        #expect(site.get("/api/articles/post/comments?per_page=500").json["per_page"] as? Int == 100)
        #expect(site.get("/api/articles/post/comments").json["per_page"] as? Int == 50)
        for bad in ["page=0", "page=x", "per_page=0", "per_page=-1"] {
            #expect(site.get("/api/articles/post/comments?\(bad)").status == .badRequest, "\(bad)")
        }
        let comment = try #require((first.json["comments"] as? [[String: Any]])?.first)
        #expect(comment["url"] as? String == "http://blog.test/articles/post/comments/\(ids[0][0])")
    }

    @Test func theCommentFeedCarriesTheNewestFiftyWithPermalinks() throws {
        let (site, ids) = try site(threads: 55)
        let feed = site.get("/articles/post/comments.xml").text
        #expect(feed.components(separatedBy: "<entry>").count - 1 == 50)
        let newest = try #require(ids.last?.first)
        #expect(feed.contains("href=\"http://blog.test/articles/post/comments/\(newest)\""))
        #expect(!feed.contains("/comments/\(ids[4][0])\""))
        #expect(feed.contains("55 comments"))
    }
}
