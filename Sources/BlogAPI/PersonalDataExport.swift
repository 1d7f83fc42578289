import Blog
import JSON

/// Everything stored about one commenter's address, as JSON: the answer to an access request
/// (GDPR Art. 15). `feder personal-data export` and the desk give the same document.
public enum PersonalDataExport {
    public static func json(email: String, comments: [Comment]) -> [UInt8] {
        JSONValue.object([
            ("email", .string(email)),
            ("comments", .array(comments.map { comment in
                [
                    "id": .int(comment.id), "article": .string(comment.articleSlug), "name": .string(comment.name),
                    "email": .optional(comment.email), "website": .optional(comment.website), "body": .string(comment.body),
                    "status": .string(comment.status.rawValue), "created_at": .string(ISODate.format(comment.createdAt)),
                ]
            })),
        ]).serialized()
    }
}
