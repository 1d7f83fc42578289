import Foundation

/// A WordPress export (WXR 1.0–1.2) as read, before anything is decided about it: the items
/// and their comments with WordPress's own fields and values. `WXRReader` makes it; what
/// Feder does with each value is decided later, where the import is planned.
public struct WXRExport: Sendable, Equatable {
    /// The site's address (`channel/link`), which old permalinks start with.
    public var siteURL = ""
    public var authors: [WXRAuthor] = []
    public var items: [WXRItem] = []
}

/// `wp:author`: the login that items name in `dc:creator`, and the name readers saw.
public struct WXRAuthor: Sendable, Equatable {
    public var login = ""
    public var displayName = ""
}

/// One `item`: a post, a page, an attachment, or anything else WordPress exports (menu items,
/// revisions), which the import reports and skips.
public struct WXRItem: Sendable, Equatable {
    public var id = 0
    public var title = ""
    /// The permalink the old site served it at.
    public var link = ""
    public var creator = ""
    public var content = ""
    public var excerpt = ""
    /// `wp:post_date_gmt`, `wp:post_modified_gmt` as written (`2025-02-11 09:30:00`); empty
    /// or `0000-00-00 00:00:00` for a draft that was never dated.
    public var dateGMT = ""
    public var modifiedGMT = ""
    /// `wp:post_name`: the slug, percent-encoded for non-ASCII slugs.
    public var name = ""
    /// `publish`, `draft`, `pending`, `private`, `future`, `trash`, …
    public var status = ""
    /// `post`, `page`, `attachment`, `nav_menu_item`, …
    public var type = ""
    /// `wp:post_password`: readers needed it to see the post.
    public var password = ""
    public var commentStatus = ""
    public var parentID = 0
    public var menuOrder = 0
    /// An attachment's file (`wp:attachment_url`).
    public var attachmentURL = ""
    /// Categories and tags, in order.
    public var terms: [WXRTerm] = []
    /// `wp:postmeta` pairs (`_thumbnail_id`, `_wp_attachment_image_alt`, …).
    public var meta: [String: String] = [:]
    public var comments: [WXRComment] = []
}

/// A `category` element of an item: `domain` is `category` or `post_tag`.
public struct WXRTerm: Sendable, Equatable {
    public var domain = ""
    /// The term's slug.
    public var nicename = ""
    public var name = ""
}

/// `wp:comment`.
public struct WXRComment: Sendable, Equatable {
    public var id = 0
    public var parentID = 0
    public var author = ""
    public var authorEmail = ""
    public var authorURL = ""
    public var dateGMT = ""
    public var content = ""
    /// `1`, `0`, `spam` or `trash`.
    public var approved = ""
    /// Empty or `comment` for a comment; `pingback` or `trackback` otherwise.
    public var type = ""
}
