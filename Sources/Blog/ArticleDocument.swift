import Foundation
import Yams

/// A Markdown file with a YAML front-matter block: parsing for import and the admin API,
/// printing for export. Both directions live here so a round trip stays exact.
public enum ArticleDocument {
    static let knownKeys: Set<String> = [
        "title", "date", "slug", "updated", "author", "summary", "tags", "image", "image_alt",
        "image_credit", "image_credit_url", "draft", "comments", "kind", "nav_order",
    ]

    /// Parses a document. `source` names it in errors (a file name, or "request").
    public static func parse(_ text: String, source: String, timeZone: TimeZone = .gmt) throws(BlogError) -> ArticleInput {
        func fail(_ field: String, _ problem: String) -> BlogError {
            .invalidArticle(source: source, field: field, problem: problem)
        }
        guard text.utf8.count <= Markdown.maxSourceBytes else {
            throw fail("body", "larger than \(Markdown.maxSourceBytes / 1024) KiB")
        }
        let (yaml, markdown) = try split(text, fail: fail)
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw fail("front matter", "not valid YAML")
        }
        guard let mapping = node?.mapping else { throw fail("front matter", "must be a mapping of keys to values") }

        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw fail("front matter", "keys must be text") }
            guard knownKeys.contains(name) else { throw fail(name, "unknown key") }
            values[name] = value
        }
        func string(_ key: String) throws(BlogError) -> String? {
            guard let node = values[key] else { return nil }
            if case .scalar(let scalar) = node {
                // `node.tag` is the resolved tag; `scalar.tag` is "?" for every plain scalar.
                if node.tag == Yams.Tag(.null) || scalar.string == "~" || (scalar.string.isEmpty && scalar.style == .plain) { return nil }
                return scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            throw fail(key, "must be text")
        }
        func date(_ key: String) throws(BlogError) -> Date? {
            guard let text = try string(key) else { return nil }
            guard let date = ISODate.parse(text, defaultTimeZone: timeZone) else {
                throw fail(key, "must be an ISO-8601 date or date-time, e.g. 2026-11-25 or 2026-11-25T09:00:00Z")
            }
            return date
        }
        func url(_ key: String, allowLocal: Bool) throws(BlogError) -> String? {
            guard let text = try string(key) else { return nil }
            guard Self.isAcceptableURL(text, allowLocal: allowLocal) else {
                throw fail(key, allowLocal ? "must be a local path (/static/…) or an http(s) URL" : "must be an http(s) URL")
            }
            return text
        }

        guard let title = try string("title"), !title.isEmpty else { throw fail("title", "required") }
        guard title.count <= 300 else { throw fail("title", "longer than 300 characters") }
        guard let published = try date("date") else { throw fail("date", "required") }

        let slug: String
        if let given = try string("slug") {
            guard Slug.isValid(given) else { throw fail("slug", "use lowercase letters, digits and single hyphens") }
            slug = given
        } else {
            slug = Slug.make(from: title)
            guard !slug.isEmpty else { throw fail("slug", "cannot be made from the title; set one") }
        }

        var tags: [String] = []
        switch values["tags"] {
        case nil: break
        case .sequence(let sequence)?:
            for item in sequence {
                guard let name = item.scalar?.string.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                    throw fail("tags", "each tag must be text")
                }
                tags.append(name)
            }
        case .scalar?: // "a, b"; `null` or `~` is no tags, not a tag named "null"
            tags = (try string("tags") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default:
            throw fail("tags", "must be a list")
        }
        for tag in tags where Slug.make(from: tag).isEmpty || tag.count > 60 {
            throw fail("tags", "\"\(tag.prefix(60))\" is not a usable tag")
        }
        var seen = Set<String>()
        tags = tags.filter { seen.insert(Slug.make(from: $0)).inserted }

        var image: ArticleImage?
        if let imageURL = try url("image", allowLocal: true) {
            guard let alt = try string("image_alt"), !alt.isEmpty else {
                throw fail("image_alt", "required when image is set (describe the image for readers who cannot see it)")
            }
            image = ArticleImage(url: imageURL, alt: alt, credit: try string("image_credit"),
                                 creditURL: try url("image_credit_url", allowLocal: false))
        } else if values["image_alt"] != nil || values["image_credit"] != nil || values["image_credit_url"] != nil {
            throw fail("image", "required when image_alt or image_credit is set")
        }

        let draft: Bool
        switch try string("draft")?.lowercased() {
        case nil, "false", "no", "off": draft = false
        case "true", "yes", "on": draft = true
        default: throw fail("draft", "must be true or false")
        }
        let kind: ArticleKind
        switch try string("kind")?.lowercased() {
        case nil: kind = .article
        case let text?:
            guard let known = ArticleKind(rawValue: text) else { throw fail("kind", "must be article or page") }
            kind = known
        }
        var navOrder: Int?
        if let text = try string("nav_order") {
            guard kind == .page else { throw fail("nav_order", "only a page (kind: page) has a place in the navigation") }
            guard let number = Int(text), (0...9999).contains(number) else { throw fail("nav_order", "must be a number from 0 to 9999") }
            navOrder = number
        }
        let commentsOpen: Bool
        switch try string("comments")?.lowercased() {
        case nil: commentsOpen = kind == .article
        case "open":
            guard kind == .article else { throw fail("comments", "a page takes no comments; make it an article to have a conversation") }
            commentsOpen = true
        case "closed": commentsOpen = false
        default: throw fail("comments", "must be open or closed")
        }
        if kind == .page, !tags.isEmpty { throw fail("tags", "a page has no tags; tags gather articles") }
        if let author = try string("author"), author.count > 100 { throw fail("author", "longer than 100 characters") }
        if let summary = try string("summary"), summary.count > 500 { throw fail("summary", "longer than 500 characters") }

        return ArticleInput(kind: kind, navOrder: navOrder, slug: slug, title: title, summary: try string("summary"),
                            author: try string("author"), publishedAt: published, updatedAt: try date("updated"), tags: tags, image: image,
                            draft: draft, commentsOpen: commentsOpen, markdown: markdown)
    }

    /// An image's or a credit's address: http(s), or (`allowLocal`) a path of this site; at
    /// most 500 characters, and nothing that could end an attribute. Checked scalar by scalar:
    /// a `"` behind a combining mark is one Character that equals no "\"".
    public static func isAcceptableURL(_ text: String, allowLocal: Bool) -> Bool {
        let lower = text.lowercased()
        let ok = lower.hasPrefix("https://") || lower.hasPrefix("http://") || (allowLocal && text.hasPrefix("/") && !text.hasPrefix("//"))
        return ok && text.count <= 500 && !text.unicodeScalars.contains { scalar in
            scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\"" || scalar == "<"
                || scalar == ">" || scalar == "\\"
        }
    }

    /// Prints an article back as a document that `parse` reads to the same input.
    public static func print(_ article: Article) -> String {
        var lines = ["---"]
        func add(_ key: String, _ value: String?) {
            guard let value else { return }
            lines.append("\(key): \(quoted(value))")
        }
        add("title", article.title)
        if article.kind == .page { lines.append("kind: page") }
        if let order = article.navOrder { lines.append("nav_order: \(order)") }
        add("slug", article.slug)
        lines.append("date: \(ISODate.format(article.publishedAt))")
        if let updated = article.updatedAt { lines.append("updated: \(ISODate.format(updated))") }
        add("author", article.author.isEmpty ? nil : article.author)
        add("summary", article.summary.isEmpty ? nil : article.summary)
        if !article.tags.isEmpty {
            lines.append("tags: [" + article.tags.map { quoted($0.name) }.joined(separator: ", ") + "]")
        }
        if let image = article.image {
            add("image", image.url)
            add("image_alt", image.alt)
            add("image_credit", image.credit)
            add("image_credit_url", image.creditURL)
        }
        if article.draft { lines.append("draft: true") }
        lines.append("comments: \(article.commentsOpen ? "open" : "closed")")
        lines.append("---")
        return lines.joined(separator: "\n") + "\n" + article.markdown
    }

    /// A double-quoted YAML scalar, so any text survives (colons, quotes, leading symbols).
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 { result += String(format: "\\x%02X", scalar.value) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }

    /// Splits `---\nYAML\n---\nbody`; the body keeps its text exactly, with Windows line
    /// endings read as `\n` (Swift sees `\r\n` as one character, so it never splits on `\n`).
    static func split(_ text: String, fail: (String, String) -> BlogError) throws(BlogError) -> (String, String) {
        let normalised = (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).replacingOccurrences(of: "\r\n", with: "\n")
        var lines = normalised.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" else {
            throw fail("front matter", "the file must start with a line '---'")
        }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" || $0.trimmingCharacters(in: .whitespacesAndNewlines) == "---" }) else {
            throw fail("front matter", "no closing line '---'")
        }
        let yaml = lines[..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        return (yaml, body)
    }
}
