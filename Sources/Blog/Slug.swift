import Foundation

/// URL slugs: lowercase ASCII letters, digits and single hyphens.
public enum Slug {
    public static let maxLength = 120

    /// Makes a slug from a title; German letters are transliterated (ä→ae, ß→ss), other
    /// accents dropped (é→e), anything else becomes a hyphen.
    public static func make(from title: String) -> String {
        var result = ""
        var pendingHyphen = false
        for character in title.lowercased() {
            let replacement: String
            switch character {
            case "ä": replacement = "ae"
            case "ö": replacement = "oe"
            case "ü": replacement = "ue"
            case "ß": replacement = "ss"
            case "æ": replacement = "ae"
            case "ø": replacement = "o"
            case "œ": replacement = "oe"
            default:
                let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
                    .filter { $0.isASCII }.map(String.init).joined()
                replacement = base
            }
            for scalar in replacement.unicodeScalars {
                if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                    if pendingHyphen && !result.isEmpty { result.append("-") }
                    pendingHyphen = false
                    result.unicodeScalars.append(scalar)
                } else {
                    pendingHyphen = true
                }
            }
            if replacement.isEmpty { pendingHyphen = true }
        }
        return String(result.prefix(maxLength)).trimmingHyphens()
    }

    /// Whether `text` is already a valid slug (what imports and URLs accept).
    /// Bytes only: the response cache asks this for every article request it answers, and
    /// `String.contains(String)` goes through NSString on Linux. Inlinable, so callers in
    /// other modules get it specialised for their string type instead of a witness-table
    /// call per byte (3 % of a 304 answer's CPU).
    @inlinable
    public static func isValid(_ text: some StringProtocol) -> Bool {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= maxLength, bytes.first != hyphen else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            let allowed = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == hyphen
            if !allowed || (byte == hyphen && previous == hyphen) { return false }
            previous = byte
        }
        return previous != hyphen
    }

    @usableFromInline static let hyphen = UInt8(ascii: "-")
}

private extension String {
    func trimmingHyphens() -> String {
        var text = Substring(self)
        while text.hasPrefix("-") { text = text.dropFirst() }
        while text.hasSuffix("-") { text = text.dropLast() }
        return String(text)
    }
}

