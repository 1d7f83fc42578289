/// A mail's words, written when it is sent: its subject, its text and the same as HTML
/// (escaped where the words are made). FederApp turns it into a message for the relay.
public struct ComposedMail: Sendable, Equatable {
    public let subject: String
    public let text: String
    public let html: String
    /// For mail to a subscriber: the one-click unsubscribe address (RFC 8058), sent as
    /// `List-Unsubscribe` with `List-Unsubscribe-Post`.
    public let unsubscribeURL: String?

    public init(subject: String, text: String, html: String, unsubscribeURL: String? = nil) {
        self.subject = subject
        self.text = text
        self.html = html
        self.unsubscribeURL = unsubscribeURL
    }
}
