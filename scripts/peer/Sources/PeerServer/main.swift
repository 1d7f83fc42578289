import CSQLite
import Hummingbird
import Synchronization
import Glibc

// MARK: - SQLite (system libsqlite3, read-only, small connection pool)

nonisolated(unsafe) let SQLITE_TRANSIENT_PTR = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

struct DBError: Error { let message: String }

final class Connection {
    let handle: OpaquePointer
    init(path: String) throws {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else { throw DBError(message: "open failed: \(rc)") }
        self.handle = db
    }
    deinit { sqlite3_close_v2(handle) }

    /// Prepare a statement (per request, as a simple app would), run `body`, finalize.
    func withStatement<T>(_ sql: String, _ body: (Statement) throws -> T) throws -> T {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw DBError(message: String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(stmt) }
        return try body(Statement(stmt: stmt))
    }
}

struct Statement {
    let stmt: OpaquePointer
    func bind(_ i: Int32, _ s: String) { sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT_PTR) }
    func bind(_ i: Int32, _ v: Int64) { sqlite3_bind_int64(stmt, i, v) }
    func step() throws -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw DBError(message: "step failed: \(rc)")
    }
    func int(_ i: Int32) -> Int64 { sqlite3_column_int64(stmt, i) }
    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(stmt, i) == SQLITE_NULL }
    func text(_ i: Int32) -> String {
        guard let p = sqlite3_column_text(stmt, i) else { return "" }
        let n = Int(sqlite3_column_bytes(stmt, i))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
    func optText(_ i: Int32) -> String? { isNull(i) ? nil : text(i) }
}

final class Pool: Sendable {
    let path: String
    let idle: Mutex<[Connection]>
    init(path: String) { self.path = path; self.idle = Mutex([]) }
    func with<T>(_ body: (Connection) throws -> T) throws -> T {
        let c: Connection
        if let got = idle.withLock({ $0.popLast() }) { c = got } else { c = try Connection(path: path) }
        defer { idle.withLock { if $0.count < 8 { $0.append(c) } } }
        return try body(c)
    }
}
extension Connection: @unchecked Sendable {}

// MARK: - Model

struct Article {
    var id: Int64, slug: String, title: String, summary: String, author: String
    var bodyHTML: String, wordCount: Int64, publishedAt: String, updatedAt: String?
    var commentsOpen: Bool, commentCount: Int64
}
struct Tag { var slug: String, name: String }
struct Comment { var id: Int64, parentID: Int64?, depth: Int64, name: String, website: String?, body: String, createdAt: String }

func loadPage(_ db: Connection, slug: String) throws -> (Article, [Tag], [Comment])? {
    let article: Article? = try db.withStatement("""
        SELECT id, slug, title, summary, author, body_html, word_count, published_at, updated_at,
               comments_open, comment_count
        FROM articles WHERE slug = ?1 AND draft = 0
        """) { s in
        s.bind(1, slug)
        guard try s.step() else { return nil }
        return Article(id: s.int(0), slug: s.text(1), title: s.text(2), summary: s.text(3), author: s.text(4),
                       bodyHTML: s.text(5), wordCount: s.int(6), publishedAt: s.text(7), updatedAt: s.optText(8),
                       commentsOpen: s.int(9) != 0, commentCount: s.int(10))
    }
    guard let article else { return nil }
    let tags: [Tag] = try db.withStatement("""
        SELECT t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id = ?1 ORDER BY at.position, t.name
        """) { s in
        s.bind(1, article.id)
        var out: [Tag] = []
        while try s.step() { out.append(Tag(slug: s.text(0), name: s.text(1))) }
        return out
    }
    let comments: [Comment] = try db.withStatement("""
        SELECT id, parent_id, depth, name, website, body, created_at
        FROM comments WHERE article_id = ?1 AND status = 'approved' ORDER BY id
        """) { s in
        s.bind(1, article.id)
        var out: [Comment] = []
        out.reserveCapacity(Int(article.commentCount))
        while try s.step() {
            out.append(Comment(id: s.int(0), parentID: s.isNull(1) ? nil : s.int(1), depth: s.int(2), name: s.text(3),
                               website: s.optText(4), body: s.text(5), createdAt: s.text(6)))
        }
        return out
    }
    return (article, tags, comments)
}

