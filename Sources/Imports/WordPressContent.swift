import Blog
import Foundation

/// A WordPress post's content as safe HTML, and the shortcodes it used:
/// - Gutenberg's block markers (`<!-- wp:… -->`) go, with every other comment;
/// - `[caption]…[/caption]` becomes a `figure` with its `figcaption`;
/// - other shortcodes stay as the text they are (a plugin rendered them; Feder cannot), and are
///   listed for the report;
/// - classic content (without block markers) gets WordPress's paragraph rule: text separated by
///   a blank line is a paragraph, a single line break a `br`;
/// - then `HTMLSanitizer` keeps only the allow-list.
public enum WordPressContent {
    /// `rewritingURLs`: the new address for an old one (a link to another imported post, an
    /// image copied into the media folder); nil keeps it.
    public static func html(from content: String, rewritingURLs rewrite: (String) -> String? = { _ in nil })
        -> (html: String, shortcodes: [String]) {
        var text = content.replacingOccurrences(of: "\r\n", with: "\n")
        text = captions(in: text)
        let shortcodes = shortcodeNames(in: text)
        if !text.contains("<!-- wp:") { text = paragraphs(text) }
        return (HTMLSanitizer.clean(text, rewritingURLs: rewrite), shortcodes)
    }

    private static let captionAttribute = try! NSRegularExpression(pattern: #"caption="([^"]*)""#)

    /// `[caption …]<img …> The text[/caption]` (or `caption="The text"`) as a figure. One scan
    /// forward over scalars, opener then closer: every search starts where the last ended (a
    /// lazy pattern, or Foundation's search on the rest of the string, made hostile posts of
    /// many captions quadratic).
    static func captions(in text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        // A String grown with `+=` (amortised); appending to a String.UnicodeScalarView copied
        // the whole result each time.
        var result = ""
        func string(_ part: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(part)) }
        var done = 0
        while let open = find("[caption", in: scalars, from: done),
              let openEnd = scalars[open...].firstIndex(of: "]"),
              let close = find("[/caption]", in: scalars, from: openEnd) {
            result += string(scalars[done..<open])
            let attributes = string(scalars[(open + 8)..<openEnd])
            let body = scalars[(openEnd + 1)..<close]
            // The image (perhaps inside a link) ends at the last `>`; the words after it are the caption.
            let split = body.lastIndex(of: ">").map { $0 + 1 } ?? body.startIndex
            var words = CommentDraft.trim(string(body[split...]))
            if words.isEmpty,
               let attribute = captionAttribute.firstMatch(in: attributes, range: NSRange(attributes.startIndex..., in: attributes)),
               let value = Range(attribute.range(at: 1), in: attributes) {
                words = String(attributes[value])
            }
            result += "<figure>" + string(body[..<split]) + (words.isEmpty ? "" : "<figcaption>\(words)</figcaption>") + "</figure>"
            done = close + 10 // "[/caption]"
        }
        return result + string(scalars[done...])
    }

    /// Where `needle` (lowercase ASCII) starts at or after `start`, in any case.
    static func find(_ needle: String, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        let pattern = Array(needle.unicodeScalars)
        guard scalars.count >= pattern.count, start <= scalars.count - pattern.count else { return nil }
        for index in start...(scalars.count - pattern.count) where scalars[index] == pattern[0] {
            if (1..<pattern.count).allSatisfy({ offset in
                let scalar = scalars[index + offset]
                return scalar == pattern[offset] || (scalar.value >= 0x41 && scalar.value <= 0x5A && scalar.value + 0x20 == pattern[offset].value)
            }) { return index }
        }
        return nil
    }

    /// The names of the shortcodes left, each once, in order of appearance: `[name …]`,
    /// `[name/]` or `[/name]`. One scan forward (no pattern that rescans the rest for every `[`).
    static func shortcodeNames(in text: String) -> [String] {
        var seen = Set<String>(), names: [String] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isNameStart(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && (scalar.properties.isAlphabetic || scalar == "_") }
        func isName(_ scalar: Unicode.Scalar) -> Bool {
            isNameStart(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
        }
        while index < scalars.count {
            guard scalars[index] == "[" else { index += 1; continue }
            var position = index + 1
            if position < scalars.count && scalars[position] == "/" { position += 1 }
            guard position < scalars.count, isNameStart(scalars[position]) else { index += 1; continue }
            var name = ""
            while position < scalars.count && isName(scalars[position]) {
                name.unicodeScalars.append(scalars[position])
                position += 1
            }
            guard position < scalars.count,
                  scalars[position] == "]" || scalars[position] == "/" || scalars[position].properties.isWhitespace else {
                index = position
                continue
            }
            guard let close = scalars[position...].firstIndex(of: "]") else { break } // no `]` left: no shortcode either
            if seen.insert(name.lowercased()).inserted { names.append(name.lowercased()) }
            index = close + 1
        }
        return names
    }

    private static let blockStart = try! NSRegularExpression(
        pattern: #"^\s*<(p|h[1-6]|ul|ol|li|blockquote|pre|table|thead|tbody|tr|figure|div|hr|dl|address|section)[\s>/]"#,
        options: [.caseInsensitive])

    /// WordPress's `wpautop`, in short: blank-line-separated text becomes paragraphs, single
    /// line breaks inside them `br`; blocks that are already block elements stay as they are.
    static func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            .map { block in
                if blockStart.firstMatch(in: block, range: NSRange(block.startIndex..., in: block)) != nil { return block }
                return "<p>" + block.replacingOccurrences(of: "\n", with: "<br>\n") + "</p>"
            }
            .joined(separator: "\n")
    }
}
