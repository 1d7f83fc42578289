import Foundation
import Locking
import SQLite

/// The one path every comment takes, from the form and from JSON alike: rate limit,
/// honeypot, validation, closed check, duplicate check, moderation decision, durable insert.
public struct CommentService: Sendable {
    public let store: BlogStore
    public let policy: CommentPolicy
    public let hasher: KeyedHasher
    public let rateLimiter: RateLimiter
    public let mail: CommentMail

    public init(store: BlogStore, policy: CommentPolicy, hasher: KeyedHasher, rateLimiter: RateLimiter = RateLimiter(),
                mail: CommentMail = CommentMail()) {
        self.store = store
        self.policy = policy
        self.hasher = hasher
        self.rateLimiter = rateLimiter
        self.mail = mail
    }

    /// Submits a comment to the article `slug` without blocking: the rate limit is checked on
    /// the calling thread, everything else runs on the writer thread, and `completion` is
    /// called once, either from here (rate limited) or on the writer after the commit, so it
    /// must be short.
    ///
    /// Validation and hashing run on the writer rather than on the caller (an event loop): the
    /// writer runs at a lower priority, so when the cores are short, the loops serve pages first
    /// (the article page's p99 while comments are posted). A refusal by the rate limit still
    /// never reaches the writer, so a flood of refused posts cannot queue up there.
    public func submit(_ submitted: CommentDraft, toArticle slug: String, clientAddress: String, now: Date = Date(),
                       completion: @escaping @Sendable (Result<SubmittedComment, any Error>) -> Void) {
        let clientHash = hasher.clientHash(clientAddress)
        if let wait = rateLimiter.admit(key: clientHash, limit: policy.perMinute, now: now) {
            return completion(.failure(BlogError.rateLimited(retryAfterSeconds: wait)))
        }
        // Only an approved comment changes public pages; held ones leave the caches warm.
        store.write(visible: false, { db in
            try checkAndStore(submitted, toArticle: slug, clientHash: clientHash, now: now, in: db)
        }, completion: { result in
            switch result {
            case .success(let stored):
                if stored.published { store.commentsChanged(articleSlug: slug) }
                completion(.success(stored.submitted))
            case .failure(let error):
                // Every attempt counts against the limit, refused ones too (422, 409, unknown
                // or closed articles): a client sending invalid posts in a loop is slowed down
                // like one sending valid ones, and meets 429s that cost nothing.
                completion(.failure(error))
            }
        })
    }

    /// On the writer: the draft checked and hashed, then stored (or only made to look stored).
    private func checkAndStore(_ submitted: CommentDraft, toArticle slug: String, clientHash: String, now: Date,
                       in db: SQLiteConnection) throws -> (submitted: SubmittedComment, published: Bool) {
        let draft = submitted.trimmed
        let issues = draft.fieldIssues()
        let caughtAsSpam = !draft.honeypot.isEmpty
        if caughtAsSpam && !issues.isEmpty {
            // A bot that also filled the form badly: look successful, store nothing.
            return (SubmittedComment(comment: placeholder(draft, now: now), caughtAsSpam: true, page: nil), false)
        }
        let prepared = Prepared(draft: draft, issues: issues, caughtAsSpam: caughtAsSpam,
                                emailHash: hasher.emailHash(draft.email),
                                tooManyLinks: LinkCounter.count(in: draft.body) > policy.maxLinks,
                                html: issues.isEmpty ? CommentFormat.markdown.html(draft.body) : "",
                                clientHash: clientHash, now: now)
        let stored = try insert(prepared, toArticle: slug, in: db)
        return (SubmittedComment(comment: stored.comment, caughtAsSpam: caughtAsSpam, page: stored.page), stored.page != nil)
    }

    /// A trimmed draft and everything about it that needs no database.
    private struct Prepared: Sendable {
        let draft: CommentDraft
        let issues: [CommentField: CommentIssue]
        let caughtAsSpam: Bool
        let emailHash: String
        let tooManyLinks: Bool
        /// The body as HTML, made once here and stored: pages only copy it.
        let html: String
        let clientHash: String
        let now: Date
    }

