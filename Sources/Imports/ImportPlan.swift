import Blog
import Foundation

/// What an import will do, decided from another engine's export before anything is stored:
/// the articles and pages with their comments, the old addresses to redirect, and the report
/// a dry run prints. Content is carried as the source's HTML; it is made safe when the plan is
/// applied.
public struct ImportPlan: Sendable {
    public var articles: [PlannedArticle] = []
    /// The old site's addresses that are no article: its category, tag, feed and author pages.
    public var redirects: [PlannedRedirect] = []
    public var report = ImportReport()
}

// The rules every engine's planner shares.
extension ImportPlan {
    /// `slug`, or `slug-2`, `slug-3`, … when taken; the one returned is taken from then on.
    static func uniqueSlug(_ slug: String, in taken: inout Set<String>) -> String {
        var candidate = slug, number = 2
        while !taken.insert(candidate).inserted {
            candidate = "\(slug)-\(number)"
            number += 1
        }
        return candidate
    }

    /// The excerpt as plain text on one line, at most 500 characters; nil when empty. Through
    /// the tokenizer, which is linear (a pattern for tags rescanned the rest of a hostile
    /// excerpt from every `<`).
    static func summary(_ excerpt: String) -> String? {
        let text = HTMLSanitizer.plainText(excerpt).unicodeScalars.split(whereSeparator: \.properties.isWhitespace)
            .map { String($0) }.joined(separator: " ")
        return text.isEmpty ? nil : String(text.prefix(500))
    }
}

extension ImportReport {
    /// Counts an article or page where it will stand once imported.
    mutating func count(_ input: ArticleInput, now: Date) {
        let state = PublicationState(kind: input.kind, draft: input.draft, hidden: input.draft || input.publishedAt > now)
        if input.kind == .page { pages[state, default: 0] += 1 } else { posts[state, default: 0] += 1 }
    }
}

public struct PlannedRedirect: Sendable, Equatable {
    /// As the old site wrote it (`/category/baking/`).
    public var oldPath: String
    public var destination: Destination

    public enum Destination: Sendable, Equatable {
        /// A tag, by the name it gets here.
        case tag(name: String)
        case feed
        case home
    }
}

public struct PlannedArticle: Sendable {
    /// The id the source gave it (a second run finds it again by this).
    public var sourceID: String
    public var input: ArticleInput
    /// The source's body, as exported.
    public var html: String
    /// The featured image as the source named it; copied (or reported missing) when applied.
    public var image: PlannedImage?
    public var comments: [PlannedComment]
    /// Paths the old site served it at (`/2025/02/11/slug/`, `/?p=12`), each to redirect here.
    public var oldPaths: [String]
}

public struct PlannedImage: Sendable, Equatable {
    public var sourceURL: String
    public var alt: String
    public var caption: String?
}

public struct PlannedComment: Sendable, Equatable {
    public var sourceID: String
    /// Another comment of the same article (its source id); nil for a top-level comment.
    public var parentSourceID: String?
    public var name: String
    public var email: String
    public var website: String?
    public var createdAt: Date
    public var body: String
    public var status: CommentStatus
}

/// Counts per kind and every item left out, with why: what `--dry-run` prints.
public struct ImportReport: Sendable, Equatable {
    public var posts: [PublicationState: Int] = [:]
    public var pages: [PublicationState: Int] = [:]
    public var comments: [CommentStatus: Int] = [:]
    public var tags = 0
    public var images = 0
    public var redirects = 0
    /// Pingbacks and trackbacks, which are not comments anyone wrote here.
    public var pingbacks = 0
    /// Shortcodes left in the content as text (a plugin rendered them there), by name: how
    /// many items use each.
    public var shortcodes: [String: Int] = [:]
    /// Uploaded images the uploads folder did not have (or no folder was given): they keep
    /// their old addresses.
    public var missingImages: [String] = []
    /// What was imported otherwise than the source had it (a members-only post as a draft).
    public var notes: [String] = []
    public var skipped: [Skipped] = []

    public struct Skipped: Sendable, Equatable {
        public var source: String
        public var reason: String
    }
}
