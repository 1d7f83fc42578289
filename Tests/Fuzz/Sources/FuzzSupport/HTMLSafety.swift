/// Checks that an HTML fragment made from untrusted text holds only the markup its renderer
/// is meant to emit: every `<` opens an allowed tag, no tag carries an event handler or a
/// `style`, and every `href`/`src` has a harmless scheme. Escaped text such as `&lt;script`
/// or a plain-text "onerror=" is inert and passes; a raw `<script`, `<svg`, an attribute
/// `onerror=` or `href="javascript:…"` fails.
public struct HTMLSafety: Sendable {
    public let allowedTags: Set<String>
    /// Comments the renderer writes itself, e.g. cmark's "raw HTML omitted".
    public let allowedComments: Set<String>
    public let allowImageData: Bool

    public init(allowedTags: Set<String>, allowedComments: Set<String> = [], allowImageData: Bool = false) {
        self.allowedTags = allowedTags
        self.allowedComments = allowedComments
        self.allowImageData = allowImageData
    }

    /// nil when safe, else what is wrong.
    public func problem(in html: String) -> String? {
        let text = Array(html.utf8)
        var index = 0
        while index < text.count {
            switch text[index] {
            case UInt8(ascii: "<"):
                if let comment = allowedComments.first(where: { text[index...].starts(with: $0.utf8) }) {
                    index += comment.utf8.count
                    continue
                }
                guard let close = text[index...].firstIndex(of: UInt8(ascii: ">")) else { return "unclosed <" }
                let tag = Array(text[(index + 1)..<close])
                if let problem = problemInTag(tag) { return problem }
                index = close + 1
            case UInt8(ascii: ">"):
                return "raw > in text"
            default:
                index += 1
            }
        }
        return nil
    }

    private func problemInTag(_ tag: [UInt8]) -> String? {
        var body = tag[...]
        if body.first == UInt8(ascii: "/") { body = body.dropFirst() }
        if body.last == UInt8(ascii: "/") { body = body.dropLast() }
        while body.last == UInt8(ascii: " ") { body = body.dropLast() }
        let nameEnd = body.firstIndex(where: { !isNameByte($0) }) ?? body.endIndex
        let name = String(decoding: body[body.startIndex..<nameEnd], as: UTF8.self).lowercased()
        guard allowedTags.contains(name) else { return "tag <\(name)> not allowed" }
        var rest = body[nameEnd...]
        // Attributes: ` name="value"` or ` name`, nothing else.
        while !rest.isEmpty {
            guard rest.first == UInt8(ascii: " ") else { return "junk in <\(name)>" }
            rest = rest.dropFirst()
            let attributeEnd = rest.firstIndex(where: { !isNameByte($0) }) ?? rest.endIndex
            let attribute = String(decoding: rest[rest.startIndex..<attributeEnd], as: UTF8.self).lowercased()
            guard !attribute.isEmpty else { return "empty attribute in <\(name)>" }
            if attribute.hasPrefix("on") || attribute == "style" || attribute == "srcdoc" || attribute == "formaction" {
                return "attribute \(attribute) in <\(name)>"
            }
            rest = rest[attributeEnd...]
            guard rest.first == UInt8(ascii: "=") else { continue }
            rest = rest.dropFirst()
            guard rest.first == UInt8(ascii: "\"") else { return "unquoted value in <\(name)>" }
            rest = rest.dropFirst()
            guard let quote = rest.firstIndex(of: UInt8(ascii: "\"")) else { return "unterminated value in <\(name)>" }
            let value = String(decoding: rest[rest.startIndex..<quote], as: UTF8.self)
            if value.contains("<") || value.contains(">") { return "raw < or > in \(attribute)" }
            if attribute == "href" || attribute == "src", let problem = problemInURL(value, isImage: name == "img") {
                return problem
            }
            rest = rest[(quote + 1)...]
        }
        return nil
    }

    /// The scheme a browser would see: entities decoded, leading blanks and controls and any
    /// tab or newline removed (WHATWG URL parsing does both).
    private func problemInURL(_ value: String, isImage: Bool) -> String? {
        var decoded = value.replacingEntities()
        decoded.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let trimmed = decoded.drop { $0.unicodeScalars.allSatisfy { $0.value <= 0x20 } }.lowercased()
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let scheme = trimmed[..<colon]
        // Only `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` before the colon is a scheme
        // (RFC 3986 §3.1); anything else (`java%09script:`, `a/b:`) is a relative reference.
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        switch scheme {
        case "javascript", "vbscript", "file": return "URL scheme \(scheme) in \(value)"
        case "data":
            let image = trimmed.hasPrefix("data:image/png") || trimmed.hasPrefix("data:image/gif")
                || trimmed.hasPrefix("data:image/jpeg") || trimmed.hasPrefix("data:image/webp")
            return allowImageData && image ? nil : "data: URL \(value)" // cmark allows these four, in links too
        default: return nil // other schemes (`hvtp:`, `mailto:`) run no script
        }
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}

extension String {
    /// Decodes numeric and the five named entities; enough to see the scheme a browser sees.
    func replacingEntities() -> String {
        var result = ""
        var rest = Substring(self)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            rest = rest[amp...]
            guard let semicolon = rest.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = rest.dropFirst()
                continue
            }
            let entity = rest[rest.index(after: rest.startIndex)..<semicolon]
            var scalar: Unicode.Scalar?
            switch entity {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
                }
            }
            if let scalar {
                result.unicodeScalars.append(scalar)
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest.dropFirst()
            }
        }
        return result + rest
    }
}
