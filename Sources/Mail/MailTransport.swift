/// Hands one rendered message to a mail relay. Blocking: call it from a thread that may wait
/// (the outbox's sender), never from an event loop.
public protocol MailTransport: Sendable {
    func send(_ message: [UInt8], from: MailAddress, to: MailAddress) throws(MailDeliveryError)
}

/// Why a message did not go, in words that name no address: relays often quote the recipient
/// in their replies, so their text is never kept, only their reply code.
public struct MailDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The relay refused this message for good (a 5xx reply): retrying cannot help.
        case permanent
        /// Worth another try later: a 4xx reply, a timeout, no connection, a TLS failure.
        case transient
        /// The relay refused our login or our settings (530, 534, 535, 538), or TLS failed:
        /// every message would fail the same way until the operator fixes `mail.*`, so the
        /// sender stops its pass and tries again later (a mail older than the outbox's maximum
        /// age is given up then, as after any other failure).
        case configuration
    }

    public let kind: Kind
    /// The relay's reply code, when it gave one.
    public let replyCode: Int?
    public let reason: String

    public init(_ kind: Kind, replyCode: Int? = nil, reason: String) {
        self.kind = kind
        self.replyCode = replyCode
        self.reason = reason
    }

    public var description: String {
        replyCode.map { "\(reason) (SMTP \($0))" } ?? reason
    }

    /// The kind an SMTP reply code means (RFC 5321 §4.2.1), for a failed transaction.
    public static func kind(ofReply code: Int) -> Kind {
        switch code {
        case 530, 534, 535, 538, 454: return .configuration // authentication (RFC 4954 §6)
        case 500..<600: return .permanent
        default: return .transient
        }
    }
}
