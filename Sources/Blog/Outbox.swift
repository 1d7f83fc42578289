import Foundation

/// What a queued mail is about; its words are written only when it is sent.
public enum MailKind: String, Sendable, CaseIterable {
    /// A comment waits for moderation: to each moderator (`subjectID` is the comment).
    case commentHeld = "comment-held"
    /// "Please confirm": to a reader who asked for mail (`subjectID` is the subscription).
    case confirmSubscription = "confirm"
    /// Someone answered the reader's comment (`subjectID` is the reply).
    case reply
    /// A new comment on an article the reader follows (`subjectID` is the comment).
    case newComment = "new-comment"
}

/// One mail in the outbox, as the sender claims it.
public struct OutboxMail: Sendable, Equatable {
    public let id: Int
    public let kind: MailKind
    public let subjectID: Int
    public let recipient: String
    /// The reader's subscription a mail to a reader belongs to (its unsubscribe link).
    public let subscriptionID: Int?
    /// Counting this one.
    public let attempts: Int
    public let createdAt: Date

    public init(id: Int, kind: MailKind, subjectID: Int, recipient: String, subscriptionID: Int? = nil, attempts: Int,
                createdAt: Date) {
        self.id = id
        self.kind = kind
        self.subjectID = subjectID
        self.recipient = recipient
        self.subscriptionID = subscriptionID
        self.attempts = attempts
        self.createdAt = createdAt
    }
}

/// How the outbox retries and how fast it may send.
public struct OutboxPolicy: Sendable, Equatable {
    /// The first retry waits this long; each further one twice as long, up to `maxDelay`.
    public var firstDelay: TimeInterval = 60
    public var maxDelay: TimeInterval = 6 * 3600
    /// A mail not sent after this long is given up (`failed`, visible to moderators).
    public var maxAge: TimeInterval = 3 * 86_400
    /// Mails an hour, in all and to any one address.
    public var perHour = 200
    public var perRecipientPerHour = 10

    public init() {}

    /// When to try again after `attempts` failed tries: 1 min, 2, 4, … up to 6 h, with up to a
    /// tenth more at random so that many mails deferred together do not return together.
    public func retryDelay(afterAttempts attempts: Int, jitter: Double = Double.random(in: 0...0.1)) -> TimeInterval {
        let doubled = firstDelay * pow(2, Double(max(0, min(attempts - 1, 30))))
        return min(doubled, maxDelay) * (1 + jitter)
    }
}

/// How one attempt at a mail ended, as the sender reports it.
public enum MailOutcome: Sendable, Equatable {
    case sent
    /// Refused for good (a 5xx reply): not tried again.
    case failed(reason: String)
    /// Worth another try, unless the mail is too old by then.
    case deferred(reason: String)
    /// What it was about is gone (the comment was approved meanwhile): nothing to say.
    case cancelled(reason: String)
    /// Claimed but not tried (the pass stopped first): queued again as it was, due now.
    case released
}

/// The outbox at a glance, for the desk.
public struct OutboxSummary: Sendable, Equatable {
    public var queued = 0
    public var failed = 0
    /// Interrupted while sending (a crash): they may or may not have arrived.
    public var unknown = 0
    public var sentLastDay = 0

    public init() {}
}

/// A mail that did not go, for the desk: refused, given up, or interrupted while sending.
public struct UndeliveredMail: Sendable, Equatable {
    public let id: Int
    public let kind: MailKind?
    public let recipient: String
    /// `failed` or `unknown`.
    public let state: String
    public let reason: String
    public let at: Date
}
