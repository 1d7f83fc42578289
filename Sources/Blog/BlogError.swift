import Foundation

/// Errors of the blog domain. No HTTP statuses, no HTML: the web and API layers map them.
public enum BlogError: Error, Sendable, Equatable {
    case articleNotFound
    case commentNotFound
    case commentsClosed
    /// Every field problem at once (form and JSON alike).
    case invalidComment([CommentField: CommentIssue])
    case duplicateComment
    case rateLimited(retryAfterSeconds: Int)
    /// A Markdown document that cannot be imported: `FILE: field: problem`.
    case invalidArticle(source: String, field: String, problem: String)
    /// The database cannot be written (disk full, read-only): try again later.
    case storageUnavailable
    /// The article changed since the editor opened it (revision `current` is stored now).
    case editConflict(current: Int)
    /// Another article has this slug already.
    case slugTaken
    /// What a page cannot be (the text stays as it was).
    case pageRefused(PageRefusal)
}

/// Why an article cannot be stored as a page.
public enum PageRefusal: String, Sendable, Equatable {
    /// The slug is a first path segment the site answers itself (`/archive`, `/admin`).
    case reservedSlug
    /// The article has comments, which a page would hide from every address they had.
    case hasComments

    /// The front-matter field the refusal is about.
    public var field: String { self == .reservedSlug ? "slug" : "kind" }

    /// In English, for the CLI and the API (the desk words it in its own language).
    public var problem: String {
        switch self {
        case .reservedSlug: "the site uses this address itself; choose another slug for this page"
        case .hasComments: "this article has comments, which a page would hide; it stays an article"
        }
    }
}

extension BlogError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .articleNotFound: "article not found"
        case .commentNotFound: "comment not found"
        case .commentsClosed: "comments are closed"
        case .invalidComment(let issues): "invalid comment: " + issues.keys.map(\.rawValue).sorted().joined(separator: ", ")
        case .duplicateComment: "duplicate comment"
        case .rateLimited(let seconds): "rate limited for \(seconds) s"
        case .invalidArticle(let source, let field, let problem): "\(source): \(field): \(problem)"
        case .storageUnavailable: "storage unavailable"
        case .editConflict(let current): "edit conflict: revision \(current) is stored now"
        case .slugTaken: "slug taken"
        case .pageRefused(let refusal): "\(refusal.field): \(refusal.problem)"
        }
    }
}
