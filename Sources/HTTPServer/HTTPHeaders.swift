/// Header fields in the order they arrived, with case-insensitive lookup.
///
/// Never folded into a dictionary: duplicate `Host`, `Content-Length` or
/// `Transfer-Encoding` fields must stay visible to the framing checks (RFC 9110 §5.3).
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var fields: [Field] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value of `name`, or nil.
    public subscript(name: String) -> String? {
        fields.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    public func values(for name: String) -> [String] {
        fields.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field of that name with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append(Field(name: name, value: value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// All comma-separated tokens of every field `name`, trimmed and lowercased
    /// (for list-valued fields such as `Connection` and `Transfer-Encoding`, RFC 9110 §5.6.1).
    public func tokens(for name: String) -> [String] {
        values(for: name).flatMap { value in
            value.split(ofASCII: ",", omittingEmptySubsequences: false).map {
                $0.trimmingASCIIWhitespace().lowercased()
            }
        }
    }
}

extension StringProtocol {
    /// ASCII case-insensitive comparison without Foundation or allocation.
    public func equalsIgnoringASCIICase<Other: StringProtocol>(_ other: Other) -> Bool {
        let lhs = utf8, rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        for (a, b) in zip(lhs, rhs) where a != b {
            guard a | 0x20 == b | 0x20, (a | 0x20) >= UInt8(ascii: "a"), (a | 0x20) <= UInt8(ascii: "z") else {
                return false
            }
        }
        return true
    }

    /// Trims spaces and horizontal tabs (OWS), nothing else.
    public func trimmingASCIIWhitespace() -> String {
        var start: Index?, end: Index?
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let next = utf8.index(after: index)
            if utf8[index] != 0x20 && utf8[index] != 0x09 {
                if start == nil { start = index }
                end = next
            }
            index = next
        }
        guard let start, let end else { return "" }
        return String(self[start..<end])
    }

    /// Where an ASCII character first occurs, found in the UTF-8 bytes: a `Character` search
    /// walks grapheme boundaries, and these run on every request (`?` in a target, `,` in a list).
    public func firstIndex(ofASCII character: Unicode.Scalar) -> Index? {
        utf8.firstIndex(of: UInt8(ascii: character))
    }

    /// The pieces between the bytes of an ASCII separator (a `Character` split would not split
    /// before a combining mark, and walks grapheme boundaries to find out).
    public func split(ofASCII separator: Unicode.Scalar, omittingEmptySubsequences: Bool = true) -> [Substring] {
        utf8.split(separator: UInt8(ascii: separator), omittingEmptySubsequences: omittingEmptySubsequences)
            .map { Substring(self[$0.startIndex..<$0.endIndex]) }
    }
}
