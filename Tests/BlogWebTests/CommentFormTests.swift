import Foundation
import HTTPServer
import HTTPTestSupport
import Site
import SiteTestSupport
import Testing

@Suite struct CommentFormTests {
    func site(moderation: String = "none", configure: (inout SiteOptions) -> Void = { _ in }) throws -> TestSite {
        let site = try TestSite {
            $0.comments.moderation = .init(rawValue: moderation)!
            configure(&$0)
        }
        try site.addArticle(slug: "post", title: "Post")
        return site
    }

    let valid = [("name", "Ada Lovelace"), ("email", "ada@example.com"), ("website", "https://ada.example"),
                 ("body", "Hello there.\n\nSecond paragraph with https://example.org/x.")]

    @Test func validCommentRedirectsToItsAnchorAndIsShownEscaped() throws {
        let site = try site()
        let response = site.postForm("/articles/post/comments", valid)
        #expect(response.status == .seeOther)
        let location = try #require(response.headers["Location"])
        #expect(location.hasPrefix("/articles/post#comment-"))
        let html = site.get("/articles/post").text
        #expect(html.contains("id=\"\(location.split(separator: "#")[1])\""))
        #expect(html.contains("Ada Lovelace"))
        #expect(html.contains("<a href=\"https://ada.example\" rel=\"nofollow ugc noopener\">"))
        #expect(html.contains("<p>Hello there.</p>"))
        #expect(html.contains("<a href=\"https://example.org/x\" rel=\"nofollow ugc noopener\">https://example.org/x</a>."))
        #expect(!html.contains("ada@example.com"))
        #expect(html.contains("1 comment"))
    }

    @Test func emptyFormAnswers422WithEveryErrorAndAlertSummary() throws {
        let site = try site()
        let response = site.postForm("/articles/post/comments", [("name", ""), ("email", ""), ("body", ""), ("website", "")])
        #expect(response.status == .unprocessableContent)
        let html = response.text
        #expect(html.contains("role=\"alert\""))
        #expect(html.contains("href=\"#comment-name\"") && html.contains("href=\"#comment-email\"") && html.contains("href=\"#comment-body\""))
        #expect(html.components(separatedBy: "aria-invalid=\"true\"").count - 1 == 3)
        #expect(html.contains("Enter your name.") && html.contains("Enter your email address.") && html.contains("Write a comment."))
        #expect(response.headers["Cache-Control"] == "no-store")
    }

    @Test func invalidValuesAreKeptAndEscapedInThe422Page() throws {
        let site = try site()
        let response = site.postForm("/articles/post/comments", [
            ("name", "\"><svg onload=alert(1)>"), ("email", "a@@b.c"), ("website", "javascript:alert(1)"),
            ("body", "<img src=x onerror=alert(1)>"),
        ])
        #expect(response.status == .unprocessableContent)
        let html = response.text
        #expect(html.contains("&quot;&gt;&lt;svg onload=alert(1)&gt;"))
        #expect(!html.contains("<svg onload"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("value=\"a@@b.c\""))
        #expect(html.contains("Enter an email address in the form name@example.com."))
        #expect(html.contains("starts with http:// or https://"))
    }

    @Test func pendingCommentRedirectsToTheModerationNotice() throws {
        let site = try site(moderation: "first-time")
        let response = site.postForm("/articles/post/comments", valid)
        #expect(response.status == .seeOther)
        let location = try #require(response.headers["Location"])
        #expect(location == "/articles/post?comment=pending#comment-notice")
        let page = site.get(location.components(separatedBy: "#")[0]).text
        #expect(page.contains("awaiting moderation"))
        #expect(!site.get("/articles/post").text.contains("Ada Lovelace"))
    }

    @Test func honeypotLooksLikeSuccessButIsNeverShown() throws {
        let site = try site()
        let response = site.postForm("/articles/post/comments", valid + [("homepage", "http://spam.example")])
        #expect(response.status == .seeOther)
        #expect(!site.get("/articles/post").text.contains("Ada Lovelace"))
    }