// MARK: - HTML helpers

extension String {
    mutating func appendEscaped(_ s: String) {
        // fast path: nothing to escape
        if !s.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) {
            self += s
            return
        }
        for ch in s.unicodeScalars {
            switch ch {
            case "&": self += "&amp;"
            case "<": self += "&lt;"
            case ">": self += "&gt;"
            case "\"": self += "&quot;"
            case "'": self += "&#39;"
            default: self.unicodeScalars.append(ch)
            }
        }
    }
    /// Plain-text comment body -> escaped paragraphs.
    mutating func appendParagraphs(_ s: String) {
        // split on "\n" at the UTF-8 level (Character-level split is grapheme-aware and slow)
        for para in s.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            self += "<p>"
            appendEscaped(String(Substring(para)))
            self += "</p>"
        }
    }
}

nonisolated(unsafe) let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

/// "2026-06-30T11:13:20Z" -> "30 June 2026" (+ " at 11:13" when withTime)
func humanDate(_ iso: String, withTime: Bool = false) -> String {
    let u = Array(iso.utf8)
    guard u.count >= 16 else { return iso }
    func num(_ a: Int, _ b: Int) -> Int { var n = 0; for i in a..<b { n = n * 10 + Int(u[i] &- 48) }; return n }
    let y = num(0, 4), m = num(5, 7), d = num(8, 10)
    guard (1...12).contains(m) else { return iso }
    var out = "\(d) \(months[m - 1]) \(y)"
    if withTime { out += " at " + String(decoding: u[11..<16], as: UTF8.self) }
    return out
}

// MARK: - Page rendering (plain string appends)

