/// Counts the links a reader would see in a comment: words (split at Unicode white space) that
/// contain `http://` or `https://`, or start with `www.`, in any case.
///
/// One pass over the scalars with one reused buffer: the count runs on every posted comment,
/// and splitting into `Character`s and lowercasing each word cost more than the rest of the
/// validation together.
public enum LinkCounter {
    public static func count(in text: String) -> Int {
        var links = 0
        var word: [UInt8] = []
        word.reserveCapacity(64)
        func endWord() {
            if isLink(word) { links += 1 }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if isWhiteSpace(scalar) {
                endWord()
            } else if scalar.isASCII {
                // Only ASCII letters matter to the patterns, and no other letter lowercases to one of them.
                let byte = UInt8(scalar.value)
                word.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
            } else {
                word.append(0x80) // stands for any non-ASCII scalar: it can be part of no pattern
            }
        }
        endWord()
        return links
    }

    /// Unicode White_Space, as `Character.isWhitespace` tests it, with ASCII answered first.
    private static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20: return true
        case 0..<0x80: return false
        default: return scalar.properties.isWhitespace
        }
    }

    private static func isLink(_ word: [UInt8]) -> Bool {
        guard word.count >= 4 else { return false }
        return word.starts(with: "www.".utf8) || word.contains(subsequence: "http://".utf8)
            || word.contains(subsequence: "https://".utf8)
    }
}
