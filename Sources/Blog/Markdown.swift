import CCmarkGFM
import Foundation

/// Markdown to HTML through cmark-gfm in safe mode: raw HTML is dropped and `javascript:`,
/// `vbscript:`, `file:` and most `data:` links are removed; tables, strikethrough, autolinks
/// and the tag filter are on (GitHub Flavored Markdown).
public enum Markdown {
    /// Bodies larger than this are refused at import.
    public static let maxSourceBytes = 1024 * 1024

    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter"]
    private static let registered: Void = { cmark_gfm_core_extensions_ensure_registered() }()

    public static func html(from markdown: String) -> String {
        _ = registered
        let options = CMARK_OPT_DEFAULT // safe by default since cmark 0.29: no raw HTML, no unsafe links
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        cmark_parser_feed(parser, markdown, markdown.utf8.count)
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return ""
        }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Plain text of rendered HTML: for search, word counts and default summaries.
    public static func plainText(fromHTML html: String) -> String {
        var text = String.UnicodeScalarView()
        var inTag = false
        // Scalar by scalar: a tag's `<` behind a prepended mark (U+0600) is no "<" as a Character.
        for scalar in html.unicodeScalars {
            if scalar == "<" { inTag = true; text.append(" "); continue }
            if scalar == ">" { inTag = false; continue }
            if !inTag { text.append(scalar) }
        }
        return HTMLEntities.decode(String(text))
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }
}

/// Decodes the few entities cmark emits in text (it escapes only these).
enum HTMLEntities {
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
