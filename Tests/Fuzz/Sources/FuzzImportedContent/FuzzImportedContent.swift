import Blog
import FuzzSupport
import Imports

/// Another engine's post and comment HTML, as `feder import --from` makes it safe: WordPress's
/// rules (captions, shortcodes, paragraphs) then the allow-list sanitizer; and a comment's HTML
/// as plain text. Invariants: no crash or hang; the post's HTML holds only the sanitizer's
/// elements with harmless attributes and URLs, and sanitizing it again changes nothing; the
/// same HTML in a `{=html}` block renders through Markdown just as safely.
let sanitized = HTMLSafety(allowedTags: HTMLSanitizer.allowedElements)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: bytes(data, size), as: UTF8.self)
    let post = WordPressContent.html(from: text).html
    if let problem = sanitized.problem(in: post) {
        invariant(false, "WordPressContent.html: \(problem)\ninput: \(text.debugDescription)\noutput: \(post)")
    }
    invariant(HTMLSanitizer.clean(post) == post, "a second pass changed \(post.debugDescription)")
    let rendered = Markdown.html(from: Markdown.rawHTMLBlock(text))
    if let problem = sanitized.problem(in: rendered) {
        invariant(false, "{=html} block: \(problem)\ninput: \(text.debugDescription)\noutput: \(rendered)")
    }
    _ = HTMLSanitizer.plainText(text)
    return 0
}

@_cdecl("FuzzImportedContent_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
