import Foundation

/// A search hit's excerpt: about two dozen words of the plain text around the first word that
/// matches the query, the matching words marked `\u{1}…\u{2}` (the web layer escapes the text
/// and turns the markers into `<mark>`), `…` where text was left out.
///
/// Made here rather than by FTS5's snippet(), which tokenizes each hit's whole body again and
/// cost ten microseconds a hit on short bodies. Words match as the search index matches them:
/// letters and digits, without regard to case or diacritics, the last query word as a prefix.
enum SearchSnippet {
    static let words = 24

    /// `terms` as `SearchTerms.normalized` gives them.
    static func make(_ text: String, terms: [String], lastIsPrefix: Bool) -> String {
        var text = text
        return text.withUTF8 { bytes in make(bytes, terms: terms.map { Array($0.utf8) }, lastIsPrefix: lastIsPrefix) }
    }

    /// Whether every one of `terms` is a word of `text` (the last may be a prefix).
    static func containsAll(_ text: String, terms: [String], lastIsPrefix: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let words = wordRanges(bytes)
            return terms.indices.allSatisfy { index in
                let term = [Array(terms[index].utf8)]
                let prefix = lastIsPrefix && index == terms.count - 1
                return words.contains { SearchTerms.matches(UnsafeBufferPointer(rebasing: bytes[$0]), term, lastIsPrefix: prefix) }
            }
        }
    }

    private static func wordRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var words: [Range<Int>] = []
        forEachWord(bytes) { words.append($0); return true }
        return words
    }

    /// Calls `body` with each word's byte range, in order, while it returns true.
    private static func forEachWord(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Bool) {
        var start: Int?
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : SearchTerms.scalarLength(lead)
            let isWord = lead < 0x80 ? SearchTerms.asciiWord[Int(lead)] : SearchTerms.isWordScalar(bytes, at: index, length: length)
            if isWord {
                if start == nil { start = index }
            } else if let wordStart = start {
                guard body(wordStart..<index) else { return }
                start = nil
            }
            index += length
        }
        if let wordStart = start { _ = body(wordStart..<bytes.count) }
    }

    /// On UTF-8 bytes: words are found and compared without decoding ASCII, and only as far as
    /// the excerpt needs (the first match and the words after it).
    private static func make(_ bytes: UnsafeBufferPointer<UInt8>, terms: [[UInt8]], lastIsPrefix: Bool) -> String {
        func matches(_ word: Range<Int>) -> Bool {
            SearchTerms.matches(UnsafeBufferPointer(rebasing: bytes[word]), terms, lastIsPrefix: lastIsPrefix)
        }
        var words: [Range<Int>] = []
        var first: Int?
        var reachedEnd = true
        forEachWord(bytes) { word in
            words.append(word)
            if first == nil, matches(word) { first = words.count - 1 }
            // One word beyond the excerpt tells that more text follows.
            if words.count > (first ?? .max - Self.words) + Self.words { reachedEnd = false; return false }
            return true
        }
        guard !words.isEmpty else { return "" }
        let from = max(0, min((first ?? 0) - Self.words / 3, words.count - Self.words))
        let to = min(words.count, from + Self.words)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 2 + 32)
        let ellipsis: StaticString = "…"
        let ellipsisBytes = UnsafeBufferPointer(start: ellipsis.utf8Start, count: ellipsis.utf8CodeUnitCount)
        if from > 0 { output.append(contentsOf: ellipsisBytes) }
        var cursor = words[from].lowerBound
        for word in from..<to {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[cursor..<words[word].lowerBound]))
            let marked = matches(words[word])
            if marked { output.append(1) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[words[word]]))
            if marked { output.append(2) }
            cursor = words[word].upperBound
        }
        // The text's own ending (a full stop) when the excerpt reaches it.
        output.append(contentsOf: to < words.count || !reachedEnd ? ellipsisBytes : UnsafeBufferPointer(rebasing: bytes[cursor...]))
        return String(decoding: output, as: UTF8.self)
    }
}

/// What a reader typed as FTS5 queries: each word quoted (so `"`, `AND`, `NEAR(` or `*` cannot
/// break the syntax) and all words required; and the words as the index compares them.
struct SearchQuery {
    let wholeWords: String
    /// The same with the last word as a prefix.
    let lastAsPrefix: String
    let terms: [String]

    /// Nil when the text has no word.
    init?(_ text: String) {
        let words = text.split { !($0.isLetter || $0.isNumber) }.prefix(12).map { String($0.prefix(64)) }
        guard !words.isEmpty else { return nil }
        wholeWords = words.map { "\"\($0)\"" }.joined(separator: " ")
        lastAsPrefix = wholeWords + "*"
        terms = words.map { SearchTerms.normalized($0[...]) }
    }
}

/// The words of a search as the index sees them (FTS5's unicode61 tokenizer with diacritics
/// removed): runs of letters and digits, compared without case or diacritics.
enum SearchTerms {
    /// Which ASCII bytes are letters or digits.
    static let asciiWord: [Bool] = (0..<128).map { byte in
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// The length of the UTF-8 sequence a lead byte starts (1 for a stray continuation byte).
    static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Letters, digits and marks (a combining accent belongs to its letter); ASCII without a
    /// property lookup.
    static func isWordScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Bool {
        let lead = bytes[index]
        if lead < 0x80 {
            return (0x30...0x39).contains(lead) || (0x41...0x5A).contains(lead) || (0x61...0x7A).contains(lead)
        }
        guard index + length <= bytes.count,
              let scalar = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]), as: UTF8.self)
                .unicodeScalars.first else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
             .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark, .privateUse: return true
        default: return false
        }
    }

    /// Whether `word` is one of `terms` (bytes of normalized terms), or begins with the last
    /// one when `lastIsPrefix`. ASCII words are compared byte by byte without a copy.
    static func matches(_ word: UnsafeBufferPointer<UInt8>, _ terms: [[UInt8]], lastIsPrefix: Bool) -> Bool {
        let folded = word.allSatisfy { $0 < 0x80 } ? nil : Array(normalized(Substring(decoding: word, as: UTF8.self)).utf8)
        for (offset, term) in terms.enumerated() {
            let prefix = lastIsPrefix && offset == terms.count - 1
            if let folded {
                if folded == term || (prefix && folded.starts(with: term)) { return true }
                continue
            }
            guard word.count == term.count || (prefix && word.count > term.count) else { continue }
            if zip(word, term).allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) == $1 }) { return true }
        }
        return false
    }

    /// Lowercase ASCII as it is; anything else folded by Foundation (slow, and rare).
    static func normalized(_ word: Substring) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.lowercased() }
        return word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
