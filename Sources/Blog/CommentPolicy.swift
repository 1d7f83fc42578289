/// How comments are moderated and limited (`comments.*` in config.json).
public struct CommentPolicy: Sendable, Equatable {
    public enum Moderation: String, Sendable, CaseIterable {
        /// Everything valid is published.
        case none
        /// A commenter with no approved comment yet waits for approval.
        case firstTime = "first-time"
        /// Everything waits.
        case all
    }

    public var moderation = Moderation.firstTime
    /// Replies nest at most this deep (1 = no replies).
    public var maxDepth = 5
    /// More links than this holds a comment for moderation.
    public var maxLinks = 2
    /// Comments a client may post per minute.
    public var perMinute = 5
    /// Comments close this many days after publication; 0 = never.
    public var closeAfterDays = 0
    /// Top-level threads on one page of an article's comments; 0 = all on one page.
    public var perPage = 50
    public var order = CommentOrder.oldest

    public init() {}
}
