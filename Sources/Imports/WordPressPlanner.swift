import Blog
import Foundation

/// Decides what a WordPress export becomes in Feder (issue #16's table):
/// - `post` and `page` items; `publish` is published, `draft`, `pending` and `private` are
///   drafts, `future` is scheduled (its date lies ahead), `trash` is left out; attachments
///   are featured images; every other type is left out with its name in the report;
/// - `post_date_gmt` is the date (a draft never dated takes its last change, else now) and
///   `post_modified_gmt` the update; `post_name` is the slug (percent-decoded, then made a
///   Feder slug); `dc:creator` is the author's display name; categories and tags are tags
///   (WordPress's default "uncategorized" is left out); `excerpt:encoded` is the summary;
/// - comments: approved `1`, pending `0`, `spam`; `trash` is left out, and so are pingbacks
///   and trackbacks (counted); a reply to a comment left out starts its own thread;
/// - old addresses: each item's permalink and `/?p=ID` (`/?page_id=ID`) lead to it; the
///   category and tag pages of the tags kept (`/category/x/`, `/tag/x/`) to the tag, the feeds
///   (`/feed/`, `/comments/feed/`) to the feed, and the author pages (`/author/x/`) home.
public struct WordPressPlanner {
    public var now: Date

    public init(now: Date = Date()) {
        self.now = now
    }

