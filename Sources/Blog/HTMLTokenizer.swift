/// HTML read as a sequence of tags, text and comments, in the simplified way a sanitizer
/// needs: text comes out with its character references decoded (the sanitizer escapes it
/// again), tag and attribute names lowercased, attribute values unquoted and decoded. A `<`
/// that starts no tag is text. Raw-text elements (`script`, `style`, `textarea`, `title`) end
/// only at their own closing tag, as a browser reads them.
struct HTMLTokenizer: Sequence, IteratorProtocol {
    enum Token: Equatable {
        case text(String)
        case start(name: String, attributes: [(String, String)], selfClosing: Bool)
        case end(name: String)
        case comment

        static func == (lhs: Token, rhs: Token) -> Bool {
            switch (lhs, rhs) {
            case (.text(let a), .text(let b)): a == b
            case (.end(let a), .end(let b)): a == b
            case (.comment, .comment): true
            case let (.start(a, x, s), .start(b, y, t)): a == b && s == t && x.map { $0.0 + "=" + $0.1 } == y.map { $0.0 + "=" + $0.1 }
            default: false
            }
        }
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var rawTextEnd: String?
    /// A tag ran to the end of the input unclosed: no later `<` can close one either, so every
    /// later `<` is text at once (scanning to the end again for each would be quadratic).
    private var exhausted = false

    init(_ html: String) {
        scalars = Array(html.unicodeScalars)
    }

    mutating func next() -> Token? {
        guard index < scalars.count else { return nil }
        if let raw = rawTextEnd {
            rawTextEnd = nil
            let start = index
            while index < scalars.count && !matchesClosing(raw, at: index) { index += 1 }
            if index > start { return .text(String(String.UnicodeScalarView(scalars[start..<index]))) }
        }
        if scalars[index] == "<", !exhausted, let token = tag() { return token }
        let start = index
        index += 1
        while index < scalars.count && scalars[index] != "<" { index += 1 }
        return .text(Self.decode(String(String.UnicodeScalarView(scalars[start..<index]))))
    }

    private func matchesClosing(_ name: String, at position: Int) -> Bool {
        let needle = Array(("</" + name).unicodeScalars)
        guard position + needle.count <= scalars.count else { return false }
        for (offset, scalar) in needle.enumerated() where Self.lower(scalars[position + offset]) != scalar { return false }
        let after = position + needle.count
        return after == scalars.count || scalars[after] == ">" || scalars[after] == "/" || scalars[after].properties.isWhitespace
    }

    /// A tag, comment or declaration at `index` (a `<`), or nil when the `<` is text.
    private mutating func tag() -> Token? {
        var position = index + 1
        guard position < scalars.count else { return nil }
        if scalars[position] == "!" || scalars[position] == "?" {
            // Comments, DOCTYPEs, CDATA and processing instructions: nothing to keep.
            let isComment = position + 2 < scalars.count && scalars[position + 1] == "-" && scalars[position + 2] == "-"
            let terminator: [Unicode.Scalar] = isComment ? ["-", "-", ">"] : [">"]
            var end = position
            while end < scalars.count && !scalars[end...].starts(with: terminator) { end += 1 }
            index = Swift.min(scalars.count, end + terminator.count)
            return .comment
        }
        let closing = scalars[position] == "/"
        if closing { position += 1 }
        guard position < scalars.count, scalars[position].properties.isAlphabetic, scalars[position].isASCII else { return nil }
        var name = ""
        while position < scalars.count, scalars[position].isASCII,
              scalars[position].properties.isAlphabetic || ("0"..."9").contains(scalars[position]) || scalars[position] == "-" {
            name.unicodeScalars.append(Self.lower(scalars[position]))
            position += 1
        }
        var attributes: [(String, String)] = []
        var seen = Set<String>()
        var selfClosing = false
        while position < scalars.count && scalars[position] != ">" {
            let scalar = scalars[position]
            if scalar.properties.isWhitespace { position += 1; continue }
            if scalar == "/" { selfClosing = true; position += 1; continue }
            selfClosing = false
            var attribute = ""
            while position < scalars.count, !scalars[position].properties.isWhitespace,
                  !["=", ">", "/"].contains(scalars[position]) || (attribute.isEmpty && scalars[position] == "=") {
                attribute.unicodeScalars.append(Self.lower(scalars[position]))
                position += 1
            }
            while position < scalars.count && scalars[position].properties.isWhitespace { position += 1 }
            var value = ""
            if position < scalars.count && scalars[position] == "=" {
                position += 1
                while position < scalars.count && scalars[position].properties.isWhitespace { position += 1 }
                if position < scalars.count, scalars[position] == "\"" || scalars[position] == "'" {
                    let quote = scalars[position]
                    position += 1
                    let start = position
                    while position < scalars.count && scalars[position] != quote { position += 1 }
                    value = String(String.UnicodeScalarView(scalars[start..<position]))
                    if position < scalars.count { position += 1 }
                } else {
                    let start = position
                    while position < scalars.count && !scalars[position].properties.isWhitespace && scalars[position] != ">" { position += 1 }
                    value = String(String.UnicodeScalarView(scalars[start..<position]))
                }
            }
            if !attribute.isEmpty && seen.insert(attribute).inserted { // the first of a name wins, as in browsers
                attributes.append((attribute, Self.decode(value)))
            }
        }
        guard position < scalars.count else { // a tag never closed is text
            exhausted = true
            return nil
        }
        index = position + 1
        if closing { return .end(name: name) }
        if ["script", "style", "textarea", "title", "xmp", "noembed", "noframes", "iframe"].contains(name) && !selfClosing {
            rawTextEnd = name
        }
        return .start(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    private static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    /// Character references decoded: numeric ones (digits only) and the few named ones
    /// WordPress writes. An unknown or malformed reference stays as it was written (and is
    /// escaped on output). Read scalar by scalar, as the escaping is.
    static func decode(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains("&") else { return text }
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "&", let end = scalars[(index + 1)...].prefix(12).firstIndex(of: ";") else {
                result.append(scalar)
                index += 1
                continue
            }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            if let decoded = reference(name), decoded.value != 0 {
                result.append(decoded)
                index = end + 1
            } else {
                result.append(scalar)
                index += 1
            }
        }
        return String(result)
    }

    private static func reference(_ name: String) -> Unicode.Scalar? {
        let hex = name.hasPrefix("#x") || name.hasPrefix("#X")
        guard name.hasPrefix("#") else { return named[name] }
        let digits = name.dropFirst(hex ? 2 : 1)
        let allowed = hex ? "0123456789abcdefABCDEF" : "0123456789"
        guard !digits.isEmpty, digits.count <= 8, digits.allSatisfy({ allowed.contains($0) }) else { return nil }
        return UInt32(digits, radix: hex ? 16 : 10).flatMap(Unicode.Scalar.init)
    }

    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "hellip": "…", "mdash": "—", "ndash": "–",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»", "bdquo": "„", "copy": "©",
        "reg": "®", "trade": "™", "euro": "€", "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü",
        "szlig": "ß", "eacute": "é", "egrave": "è", "agrave": "à", "ccedil": "ç", "times": "×", "middot": "·", "deg": "°",
    ]
}
