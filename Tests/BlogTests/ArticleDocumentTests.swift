@testable import Blog
import Foundation
import Testing

@Suite struct ArticleDocumentTests {
    /// The field an invalid document is refused for, after checking the `SOURCE: field: problem` form.
    func refusedField(_ text: String) -> String? {
        do {
            _ = try ArticleDocument.parse(text, source: "posts/a.md")
            return nil
        } catch {
            guard case .invalidArticle(let source, let field, let problem) = error else { return "other: \(error)" }
            #expect(source == "posts/a.md")
            #expect(!problem.isEmpty)
            #expect(error.description == "posts/a.md: \(field): \(problem)")
            return field
        }
    }

    @Test func parsesEveryField() throws {
        let text = makeDocument([
            "title: \"Berlin: a walk\"", "date: 2026-11-25T09:30:00+01:00", "slug: berlin-walk", "updated: 2026-11-26",
            "author: Ada", "summary: A short walk.", "tags: [Travel, Berlin]", "image: /static/img/berlin.jpg",
            "image_alt: The TV tower", "image_credit: \"Photo: jensenartofficial (CC0), Pixabay\"",
            "image_credit_url: https://pixabay.com/", "draft: true", "comments: closed",
        ], body: "# Heading\n\nBody text.\n")
        let input = try ArticleDocument.parse(text, source: "a.md")
        #expect(input.title == "Berlin: a walk")
        #expect(input.slug == "berlin-walk")
        #expect(input.publishedAt == date("2026-11-25T08:30:00Z"))
        #expect(input.updatedAt == date("2026-11-26T00:00:00Z"))
        #expect(input.author == "Ada")
        #expect(input.summary == "A short walk.")
        #expect(input.tags == ["Travel", "Berlin"])
        #expect(input.image == ArticleImage(url: "/static/img/berlin.jpg", alt: "The TV tower",
                                            credit: "Photo: jensenartofficial (CC0), Pixabay", creditURL: "https://pixabay.com/"))
        #expect(input.draft)
        #expect(!input.commentsOpen)
        #expect(input.markdown == "# Heading\n\nBody text.\n")
    }

    @Test func minimalDocumentGetsDefaults() throws {
        let input = try ArticleDocument.parse(makeDocument(validFrontMatter), source: "a.md", timeZone: TimeZone(identifier: "Europe/Berlin")!)
        #expect(input.slug == "a-day-in-berlin")
        #expect(input.publishedAt == date("2026-11-24T23:00:00Z")) // midnight in the site's zone
        #expect(input.summary == nil)
        #expect(input.author == nil)
        #expect(input.tags.isEmpty)
        #expect(input.image == nil)
        #expect(!input.draft)
        #expect(input.commentsOpen)
    }

    @Test func tagsMayBeCommaSeparatedAndAreDeduplicatedBySlug() throws {
        let input = try ArticleDocument.parse(makeDocument(validFrontMatter + ["tags: Swift, swift, Server Side"]), source: "a.md")
        #expect(input.tags == ["Swift", "Server Side"])
    }

    @Test(arguments: ["tags:", "tags: null", "tags: ~", "tags: []", "tags: \"\""])
    func emptyOrNullTagsAreNoTags(_ line: String) throws {
        #expect(try ArticleDocument.parse(makeDocument(validFrontMatter + [line]), source: "a.md").tags == [])
    }

    @Test func nullValuesAreAbsentNotTheWordNull() throws {
        let input = try ArticleDocument.parse(makeDocument(validFrontMatter + ["author: null", "summary: ~", "updated: Null"]),
                                              source: "a.md")
        #expect(input.author == nil)
        #expect(input.summary == nil)
        #expect(input.updatedAt == nil)
        #expect(try ArticleDocument.parse(makeDocument(validFrontMatter + ["author: \"null\""]), source: "a.md").author == "null")
        #expect(refusedField(makeDocument(["title: null", "date: 2026-11-25"])) == "title")
    }

    @Test func aByteOrderMarkAndWindowsLineEndingsAreAccepted() throws {
        let withBOM = "\u{FEFF}" + makeDocument(validFrontMatter)
        #expect(try ArticleDocument.parse(withBOM, source: "a.md").title == "A day in Berlin")
        let crlf = makeDocument(validFrontMatter + ["tags: [a, b]"], body: "Line one.\n\nLine two.\n").replacingOccurrences(of: "\n", with: "\r\n")
        let input = try ArticleDocument.parse(crlf, source: "a.md")
        #expect(input.title == "A day in Berlin")
        #expect(input.tags == ["a", "b"])
        #expect(input.markdown.contains("Line two."))
    }

    static let invalidDocuments: [(frontMatter: [String], field: String)] = [
        (["date: 2026-11-25"], "title"),
        (["title: \"\"", "date: 2026-11-25"], "title"),
        (["title: " + String(repeating: "x", count: 301), "date: 2026-11-25"], "title"),
        (["title: [a, b]", "date: 2026-11-25"], "title"),
        (["title: T"], "date"),
        (["title: T", "date: 25.11.2026"], "date"),
        (["title: T", "date: 2026-02-31"], "date"),
        (validFrontMatter + ["updated: yesterday"], "updated"),
        (validFrontMatter + ["slug: Not A Slug"], "slug"),
        (validFrontMatter + ["slug: double--hyphen"], "slug"),
        (["title: ???", "date: 2026-11-25"], "slug"),
        (validFrontMatter + ["colour: red"], "colour"),
        (validFrontMatter + ["tags: {a: b}"], "tags"),
        (validFrontMatter + ["tags: [[nested]]"], "tags"),
        (validFrontMatter + ["tags: [\"!!!\"]"], "tags"),
        (validFrontMatter + ["image: /static/a.jpg"], "image_alt"),
        (validFrontMatter + ["image: javascript:alert(1)", "image_alt: x"], "image"),
        (validFrontMatter + ["image: //evil.example/a.jpg", "image_alt: x"], "image"),
        (validFrontMatter + ["image_alt: orphan"], "image"),
        (validFrontMatter + ["image: \"https://e.example/a\\\"\u{301}onerror=x\"", "image_alt: x"], "image"), // a quote behind a combining mark
        (validFrontMatter + ["image: /a.jpg", "image_alt: x", "image_credit_url: ftp://example.com/a"], "image_credit_url"),
        (validFrontMatter + ["image: /a.jpg", "image_alt: x", "image_credit_url: /local"], "image_credit_url"),
        (validFrontMatter + ["draft: maybe"], "draft"),
        (validFrontMatter + ["draft: 1"], "draft"),
        (validFrontMatter + ["comments: yes"], "comments"),
        (validFrontMatter + ["kind: post"], "kind"),
        (validFrontMatter + ["nav_order: 1"], "nav_order"), // an article has no place in the navigation
        (validFrontMatter + ["kind: page", "nav_order: first"], "nav_order"),
        (validFrontMatter + ["kind: page", "nav_order: -1"], "nav_order"),
        (validFrontMatter + ["kind: page", "nav_order: 10000"], "nav_order"),
        (validFrontMatter + ["kind: page", "comments: open"], "comments"),
        (validFrontMatter + ["kind: page", "tags: [About]"], "tags"),
        (validFrontMatter + ["author: " + String(repeating: "a", count: 101)], "author"),
        (validFrontMatter + ["summary: " + String(repeating: "s", count: 501)], "summary"),
        (validFrontMatter + ["title: again"], "front matter"), // duplicate key: not valid YAML
        (["- a list", "- not a mapping"], "front matter"),
    ]

    @Test(arguments: invalidDocuments)
    func eachInvalidFieldIsNamed(_ frontMatter: [String], _ field: String) {
        #expect(refusedField(makeDocument(frontMatter)) == field)
    }

    @Test func aBodyOverOneMebibyteIsRefused() {
        let body = String(repeating: "word ", count: Markdown.maxSourceBytes / 5 + 1)
        #expect(refusedField(makeDocument(validFrontMatter, body: body)) == "body")
        let justUnder = String(repeating: "w", count: Markdown.maxSourceBytes - makeDocument(validFrontMatter, body: "").utf8.count)
        #expect(refusedField(makeDocument(validFrontMatter, body: justUnder)) == nil)
    }

    @Test func frontMatterMustBeOpenedAndClosed() {
        #expect(refusedField("title: T\ndate: 2026-11-25\n\nBody") == "front matter")
        #expect(refusedField("---\ntitle: T\ndate: 2026-11-25\n\nBody without a closing line") == "front matter")
        #expect(refusedField("---\ntitle: [unclosed\n---\nBody") == "front matter")
    }

    @Test func aPageHasNoCommentsAndMayHaveAPlaceInTheNavigation() throws {
        let page = try ArticleDocument.parse(makeDocument(validFrontMatter + ["kind: page", "nav_order: 3"]), source: "about.md")
        #expect(page.kind == .page && page.navOrder == 3 && !page.commentsOpen)
        let article = try ArticleDocument.parse(makeDocument(validFrontMatter), source: "a.md")
        #expect(article.kind == .article && article.navOrder == nil && article.commentsOpen)
        #expect(try ArticleDocument.parse(makeDocument(validFrontMatter + ["kind: page", "comments: closed"]), source: "b.md").kind == .page)
    }

    @Test func aPagePrintsAndParsesBack() throws {
        let page = Article(id: 2, kind: .page, navOrder: 7, slug: "impressum", title: "Impressum", summary: "", author: "",
                           markdown: "Angaben gemäß § 5 DDG.\n", html: "", wordCount: 0, publishedAt: date("2026-01-01T00:00:00Z"),
                           updatedAt: nil, image: nil, draft: false, isPublic: false, commentsOpen: false, commentCount: 0,
                           modifiedAt: Date(), tags: [])
        let document = ArticleDocument.print(page)
        #expect(document.contains("\nkind: page\n") && document.contains("\nnav_order: 7\n"))
        #expect(try ArticleDocument.parse(document, source: "export") == ArticleInput(
            kind: .page, navOrder: 7, slug: "impressum", title: "Impressum", publishedAt: page.publishedAt, commentsOpen: false,
            markdown: page.markdown))
    }

    @Test func printThenParseGivesTheSameInput() throws {
        let article = Article(
            id: 1, slug: "tricky", title: "Quotes \" and \\ backslash: colon # hash\ttab", summary: "- looks like a list",
            author: "@ada", markdown: "---\nA body that starts with a rule.\n\n---\n", html: "", wordCount: 0,
            publishedAt: date("2026-11-25T09:00:00Z"), updatedAt: date("2026-11-26T10:00:00Z"),
            image: ArticleImage(url: "https://example.com/a.jpg", alt: "Alt: 'quoted'", credit: "Photo: me", creditURL: "https://example.com"),
            draft: true, isPublic: false, commentsOpen: false, commentCount: 0, modifiedAt: Date(), tags: [Blog.Tag(name: "Über uns"), Blog.Tag(name: "yes")])
        let input = try ArticleDocument.parse(ArticleDocument.print(article), source: "export")
        #expect(input == ArticleInput(slug: "tricky", title: article.title, summary: article.summary, author: "@ada",
                                      publishedAt: article.publishedAt, updatedAt: article.updatedAt, tags: ["Über uns", "yes"],
                                      image: article.image, draft: true, commentsOpen: false, markdown: article.markdown))
    }
}
