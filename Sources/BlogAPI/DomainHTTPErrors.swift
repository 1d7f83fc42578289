import Blog
import HTTPServer

/// Domain errors as API errors: stable codes, English messages, per-field details (PRODUCT §4).
public enum DomainHTTPErrors {
    public static func map(_ error: BlogError) -> HTTPError {
        switch error {
        case .articleNotFound: .notFound("No article with that address.")
        case .commentNotFound: .notFound("No comment with that id.")
        case .commentsClosed: HTTPError(.forbidden, code: "comments_closed", message: "Comments are closed for this article.")
        case .invalidComment(let issues):
            HTTPError(.unprocessableContent, code: "validation_failed", message: "Some fields are not valid.",
                      fields: Dictionary(uniqueKeysWithValues: issues.map { ($0.key.rawValue, message($0.key, $0.value)) }))
        case .duplicateComment: HTTPError(.conflict, code: "duplicate_comment", message: "This comment has already been posted.")
        case .rateLimited(let seconds):
            HTTPError(.tooManyRequests, code: "rate_limited", message: "Too many comments; try again later.",
                      headers: ["Retry-After": String(seconds)])
        case .invalidArticle(_, let field, let problem):
            HTTPError(.unprocessableContent, code: "invalid_article", message: "\(field): \(problem)", fields: [field: problem])
        case .storageUnavailable:
            HTTPError(.serviceUnavailable, code: "unavailable", message: "The server cannot store data right now; try again later.",
                      headers: ["Retry-After": "30"])
        }
    }

    /// What is wrong with a field, in words a script author can act on.
    static func message(_ field: CommentField, _ issue: CommentIssue) -> String {
        switch (field, issue) {
        case (_, .required): "is required"
        case (.name, .tooLong): "must be at most \(CommentDraft.maxNameLength) characters and \(CommentDraft.maxNameBytes) bytes"
        case (.email, .tooLong): "must be at most \(CommentDraft.maxEmailLength) characters"
        case (.website, .tooLong): "must be at most \(CommentDraft.maxWebsiteLength) characters"
        case (.body, .tooLong): "must be at most \(CommentDraft.maxBodyLength) characters and \(CommentDraft.maxBodyBytes) bytes"
        case (.name, _): "must be text without control or invisible characters or more than \(CommentDraft.maxCombiningMarks) combining marks in a row"
        case (.email, _): "must be an email address like name@example.com"
        case (.website, _): "must be an http:// or https:// address"
        case (.body, _): "must be text without control characters or more than \(CommentDraft.maxCombiningMarks) combining marks in a row"
        case (.parentID, .tooDeep): "replies cannot nest deeper than this"
        case (.parentID, _): "must be the id of an approved comment on this article"
        }
    }
}
