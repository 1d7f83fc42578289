import Foundation

/// Makes another engine's HTML safe to publish, by allow-list: the input is read into tags and
/// text, and the output is written again from what is allowed, every text escaped and every
/// attribute value quoted (with the project's one escaper, `CommentText.escape`, byte by byte:
/// a `<` or `"` behind a prepended or combining mark is still escaped, where comparing
/// `Character`s missed it). So nothing the input spells oddly (case, entities, broken quotes)
/// can reach a reader as markup:
/// - kept: the elements of prose (paragraphs, headings, lists, quotes, code, tables, links,
///   images, figures) with a few attributes each; `h1` becomes `h2` (the page's title is the h1);
/// - dropped with their content: `script`, `style`, `iframe`, `object`, `embed`, forms, `svg`,
///   `math`, `template`, `noscript`; comments (Gutenberg's block markers among them);
/// - unwrapped (content kept): every other element (`div`, `span`, `font`, …);
/// - links and images only with `http:`, `https:`, `mailto:` (links) or site-relative URLs;
///   event handlers, `style` and every attribute not listed are dropped;
/// - elements left open are closed, stray closing tags are dropped.
public enum HTMLSanitizer {
    static let allowed: [String: Set<String>] = [
        "p": [], "br": [], "hr": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [],
        "strong": [], "b": [], "em": [], "i": [], "u": [], "s": [], "del": [], "ins": [], "sub": [], "sup": [], "mark": [],
        "small": [], "blockquote": ["cite"], "q": ["cite"], "cite": [], "code": [], "pre": [], "kbd": [], "abbr": ["title"],
        "ul": [], "ol": ["start", "reversed"], "li": [], "dl": [], "dt": [], "dd": [],
        "a": ["href", "title"], "img": ["src", "alt", "title", "width", "height"], "figure": [], "figcaption": [],
        "table": [], "caption": [], "thead": [], "tbody": [], "tfoot": [], "tr": [], "th": ["colspan", "rowspan", "scope"],
        "td": ["colspan", "rowspan"],
    ]
    /// Every element the sanitizer may write (the fuzzers hold its output to this list).
    public static var allowedElements: Set<String> { Set(allowed.keys) }
    static let void: Set<String> = ["br", "hr", "img"]
    static let droppedWithContent: Set<String> = [
        "script", "style", "iframe", "object", "embed", "applet", "form", "input", "button", "textarea", "select", "option",
        "svg", "math", "template", "noscript", "frameset", "frame", "noembed", "title", "head", "video", "audio", "canvas",
    ]
    static let urlAttributes: Set<String> = ["href", "src", "cite"]

    /// `rewritingURLs` may give a URL attribute another value before it is checked (an
    /// import points old addresses at their new places); nil keeps the value.
    public static func clean(_ html: String, rewritingURLs rewrite: (String) -> String? = { _ in nil }) -> String {
        var output = ""
        var open: [String] = []
        /// How many of each element are open: a closing tag for none is dropped at once, without
        /// searching the stack (a flood of stray closing tags was quadratic).
        var openCount: [String: Int] = [:]
        var dropping: String? // inside an element dropped with its content
        for token in HTMLTokenizer(html) {
            switch token {
            case .text(let text):
                if dropping == nil { output += CommentText.escape(text) }
            case .comment:
                break
            case .start(var name, let attributes, let selfClosing):
                if dropping != nil { continue }
                if droppedWithContent.contains(name) {
                    if !selfClosing && !void.contains(name) { dropping = name }
                    continue
                }
                if name == "h1" { name = "h2" }
                guard let allowedAttributes = allowed[name] else { continue }
                output += "<" + name
                for (attribute, value) in attributes where allowedAttributes.contains(attribute) {
                    let value = urlAttributes.contains(attribute) ? rewrite(value) ?? value : value
                    guard let safe = safeValue(attribute, value, element: name) else { continue }
                    output += " \(attribute)=\"\(CommentText.escape(safe))\""
                }
                output += ">"
                if !void.contains(name) {
                    open.append(name)
                    openCount[name, default: 0] += 1
                }
            case .end(var name):
                if let inside = dropping {
                    if inside == name { dropping = nil }
                    continue
                }
                if name == "h1" { name = "h2" }
                guard openCount[name, default: 0] > 0, let index = open.lastIndex(of: name) else { continue }
                while open.count > index {
                    let closed = open.removeLast()
                    openCount[closed, default: 0] -= 1
                    output += "</\(closed)>"
                }
            }
        }
        while let name = open.popLast() { output += "</\(name)>" }
        return output
    }

