import Blog
import Foundation

/// A Ghost post's HTML where the export has none: Ghost keeps the editor's document (`lexical`
/// since Ghost 5, `mobiledoc` before) and renders `html` from it. This renders the common
/// nodes — paragraphs, headings, quotes, lists, links, emphasis, code, images, line breaks —
/// and leaves out cards it cannot (embeds, galleries, members-only content), which the report
/// names. The result goes through `HTMLSanitizer` like any imported HTML.
enum GhostContent {
    /// Lexical's JSON document as HTML; nil when it is no such document.
    static func html(lexical: String) -> String? {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(lexical.utf8)) as? [String: Any])?["root"]
            as? [String: Any] else { return nil }
        var html = ""
        render(lexicalChildren: root, into: &html, depth: 0)
        return html
    }

    /// Nesting deeper than this is not rendered (a document is not a tree of thousands).
    static let maxDepth = 64

    private static func render(lexicalChildren node: [String: Any], into html: inout String, depth: Int) {
        guard depth < maxDepth else { return }
        for child in node["children"] as? [[String: Any]] ?? [] { render(lexical: child, into: &html, depth: depth + 1) }
    }

    private static func render(lexical node: [String: Any], into html: inout String, depth: Int) {
        func wrap(_ tag: String) {
            html += "<\(tag)>"
            render(lexicalChildren: node, into: &html, depth: depth)
            html += "</\(tag)>"
        }
        switch node["type"] as? String ?? "" {
        case "paragraph": wrap("p")
        case "heading": wrap(["h1", "h2", "h3", "h4", "h5", "h6"].first { $0 == node["tag"] as? String } ?? "h2")
        case "quote", "aside": wrap("blockquote")
        case "list": wrap(node["listType"] as? String == "number" ? "ol" : "ul")
        case "listitem": wrap("li")
        case "linebreak": html += "<br>"
        case "horizontalrule": html += "<hr>"
        case "link", "autolink":
            html += "<a href=\"\(CommentText.escape(node["url"] as? String ?? ""))\">"
            render(lexicalChildren: node, into: &html, depth: depth)
            html += "</a>"
        case "codeblock": html += "<pre><code>\(CommentText.escape(node["code"] as? String ?? ""))</code></pre>"
        case "image":
            html += "<figure><img src=\"\(CommentText.escape(node["src"] as? String ?? ""))\" alt=\"\(CommentText.escape(node["alt"] as? String ?? ""))\">"
            if let caption = node["caption"] as? String, !caption.isEmpty { html += "<figcaption>\(caption)</figcaption>" }
            html += "</figure>"
        case "html": html += node["html"] as? String ?? ""
        case "text", "extended-text":
            var text = CommentText.escape(node["text"] as? String ?? "")
            let format = node["format"] as? Int ?? 0
            // Lexical's format bits: 1 bold, 2 italic, 16 code.
            if format & 16 != 0 { text = "<code>\(text)</code>" }
            if format & 2 != 0 { text = "<em>\(text)</em>" }
            if format & 1 != 0 { text = "<strong>\(text)</strong>" }
            html += text
        default:
            render(lexicalChildren: node, into: &html, depth: depth) // an unknown wrapper: its children
        }
    }

    /// Mobiledoc's markup sections as paragraphs and headings of their text; cards and atoms
    /// are left out. Nil when it is no such document.
    static func html(mobiledoc: String) -> String? {
        guard let document = try? JSONSerialization.jsonObject(with: Data(mobiledoc.utf8)) as? [String: Any],
              let sections = document["sections"] as? [[Any]] else { return nil }
        var html = ""
        for section in sections {
            // [1, tag, markers]: a markup section; [3, tag, items]: a list of marker lists.
            guard let kind = section.first as? Int, section.count >= 3, let tag = (section[1] as? String)?.lowercased() else { continue }
            func text(_ markers: Any) -> String {
                (markers as? [[Any]] ?? []).compactMap { $0.count >= 4 ? $0[3] as? String : nil }.map(CommentText.escape).joined()
            }
            if kind == 1 {
                let element = ["h1", "h2", "h3", "h4", "h5", "h6", "blockquote"].contains(tag) ? tag : "p"
                html += "<\(element)>\(text(section[2]))</\(element)>"
            } else if kind == 3 {
                let element = tag == "ol" ? "ol" : "ul"
                html += "<\(element)>" + (section[2] as? [Any] ?? []).map { "<li>\(text($0))</li>" }.joined() + "</\(element)>"
            }
        }
        return html
    }
}
