@testable import Blog
import Testing

/// The Markdown subset of comments: what it writes, and what it never does.
@Suite struct CommentMarkdownTests {
    @Test(arguments: [
        ("*so* **very** `code`", "<p><em>so</em> <strong>very</strong> <code>code</code></p>"),
        ("> quoted\n\nreply", "<blockquote>\n<p>quoted</p>\n</blockquote>\n<p>reply</p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("3. three\n4. four", "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>"),
        ("```\nlet x = 1 < 2\n```", "<pre><code>let x = 1 &lt; 2\n</code></pre>"),
        ("[site](https://example.org/a?b=1&c=2)", "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">site</a></p>"),
        ("see https://example.org now", "<p>see <a href=\"https://example.org\" rel=\"nofollow ugc noopener\">https://example.org</a> now</p>"),
        ("line one\nline two", "<p>line one<br>\nline two</p>"),
    ])
    func writesTheSubset(_ input: String, _ expected: String) {
        #expect(CommentMarkdown.html(input) == expected)
    }

    @Test(arguments: [
        ("# Big", "<p>Big</p>"),
        ("![alt text](https://example.org/x.png)", "<p>alt text</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("a <b onclick=x>b</b>", "<p>a &lt;b onclick=x&gt;b&lt;/b&gt;</p>"),
        ("[x](javascript:alert(1))", "<p>x</p>"),
        ("[x](data:text/html,hi)", "<p>x</p>"),
        ("[x](/relative)", "<p>x</p>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<p>| a | b |<br>\n|---|---|<br>\n| 1 | 2 |</p>"),
        ("~~gone~~", "<p>~~gone~~</p>"),
        ("---", ""),
    ])
    func neverWritesMoreThanTheSubset(_ input: String, _ expected: String) {
        #expect(CommentMarkdown.html(input) == expected)
    }
}

/// The format is stored per comment: new ones are Markdown, old ones keep rendering as before,
/// and an edit renders the text the way it was written.
@Suite struct CommentFormatTests {
    @Test func newCommentsAreMarkdownAndEditsKeepEachCommentsFormat() throws {
        try withStore { store, _ in
            try makeArticles([makeInput("a")], in: store)
            let service = makeService(store)
            let new = try service.submitAndWait(makeDraft(body: "*new*"), toArticle: "a", clientAddress: "192.0.2.1").comment
            #expect(new.html == "<p><em>new</em></p>")
            // A comment from before Markdown (format `text`, as the migration leaves them).
            let old = try service.submitAndWait(makeDraft(body: "*old*"), toArticle: "a", clientAddress: "192.0.2.1").comment
            _ = try store.write { db in
                try db.run("UPDATE comments SET format = 'text', body_html = '<p>*old*</p>' WHERE id = ?", old.id)
            }
            #expect(try store.editComment(id: old.id, body: "*still plain*").html == "<p>*still plain*</p>")
            #expect(try store.editComment(id: new.id, body: "**now bold**").html == "<p><strong>now bold</strong></p>")
        }
    }
}
