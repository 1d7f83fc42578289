import Foundation

public enum CommentStatus: String, Sendable, Codable, CaseIterable {
    case pending, approved, spam, deleted
}

/// Why a comment was not published at once (the desk's queue shows it).
public enum HoldReason: String, Sendable, CaseIterable {
    /// The commenter has no approved comment yet (`comments.moderation = first-time`).
    case firstTime = "first_time"
    /// More links than `comments.maxLinks`.
    case links
    /// Every comment waits (`comments.moderation = all`).
    case all
    /// The hidden honeypot field was filled: stored as spam.
    case honeypot
    /// It was waiting on the old site when the blog was imported.
    case imported
}

/// A stored comment. `email` is present only for moderation and personal-data requests;
/// no public view may read it.
public struct Comment: Sendable, Equatable {
    public var id: Int
    public var articleID: Int
    public var articleSlug: String
    public var parentID: Int?
    /// 1 for a top-level comment.
    public var depth: Int
    public var name: String
    public var email: String?
    public var website: String?
    public var body: String
    /// `body` as safe HTML (`CommentText.html`), made when the comment was written.
    public var html: String
    /// The id of the top-level comment of this comment's thread (its own for a top-level one).
    public var threadID: Int
    public var status: CommentStatus
    public var createdAt: Date
    /// When someone in the desk last changed its text; pages say so.
    public var editedAt: Date? = nil
    /// Written in the desk by one of the blog's accounts: pages show an "Author" badge.
    public var byAuthor = false
}

/// A comment shown in a thread; `removed` ones keep their place so replies stay readable.
public struct CommentNode: Sendable {
    public var comment: Comment
    public var removed: Bool
    public var replies: [CommentNode]
}

/// The result of a submission, for both the form and the JSON API.
public struct SubmittedComment: Sendable {
    public var comment: Comment
    /// True when the honeypot caught it: the answer looks like success, nothing is shown.
    public var caughtAsSpam: Bool
    /// The comment page that shows it, when it was published.
    public var page: Int?
}

/// In which order an article's threads are shown (`comments.order`); replies within a thread
/// are always oldest first.
public enum CommentOrder: String, Sendable, CaseIterable {
    case oldest, newest
}

/// One page of an article's comments: whole threads, never a thread cut in two.
public struct CommentPage: Sendable {
    public var threads: [CommentNode]
    /// 1-based.
    public var page: Int
    /// At least 1, also when there are no comments.
    public var pageCount: Int
}

/// Everything an article's page shows, read in one snapshot.
public struct ArticleWithComments: Sendable {
    public var article: Article
    public var previous: ArticleLink?
    public var next: ArticleLink?
    public var comments: CommentPage
}
