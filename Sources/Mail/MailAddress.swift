/// An address mail can be sent to over plain SMTP: `local@domain` in printable ASCII, with no
/// space, angle bracket or control character that could break out of `MAIL FROM:<…>`,
/// `RCPT TO:<…>` or a header. Addresses with non-ASCII characters need the SMTPUTF8 extension,
/// which not every relay has; they are refused here, and the caller skips them.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public let address: String
    /// Shown beside the address in `From:`/`To:`; may be any Unicode (RFC 2047 encodes it).
    public let displayName: String

    /// The longest address SMTP carries (RFC 5321 §4.5.3.1.3, path minus its brackets).
    public static let maxLength = 254

    public init?(_ address: String, displayName: String = "") {
        let bytes = Array(address.utf8)
        guard bytes.count <= Self.maxLength, let at = bytes.lastIndex(of: UInt8(ascii: "@")),
              at > 0, at < bytes.count - 1,
              bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !Self.forbidden.contains($0) }),
              bytes.filter({ $0 == UInt8(ascii: "@") }).count == 1 else { return nil }
        self.address = address
        // A name is one line: line breaks and other controls become spaces.
        self.displayName = String(String.UnicodeScalarView(displayName.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
    }

    /// The address alone, for logs that must not show it: only its domain.
    public var domain: Substring { address[address.index(after: address.lastIndex(of: "@")!)...] }

    public var description: String { "<…@\(domain)>" }

    private static let forbidden: Set<UInt8> = Set("<>()[]\\,;:\"".utf8)
}
