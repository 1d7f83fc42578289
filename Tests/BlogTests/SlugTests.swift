import Blog
import Testing

@Suite struct SlugTests {
    @Test(arguments: [
        ("Hello World", "hello-world"),
        ("Schöne Grüße aus Köln", "schoene-gruesse-aus-koeln"),
        ("ÄÖÜ äöü ß", "aeoeue-aeoeue-ss"),
        ("Straße", "strasse"),
        ("Café à la crème brûlée", "cafe-a-la-creme-brulee"),
        ("Ærø and Œuvre", "aero-and-oeuvre"),
        ("Hello,   World!!!", "hello-world"),
        ("  --Swift 6: what's new?--  ", "swift-6-what-s-new"),
        ("C++ & Swift", "c-swift"),
        ("2026 in review", "2026-in-review"),
        ("日本語", ""),
        ("", ""),
        ("🪶 Feder 🪶", "feder"),
    ])
    func makesSlugsFromTitles(_ title: String, _ slug: String) {
        #expect(Slug.make(from: title) == slug)
        if !slug.isEmpty { #expect(Slug.isValid(Slug.make(from: title))) }
    }

    @Test func longTitlesAreCutWithoutATrailingHyphen() {
        let slug = Slug.make(from: String(repeating: "abcdefghi ", count: 40))
        #expect(slug.count <= Slug.maxLength)
        #expect(Slug.isValid(slug))
        let exact = Slug.make(from: String(repeating: "a", count: Slug.maxLength - 1) + " b")
        #expect(exact == String(repeating: "a", count: Slug.maxLength - 1))
    }

    @Test(arguments: ["a", "hello-world", "2026", "a-1-b", String(repeating: "a", count: Slug.maxLength)])
    func validSlugs(_ slug: String) {
        #expect(Slug.isValid(slug))
    }

    @Test(arguments: ["", "-a", "a-", "a--b", "Hello", "hello world", "hello_world", "über", "a/b", "a.b", "..",
                      String(repeating: "a", count: Slug.maxLength + 1)])
    func invalidSlugs(_ slug: String) {
        #expect(!Slug.isValid(slug))
    }
}
