/// Checks UTF-8 as bytes stream past, chunk by chunk (a character may straddle two chunks):
/// the XML parser underneath trusts its input to be UTF-8, and an export that is not must stop
/// with its line, not crash the import. Rejects what Unicode calls ill-formed: stray
/// continuation bytes, overlong forms, surrogates, and code points above U+10FFFF.
struct UTF8Validator {
    /// Continuation bytes still expected for the current character.
    private var remaining = 0
    /// The range the next byte must fall in (narrower than 0x80…0xBF right after some leads).
    private var low: UInt8 = 0x80, high: UInt8 = 0xBF
    /// Lines seen so far (1-based), for the error.
    private(set) var line = 1

    /// Reads `bytes`; false at the first byte that cannot be UTF-8 (`line` is its line).
    mutating func consume(_ bytes: some Sequence<UInt8>) -> Bool {
        for byte in bytes {
            if remaining > 0 {
                guard byte >= low && byte <= high else { return false }
                remaining -= 1
                (low, high) = (0x80, 0xBF)
                continue
            }
            switch byte {
            case 0x0A: line += 1
            case 0x00...0x7F: break
            case 0xC2...0xDF: remaining = 1
            case 0xE0: (remaining, low) = (2, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: remaining = 2
            case 0xED: (remaining, high) = (2, 0x9F)
            case 0xF0: (remaining, low) = (3, 0x90)
            case 0xF1...0xF3: remaining = 3
            case 0xF4: (remaining, high) = (3, 0x8F)
            default: return false
            }
        }
        return true
    }

    /// Whether the input ended between characters.
    var isComplete: Bool { remaining == 0 }
}
