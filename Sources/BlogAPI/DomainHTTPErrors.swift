import Blog
import HTTPServer
import Routes

/// Domain errors as API errors: the statuses and codes of `BlogError.httpError`, with English
/// messages and per-field details for scripts (PRODUCT §4).
public enum DomainHTTPErrors {
    public static func map(_ error: BlogError) -> HTTPError {
        switch error {
        case .articleNotFound: error.httpError(message: "No article with that address.")
        case .commentNotFound: error.httpError(message: "No comment with that id.")
        case .commentsClosed: error.httpError(message: "Comments are closed for this article.")
        case .invalidComment(let issues):
            error.httpError(message: "Some fields are not valid.",
                            fields: Dictionary(uniqueKeysWithValues: issues.map { ($0.key.rawValue, message($0.key, $0.value)) }))
        case .duplicateComment: error.httpError(message: "This comment has already been posted.")
        case .rateLimited: error.httpError(message: "Too many comments; try again later.")
        case .invalidArticle(_, let field, let problem): error.httpError(message: "\(field): \(problem)", fields: [field: problem])
        case .storageUnavailable: error.httpError(message: "The server cannot store data right now; try again later.")
        case .editConflict(let current):
            error.httpError(message: "The article changed since you read it; it is at revision \(current) now.")
        case .slugTaken: error.httpError(message: "Another article has this slug.", fields: ["slug": "is taken"])
        case .pageRefused(let refusal):
            error.httpError(message: "\(refusal.field): \(refusal.problem)", fields: [refusal.field: refusal.problem])
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
