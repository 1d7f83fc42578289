/// Where mail goes: the `mail.*` settings that reach the relay.
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable, CaseIterable {
        /// Plain SMTP: only for a relay on this machine or a trusted network.
        case none
        /// Plain connection upgraded with STARTTLS (RFC 3207), which must succeed (port 587).
        case starttls
        /// TLS from the first byte, "implicit TLS" (RFC 8314, port 465).
        case tls
    }

    public var host = "127.0.0.1"
    public var port = 25
    public var security = Security.none
    /// Empty: no AUTH.
    public var username = ""
    public var password = ""
    /// A PEM file of the authorities to trust for the relay's certificate; empty: the
    /// system's. For a relay with a private CA.
    public var caFile = ""
    /// Seconds for connecting, and for the whole exchange of one message.
    public var connectTimeout = 10
    public var timeout = 60

    public init() {}
}