    public func plan(_ export: WXRExport) -> ImportPlan {
        var plan = ImportPlan()
        let authors = Dictionary(export.authors.map { ($0.login, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        let attachments = Dictionary(export.items.filter { $0.type == "attachment" }.map { ($0.id, $0) },
                                     uniquingKeysWith: { first, _ in first })
        var slugs = Set<String>(), tags = Set<String>()
        var terms: [String: WXRTerm] = [:] // by "domain nicename", the tags kept
        for item in export.items {
            let source = "\(item.type.isEmpty ? "item" : item.type) \(item.id)"
            guard item.type == "post" || item.type == "page" else {
                if item.type != "attachment" { plan.report.skipped.append(.init(source: source, reason: "type \(item.type) is not imported")) }
                continue
            }
            guard var draft = Self.draft(status: item.status) else {
                plan.report.skipped.append(.init(source: source, reason: "status \(item.status.isEmpty ? "(none)" : item.status)"))
                continue
            }
            // Feder has no passwords for posts: one readers needed a password for stays a draft.
            if !item.password.isEmpty && !draft {
                draft = true
                plan.report.notes.append("\(source) (\(item.name)) needed a password to read: imported as a draft")
            }
            let kind: ArticleKind = item.type == "page" ? .page : .article
            let published = Self.date(item.dateGMT) ?? Self.date(item.modifiedGMT) ?? now
            let slug = ImportPlan.uniqueSlug(slug(for: item), in: &slugs)
            var input = ArticleInput(kind: kind, navOrder: kind == .page ? item.menuOrder : nil, slug: slug,
                                     title: item.title.isEmpty ? slug : item.title,
                                     summary: ImportPlan.summary(item.excerpt), author: authors[item.creator] ?? Self.nonEmpty(item.creator),
                                     publishedAt: published, updatedAt: Self.date(item.modifiedGMT).flatMap { $0 > published ? $0 : nil },
                                     draft: draft, commentsOpen: kind == .article && item.commentStatus == "open", markdown: "")
            if kind == .article {
                let kept = item.terms.filter { ["category", "post_tag"].contains($0.domain) && $0.nicename != "uncategorized" }
                input.tags = kept.map(\.name)
                tags.formUnion(input.tags.map(Slug.make(from:)))
                for term in kept { terms["\(term.domain) \(term.nicename)"] = term }
            }
            var image: PlannedImage?
            if let id = item.meta["_thumbnail_id"].flatMap({ Int($0) }), let attachment = attachments[id], !attachment.attachmentURL.isEmpty {
                image = PlannedImage(sourceURL: attachment.attachmentURL,
                                     alt: attachment.meta["_wp_attachment_image_alt"].flatMap(Self.nonEmpty) ?? attachment.title,
                                     caption: Self.nonEmpty(attachment.excerpt))
                plan.report.images += 1
            }
            let comments = self.comments(of: item, report: &plan.report)
            let paths = Self.oldPaths(of: item, siteURL: export.siteURL)
            plan.report.redirects += paths.count
            plan.report.count(input, now: now)
            plan.articles.append(PlannedArticle(sourceID: String(item.id), input: input, html: item.content, image: image,
                                                comments: comments, oldPaths: paths))
        }
        plan.report.tags = tags.count
        plan.redirects = Self.siteRedirects(terms: terms.values.sorted { ($0.domain, $0.nicename) < ($1.domain, $1.nicename) },
                                            authors: export.authors, siteURL: export.siteURL)
        plan.report.redirects += plan.redirects.count
        return plan
    }

    /// The addresses every WordPress site has besides its items', under the site's path.
    static func siteRedirects(terms: [WXRTerm], authors: [WXRAuthor], siteURL: String) -> [PlannedRedirect] {
        var base = URLComponents(string: siteURL)?.percentEncodedPath ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        var redirects = [PlannedRedirect(oldPath: base + "/feed/", destination: .feed),
                         PlannedRedirect(oldPath: base + "/comments/feed/", destination: .feed)]
        for term in terms where !term.nicename.isEmpty {
            let prefix = term.domain == "category" ? "/category/" : "/tag/"
            redirects.append(PlannedRedirect(oldPath: base + prefix + term.nicename + "/", destination: .tag(name: term.name)))
        }
        for author in authors where !author.login.isEmpty {
            let nicename = author.login.lowercased().addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? author.login
            redirects.append(PlannedRedirect(oldPath: base + "/author/" + nicename + "/", destination: .home))
        }
        return redirects
    }

    /// Nil: left out (`trash`, or a status WordPress does not document).
    static func draft(status: String) -> Bool? {
        switch status {
        case "publish", "future": false
        case "draft", "pending", "private", "auto-draft": true
        default: nil
        }
    }

    func slug(for item: WXRItem) -> String {
        let decoded = item.name.removingPercentEncoding ?? item.name
        for candidate in [decoded, item.title] {
            let slug = Slug.make(from: candidate)
            if !slug.isEmpty { return String(slug.prefix(120)) }
        }
        return "\(item.type)-\(item.id)"
    }

    func comments(of item: WXRItem, report: inout ImportReport) -> [PlannedComment] {
        // Known before any is planned: an export may list a reply before the comment it answers.
        let kept = Set(item.comments.filter { !["pingback", "trackback"].contains($0.type) && Self.status($0.approved) != nil }
            .map(\.id))
        var comments: [PlannedComment] = []
        for comment in item.comments {
            let source = "comment \(comment.id) on \(item.type) \(item.id)"
            if comment.type == "pingback" || comment.type == "trackback" {
                report.pingbacks += 1
                continue
            }
            guard let status = Self.status(comment.approved) else {
                report.skipped.append(.init(source: source, reason: "status \(comment.approved.isEmpty ? "(none)" : comment.approved)"))
                continue
            }
            report.comments[status, default: 0] += 1
            comments.append(PlannedComment(
                sourceID: String(comment.id), parentSourceID: kept.contains(comment.parentID) ? String(comment.parentID) : nil,
                name: comment.author.isEmpty ? "Anonymous" : comment.author, email: comment.authorEmail,
                website: Self.nonEmpty(comment.authorURL), createdAt: Self.date(comment.dateGMT) ?? now, body: comment.content,
                status: status))
        }
        return comments
    }

    /// `comment_approved`: nil for `trash` and values WordPress does not document.
    static func status(_ approved: String) -> CommentStatus? {
        switch approved {
        case "1", "approve": .approved
        case "0", "hold": .pending
        case "spam": .spam
        default: nil
        }
    }

    /// The permalink's path and WordPress's numeric addresses (`/?p=12`, `/?page_id=2`), which
    /// every WordPress site answers whatever its permalink setting.
    static func oldPaths(of item: WXRItem, siteURL: String) -> [String] {
        var paths: [String] = []
        // As written (percent-encoded, with its trailing slash): the address readers know.
        if let url = URLComponents(string: item.link), url.host != nil, OldSite(url: siteURL).owns(url) {
            var path = url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath
            if let query = url.percentEncodedQuery { path += "?" + query }
            if path != "/" { paths.append(path) }
        }
        let numeric = item.type == "page" ? "/?page_id=\(item.id)" : "/?p=\(item.id)"
        if !paths.contains(numeric) { paths.append(numeric) }
        return paths
    }

    /// `2025-02-11 09:30:00` in UTC; nil for empty and WordPress's `0000-00-00 00:00:00`.
    static func date(_ text: String) -> Date? {
        guard !text.isEmpty, !text.hasPrefix("0000") else { return nil }
        return ISODate.parse(text.replacingOccurrences(of: " ", with: "T") + "Z")
    }

    static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
