@testable import Blog
import Testing

@Suite struct MarkdownTests {
    @Test func rawHTMLIsDropped() {
        let html = Markdown.html(from: "Hi <script>alert(1)</script> there\n\n<script>\nalert(2)\n</script>\n\n<img src=x onerror=alert(3)>\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("onerror"))
        #expect(html.contains("Hi"))
    }

    @Test(arguments: ["[click](javascript:alert(1))", "[click](JavaScript:alert(1))", "[click](vbscript:msgbox)",
                      "![img](javascript:alert(1))", "<javascript:alert(1)>"])
    func dangerousLinksAreRemoved(_ markdown: String) {
        let html = Markdown.html(from: markdown).lowercased()
        #expect(!html.contains("href=\"javascript:"))
        #expect(!html.contains("src=\"javascript:"))
        #expect(!html.contains("href=\"vbscript:"))
    }

    @Test func gitHubExtensionsAreOn() {
        let table = Markdown.html(from: "| a | b |\n|---|---|\n| 1 | 2 |\n")
        #expect(table.contains("<table>"))
        #expect(table.contains("<td>1</td>"))
        #expect(Markdown.html(from: "~~gone~~").contains("<del>gone</del>"))
        #expect(Markdown.html(from: "See https://example.com/a?b=1 now").contains("<a href=\"https://example.com/a?b=1\">"))
        #expect(Markdown.html(from: "See www.example.com now").contains("<a href=\"http://www.example.com\">"))
    }

    @Test func ordinaryMarkdownRenders() {
        let html = Markdown.html(from: "## Sub\n\n> quoted\n\n[link](https://example.com \"t\") and `<code>`\n")
        #expect(html.contains("<h2>Sub</h2>"))
        #expect(html.contains("<blockquote>"))
        #expect(html.contains("<a href=\"https://example.com\" title=\"t\">link</a>"))
        #expect(html.contains("<code>&lt;code&gt;</code>"))
    }

    @Test func plainTextDropsTagsAndDecodesEntities() {
        let html = Markdown.html(from: "# Title\n\nFish &amp; chips, `a < b` and \"quotes\".\n")
        #expect(Markdown.plainText(fromHTML: html) == "Title Fish & chips, a < b and \"quotes\".")
    }

    /// A tag behind a prepended mark is still a tag (it was kept as text when read as Characters).
    @Test func plainTextDropsTagsBehindPrependedMarks() {
        #expect(Markdown.plainText(fromHTML: "<p>a\u{600}<em>b</em></p>") == "a\u{600} b")
    }
}

/// HTML that came from another engine, kept in the Markdown source as a `{=html}` block
/// (issue #16): rendered through the sanitizer, never as it is written.
@Suite struct MarkdownRawHTMLTests {
    @Test func aRawHTMLBlockIsRenderedSanitized() {
        let markdown = "Before.\n\n" + Markdown.rawHTMLBlock(
            "<figure><img src=\"/media/a.jpg\" alt=\"A\" onerror=\"x()\"><figcaption>Cap</figcaption></figure><script>alert(1)</script>"
        ) + "\nAfter *this*.\n"
        let html = Markdown.html(from: markdown)
        #expect(html.contains("<p>Before.</p>") && html.contains("<p>After <em>this</em>.</p>"))
        #expect(html.contains("<figure><img src=\"/media/a.jpg\" alt=\"A\"><figcaption>Cap</figcaption></figure>"))
        #expect(!html.contains("script") && !html.contains("onerror") && !html.contains("<pre>"))
    }

    @Test func backticksInsideCannotCloseTheBlockEarly() {
        let inner = "<pre><code>```\n````\nstill code</code></pre><p>end</p>"
        let block = Markdown.rawHTMLBlock(inner)
        #expect(block.hasPrefix("`````{=html}\n"))
        let html = Markdown.html(from: block)
        #expect(html.contains("still code") && html.hasSuffix("<p>end</p>\n") || html.contains("<p>end</p>"))
        #expect(!html.contains("{=html}"))
    }

    @Test func otherFencedBlocksStayCode() {
        let html = Markdown.html(from: "```html\n<script>alert(1)</script>\n```\n")
        #expect(html.contains("<pre><code class=\"language-html\">&lt;script&gt;"))
    }

    @Test func thePlainTextOfARawBlockIsItsWords() {
        let html = Markdown.html(from: Markdown.rawHTMLBlock("<p>Süß &amp; <b>fein</b></p>\n<p>two</p>"))
        #expect(Markdown.plainText(fromHTML: html) == "Süß & fein two")
    }
}
