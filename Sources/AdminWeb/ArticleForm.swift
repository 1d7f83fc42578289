import Blog
import Foundation
import HTTPServer

/// The editor's fields as typed. A save turns them into a front-matter document and parses it
/// with the importer's rules (`ArticleDocument.parse`), so the editor, `feder import` and the
/// admin API accept exactly the same articles.
struct ArticleForm: Sendable {
    var title = "", slug = "", date = "", updated = "", tags = "", summary = "", author = ""
    var image = "", imageAlt = "", imageCredit = "", imageCreditURL = ""
    var commentsOpen = true
    var kind = ArticleKind.article
    /// A page's place in the navigation, as typed.
    var navOrder = ""
    var body = ""
    /// The revision the editor started from; nil for a new article.
    var revision: Int?

    init() {}

    init(article: Article, revision: Int, timeZone: TimeZone) {
        title = article.title
        slug = article.slug
        date = Self.localDateTime(article.publishedAt, timeZone: timeZone)
        updated = article.updatedAt.map { Self.localDateTime($0, timeZone: timeZone) } ?? ""
        tags = article.tags.map(\.name).joined(separator: ", ")
        summary = article.summary
        author = article.author
        image = article.image?.url ?? ""
        imageAlt = article.image?.alt ?? ""
        imageCredit = article.image?.credit ?? ""
        imageCreditURL = article.image?.creditURL ?? ""
        commentsOpen = article.commentsOpen
        kind = article.kind
        navOrder = article.navOrder.map(String.init) ?? ""
        body = article.markdown
        self.revision = revision
    }

    init(fields: FormFields) {
        func text(_ name: String) -> String { fields[name]?.replacingOccurrences(of: "\r\n", with: "\n") ?? "" }
        title = text("title")
        slug = text("slug")
        date = text("date")
        updated = text("updated")
        tags = text("tags")
        summary = text("summary")
        author = text("author")
        image = text("image")
        imageAlt = text("image_alt")
        imageCredit = text("image_credit")
        imageCreditURL = text("image_credit_url")
        commentsOpen = fields["comments_open"] == "1"
        kind = fields["kind"] == ArticleKind.page.rawValue ? .page : .article
        navOrder = text("nav_order")
        body = text("body")
        revision = fields["revision"].flatMap { Int($0) }
    }

    /// The article the fields describe, checked by the importer's rules; a missing date is now.
    func input(draft: Bool, timeZone: TimeZone, now: Date = Date()) throws(BlogError) -> ArticleInput {
        var lines = ["---"]
        func add(_ key: String, _ value: String) {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { lines.append("\(key): \(ArticleDocument.quoted(trimmed))") }
        }
        lines.append("title: \(ArticleDocument.quoted(title.trimmingCharacters(in: .whitespacesAndNewlines)))")
        if kind == .page {
            lines.append("kind: page")
            add("nav_order", navOrder)
        }
        add("slug", slug)
        // An empty date is now, to the minute, as the field will show it.
        add("date", date.isEmpty ? ISODate.format(Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)) : date)
        add("updated", updated)
        add("author", author)
        add("summary", summary)
        add("tags", tags)
        add("image", image)
        add("image_alt", imageAlt)
        add("image_credit", imageCredit)
        add("image_credit_url", imageCreditURL)
        lines.append("draft: \(draft)")
        // A page takes no comments whatever the box says (it is ticked on a new form).
        if kind == .article { lines.append("comments: \(commentsOpen ? "open" : "closed")") }
        lines.append("---")
        return try ArticleDocument.parse(lines.joined(separator: "\n") + "\n" + body, source: "form", timeZone: timeZone)
    }

    /// What a `datetime-local` field shows: the time in the site's zone, to the minute.
    static func localDateTime(_ date: Date, timeZone: TimeZone) -> String {
        let p = ISODate.civil(date, offset: timeZone.secondsFromGMT(for: date))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(p.year)-\(two(p.month))-\(two(p.day))T\(two(p.hour)):\(two(p.minute))"
    }

    /// The form field an importer error names (front-matter keys to field ids).
    static func field(forKey key: String) -> String {
        switch key {
        case "image_alt": "imageAlt"
        case "image_credit": "imageCredit"
        case "image_credit_url": "imageCreditURL"
        case "nav_order": "navOrder"
        case "title", "kind", "slug", "date", "updated", "tags", "summary", "author", "image", "comments", "body": key
        default: "body"
        }
    }
}
