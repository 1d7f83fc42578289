import Foundation

/// Header fields as RFC 5322 wants them on the wire: US-ASCII only, lines of at most 78
/// characters where there is a place to fold, every line ending in CRLF.
enum HeaderEncoding {
    /// `Name: value` folded; the value as RFC 2047 encoded words when it holds non-ASCII text,
    /// text a reader would decode as an encoded word (`=?`), or a run without spaces too long
    /// to fold (encoded words can be split anywhere between characters).
    static func field(_ name: String, _ value: String) -> String {
        let plain = isPlainASCII(value) && !value.contains("=?")
            && value.split(separator: " ").allSatisfy { $0.utf8.count <= 70 }
        return fold(name + ": " + (plain ? value : encodedWords(value)))
    }

    /// A structured field (`List-Unsubscribe: <https://…>`, `In-Reply-To`): ASCII as given,
    /// folded only at its spaces, never encoded (a reader would not decode an encoded word
    /// there, and one-click unsubscribe would break on a long URL). Non-ASCII text, which such
    /// a field should not hold, is encoded like free text.
    static func structuredField(_ name: String, _ value: String) -> String {
        isPlainASCII(value) ? fold(name + ": " + value) : field(name, value)
    }

    /// An address field: `Display Name <local@domain>`; a name with specials is quoted, one
    /// with non-ASCII text is encoded (RFC 2047 §5(3): an encoded word may stand in a phrase).
    static func address(_ address: MailAddress) -> String {
        let name = String(address.displayName.trimmingSpaces)
        guard !name.isEmpty else { return "<\(address.address)>" }
        if !isPlainASCII(name) { return encodedWords(name) + " <\(address.address)>" }
        if name.utf8.allSatisfy({ atext.contains($0) || $0 == UInt8(ascii: " ") }) { return "\(name) <\(address.address)>" }
        let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(quoted)\" <\(address.address)>"
    }

    /// Printable ASCII and spaces only: nothing to encode.
    static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) }
    }

    /// `=?UTF-8?B?…?=` words, each at most 75 characters (RFC 2047 §2), split between
    /// characters, never inside one (§5: each word decodes on its own), joined by spaces that
    /// `fold` may turn into line breaks. Control characters become spaces first.
    static func encodedWords(_ text: String) -> String {
        let maxPayloadBytes = 39 // 39 bytes → 52 base64 characters + 12 of wrapping = 64, so "Subject: " and a word fit in 78
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let clean = scalar.properties.generalCategory == .control ? " " : scalar
            let bytes = Array(String(clean).utf8)
            if chunk.count + bytes.count > maxPayloadBytes {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: " ")
    }

    /// Breaks the line at spaces so no line exceeds 78 characters where that is possible
    /// (RFC 5322 §2.2.3: a fold is CRLF before white space), before the first space of a run,
    /// so no line is only white space. A longer run without a space stays whole: `field`
    /// encodes such values, and an address is far below the hard limit of 998.
    static func fold(_ line: String) -> String {
        var lines: [Substring] = []
        var rest = Substring(line)
        // The first line never folds inside "Name: "; a continuation starts with its space.
        var earliest = rest.firstIndex(of: " ").map { rest.index(after: $0) } ?? rest.endIndex
        while rest.count > 78 {
            let window = rest.prefix(78)
            guard earliest < window.endIndex, var space = window[earliest...].lastIndex(of: " ") else { break }
            while space > earliest, rest[rest.index(before: space)] == " " { space = rest.index(before: space) }
            guard space > earliest else { break }
            lines.append(rest[..<space])
            rest = rest[space...]
            earliest = rest.index(after: rest.startIndex)
        }
        lines.append(rest)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// RFC 5322 §3.2.3 atext: what a display name may hold unquoted.
    private static let atext: Set<UInt8> = Set(("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                + "!#$%&'*+-/=?^_`{|}~").utf8)
}

extension String {
    var trimmingSpaces: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " })!
        return self[first...last]
    }
}
