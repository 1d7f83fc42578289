/// Name/value pairs from a query string or an `application/x-www-form-urlencoded` body
/// (WHATWG URL §5.1: `&`-separated, `+` is a space, percent-decoded as UTF-8).
public struct FormFields: Sendable, Equatable {
    public private(set) var pairs: [(name: String, value: String)]

    /// Splits at the bytes `&` and `=` (as WHATWG does; a `Character` split would not split an
    /// `&` that a combining mark follows) and decodes each piece once.
    public init(decoding encoded: some StringProtocol) {
        pairs = encoded.split(ofASCII: "&").map { pair in
            guard let equals = pair.firstIndex(ofASCII: "=") else { return (PercentDecoding.formDecode(pair), "") }
            let value = pair[pair.utf8.index(after: equals)...]
            return (PercentDecoding.formDecode(pair[..<equals]), PercentDecoding.formDecode(value))
        }
    }

    public init(decoding body: [UInt8]) {
        self.init(decoding: String(decoding: body, as: UTF8.self))
    }

    /// What strict decoding refuses.
    public enum DecodingError: Error, Equatable {
        /// The body, or a decoded escape sequence, is not UTF-8.
        case invalidUTF8
        /// A `%` not followed by two hex digits.
        case malformedEscape
        /// A field that came more than once.
        case repeatedField(String)
    }

    /// Strict decoding, for a body a person filled in (a comment): it must be UTF-8, every `%`
    /// must begin an escape, what the escapes give must be UTF-8, and no field may come twice.
    /// Lenient decoding would store U+FFFD or the broken escape as typed, and keep the first of
    /// two values, where JSON refuses the same bytes; both now say 400 (issue #13). Names in
    /// `repeatable` may come more than once (a list of checkboxes).
    public init(strictlyDecoding body: [UInt8], repeatable: Set<String> = []) throws(DecodingError) {
        guard let text = String(validating: body, as: UTF8.self) else { throw .invalidUTF8 }
        var pairs: [(name: String, value: String)] = []
        var seen = Set<String>()
        for pair in text.split(ofASCII: "&") {
            let equals = pair.firstIndex(ofASCII: "=")
            let name = try Self.strictlyDecode(equals.map { pair[..<$0] } ?? pair[...])
            var value = ""
            if let equals { value = try Self.strictlyDecode(pair[pair.utf8.index(after: equals)...]) }
            guard seen.insert(name).inserted || repeatable.contains(name) else { throw .repeatedField(name) }
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    private static func strictlyDecode(_ piece: Substring) throws(DecodingError) -> String {
        guard let bytes = PercentDecoding.unescapedBytes(piece, plusIsSpace: true) else { throw .malformedEscape }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        return decoded
    }

    /// The first value of `name`.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    public func values(for name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    public var names: [String] { pairs.map(\.name) }

    public static func == (lhs: FormFields, rhs: FormFields) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// Percent-decoding for paths and forms.
public enum PercentDecoding {
    /// Decodes `%XX` escapes; nil when an escape is malformed or the result is not UTF-8.
    public static func decode(_ input: some StringProtocol) -> String? {
        unescapedBytes(input, plusIsSpace: false).flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// The bytes `%XX` escapes stand for (and `+` a space, in forms); nil when a `%` is not
    /// followed by two hex digits.
    static func unescapedBytes(_ input: some StringProtocol, plusIsSpace: Bool) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.utf8.count)
        var iterator = input.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte)
            }
        }
        return bytes
    }

    /// Form decoding is lenient like browsers: `+` is a space, a broken escape stays as typed,
    /// invalid UTF-8 becomes U+FFFD.
    public static func formDecode(_ input: some StringProtocol) -> String {
        let source = input.utf8
        // Most values have nothing to decode (names, plain words): one scan, one copy.
        guard source.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
            return String(decoding: source, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.count)
        var index = source.startIndex
        while index != source.endIndex {
            let byte = source[index]
            source.formIndex(after: &index)
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index != source.endIndex, source.index(after: index) != source.endIndex,
                      let high = hexValue(source[index]), let low = hexValue(source[source.index(after: index)]) {
                bytes.append(high << 4 | low)
                source.formIndex(&index, offsetBy: 2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Encodes everything but unreserved characters (RFC 3986 §2.3), for building URLs.
    public static func encode(_ input: some StringProtocol) -> String {
        encode(String(input))
    }

    /// Not generic: a generic call from another module walked the bytes through witness
    /// tables, a microsecond per URL on pages that print dozens.
    public static func encode(_ input: String) -> String {
        // Slugs and most values need nothing: return them as they are, without a copy.
        if input.utf8.allSatisfy(isUnreserved) { return input }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.utf8.count * 3)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in input.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 3986 §2.3.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
