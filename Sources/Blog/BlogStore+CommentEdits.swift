import Foundation
import SQLite

/// Changes the desk makes to a comment besides its status.
extension BlogStore {
    /// Replaces a comment's text: the form's rules apply (`CommentDraft.bodyIssue`), its HTML is
    /// made again, and it is marked edited (pages say so). A deleted comment cannot be edited.
    @discardableResult
    public func editComment(id: Int, body: String, now: Date = Date()) throws -> Comment {
        let text = CommentDraft.deskText(body)
        if let issue = CommentDraft.bodyIssue(text) { throw BlogError.invalidComment([.body: issue]) }
        let (slug, published): (String, Bool) = try write(visible: false) { db in
            guard let row = try db.queryFirst("""
                SELECT a.slug, c.status, c.format FROM comments c JOIN articles a ON a.id = c.article_id
                WHERE c.id = ? AND c.status <> 'deleted'
                """, id) else { throw BlogError.commentNotFound }
            let html = (CommentFormat(rawValue: try row.text(2)) ?? .text).html(text)
            try db.run("UPDATE comments SET body = ?, body_html = ?, edited_at = ? WHERE id = ?", text, html, ISODate.format(now), id)
            return (try row.text(0), try row.text(1) == CommentStatus.approved.rawValue)
        }
        if published { commentsChanged(articleSlug: slug) }
        guard let comment = try comment(id: id) else { throw BlogError.commentNotFound }
        return comment
    }
}
