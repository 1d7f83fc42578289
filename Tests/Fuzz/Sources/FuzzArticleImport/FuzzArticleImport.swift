import Blog
import FuzzSupport

/// An article file: front matter (Yams) and Markdown (cmark-gfm, safe mode), as
/// `feder import` and the admin API read it. Invariants: no crash or hang, and the rendered
/// body holds only cmark's own tags and those `HTMLSanitizer` writes for a `{=html}` block,
/// no event handler or `style`, and no `javascript:`, `vbscript:`, `file:` or non-image
/// `data:` URL.
let markdownHTML = HTMLSafety(
    allowedTags: Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code", "em",
                      "strong", "a", "img", "hr", "br", "del", "table", "thead", "tbody", "tr", "th", "td"])
        .union(HTMLSanitizer.allowedElements),
    allowedComments: ["<!-- raw HTML omitted -->"], allowImageData: true)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: bytes(data, size), as: UTF8.self)
    // Without a front-matter block the Markdown itself is still worth rendering.
    let article = try? ArticleDocument.parse(text, source: "fuzz")
    if let article {
        invariant(Slug.isValid(article.slug), "accepted slug \(article.slug.debugDescription)")
        invariant(!article.title.isEmpty && article.title.count <= 300, "accepted title")
        if let image = article.image {
            let lower = image.url.lowercased()
            invariant(lower.hasPrefix("http://") || lower.hasPrefix("https://") || (image.url.hasPrefix("/") && !image.url.hasPrefix("//")),
                      "accepted image \(image.url.debugDescription)")
            invariant(!image.url.contains(where: { "\"<> ".contains($0) }), "accepted image \(image.url.debugDescription)")
        }
    }
    let markdown = article?.markdown ?? text
    let html = Markdown.html(from: markdown)
    if let problem = markdownHTML.problem(in: html) {
        invariant(false, "Markdown.html: \(problem)\ninput: \(markdown.debugDescription)\noutput: \(html)")
    }
    _ = Markdown.plainText(fromHTML: html)
    return 0
}

@_cdecl("FuzzArticleImport_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
