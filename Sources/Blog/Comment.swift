import Foundation

public enum CommentStatus: String, Sendable, Codable, CaseIterable {
    case pending, approved, spam, deleted
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
    public var status: CommentStatus
    public var createdAt: Date
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
}
