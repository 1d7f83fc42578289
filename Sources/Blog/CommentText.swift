import Foundation

/// Reader-written text as a safe HTML fragment, shared by the pages, the feeds and the API.
///
/// The one place the domain produces markup from user input (like `Markdown` for authors):
/// everything is escaped, blank lines (empty or only whitespace) separate paragraphs, single
/// line breaks become `<br>`, and bare http(s) URLs become links marked
/// `rel="nofollow ugc noopener"`. Made once, when a comment is written, and stored with it.
///
/// Works on UTF-8 bytes: every character it looks for is ASCII, and Unicode whitespace is
/// decoded only where a byte is not ASCII.
public enum CommentText {
    public static func html(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8 + 16)
        var paragraph: [Range<Int>] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            // The paragraph's own leading and trailing whitespace goes; inner lines keep theirs.
            paragraph[0] = trimmed(bytes, paragraph[0], leading: true)
            paragraph[paragraph.count - 1] = trimmed(bytes, paragraph[paragraph.count - 1], leading: false)
            if !output.isEmpty { output.append(0x0A) }
            output.append(contentsOf: "<p>".utf8)
            for (index, line) in paragraph.enumerated() {
                if index > 0 { output.append(contentsOf: "<br>\n".utf8) }
                linkify(bytes[line], into: &output)
            }
            output.append(contentsOf: "</p>".utf8)
            paragraph.removeAll(keepingCapacity: true)
        }
        var lineStart = 0
        var index = 0
        while index <= bytes.count {
            // Lines end at LF, CR or CRLF (and at the end of the text).
            guard index == bytes.count || bytes[index] == 0x0A || bytes[index] == 0x0D else {
                index += 1
                continue
            }
            let line = lineStart..<index
            if isBlank(bytes, line) { flush() } else { paragraph.append(line) }
            if index < bytes.count, bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            index += 1
            lineStart = index
        }
        flush()
        return String(decoding: output, as: UTF8.self)
    }

    /// Escapes text for element content and quoted attribute values.
    public static func escape(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        escape(ArraySlice(text.utf8), into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func escape(_ bytes: ArraySlice<UInt8>, into output: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case 0x26: output.append(contentsOf: "&amp;".utf8)
            case 0x3C: output.append(contentsOf: "&lt;".utf8)
            case 0x3E: output.append(contentsOf: "&gt;".utf8)
            case 0x22: output.append(contentsOf: "&quot;".utf8)
            case 0x27: output.append(contentsOf: "&#39;".utf8)
            default: output.append(byte)
            }
        }
    }

    /// Escapes a line and turns bare URLs into links; trailing punctuation stays outside.
    /// Words are separated by spaces, as people type them.
    static func linkify(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var wordStart = line.startIndex
        for index in line.startIndex...line.endIndex where index == line.endIndex || line[index] == 0x20 {
            let word = line[wordStart..<index]
            if let start = find("https://", in: word) ?? find("http://", in: word) {
                var end = word.endIndex
                while end > start, trailingPunctuation.contains(word[end - 1]) { end -= 1 }
                let url = String(decoding: word[start..<end], as: UTF8.self)
                if CommentDraft.isWebURL(url) {
                    escape(word[word.startIndex..<start], into: &output)
                    output.append(contentsOf: "<a href=\"".utf8)
                    escape(word[start..<end], into: &output)
                    output.append(contentsOf: "\" rel=\"nofollow ugc noopener\">".utf8)
                    escape(word[start..<end], into: &output)
                    output.append(contentsOf: "</a>".utf8)
                    escape(word[end...], into: &output)
                } else {
                    escape(word, into: &output)
                }
            } else {
                escape(word, into: &output)
            }
            if index < line.endIndex { output.append(0x20) }
            wordStart = index + 1
        }
    }

    private static let trailingPunctuation: Set<UInt8> = Set(".,;:!?)]}'\"".utf8)

    /// Where `scheme` starts in `word`, compared without regard to ASCII case.
    private static func find(_ scheme: StaticString, in word: ArraySlice<UInt8>) -> Int? {
        let pattern = UnsafeBufferPointer(start: scheme.utf8Start, count: scheme.utf8CodeUnitCount)
        guard word.count >= pattern.count else { return nil }
        outer: for start in word.startIndex...(word.endIndex - pattern.count) {
            for offset in 0..<pattern.count {
                let byte = word[start + offset]
                let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                if lower != pattern[offset] { continue outer }
            }
            return start
        }
        return nil
    }

    private static func isBlank(_ bytes: [UInt8], _ line: Range<Int>) -> Bool {
        trimmed(bytes, line, leading: true).isEmpty
    }

    /// `range` without Unicode whitespace at its start (`leading`) or end.
    private static func trimmed(_ bytes: [UInt8], _ range: Range<Int>, leading: Bool) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        if leading {
            while lower < upper, let length = whitespaceLength(bytes, at: lower, forward: true) { lower += length }
        } else {
            while upper > lower, let length = whitespaceLength(bytes, at: upper, forward: false) { upper -= length }
        }
        return lower..<upper
    }

    /// The byte length of the whitespace character starting at `index` (or ending before it),
    /// or nil when there is none.
    private static func whitespaceLength(_ bytes: [UInt8], at index: Int, forward: Bool) -> Int? {
        var start = forward ? index : index - 1
        if !forward { while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 } } // back to a lead byte
        guard start >= 0, start < bytes.count else { return nil }
        let lead = bytes[start]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard start + length <= bytes.count else { return nil }
        let scalar = lead < 0x80 ? Unicode.Scalar(lead) : String(decoding: bytes[start..<(start + length)], as: UTF8.self).unicodeScalars.first
        guard let scalar, CommentDraft.isWhitespace(scalar) else { return nil }
        return length
    }
}