    /// A value fit to keep, or nil: URLs by scheme (read after entities are decoded, so
    /// `jav&#x61;script:` is seen for what it is), numbers as numbers.
    static func safeValue(_ attribute: String, _ value: String, element: String) -> String? {
        let cleaned = String(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })
        if urlAttributes.contains(attribute) {
            let trimmed = cleaned.trimmingCharacters(in: .whitespaces)
            let compact = String(String.UnicodeScalarView(trimmed.unicodeScalars.filter { !$0.properties.isWhitespace })).lowercased()
            let schemes = element == "a" && attribute == "href" ? ["http:", "https:", "mailto:"] : ["http:", "https:"]
            if schemes.contains(where: compact.hasPrefix) { return trimmed }
            // Relative: no scheme before the first `/`, `?` or `#`, and not `//host`.
            // A backslash anywhere is refused: browsers read `/\host` as `//host`.
            let head = compact.unicodeScalars.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            return head.contains(":") || compact.hasPrefix("//") || compact.unicodeScalars.contains("\\") ? nil : trimmed
        }
        if ["width", "height", "colspan", "rowspan", "start"].contains(attribute) {
            return cleaned.count <= 5 && !cleaned.isEmpty && cleaned.allSatisfy(\.isASCII) && cleaned.allSatisfy(\.isNumber) ? cleaned : nil
        }
        if attribute == "reversed" { return "" }
        if attribute == "scope" { return ["row", "col", "rowgroup", "colgroup"].contains(cleaned.lowercased()) ? cleaned.lowercased() : nil }
        return cleaned
    }
}

extension HTMLSanitizer {
    /// Another engine's comment HTML as the plain text Feder keeps for a comment (which it
    /// renders itself, `CommentText.html`): paragraphs and block ends become blank lines, `br`
    /// a line break, a link its text with the address after it in parentheses when the two
    /// differ (so the address stays visible and is linked again), every other tag and what
    /// `droppedWithContent` names go; character references are decoded.
    public static func plainText(_ html: String) -> String {
        var text = ""
        var dropping: String?
        var linkTarget: (href: String, textStart: String.Index)?
        for token in HTMLTokenizer(html) {
            switch token {
            case .text(let words):
                if dropping == nil { text += words }
            case .comment:
                break
            case .start(let name, let attributes, let selfClosing):
                if dropping != nil { continue }
                if droppedWithContent.contains(name) {
                    if !selfClosing && !void.contains(name) { dropping = name }
                } else if name == "br" {
                    text += "\n"
                } else if name == "a", let href = attributes.first(where: { $0.0 == "href" })?.1,
                          safeValue("href", href, element: "a") != nil {
                    linkTarget = (href, text.endIndex)
                } else if blockElements.contains(name) {
                    text += "\n\n"
                }
            case .end(let name):
                if let inside = dropping {
                    if inside == name { dropping = nil }
                    continue
                }
                if name == "a", let link = linkTarget {
                    let shown = text[link.textStart...].trimmingCharacters(in: .whitespaces)
                    if shown != link.href && !link.href.isEmpty { text += " (\(link.href))" }
                    linkTarget = nil
                } else if blockElements.contains(name) {
                    text += "\n\n"
                }
            }
        }
        // Runs of blank lines (nested blocks) become one; whitespace at line ends goes. Split and
        // trimmed by scalars: "\r\n" is one Character, and Foundation's trimming bridges.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { CommentDraft.trim(String($0)) }
        var result: [String] = []
        for line in lines where !(line.isEmpty && (result.last?.isEmpty ?? true)) { result.append(line) }
        while result.last?.isEmpty == true { result.removeLast() }
        return result.joined(separator: "\n")
    }

    static let blockElements: Set<String> = [
        "p", "div", "blockquote", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "figure", "hr",
    ]
}
