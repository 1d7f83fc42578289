import CCmarkGFM
import Foundation

/// How a comment's text is written (stored per comment: its HTML is made once, at writing).
public enum CommentFormat: String, Sendable {
    /// Plain text with bare URLs linked (`CommentText`): comments before Markdown, imports.
    case text
    /// The safe Markdown subset below: new comments from the form, the API and the desk.
    case markdown

    public func html(_ body: String) -> String {
        self == .markdown ? CommentMarkdown.html(body) : CommentText.html(body)
    }
}

/// A reader's comment in Markdown, the safe subset: emphasis, links, inline code and code
/// blocks, lists and block quotes, and bare URLs linked. cmark-gfm parses (safe mode, the
/// autolink extension only); this file writes the HTML itself from the tree, so only the
/// elements above can come out, whatever the input: a heading is a paragraph, an image its
/// alt text, raw HTML shown as text, a link to anything but http(s) its text alone. Links get
/// `rel="nofollow ugc noopener"`. Made once, when a comment is written, and stored with it.
public enum CommentMarkdown {
    private static let registered: Void = { cmark_gfm_core_extensions_ensure_registered() }()

    public static func html(_ text: String) -> String {
        _ = registered
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return CommentText.html(text) }
        defer { cmark_parser_free(parser) }
        if let autolink = cmark_find_syntax_extension("autolink") { cmark_parser_attach_syntax_extension(parser, autolink) }
        cmark_parser_feed(parser, text, text.utf8.count)
        guard let document = cmark_parser_finish(parser), let iterator = cmark_iter_new(document) else {
            return CommentText.html(text)
        }
        defer {
            cmark_iter_free(iterator)
            cmark_node_free(document)
        }
        var out = ""
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            write(node, entering: event == CMARK_EVENT_ENTER, into: &out)
        }
        return out.hasSuffix("\n") ? String(out.dropLast()) : out
    }

    private static func write(_ node: OpaquePointer, entering: Bool, into out: inout String) {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
            guard !inTightList(node) else {
                if !entering, cmark_node_next(node) != nil { out += "<br>\n" }
                return
            }
            out += entering ? "<p>" : "</p>\n"
        case CMARK_NODE_BLOCK_QUOTE:
            out += entering ? "<blockquote>\n" : "</blockquote>\n"
        case CMARK_NODE_LIST:
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            let start = cmark_node_get_list_start(node)
            out += entering ? (ordered ? (start > 1 ? "<ol start=\"\(start)\">\n" : "<ol>\n") : "<ul>\n")
                : (ordered ? "</ol>\n" : "</ul>\n")
        case CMARK_NODE_ITEM:
            out += entering ? "<li>" : "</li>\n"
        case CMARK_NODE_CODE_BLOCK:
            out += "<pre><code>" + CommentText.escape(literal(node)) + "</code></pre>\n"
        case CMARK_NODE_HTML_BLOCK:
            out += "<p>" + CommentText.escape(literal(node).trimmingCharacters(in: .newlines)) + "</p>\n"
        case CMARK_NODE_TEXT, CMARK_NODE_HTML_INLINE:
            out += CommentText.escape(literal(node))
        case CMARK_NODE_CODE:
            out += "<code>" + CommentText.escape(literal(node)) + "</code>"
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            out += "<br>\n" // a comment's line breaks stay, as in plain comments
        case CMARK_NODE_EMPH:
            out += entering ? "<em>" : "</em>"
        case CMARK_NODE_STRONG:
            out += entering ? "<strong>" : "</strong>"
        case CMARK_NODE_LINK:
            guard let url = linkURL(node) else { return } // its text alone
            out += entering ? "<a href=\"\(CommentText.escape(url))\" rel=\"nofollow ugc noopener\">" : "</a>"
        default:
            break // document, image (its alt text follows as text), thematic break: no markup
        }
    }

    private static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    /// Only web links: http and https, with a host.
    private static func linkURL(_ node: OpaquePointer) -> String? {
        guard let raw = cmark_node_get_url(node) else { return nil }
        let url = String(cString: raw)
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), URL(string: url)?.host?.isEmpty == false else { return nil }
        return url
    }

    /// A paragraph directly in an item of a tight list is written without `<p>`, as cmark's
    /// own renderer does.
    private static func inTightList(_ node: OpaquePointer) -> Bool {
        guard let item = cmark_node_parent(node), cmark_node_get_type(item) == CMARK_NODE_ITEM,
              let list = cmark_node_parent(item) else { return false }
        return cmark_node_get_list_tight(list) != 0
    }
}
