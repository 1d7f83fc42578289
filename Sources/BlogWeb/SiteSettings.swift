import Foundation

/// What the web layer needs to know about the site (from `site.*` in config.json).
public struct SiteSettings: Sendable {
    public enum Language: String, Sendable, CaseIterable {
        case en, de
    }

    public var title = "Feder"
    public var description = "A blog"
    /// Absolute, without a trailing slash: feeds, canonical links and Open Graph use it.
    public var baseURL = "http://127.0.0.1:8080"
    public var language = Language.en
    public var timeZone = TimeZone(identifier: "UTC")!
    /// Folder of the Mustache theme.
    public var templatesPath = "templates"
    /// Folder served under `/static`.
    public var staticPath = "static"
    /// Folder served under `/media` (images only): what imports copy in. Beside the database
    /// by default, since it is the blog's data, not the theme's.
    public var mediaPath = "data/media"
    /// Atom feed entries carry the full article (true) or only the summary.
    public var feedFullContent = true

    public init() {}
}
