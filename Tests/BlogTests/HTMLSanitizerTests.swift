@testable import Blog
import Testing

@Suite struct HTMLSanitizerTests {
    @Test(arguments: [
        // (input, output)
        ("<p>Plain <strong>bold</strong> &amp; <em>fine</em>.</p>", "<p>Plain <strong>bold</strong> &amp; <em>fine</em>.</p>"),
        ("<h1>Title</h1><h3 id=\"x\" class=\"y\">Sub</h3>", "<h2>Title</h2><h3>Sub</h3>"),
        ("<script>alert(1)</script>after", "after"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>ok", "ok"),
        ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
        ("<style>p{}</style><iframe src=\"https://e.example\"></iframe>ok", "ok"),
        ("<img src=x onerror=alert(1)>", "<img src=\"x\">"),
        ("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"jav&#x61;script:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"jav&#09;ascript:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\" java\nscript:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"data:text/html,<script>\">x</a>", "<a>x</a>"),
        ("<a href=\"//evil.example/\">x</a>", "<a>x</a>"),
        ("<a href=\"https://ok.example/?a=1&amp;b=2\" onclick=\"x()\" style=\"color:red\">ok</a>",
         "<a href=\"https://ok.example/?a=1&amp;b=2\">ok</a>"),
        ("<a href=\"/2025/02/relative/\">rel</a> <a href=\"mailto:a@example.org\">m</a>",
         "<a href=\"/2025/02/relative/\">rel</a> <a href=\"mailto:a@example.org\">m</a>"),
        ("<img src=\"mailto:a@example.org\" alt='q\"uote'>", "<img alt=\"q&quot;uote\">"),
        ("<div><span style=\"x\">kept</span></div>", "kept"),
        ("<p>open <em>never closed", "<p>open <em>never closed</em></p>"),
        ("stray</em> close</p>", "stray close"),
        ("<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->", "<p>x</p>"),
        ("a < b and c > d & e", "a &lt; b and c &gt; d &amp; e"),
        ("<p title=\"\"><svg><script>alert(1)</script></svg>ok</p>", "<p>ok</p>"),
        ("<img src=\"https://e.example/a.jpg\" width=\"300\" height=\"10%\">", "<img src=\"https://e.example/a.jpg\" width=\"300\">"),
        ("<table><tr><td colspan=2 onmouseover=x>c</td></tr></table>", "<table><tr><td colspan=\"2\">c</td></tr></table>"),
        ("<p>unterminated <a href=\"x", "<p>unterminated &lt;a href=&quot;x</p>"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<textarea><p>not a tag</p></textarea>after", "after"),
        // Found by a red-team pass: a `<` or `"` behind a prepended or combining mark escaped
        // nothing when compared as a Character (Chromium ran both).
        ("<p>Hi &#x600;&lt;img src=x onerror=alert(1)//&#x600;&gt; there</p>",
         "<p>Hi \u{600}&lt;img src=x onerror=alert(1)//\u{600}&gt; there</p>"),
        ("<p>a&#x600;&lt;textarea &#x600;&gt;</p>", "<p>a\u{600}&lt;textarea \u{600}&gt;</p>"),
        ("<img src=x alt='\"&#x301; onerror=alert(1) '>", "<img src=\"x\" alt=\"&quot;\u{301} onerror=alert(1) \">"),
        ("<a href=\"/\\evil.example/\">x</a><img src=\"/\\e.example/a.png\">", "<a>x</a><img>"),
        ("&#+65; &#x; &#65;", "&amp;#+65; &amp;#x; A"),
    ])
    func allowsProseAndNothingElse(_ input: String, _ expected: String) {
        #expect(HTMLSanitizer.clean(input) == expected)
    }

    /// Tags that never close cost one pass (each `<` scanning to the end again would be
    /// quadratic; the suite would time out).
    /// What the fuzz test's tokenizer reads as a tag, a browser reads as one too only if no
    /// `<` of the output hides in a grapheme cluster: every `<` must begin an allowed tag or
    /// an end tag the sanitizer wrote.
    @Test func everyAngleBracketInTheOutputIsOneTheSanitizerWrote() {
        let output = HTMLSanitizer.clean("x&#x600;&lt;b&#x301;&gt;\u{600}<em>y</em>&#x600;&quot;")
        // (Built outside the macro: a prepended mark before a quote confuses the macro's copy.)
        let expected = "x\u{600}&lt;b\u{301}&gt;\u{600}<em>y</em>\u{600}" + "&quot;"
        #expect(output == expected)
        #expect(output.unicodeScalars.filter { $0 == "<" }.count == 2)
    }

    /// Long runs of attributes or of stray closing tags cost one pass each (both were
    /// quadratic: 45 s for 560 KB of closing tags).
    @Test func floodsOfAttributesAndClosingTagsAreLinear() {
        let attributes = "<p " + (0..<60_000).map { "a\($0) " }.joined() + ">x</p>"
        #expect(HTMLSanitizer.clean(attributes) == "<p>x</p>")
        let closers = String(repeating: "<b>", count: 60_000) + String(repeating: "</i>", count: 60_000)
        #expect(HTMLSanitizer.clean(closers).hasSuffix("</b></b>"))
    }

    @Test func unclosedTagsAreReadInOnePass() {
        let output = HTMLSanitizer.clean(String(repeating: "<a href=\"x ", count: 40_001) + "<b>end")
        #expect(output.hasSuffix("&lt;b&gt;end") && !output.contains("<a"), "an odd quote: the first tag never closes")
        #expect(HTMLSanitizer.clean(String(repeating: "<p ", count: 40_000)).hasPrefix("&lt;p &lt;p"))
    }

    /// Whatever goes in, what comes out reads back (as a browser's tokenizer would) as allowed
    /// elements with allowed, safe attributes only, and cleaning it again changes nothing.
    @Test func nothingDangerousSurvivesAnyMix() {
        let pieces = ["<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>", "\"", "'", "<", ">",
                      "&", "&#", "<!--", "-->", "<svg onload=x>", "<iframe>", "</p>", "<p>", "javascript:", "<style>", "=", " on",
                      "<a href=", "<textarea>", "&#x6a;", "/>", "\u{600}", "\u{301}", "&#x600;", "&#x301;", "&lt;", "&quot;",
                      "<img alt='", "<img alt=\""]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let input = (0..<8).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let output = HTMLSanitizer.clean(input)
            for token in HTMLTokenizer(output) {
                guard case .start(let name, let attributes, _) = token else { continue }
                let allowed = HTMLSanitizer.allowed[name]
                #expect(allowed != nil, "<\(name)> from \(input)")
                for (attribute, value) in attributes {
                    #expect(allowed?.contains(attribute) == true && HTMLSanitizer.safeValue(attribute, value, element: name) == value,
                            "\(attribute)=\(value) from \(input)")
                }
            }
            #expect(HTMLSanitizer.clean(output) == output, "not stable: \(input)")
        }
    }
}

/// Another engine's comment HTML as the plain text Feder keeps (issue #16).
@Suite struct HTMLPlainTextTests {
    @Test(arguments: [
        ("<p>One</p><p>Two<br>lines</p>", "One\n\nTwo\nlines"),
        ("Plain &amp; simple", "Plain & simple"),
        ("See <a href=\"https://x.example/a\">this</a>.", "See this (https://x.example/a)."),
        ("<a href=\"https://x.example/\">https://x.example/</a>", "https://x.example/"),
        ("<a href=\"javascript:alert(1)\">click</a>", "click"),
        ("<script>alert(1)</script>kept", "kept"),
        ("<blockquote><p>quoted</p></blockquote><p>answer</p>", "quoted\n\nanswer"),
        ("a\r\n\r\n\r\nb  \n", "a\n\nb"),
    ])
    func commentHTMLBecomesText(_ input: String, _ expected: String) {
        #expect(HTMLSanitizer.plainText(input) == expected)
    }

    @Test func theTextRendersAsACommentWithItsLinkVisible() {
        let html = CommentText.html(HTMLSanitizer.plainText("See <a href=\"https://x.example/a\">this</a>."))
        #expect(html.contains("this (<a href=\"https://x.example/a\" rel=\"nofollow ugc noopener\">https://x.example/a</a>)."))
    }
}
