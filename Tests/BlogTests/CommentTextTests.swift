@testable import Blog
import Testing

@Suite struct CommentTextTests {
    @Test(arguments: [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
        ("\"><svg onload=alert(1)>", "<p>&quot;&gt;&lt;svg onload=alert(1)&gt;</p>"),
        ("Tom & Jerry's", "<p>Tom &amp; Jerry&#39;s</p>"),
        ("&lt; stays text", "<p>&amp;lt; stays text</p>"),
    ])
    func everythingIsEscaped(_ text: String, _ html: String) {
        #expect(CommentText.html(text) == html)
    }

    @Test func blankLinesMakeParagraphsAndSingleNewlinesBreaks() {
        #expect(CommentText.html("One\ntwo\n\nThree\r\n\r\n\r\nFour\rfive") ==
                "<p>One<br>\ntwo</p>\n<p>Three</p>\n<p>Four<br>\nfive</p>")
        #expect(CommentText.html("\n\n  \n") == "")
    }

    @Test func aLineOfSpacesSeparatesParagraphsToo() {
        #expect(CommentText.html("One\n   \nTwo") == "<p>One</p>\n<p>Two</p>")
    }

    @Test(arguments: [
        ("see https://example.com.", "<p>see <a href=\"https://example.com\" rel=\"nofollow ugc noopener\">https://example.com</a>.</p>"),
        ("(http://example.com/a?b=1&c=2)", "<p>(<a href=\"http://example.com/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">http://example.com/a?b=1&amp;c=2</a>)</p>"),
        ("https://example.com/x, and!", "<p><a href=\"https://example.com/x\" rel=\"nofollow ugc noopener\">https://example.com/x</a>, and!</p>"),
    ])
    func bareURLsBecomeNofollowLinksWithTrailingPunctuationOutside(_ text: String, _ html: String) {
        #expect(CommentText.html(text) == html)
    }

    @Test(arguments: ["javascript:alert(1)", "JAVASCRIPT:alert(document.cookie)", "<a href=\"javascript:alert(1)\">x</a>",
                      "javascript:alert('https://example.com')", "data:text/html,<script>alert(1)</script>",
                      "https://example.com/\"onmouseover=\"alert(1)", "http://<script>"])
    func dangerousTextIsNeverAnActiveLink(_ text: String) {
        let html = CommentText.html(text)
        #expect(!html.contains("href=\"javascript"))
        #expect(!html.contains("href=\"data"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("\"onmouseover"))
    }

    @Test func theStoredEmailNeverAppearsInTheOutput() throws {
        try withStore { store, _ throws in
            let article = try #require(try makeArticles([makeInput("post")], in: store).first)
            let service = makeService(store, makePolicy(.none))
            _ = try service.submit(makeDraft(email: "secret.person@example.com", website: "https://me.example", body: "Hello\n\nthere"),
                                   toArticle: "post", clientAddress: "192.0.2.1")
            let rendered = try store.commentThreads(articleID: article.id).map { CommentText.html($0.comment.body) }.joined()
            #expect(rendered == "<p>Hello</p>\n<p>there</p>")
            #expect(!rendered.contains("secret.person"))
        }
    }
}
