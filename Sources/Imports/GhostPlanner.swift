import Blog
import Foundation

/// Decides what a Ghost export becomes in Feder (issue #16):
/// - `post` and `page` rows; `published` is published, `scheduled` scheduled (its date lies
///   ahead), `draft` and `sent` (emailed only, never on the site) drafts; a post for members
///   only (`visibility` other than `public`) is a draft too, so nothing paid for becomes
///   public, and the report says so;
/// - `html` is the content; where it is missing, `lexical` or `mobiledoc` is rendered
///   (`GhostContent`) and the report names the post;
/// - `published_at` is the date and `updated_at` the update, `custom_excerpt` the summary,
///   the first author the author, `posts_tags` the tags (Ghost's internal `#tags` left out),
///   `feature_image` with `posts_meta`'s alt and caption the featured image;
/// - old addresses: each item's `/{slug}/`, tag pages `/tag/x/`, author pages `/author/x/`,
///   and the feed `/rss/`. Ghost writes its own address as `__GHOST_URL__`, which becomes
///   site-relative here.
public struct GhostPlanner {
    public var now: Date

    public init(now: Date = Date()) {
        self.now = now
    }

    static let placeholder = "__GHOST_URL__"

    public func plan(_ export: GhostExport) -> ImportPlan {
        var plan = ImportPlan()
        var slugs = Set<String>(), tags: [String: GhostName] = [:]
        for post in export.posts {
            let source = "\(post.type) \(post.id)"
            guard post.type == "post" || post.type == "page" else {
                plan.report.skipped.append(.init(source: source, reason: "type \(post.type) is not imported"))
                continue
            }
            guard var draft = Self.draft(status: post.status) else {
                plan.report.skipped.append(.init(source: source, reason: "status \(post.status.isEmpty ? "(none)" : post.status)"))
                continue
            }
            if post.visibility != "public" && !draft {
                draft = true
                plan.report.notes.append("\(source) (\(post.slug)) is for \(post.visibility) members only: imported as a draft")
            }
            let kind: ArticleKind = post.type == "page" ? .page : .article
            let published = post.publishedAt.flatMap { ISODate.parse($0) } ?? post.createdAt.flatMap { ISODate.parse($0) } ?? now
            let slug = ImportPlan.uniqueSlug(Slug.make(from: post.slug).isEmpty ? "post-\(post.id)" : Slug.make(from: post.slug),
                                               in: &slugs)
            let authors = (export.postAuthors[post.id] ?? []).compactMap { export.users[$0]?.name }
            var input = ArticleInput(kind: kind, slug: slug, title: post.title.isEmpty ? slug : post.title,
                                     summary: post.customExcerpt.flatMap(ImportPlan.summary), author: authors.first,
                                     publishedAt: published,
                                     updatedAt: post.updatedAt.flatMap { ISODate.parse($0) }.flatMap { $0 > published ? $0 : nil },
                                     draft: draft, commentsOpen: kind == .article, markdown: "")
            if kind == .article {
                let names = (export.postTags[post.id] ?? []).compactMap { id in export.tags[id].map { (id, $0) } }
                    .filter { !$0.1.name.hasPrefix("#") } // Ghost's internal tags
                input.tags = names.map(\.1.name)
                for (id, name) in names { tags[id] = name }
            }
            var image: PlannedImage?
            if let url = post.featureImage.map(Self.siteRelative), !url.isEmpty {
                image = PlannedImage(sourceURL: url, alt: post.featureImageAlt ?? "", caption: post.featureImageCaption.flatMap {
                    let text = HTMLSanitizer.plainText($0)
                    return text.isEmpty ? nil : text
                })
                plan.report.images += 1
            }
            let html: String
            if let given = post.html, !given.isEmpty {
                html = given
            } else if let rendered = post.lexical.flatMap(GhostContent.html(lexical:)) ?? post.mobiledoc.flatMap(GhostContent.html(mobiledoc:)) {
                html = rendered
                plan.report.notes.append("\(source) (\(post.slug)) had no html: rendered from its editor document")
            } else {
                html = ""
                plan.report.notes.append("\(source) (\(post.slug)) had no content")
            }
            plan.report.count(input, now: now)
            let paths = ["/\(post.slug)/"]
            plan.report.redirects += paths.count
            plan.articles.append(PlannedArticle(sourceID: post.id, input: input, html: Self.siteRelative(html), image: image,
                                                comments: [], oldPaths: paths))
        }
        plan.report.tags = Set(tags.values.map { Slug.make(from: $0.name) }).count
        plan.redirects = [PlannedRedirect(oldPath: "/rss/", destination: .feed)]
            + tags.values.sorted { $0.slug < $1.slug }.map { PlannedRedirect(oldPath: "/tag/\($0.slug)/", destination: .tag(name: $0.name)) }
            + export.users.values.sorted { $0.slug < $1.slug }.map { PlannedRedirect(oldPath: "/author/\($0.slug)/", destination: .home) }
        plan.report.redirects += plan.redirects.count
        return plan
    }

    /// Nil: left out (a status Ghost does not document).
    static func draft(status: String) -> Bool? {
        switch status {
        case "published", "scheduled": false
        case "draft", "sent": true
        default: nil
        }
    }

    /// `__GHOST_URL__/content/images/a.jpg` as `/content/images/a.jpg`.
    static func siteRelative(_ text: String) -> String {
        text.replacingOccurrences(of: placeholder, with: "")
    }
}
