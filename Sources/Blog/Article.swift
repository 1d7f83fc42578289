import Foundation

/// The featured image of an article, with its credit line.
public struct ArticleImage: Sendable, Equatable, Codable {
    public var url: String
    public var alt: String
    /// E.g. "Photo: jensenartofficial (CC0), Pixabay".
    public var credit: String?
    /// Where the image came from (the credit links there).
    public var creditURL: String?

    public init(url: String, alt: String, credit: String? = nil, creditURL: String? = nil) {
        self.url = url
        self.alt = alt
        self.credit = credit
        self.creditURL = creditURL
    }
}

public struct Tag: Sendable, Equatable, Hashable, Codable {
    public var slug: String
    public var name: String

    public init(name: String) {
        self.name = name
        self.slug = Slug.make(from: name)
    }

    public init(slug: String, name: String) {
        self.slug = slug
        self.name = name
    }
}

/// What a stored text is: an article of the blog's stream, or a page of the site.
public enum ArticleKind: String, Sendable, CaseIterable {
    /// Dated, in the home page, tags, archive, feeds and search; takes comments.
    case article
    /// About, Impressum, Datenschutzerklärung: served at `/{slug}`, with no date line and no
    /// comments, kept out of every list and feed, and in the site's navigation in `navOrder`'s
    /// order. Its date orders nothing and schedules nothing.
    case page
}

/// An article as written by its author: what import, export and the admin API exchange.
public struct ArticleInput: Sendable, Equatable {
    public var kind: ArticleKind
    /// A page's place in the navigation (lowest first); pages without one come after, by title.
    public var navOrder: Int?
    public var slug: String
    public var title: String
    /// Nil: derived from the first paragraph.
    public var summary: String?
    public var author: String?
    public var publishedAt: Date
    public var updatedAt: Date?
    public var tags: [String]
    public var image: ArticleImage?
    public var draft: Bool
    public var commentsOpen: Bool
    public var markdown: String

    public init(kind: ArticleKind = .article, navOrder: Int? = nil, slug: String, title: String, summary: String? = nil,
                author: String? = nil, publishedAt: Date, updatedAt: Date? = nil, tags: [String] = [], image: ArticleImage? = nil,
                draft: Bool = false, commentsOpen: Bool = true, markdown: String) {
        self.kind = kind
        self.navOrder = navOrder
        self.slug = slug
        self.title = title
        self.summary = summary
        self.author = author
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.tags = tags
        self.image = image
        self.draft = draft
        self.commentsOpen = commentsOpen
        self.markdown = markdown
    }
}

/// A stored article with its rendered body.
public struct Article: Sendable, Equatable {
    public var id: Int
    public var kind: ArticleKind = .article
    public var navOrder: Int? = nil
    public var slug: String
    public var title: String
    public var summary: String
    public var author: String
    public var markdown: String
    public var html: String
    public var wordCount: Int
    public var publishedAt: Date
    public var updatedAt: Date?
    public var image: ArticleImage?
    /// The author's choice: not to be published yet.
    public var draft: Bool
    /// Whether readers see it in the blog's stream now: not a draft, and its date has come
    /// (the server makes a scheduled article public at its date). Never for a page, which
    /// readers see at its own address when it is not a draft.
    public var isPublic: Bool
    public var commentsOpen: Bool
    public var commentCount: Int
    public var modifiedAt: Date
    public var tags: [Tag]

    public var state: PublicationState { PublicationState(kind: kind, draft: draft, hidden: !isPublic) }

    /// Minutes at 200 words a minute, at least one.
    public var readingMinutes: Int { max(1, Int((Double(wordCount) / 200).rounded())) }
}

/// Where an article stands for its readers.
public enum PublicationState: String, Sendable, CaseIterable {
    case draft
    /// Not a draft, with a date that has not come yet: public from then on.
    case scheduled
    case published

    /// From the stored columns: a page is public unless a draft (it is always `hidden`, out
    /// of the stream); an article that is neither a draft nor public waits for its date.
    public init(kind: ArticleKind, draft: Bool, hidden: Bool) {
        self = draft ? .draft : kind == .page || !hidden ? .published : .scheduled
    }
}

/// The neighbours of an article by publication date; a page in the navigation.
public struct ArticleLink: Sendable, Equatable {
    public var slug: String
    public var title: String

    public init(slug: String, title: String) {
        self.slug = slug
        self.title = title
    }
}

/// One page of a list, with what pagination needs.
public struct ArticlePage: Sendable {
    public var articles: [Article]
    public var page: Int
    public var perPage: Int
    public var total: Int

    public var totalPages: Int { max(1, (total + perPage - 1) / perPage) }
}

public struct SearchHit: Sendable {
    public var article: Article
    /// Plain text with highlight markers `\u{1}` (start) and `\u{2}` (end); the web layer
    /// escapes the text and turns the markers into `<mark>`.
    public var snippet: String
}