    @Test func duplicateRateLimitClosedAndUnknown() throws {
        let site = try site { $0.comments.perMinute = 3 }
        #expect(site.postForm("/articles/post/comments", valid).status == .seeOther)
        let duplicate = site.postForm("/articles/post/comments", valid)
        #expect(duplicate.status == .conflict)
        #expect(duplicate.text.contains("already posted"))
        #expect(site.postForm("/articles/post/comments", [("name", "B"), ("email", "b@example.com"), ("body", "two")]).status == .seeOther)
        // The refused duplicate counted too (issue #13): three attempts used up the limit of three.
        let limited = site.postForm("/articles/post/comments", [("name", "B"), ("email", "b@example.com"), ("body", "three")])
        #expect(limited.status == .tooManyRequests)
        #expect(Int(limited.headers["Retry-After"] ?? "") != nil)
        // Another client is not limited.
        #expect(site.postForm("/articles/post/comments", [("name", "C"), ("email", "c@example.com"), ("body", "hi")],
                              remoteAddress: "192.0.2.99").status == .seeOther)
        #expect(site.postForm("/articles/nope/comments", valid, remoteAddress: "192.0.2.77").status == .notFound)

        try site.addArticle(slug: "closed", extra: "comments: closed\n")
        let closed = site.postForm("/articles/closed/comments", valid, remoteAddress: "192.0.2.78")
        #expect(closed.status == .forbidden)
        let page = site.get("/articles/closed").text
        #expect(!page.contains("id=\"comment-form\"") && page.contains("Comments are closed"))
    }

    /// Issue #13: the largest valid comment fits the route's body limit in any script (7,500
    /// CJK characters are 67 KB percent-encoded), and a refused body names its problem in words.
    @Test func longNonLatinCommentsFitAndInvalidBodiesAreExplained() throws {
        let site = try site()
        let cjk = String(repeating: "\u{6F22}", count: 7_500)
        let form = site.postForm("/articles/post/comments", [("name", "Li"), ("email", "li@example.com"), ("body", cjk)])
        #expect(form.status == .seeOther)
        let astral = String(repeating: "\u{1F600}", count: 10_000)
        let escaped = astral.unicodeScalars.map { _ in "\\ud83d\\ude00" }.joined()
        let json = site.postJSON("/api/articles/post/comments", #"{"name":"Li","email":"li@example.com","body":"\#(escaped)"}"#)
        #expect(json.status == .created, "\(json.status) for \(escaped.utf8.count) bytes of JSON")
        let bell = site.postForm("/articles/post/comments", [("name", "Bo"), ("email", "bo@example.com"), ("body", "bell\u{7}")])
        #expect(bell.status == .unprocessableContent)
        #expect(bell.text.contains("Your comment contains characters that cannot be used") && !bell.text.contains("errBodyInvalid"))
    }

    @Test func wrongContentTypeAndCrossSitePostsAreRefused() throws {
        let site = try site()
        let json = site.postJSON("/articles/post/comments", "{}")
        #expect(json.status == .unsupportedMediaType)
        let crossSite = site.postForm("/articles/post/comments", valid, headers: [("Origin", "https://evil.example")])
        #expect(crossSite.status == .forbidden)
        // The scheme counts too (issue #13): the site is http://blog.test here.
        #expect(site.postForm("/articles/post/comments", valid, headers: [("Origin", "https://blog.test")]).status == .forbidden)
        #expect(site.postForm("/articles/post/comments", valid, headers: [("Origin", "null")]).status == .forbidden)
        let sameSite = site.postForm("/articles/post/comments", valid, headers: [("Origin", "http://blog.test")])
        #expect(sameSite.status == .seeOther)
    }

    @Test func repliesNestUpToMaxDepthWithoutReplyLinkAtTheBottom() throws {
        let site = try site { $0.comments.maxDepth = 2 }
        let first = site.postForm("/articles/post/comments", valid)
        let firstID = try #require(first.headers["Location"]?.split(separator: "-").last.map(String.init))
        let reply = site.postForm("/articles/post/comments", [("name", "Bob"), ("email", "bob@example.com"), ("body", "A reply"),
                                                               ("parent_id", firstID)])
        #expect(reply.status == .seeOther)
        let replyID = try #require(reply.headers["Location"]?.split(separator: "-").last.map(String.init))
        let html = site.get("/articles/post").text
        #expect(html.contains("?replyto=\(firstID)#respond"))
        #expect(!html.contains("?replyto=\(replyID)#respond"))
        let tooDeep = site.postForm("/articles/post/comments", [("name", "Cy"), ("email", "cy@example.com"), ("body", "deep"),
                                                                 ("parent_id", replyID)])
        #expect(tooDeep.status == .unprocessableContent)
        #expect(tooDeep.text.contains("comment-parent-error"))
        let replyForm = site.get("/articles/post?replyto=\(firstID)").text
        #expect(replyForm.contains("value=\"\(firstID)\""))
    }
}