func renderArticlePage(_ a: Article, _ tags: [Tag], _ comments: [Comment]) -> String {
    var h = ""
    h.reserveCapacity(32 * 1024)
    h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
    h.appendEscaped(a.title); h += " — Harbour Notes</title>\n<meta name=\"description\" content=\""
    h.appendEscaped(a.summary); h += "\">\n<meta name=\"author\" content=\""
    h.appendEscaped(a.author); h += "\">\n<link rel=\"canonical\" href=\"https://example.org/articles/"
    h.appendEscaped(a.slug); h += "\">\n"
    h += "<link rel=\"stylesheet\" href=\"/static/site.css?v=7\">\n<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
    h += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Harbour Notes\" href=\"/feed.xml\">\n"
    h += "<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:title\" content=\""
    h.appendEscaped(a.title); h += "\">\n<meta property=\"og:description\" content=\""
    h.appendEscaped(a.summary); h += "\">\n<meta property=\"og:url\" content=\"https://example.org/articles/"
    h.appendEscaped(a.slug); h += "\">\n<meta property=\"article:published_time\" content=\""
    h.appendEscaped(a.publishedAt); h += "\">\n"
    for t in tags { h += "<meta property=\"article:tag\" content=\""; h.appendEscaped(t.name); h += "\">\n" }
    h += "</head>\n<body class=\"article-page\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n"
    h += """
    <header class="site-header">
      <div class="wrap">
        <a class="site-title" href="/" rel="home">Harbour Notes</a>
        <p class="site-tagline">Essays on writing, paper, coffee and quiet mornings</p>
        <nav class="site-nav" aria-label="Main">
          <ul>
            <li><a href="/">Home</a></li>
            <li><a href="/articles">Archive</a></li>
            <li><a href="/tags">Topics</a></li>
            <li><a href="/about">About</a></li>
            <li><a href="/feed.xml">Feed</a></li>
          </ul>
        </nav>
        <form class="site-search" action="/search" method="get" role="search">
          <label for="q" class="visually-hidden">Search</label>
          <input id="q" name="q" type="search" placeholder="Search articles" autocomplete="off">
          <button type="submit">Search</button>
        </form>
      </div>
    </header>

    """
    h += "<main id=\"main\" class=\"wrap\">\n<article class=\"post h-entry\" itemscope itemtype=\"https://schema.org/BlogPosting\">\n"
    h += "<header class=\"post-header\">\n<h1 class=\"p-name\" itemprop=\"headline\">"
    h.appendEscaped(a.title); h += "</h1>\n<p class=\"post-meta\">By <span class=\"p-author\" itemprop=\"author\">"
    h.appendEscaped(a.author); h += "</span> · <time class=\"dt-published\" itemprop=\"datePublished\" datetime=\""
    h.appendEscaped(a.publishedAt); h += "\">"; h += humanDate(a.publishedAt); h += "</time>"
    if let up = a.updatedAt {
        h += " · updated <time datetime=\""; h.appendEscaped(up); h += "\">"; h += humanDate(up); h += "</time>"
    }
    h += " · "; h += String(max(1, a.wordCount / 200)); h += " min read · <a href=\"#comments\">"
    h += String(a.commentCount); h += a.commentCount == 1 ? " comment" : " comments"; h += "</a></p>\n"
    if !tags.isEmpty {
        h += "<ul class=\"post-tags\">"
        for t in tags {
            h += "<li><a rel=\"tag\" href=\"/tags/"; h.appendEscaped(t.slug); h += "\">"; h.appendEscaped(t.name); h += "</a></li>"
        }
        h += "</ul>\n"
    }
    h += "</header>\n<div class=\"post-body e-content\" itemprop=\"articleBody\">\n"
    h += a.bodyHTML  // stored, already-sanitised HTML
    h += "</div>\n<footer class=\"post-footer\">\n<p class=\"share\">Share: "
    h += "<a href=\"https://example.org/share?u=/articles/"; h.appendEscaped(a.slug); h += "\" rel=\"nofollow noopener\">Link</a> · "
    h += "<a href=\"mailto:?subject="; h.appendEscaped(a.title); h += "\">Email</a></p>\n</footer>\n</article>\n"

    // Comments
    h += "<section id=\"comments\" class=\"comments\" aria-labelledby=\"comments-title\">\n<h2 id=\"comments-title\">"
    h += String(comments.count); h += comments.count == 1 ? " comment" : " comments"; h += "</h2>\n<ol class=\"comment-list\">\n"
    for c in comments {
        let cid = String(c.id)
        h += "<li class=\"comment depth-"; h += String(c.depth); h += "\" id=\"comment-"; h += cid; h += "\">\n"
        h += "<article class=\"comment-body h-cite\">\n<header class=\"comment-meta\">\n"
        h += "<img class=\"avatar\" src=\"/static/avatar.svg\" alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\">\n"
        h += "<span class=\"comment-author p-author\">"
        if let w = c.website, !w.isEmpty {
            h += "<a class=\"u-url\" href=\""; h.appendEscaped(w); h += "\" rel=\"nofollow ugc noopener\">"; h.appendEscaped(c.name); h += "</a>"
        } else {
            h.appendEscaped(c.name)
        }
        h += "</span>\n<a class=\"comment-permalink\" href=\"/articles/"; h.appendEscaped(a.slug); h += "#comment-"; h += cid
        h += "\"><time class=\"dt-published\" datetime=\""; h.appendEscaped(c.createdAt); h += "\">"
        h += humanDate(c.createdAt, withTime: true); h += "</time></a>\n"
        if let p = c.parentID { h += "<a class=\"in-reply-to\" href=\"#comment-"; h += String(p); h += "\">in reply</a>\n" }
        h += "</header>\n<div class=\"comment-text e-content\">"
        h.appendParagraphs(c.body)
        h += "</div>\n<footer class=\"comment-actions\">\n"
        h += "<a class=\"comment-reply\" href=\"/articles/"; h.appendEscaped(a.slug); h += "?reply="; h += cid
        h += "#comment-form\" rel=\"nofollow\" data-reply-to=\""; h += cid; h += "\" aria-label=\"Reply to "; h.appendEscaped(c.name); h += "\">Reply</a>\n"
        h += "<a class=\"comment-report\" href=\"/comments/"; h += cid; h += "/report\" rel=\"nofollow\">Report</a>\n"
        h += "</footer>\n</article>\n</li>\n"
    }
    h += "</ol>\n"
    if a.commentsOpen {
        h += "<form id=\"comment-form\" class=\"comment-form\" action=\"/articles/"; h.appendEscaped(a.slug); h += "/comments\" method=\"post\">\n"
        h += """
        <h3>Leave a comment</h3>
        <p class="form-note">Your email address will not be published. Comments are moderated and appear after approval. Markdown-style paragraphs are supported.</p>
        <input type="hidden" name="parent_id" value="">
        <p class="field"><label for="c-name">Name <span class="req">(required)</span></label>
        <input id="c-name" name="name" type="text" required maxlength="80" autocomplete="name"></p>
        <p class="field"><label for="c-email">Email <span class="req">(required, never shown)</span></label>
        <input id="c-email" name="email" type="email" required maxlength="200" autocomplete="email"></p>
        <p class="field"><label for="c-website">Website <span class="opt">(optional)</span></label>
        <input id="c-website" name="website" type="url" maxlength="200" autocomplete="url"></p>
        <p class="field"><label for="c-body">Comment</label>
        <textarea id="c-body" name="body" rows="8" required maxlength="5000"></textarea></p>
        <p class="hp" aria-hidden="true"><label for="c-hp">Leave this empty</label><input id="c-hp" name="website2" type="text" tabindex="-1" autocomplete="off"></p>
        <p class="field checkbox"><label><input name="remember" type="checkbox" value="1"> Remember my name and email on this device</label></p>
        <p class="actions"><button type="submit">Post comment</button></p>
        </form>

        """
    } else {
        h += "<p class=\"comments-closed\">Comments are closed for this article.</p>\n"
    }
    h += "</section>\n</main>\n"
    h += """
    <footer class="site-footer">
      <div class="wrap">
        <nav aria-label="Footer">
          <ul>
            <li><a href="/about">About</a></li>
            <li><a href="/privacy">Privacy</a></li>
            <li><a href="/comment-policy">Comment policy</a></li>
            <li><a href="/feed.xml">Atom feed</a></li>
            <li><a href="/sitemap.xml">Sitemap</a></li>
          </ul>
        </nav>
        <p class="copyright">© Harbour Notes. Text licensed CC BY-SA 4.0 unless noted. Comments belong to their authors.</p>
      </div>
    </footer>
    <script src="/static/comments.js" defer></script>
    </body>
    </html>

    """
    return h
}

