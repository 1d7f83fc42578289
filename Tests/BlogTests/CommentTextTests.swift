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
            _ = try service.submitAndWait(makeDraft(email: "secret.person@example.com", website: "https://me.example", body: "Hello\n\nthere"),
                                   toArticle: "post", clientAddress: "192.0.2.1")
            let rendered = try allThreads(store, articleID: article.id).map(\.comment.html).joined()
            #expect(rendered == "<p>Hello</p>\n<p>there</p>")
            #expect(!rendered.contains("secret.person"))
        }
    }
}

/// The byte-level `CommentText.html` against the first implementation (on Swift `Character`s and
/// Foundation), kept here as the oracle: the same HTML for every text built from the pieces
/// that matter (line endings, Unicode whitespace, URLs, punctuation, markup, combining marks).
@Suite struct CommentTextEquivalenceTests {
    static func oracle(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.allSatisfy(\.isWhitespace) ? "" : String($0) }
            .joined(separator: "\n")
        return normalised.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
            .map { "<p>" + $0.split(separator: "\n", omittingEmptySubsequences: false).map { linkify(String($0)) }.joined(separator: "<br>\n") + "</p>" }
            .joined(separator: "\n")
    }

    static func linkify(_ line: String) -> String {
        var result = ""
        for (index, word) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { result += " " }
            let lower = word.lowercased()
            guard let start = lower.range(of: "https://") ?? lower.range(of: "http://") else {
                result += CommentText.escape(String(word))
                continue
            }
            let offset = lower.distance(from: lower.startIndex, to: start.lowerBound)
            var url = String(word.dropFirst(offset))
            var trailing = ""
            while let last = url.last, ".,;:!?)]}'\"".contains(last) {
                trailing = String(last) + trailing
                url.removeLast()
            }
            guard CommentDraft.isWebURL(url) else {
                result += CommentText.escape(String(word))
                continue
            }
            result += CommentText.escape(String(word.prefix(offset)))
            result += "<a href=\"\(CommentText.escape(url))\" rel=\"nofollow ugc noopener\">\(CommentText.escape(url))</a>"
            result += CommentText.escape(trailing)
        }
        return result
    }

    // No U+200B: Foundation's whitespace set also trims that zero-width space, which is not
    // Unicode White_Space; the new code follows White_Space, as comment validation does.
    static let pieces = ["a", "Wort", " ", "  ", "\n", "\r\n", "\r", "\t", "\u{A0}", "\u{3000}", "\u{2028}", "\u{85}",
                         "https://example.com/x", "HTTP://Example.org", "http://", "https://a.b/c?d=1&e=2", "www.x.y", ".", ",", ")",
                         "!", "'", "\"", "<b>", "&", "é", "e\u{301}", "🙂", "ß", "javascript:alert(1)", "https://x.y/\"a", "(", "ü"]

    @Test func sameHTMLAsTheFirstImplementation() {
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for length in 0..<14 {
            for _ in 0..<(length < 3 ? 200 : 3000) {
                let text = (0..<length).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
                let new = CommentText.html(text), old = Self.oracle(text)
                #expect(new == old, "\(text.debugDescription)")
                if new != old { return }
                checked += 1
            }
        }
        #expect(checked > 30_000)
    }
}
