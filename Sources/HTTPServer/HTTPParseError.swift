/// Why a request could not be parsed; each maps to the status the client gets before the
/// connection is closed (RFC 9112 §2.2, §3, §5, §6, §7; RFC 6585 §5).
public enum HTTPParseError: Error, Sendable, Equatable {
    case badRequest(String)
    case uriTooLong
    case headersTooLarge
    case contentTooLarge
    case notImplemented(String)
    case versionNotSupported

    public var status: HTTPStatus {
        switch self {
        case .badRequest: .badRequest
        case .uriTooLong: .uriTooLong
        case .headersTooLarge: .headersTooLarge
        case .contentTooLarge: .contentTooLarge
        case .notImplemented: .notImplemented
        case .versionNotSupported: .versionNotSupported
        }
    }
}

/// Size limits the parser enforces while bytes arrive, so no input can grow memory unbounded.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest request line (RFC 9112 §3: at least 8,000 octets must work; longer → 414).
    public var maxRequestLineBytes = 8 * 1024
    /// Longest single header line (→ 431).
    public var maxHeaderLineBytes = 8 * 1024
    /// The whole header section (→ 431).
    public var maxHeaderBytes = 32 * 1024
    /// Number of header fields (→ 431).
    public var maxHeaderCount = 100
    /// Default body limit; the responder may lower or raise it per route (→ 413).
    public var maxBodyBytes = 1024 * 1024
    /// A chunk-size line with its extensions (RFC 9112 §7.1.1).
    public var maxChunkLineBytes = 1024
    /// The trailer section after the last chunk (RFC 9112 §7.1.2).
    public var maxTrailerBytes = 8 * 1024

    public init() {}
}
