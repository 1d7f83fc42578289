import Foundation

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
            guard let parent = try BlogStore.answerableComment(id: parentID, in: db) else { throw BlogError.commentNotFound }
            if parent.isPending { try BlogStore.approve(commentID: parentID, in: db) }
            let spot = BlogStore.ReplySpot(replyingTo: parentID, depth: parent.depth, threadID: parent.threadID,
                                           parentID: parent.parentID, maxDepth: policy.maxDepth)
            var reply = BlogStore.NewComment(
                articleID: parent.articleID, parentID: spot.parentID, depth: spot.depth, threadID: spot.threadID, name: name,
                email: email,
                emailHash: hasher.emailHash(email), website: nil, body: text, html: CommentFormat.markdown.html(text), status: .approved,
                holdReason: nil, clientHash: hasher.clientHash(clientAddress),
                fingerprint: hasher.commentFingerprint(articleID: parent.articleID, email: email, body: text), createdAt: now)
            reply.byAuthor = true
            reply.format = .markdown
            let stored = try BlogStore.insert(reply, in: db)
            try BlogStore.recount(articleID: parent.articleID, now: now, in: db) // the reply, and a parent it published
            if mail.enabled {
                if parent.isPending { try BlogStore.announceApproved(commentID: parentID, now: now, in: db) }
                try BlogStore.announceApproved(commentID: stored.id, now: now, in: db)
            }
            return (stored.id, parent.articleSlug)
        }
        store.commentsChanged(articleSlug: slug)
        guard let comment = try store.comment(id: id) else { throw BlogError.commentNotFound }
        return comment
    }
}
