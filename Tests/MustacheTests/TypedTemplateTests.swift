import Mustache
import Testing

/// Typed models: names resolved when compiling, mistakes reported then, output as Mustache says.
@Suite struct TypedTemplateTests {
    final class Reply: TemplateObject, Sendable {
        let name: String
        let bodyHTML: String
        let website: String?
        let replies: [Reply]

        init(name: String, bodyHTML: String, website: String? = nil, replies: [Reply] = []) {
            (self.name, self.bodyHTML, self.website, self.replies) = (name, bodyHTML, website, replies)
        }

        static let templateFields: [TemplateField<Reply>] = [
            .text("name") { $0.name }, .html("bodyHTML") { $0.bodyHTML }, .text("website") { $0.website },
            .list("replies") { $0.replies },
        ]
    }

    final class Labels: TemplateObject, Sendable {
        let reply: String
        init(reply: String = "Reply") { self.reply = reply }
        static let templateFields: [TemplateField<Labels>] = [.text("reply") { $0.reply }]
    }

    final class Page: TemplateObject, Sendable {
        let title: String
        let count: Int
        let open: Bool
        let tags: [String]
        let comments: [Reply]
        let labels: Labels
        let author: String?

        init(title: String, count: Int = 0, open: Bool = true, tags: [String] = [], comments: [Reply] = [], author: String? = nil,
             labels: Labels = Labels()) {
            (self.title, self.count, self.open, self.tags, self.comments, self.author) = (title, count, open, tags, comments, author)
            self.labels = labels
        }

        static let templateFields: [TemplateField<Page>] = [
            .text("title") { $0.title }, .number("count") { $0.count }, .bool("open") { $0.open },
            .list("tags") { $0.tags }, .list("comments") { $0.comments }, .object("labels") { $0.labels },
            .text("author") { $0.author },
        ]
    }

    func render(_ sources: [String: String], _ page: Page, name: String = "page") throws -> String {
        let template = try TemplateLibrary(sources: sources).compile(name, for: Page.self)
        return String(decoding: template.render(page), as: UTF8.self)
    }

    func compileError(_ sources: [String: String]) -> MustacheError? {
        do {
            _ = try TemplateLibrary(sources: sources).compile("page", for: Page.self)
            return nil
        } catch {
            return error
        }
    }

    @Test func fieldsSectionsAndEscaping() throws {
        let page = Page(title: #"Fish & "Chips" <b>'s"#, count: 3, tags: ["a", "b"], author: nil)
        let output = try render(["page": "{{title}}|{{count}}|{{#tags}}[{{.}}]{{/tags}}|{{#author}}by {{.}}{{/author}}{{^author}}anon{{/author}}|{{#open}}open{{/open}}"], page)
        #expect(output == "Fish &amp; &quot;Chips&quot; &lt;b&gt;&#39;s|3|[a][b]|anon|open")
    }

    @Test func namesResolveDownTheStackAndDottedPaths() throws {
        let page = Page(title: "T", comments: [Reply(name: "Ada", bodyHTML: "<p>x</p>")], labels: Labels(reply: "Antworten"))
        let output = try render(["page": "{{#comments}}{{name}} {{labels.reply}} {{title}} {{{bodyHTML}}}{{/comments}}"], page)
        #expect(output == "Ada Antworten T <p>x</p>")
    }

    @Test func aRecursivePartialCompilesOnceAndIndentsEachLevel() throws {
        let tree = Reply(name: "a", bodyHTML: "", replies: [Reply(name: "b", bodyHTML: "", replies: [Reply(name: "c", bodyHTML: "")])])
        let output = try render([
            "page": "<ol>\n  {{#comments}}\n  {{> comment}}\n  {{/comments}}\n</ol>\n",
            "comment": "<li>{{name}}\n{{#replies}}\n  {{> comment}}\n{{/replies}}\n</li>\n",
        ], Page(title: "", comments: [tree]))
        #expect(output == "<ol>\n  <li>a\n    <li>b\n      <li>c\n      </li>\n    </li>\n  </li>\n</ol>\n")
    }

    @Test func emptyTestAndCurrentOnlyNames() throws {
        let page = Page(title: "outer", tags: [], comments: [Reply(name: "n", bodyHTML: "", website: nil)])
        let output = try render(["page": "{{^empty(tags)}}tags{{/empty(tags)}}{{#empty(tags)}}none{{/empty(tags)}}|{{#comments}}{{#.website}}site{{/.website}}{{^.website}}no site{{/.website}}{{/comments}}"], page)
        #expect(output == "none|no site")
    }

    @Test func inheritanceFillsBlocks() throws {
        let output = try render([
            "layout": "<main>{{$content}}default{{/content}}</main>{{$footer}}foot{{/footer}}",
            "page": "{{<layout}}{{$content}}{{title}}{{/content}}{{/layout}}",
        ], Page(title: "Hello"))
        #expect(output == "<main>Hello</main>foot")
    }

    @Test func aMissingNameFailsAtCompileTimeWithItsLine() throws {
        let error = try #require(compileError(["page": "line one\n{{titel}}\n"]))
        #expect(error.template == "page" && error.line == 2)
        #expect(error.message.contains("titel") && error.message.contains("title"))
        let nested = try #require(compileError(["page": "{{#comments}}{{nmae}}{{/comments}}"]))
        #expect(nested.message.contains("nmae"))
        #expect(compileError(["page": "{{labels.missing}}"]) != nil)
        #expect(compileError(["page": "{{title.length}}"]) != nil) // text has no fields
        #expect(compileError(["page": "{{> nowhere}}"]) != nil)
        #expect(compileError(["page": "{{<nowhere}}{{/nowhere}}"]) != nil)
    }

    @Test func escapingRulesFollowTheType() throws {
        // Reader text can never be printed raw, trusted HTML never escaped twice.
        #expect(compileError(["page": "{{{title}}}"])?.message.contains("must be escaped") == true)
        #expect(compileError(["page": "{{&title}}"]) != nil)
        #expect(compileError(["page": "{{#comments}}{{bodyHTML}}{{/comments}}"])?.message.contains("{{{bodyHTML}}}") == true)
        #expect(compileError(["page": "{{comments}}"]) != nil) // a list is not printable
        #expect(compileError(["page": "{{open}}"]) != nil)
        #expect(compileError(["page": "{{^empty(title)}}x{{/empty(title)}}"]) != nil) // empty() needs a list
    }

    @Test func syntaxErrorsNameTheLine() throws {
        let unclosed = try #require(compileError(["page": "a\n{{#open}}\nb\n"]))
        #expect(unclosed.line == 2 && unclosed.message.contains("never closed"))
        let mismatched = try #require(compileError(["page": "{{#open}}\n{{/tags}}"]))
        #expect(mismatched.line == 2)
        #expect(compileError(["page": "{{title"]) != nil)
        #expect(compileError(["page": "{{}}"]) != nil)
    }

    @Test func aTemplateRendersTheSameFromManyThreads() async throws {
        let template = try TemplateLibrary(sources: ["page": "{{title}}{{#comments}}<{{name}}>{{/comments}}"]).compile("page", for: Page.self)
        let pages = (0..<8).map { index in Page(title: "p\(index)", comments: (0..<index).map { Reply(name: "r\($0)", bodyHTML: "") }) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for page in pages {
                group.addTask {
                    let expected = "p" + page.title.dropFirst() + page.comments.map { "<\($0.name)>" }.joined()
                    for _ in 0..<200 { #expect(String(decoding: template.render(page), as: UTF8.self) == expected) }
                }
            }
            try await group.waitForAll()
        }
    }
}
