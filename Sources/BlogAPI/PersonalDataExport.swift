import Blog
import JSON

/// Everything stored about one commenter's address, as JSON: the answer to an access request
/// (GDPR Art. 15). `feder personal-data export` and the desk give the same document.
public enum PersonalDataExport {
    public static func json(email: String, comments: [Comment], subscriptions: [Subscription] = []) -> [UInt8] {
        JSONValue.object([
            ("email", .string(email)),
            ("subscriptions", subscriptionsJSON(subscriptions)),
            ("comments", .array(comments.map { comment in
                [
                    "id": .int(comment.id), "article": .string(comment.articleSlug), "name": .string(comment.name),
                    "email": .optional(comment.email), "website": .optional(comment.website), "body": .string(comment.body),
                    "status": .string(comment.status.rawValue), "created_at": .string(ISODate.format(comment.createdAt)),
                ]
            })),
        ]).serialized()
    }

    /// What an address asked mail about (issue #17): the same in the desk's, the CLI's and the
    /// API's answers.
    public static func subscriptionsJSON(_ subscriptions: [Subscription]) -> JSONValue {
        .array(subscriptions.map { subscription in
            [
                "id": .int(subscription.id), "kind": .string(subscription.kind.rawValue), "article": .string(subscription.articleSlug),
                "comment_id": .optional(subscription.commentID), "confirmed": .bool(subscription.confirmed),
                "created_at": .string(ISODate.format(subscription.createdAt)),
            ]
        })
    }
}