// MARK: - Server

let pool = Pool(path: CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "/tmp/peer/db.sqlite")

if CommandLine.arguments.count > 2, CommandLine.arguments[2] == "bench" {
    // in-process timing of the per-request work, without HTTP
    let n = 4000
    var bytes = 0
    let clock = ContinuousClock()
    var tDB = Duration.zero, tRender = Duration.zero
    for i in 0..<n {
        let slug = "generated-article-\(i % 1999)"
        let t0 = clock.now
        let r = try pool.with { try loadPage($0, slug: slug) }!
        let t1 = clock.now
        bytes += renderArticlePage(r.0, r.1, r.2).utf8.count
        let t2 = clock.now
        tDB += t1 - t0; tRender += t2 - t1
    }
    let tp0 = clock.now
    try pool.with { c in
        for _ in 0..<n {
            for sql in ["SELECT id, slug, title, summary, author, body_html, word_count, published_at, updated_at, comments_open, comment_count FROM articles WHERE slug = ?1 AND draft = 0",
                        "SELECT t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = ?1 ORDER BY at.position, t.name",
                        "SELECT id, parent_id, depth, name, website, body, created_at FROM comments WHERE article_id = ?1 AND status = 'approved' ORDER BY id"] {
                try c.withStatement(sql) { _ in }
            }
        }
    }
    print("prepare+finalize x3 us/req:", (clock.now - tp0) / n)
    print("db us/req:", tDB / n, " render us/req:", tRender / n, " avg bytes:", bytes / n)
    exit(0)
}

let router = Router()
router.get("/articles/:slug") { _, context -> Response in
    let slug = try context.parameters.require("slug")
    guard let (article, tags, comments) = try pool.with({ try loadPage($0, slug: slug) }) else {
        throw HTTPError(.notFound)
    }
    let html = renderArticlePage(article, tags, comments)
    return Response(
        status: .ok,
        headers: [.contentType: "text/html; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: html))
    )
}

// baseline: framework overhead only (no DB, tiny body)
router.get("/hello") { _, _ -> String in "hello" }

let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: 18400))
)
try await app.runService()
