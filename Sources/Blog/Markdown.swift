import CCmarkGFM
import Foundation

/// Markdown to HTML through cmark-gfm in safe mode: raw HTML is dropped and `javascript:`,
/// `vbscript:`, `file:` and most `data:` links are removed; tables, strikethrough, autolinks
/// and the tag filter are on (GitHub Flavored Markdown).
///
/// One way in for HTML: a fenced block marked `{=html}` (Pandoc's raw attribute), which
/// imports write for content that came as HTML. Its text goes through `HTMLSanitizer`, the
/// allow-list, so it is as safe as the rest; it keeps what Markdown cannot say (figures,
/// table cells spanning columns) and stays editable source for `feder export`.
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
        replaceRawHTMLBlocks(in: document)
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return ""
        }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// The fence info that marks a block of raw HTML.
    public static let rawHTMLInfo = "{=html}"

    /// `html` as a Markdown block that renders it (after sanitizing): a fence longer than any
    /// run of backticks inside, so no line of the HTML can close it early.
    public static func rawHTMLBlock(_ html: String) -> String {
        var longest = 0, run = 0
        for byte in html.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + rawHTMLInfo + "\n" + html + (html.hasSuffix("\n") ? "" : "\n") + fence + "\n"
    }

    /// Each `{=html}` code block becomes a custom block that prints its sanitized text as is
    /// (safe mode drops raw HTML nodes, not custom ones). Collected first: the tree must not
    /// change under its iterator.
    private static func replaceRawHTMLBlocks(in document: OpaquePointer) {
        var blocks: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(document) else { return }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK,
                  let info = cmark_node_get_fence_info(node), String(cString: info) == rawHTMLInfo else { continue }
            blocks.append(node)
        }
        cmark_iter_free(iterator)
        for block in blocks {
            let source = cmark_node_get_literal(block).map { String(cString: $0) } ?? ""
            guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            cmark_node_set_on_enter(custom, HTMLSanitizer.clean(source))
            cmark_node_set_on_exit(custom, "")
            cmark_node_replace(block, custom)
            cmark_node_free(block)
        }
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
        // One pass over scalars (Character-wise splitting and five Foundation replacements
        // were most of an imported post's cost).
        return HTMLTokenizer.decode(String(text)).unicodeScalars.split(whereSeparator: CommentDraft.isWhitespace)
            .map { String($0) }.joined(separator: " ")
    }
}
