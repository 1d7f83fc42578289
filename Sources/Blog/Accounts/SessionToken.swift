import Crypto
import Foundation

/// The random id a signed-in browser holds in its cookie: 32 bytes from the system's CSPRNG,
/// base64url. The database keeps only its SHA-256 (`storageKey`), and the CSRF token of its
/// forms is derived from it, so the token changes whenever the session does.
public struct SessionToken: Sendable, Equatable {
    public let value: String

    public static func random() -> SessionToken {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        return SessionToken(value: Self.base64URL(bytes))
    }

    /// A cookie's value, if it looks like one of ours (anything else is not even looked up).
    public init?(cookie: String) {
        guard cookie.utf8.count == 43,
              cookie.utf8.allSatisfy({ Self.isBase64URL($0) }) else { return nil }
        value = cookie
    }

    private init(value: String) {
        self.value = value
    }

    /// What the sessions table stores.
    var storageKey: String {
        KeyedHasher.hex(SHA256.hash(data: Array(value.utf8)))
    }

    /// The CSRF token for this session's forms: an HMAC of a fixed purpose under the session id,
    /// so it needs no storage and cannot be computed without the cookie.
    public var csrfToken: String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("feder csrf v1".utf8), using: SymmetricKey(data: Array(value.utf8)))
        return Self.base64URL(Array(mac))
    }

    /// Whether a form's token is this session's; compared in constant time.
    public func accepts(csrfToken candidate: String) -> Bool {
        PasswordHasher.constantTimeEquals(Array(candidate.utf8), Array(csrfToken.utf8))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F
    }
}
