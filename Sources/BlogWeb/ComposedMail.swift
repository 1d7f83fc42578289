/// A mail's words, written when it is sent: its subject, its text and the same as HTML
/// (escaped where the words are made). FederApp turns it into a message for the relay.
public struct ComposedMail: Sendable, Equatable {
    public let subject: String
    public let text: String
    public let html: String

    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
