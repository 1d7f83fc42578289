@testable import Imports
import Testing

@Suite struct WordPressContentTests {
    @Test func gutenbergPostsLoseTheirMarkersAndScriptsAndGainFigures() throws {
        let post = try WXRReader().read(path: WXRReaderTests.fixture).items[0]
        let (html, shortcodes) = WordPressContent.html(from: post.content)
        #expect(!html.contains("wp:paragraph") && !html.contains("<script") && !html.contains("alert"))
        #expect(html.contains("<p>The dough rose overnight.</p>"))
        #expect(html.contains("<figure><img src=\"https://lena.example/wp-content/uploads/2025/02/loaf.jpg\" alt=\"A loaf\"><figcaption>The loaf</figcaption></figure>"))
        #expect(shortcodes.isEmpty, "a caption is no leftover shortcode")
    }

    @Test func classicContentGetsParagraphsAndBreaks() {
        let (html, _) = WordPressContent.html(from: "Lena Hart\nMusterstraße 1\n\n10115 Berlin\n\n<ul><li>one</li></ul>")
        #expect(html == "<p>Lena Hart<br>\nMusterstraße 1</p>\n<p>10115 Berlin</p>\n<ul><li>one</li></ul>")
    }

    @Test func otherShortcodesStayAsTextAndAreListed() {
        let (html, shortcodes) = WordPressContent.html(from: "[gallery ids=\"1,2\"] and [contact-form-7 id=\"5\"/] [gallery]")
        #expect(html == "<p>[gallery ids=&quot;1,2&quot;] and [contact-form-7 id=&quot;5&quot;/] [gallery]</p>")
        #expect(shortcodes == ["gallery", "contact-form-7"])
    }

    @Test func anOldCaptionAttributeIsTheCaption() {
        let (html, _) = WordPressContent.html(from: "[caption id=\"a\" caption=\"Old style\"]<img src=\"/a.jpg\" alt=\"A\">[/caption]")
        #expect(html == "<figure><img src=\"/a.jpg\" alt=\"A\"><figcaption>Old style</figcaption></figure>")
    }

    /// Openers without closers cost one pass, not one pass each (a hostile export's trick; a
    /// quadratic scan of this would take minutes, and the suite would time out).
    @Test func unclosedCaptionsAndBracketsAreReadInOnePass() {
        let hostile = String(repeating: "[caption ", count: 50_000) + String(repeating: "[a ", count: 50_000)
        let (html, shortcodes) = WordPressContent.html(from: hostile)
        #expect(html.hasPrefix("<p>[caption [caption") && shortcodes.isEmpty, "no `]` anywhere: no shortcode")
        #expect(WordPressContent.shortcodeNames(in: String(repeating: "[b ", count: 50_000) + "]") == ["b"])
    }
}