    /// On the writer: the checks that need the database, then the row.
    private func insert(_ prepared: Prepared, toArticle slug: String, in db: SQLiteConnection) throws
        -> (comment: Comment, page: Int?) {
        let (draft, now) = (prepared.draft, prepared.now)
        guard let article = try BlogStore.commentTarget(slug: slug, in: db) else { throw BlogError.articleNotFound }
        if !article.commentsOpen || isPastCloseDate(article.publishedAt, now: now) { throw BlogError.commentsClosed }
        var issues = prepared.issues
        var depth = 1
        var threadID: Int?
        if let parentID = draft.parsedParentID {
            if let parent = try BlogStore.replyTarget(id: parentID, articleID: article.id, in: db) {
                depth = parent.depth + 1
                threadID = parent.threadID
                if depth > policy.maxDepth { issues[.parentID] = .tooDeep }
            } else {
                issues[.parentID] = .invalid
            }
        }
        guard issues.isEmpty else { throw BlogError.invalidComment(issues) }

        let fingerprint = hasher.commentFingerprint(articleID: article.id, email: draft.email, body: draft.body)
        if try BlogStore.hasComment(emailHash: prepared.emailHash, articleID: article.id, fingerprint: fingerprint, in: db) {
            // A bot caught by the honeypot learns nothing, not even that it repeats itself.
            if prepared.caughtAsSpam { return (placeholder(draft, now: now), nil) }
            throw BlogError.duplicateComment
        }
        let (status, holdReason) = prepared.caughtAsSpam ? (CommentStatus.spam, HoldReason.honeypot)
            : try decideStatus(tooManyLinks: prepared.tooManyLinks, emailHash: prepared.emailHash, in: db)
        let website = draft.website.isEmpty ? nil : draft.website
        var new = BlogStore.NewComment(
            articleID: article.id, parentID: draft.parsedParentID, depth: depth, threadID: threadID, name: draft.name,
            email: draft.email, emailHash: prepared.emailHash, website: website, body: draft.body, html: prepared.html,
            status: status, holdReason: holdReason, clientHash: prepared.clientHash, fingerprint: fingerprint, createdAt: now)
        new.format = .markdown
        let stored = try BlogStore.insert(new, in: db)
        if mail.enabled && status != .spam {
            // In the comment's own transaction: a held comment always has its notice, an
            // approved one its subscribers' mail, and a rolled-back one neither. The author's
            // own wishes are recorded first; their confirmation goes out once it is published.
            if draft.notify {
                try BlogStore.subscribe(.replies, email: draft.email, emailHash: prepared.emailHash, articleID: article.id,
                                        commentID: stored.id, now: now, in: db)
            }
            if draft.notifyArticle {
                try BlogStore.subscribe(.article, email: draft.email, emailHash: prepared.emailHash, articleID: article.id,
                                        commentID: stored.id, now: now, in: db)
            }
            if status == .pending {
                try BlogStore.enqueueMail(.commentHeld, about: stored.id,
                                          to: try BlogStore.moderatorAddresses(fallback: mail.moderators, in: db), now: now, in: db)
            } else {
                try BlogStore.announceApproved(commentID: stored.id, now: now, in: db)
            }
        }
        let page = status == .approved
            ? try BlogStore.commentPageNumber(ofThread: stored.threadID, articleID: article.id, perPage: policy.perPage,
                                              order: policy.order, in: db)
            : nil
        let comment = Comment(id: stored.id, articleID: article.id, articleSlug: slug, parentID: draft.parsedParentID,
                              depth: depth, name: draft.name, email: draft.email, website: website, body: draft.body,
                              html: prepared.html, threadID: stored.threadID, status: status, createdAt: now)
        return (comment, page)
    }

    private func decideStatus(tooManyLinks: Bool, emailHash: String, in db: SQLiteConnection) throws
        -> (CommentStatus, HoldReason?) {
        if tooManyLinks { return (.pending, .links) }
        switch policy.moderation {
        case .none: return (.approved, nil)
        case .all: return (.pending, .all)
        case .firstTime:
            return try BlogStore.hasApprovedComment(emailHash: emailHash, in: db) ? (.approved, nil) : (.pending, .firstTime)
        }
    }

    private func isPastCloseDate(_ published: Date, now: Date) -> Bool {
        policy.closeAfterDays > 0 && now.timeIntervalSince(published) > Double(policy.closeAfterDays) * 86_400
    }

    /// Whether comments on this article are closed (for showing the form or the notice).
    public func areClosed(_ article: Article, now: Date = Date()) -> Bool {
        !article.commentsOpen || isPastCloseDate(article.publishedAt, now: now)
    }

    private func placeholder(_ draft: CommentDraft, now: Date) -> Comment {
        Comment(id: 0, articleID: 0, articleSlug: "", parentID: nil, depth: 1, name: draft.name, email: nil, website: nil,
                body: draft.body, html: CommentFormat.markdown.html(draft.body), threadID: 0, status: .pending, createdAt: now)
    }
}

/// Which mail comments cause. Off unless `mail.enabled`.
public struct CommentMail: Sendable, Equatable {
    public var enabled = false
    /// Told of held comments when the blog has no desk accounts (every account moderates).
    public var moderators: [String] = []

    public init(enabled: Bool = false, moderators: [String] = []) {
        self.enabled = enabled
        self.moderators = moderators
    }
}

extension Collection where Element: Equatable {
    /// Whether `other` occurs as a contiguous run (a naive search; inputs are short words).
    func contains(subsequence other: some Collection<Element>) -> Bool {
        guard !other.isEmpty else { return true }
        var start = startIndex
        while start != endIndex {
            if self[start...].starts(with: other) { return true }
            formIndex(after: &start)
        }
        return false
    }
}
