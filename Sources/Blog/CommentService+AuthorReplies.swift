import Foundation
import SQLite

extension CommentService {
    /// A reply written in the desk by one of the blog's accounts (`name`, `email`) to comment
    /// `parentID`: published at once with the "Author" badge, past moderation and the rate limit
    /// (the desk is signed in). Answering a waiting comment publishes it too. A reply under the
    /// deepest comment `comments.maxDepth` allows joins that comment's parent instead.
    /// Throws `.invalidComment` (the form's rules for the text) and `.commentNotFound` (unknown,
    /// deleted or spam).
    public func replyAsAuthor(to parentID: Int, body: String, name: String, email: String, clientAddress: String,
                              now: Date = Date()) throws -> Comment {
        let text = CommentDraft.deskText(body)
        if let issue = CommentDraft.bodyIssue(text) { throw BlogError.invalidComment([.body: issue]) }
        let (id, slug): (Int, String) = try store.write(visible: false) { db in
            guard let parent = try db.queryFirst("""
                SELECT c.article_id, a.slug, c.depth, c.thread_id, c.parent_id, c.status FROM comments c
                JOIN articles a ON a.id = c.article_id WHERE c.id = ?
                """, parentID), let status = CommentStatus(rawValue: try parent.text(5)), status == .approved || status == .pending
            else { throw BlogError.commentNotFound }
            let articleID = try parent.integer(0), depth = try parent.integer(2)
            if status == .pending { try db.run("UPDATE comments SET status = 'approved' WHERE id = ?", parentID) }
            var place = (parentID: Optional(parentID), depth: depth + 1, threadID: try parent.optionalInteger(3) ?? parentID)
            if depth >= policy.maxDepth {
                let grandparent = try parent.optionalInteger(4)
                place = (grandparent, depth, place.threadID)
            }
            let stored = try BlogStore.insert(BlogStore.NewComment(
                articleID: articleID, parentID: place.parentID, depth: place.depth,
                threadID: place.parentID == nil ? nil : place.threadID, name: name, email: email,
                emailHash: hasher.emailHash(email), website: nil, body: text, html: CommentText.html(text), status: .approved,
                holdReason: nil, clientHash: hasher.clientHash(clientAddress),
                fingerprint: hasher.hash("duplicate", String(articleID), email.lowercased(), text), createdAt: now), in: db)
            try db.run("UPDATE comments SET by_author = 1 WHERE id = ?", stored.id)
            try BlogStore.recount(articleID: articleID, now: now, in: db) // the reply, and a parent it published
            return (stored.id, try parent.text(1))
        }
        store.commentsChanged(articleSlug: slug)
        guard let comment = try store.comment(id: id) else { throw BlogError.commentNotFound }
        return comment
    }
}
