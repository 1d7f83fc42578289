import Blog
import Foundation
import HTTPServer
import Routes

/// Turns a plan into what the store writes, once the store has said what it already holds:
/// - each article's slug is final (its slug here when an earlier import brought it, else the
///   planned one, numbered when taken), so links between imported posts can point at it;
/// - content becomes a Markdown document holding the sanitized HTML (`Markdown.rawHTMLBlock`),
///   with links to the old site's posts rewritten to their new addresses and images found in
///   the uploads folder pointed at the media folder;
/// - a featured image found in the uploads folder is copied; one that is not keeps its old
///   address and is reported missing;
/// - comments become plain text (Feder renders comments itself), over-long ones are left out.
public struct ImportBuilder {
    /// The engine and site, as the store keys source ids (`wordpress https://old.example`).
    public var source: String
    public var siteURL: String
    public var targets: ImportTargets
    /// A copy of `wp-content/uploads`; nil: no image is copied.
    public var uploads: String?
    /// Where `/media/` is served from (`paths.media`).
    public var mediaRoot: String
    public var format: Format
    /// Links are rewritten only to what is public by then (a link to a draft keeps its old
    /// address rather than tell the draft's slug).
    public var now: Date

    public init(source: String, siteURL: String, targets: ImportTargets, uploads: String?, mediaRoot: String,
                format: Format = .wordpress, now: Date = Date()) {
        self.source = source
        self.siteURL = siteURL
        self.targets = targets
        self.uploads = uploads
        self.mediaRoot = mediaRoot
        self.format = format
        self.now = now
        oldSite = OldSite(url: siteURL)
    }

    let oldSite: OldSite

    /// What differs between engines once planned: how content becomes safe HTML (with the
    /// shortcodes it kept as text), and under which path the engine keeps uploaded images.
    public struct Format: Sendable {
        public var uploadsPath: String
        public var content: @Sendable (_ html: String, _ rewrite: (String) -> String?) -> (html: String, shortcodes: [String])

        public static let wordpress = Format(uploadsPath: "/wp-content/uploads/") { html, rewrite in
            WordPressContent.html(from: html, rewritingURLs: rewrite)
        }
        /// Ghost renders its own HTML: it only needs to be made safe.
        public static let ghost = Format(uploadsPath: "/content/images/") { html, rewrite in
            (HTMLSanitizer.clean(html, rewritingURLs: rewrite), [])
        }
    }

    /// A file to copy before the batch is stored.
    public struct MediaCopy: Sendable, Equatable {
        public var from: String
        public var to: String
    }

    public struct Output: Sendable {
        public var batch: ImportBatch
        public var copies: [MediaCopy]
        public var report: ImportReport
    }

    public func build(_ plan: ImportPlan) -> Output {
        var report = plan.report
        var batch = ImportBatch(source: source)
        var taken = targets.taken
        var slugs: [String: String] = [:] // source id to final slug
        var kinds: [String: ArticleKind] = [:]
        for article in plan.articles {
            if targets.deleted.contains(article.sourceID) {
                report.skipped.append(.init(source: "item \(article.sourceID)", reason: "deleted here after an earlier import"))
                continue
            }
            // Decided before slugs and links are given out, so no other post links to it.
            if article.html.utf8.count > Markdown.maxSourceBytes {
                report.skipped.append(.init(source: "item \(article.sourceID)",
                                            reason: "its content is larger than \(Markdown.maxSourceBytes / 1024) KiB"))
                continue
            }
            slugs[article.sourceID] = targets.slugs[article.sourceID] ?? ImportPlan.uniqueSlug(article.input.slug, in: &taken)
            kinds[article.sourceID] = article.input.kind
        }
        // Every old address of every imported item, to rewrite links in the content with.
        var newPaths: [RedirectKey: String] = [:]
        for article in plan.articles where !article.input.draft && (article.input.kind == .page || article.input.publishedAt <= now) {
            guard let slug = slugs[article.sourceID], let kind = kinds[article.sourceID] else { continue }
            let path = RedirectDestination.article(slug: slug, kind: kind).location
            for old in article.oldPaths { if let key = RedirectKey(address: old) { newPaths[key] = path } }
        }
        var media = MediaFinder(oldSite: oldSite, uploadsPath: format.uploadsPath, uploads: uploads, mediaRoot: mediaRoot)
        for article in plan.articles {
            guard let slug = slugs[article.sourceID] else { continue }
            var input = article.input
            input.slug = slug
            let content = format.content(article.html) { url in
                media.newAddress(of: url) ?? internalLink(url, in: newPaths)
            }
            for name in content.shortcodes { report.shortcodes[name, default: 0] += 1 }
            input.markdown = content.html.isEmpty ? "" : Markdown.rawHTMLBlock(content.html)
            guard input.markdown.utf8.count <= Markdown.maxSourceBytes else { // grown by escaping: rare
                report.skipped.append(.init(source: "item \(article.sourceID)",
                                            reason: "its content is larger than \(Markdown.maxSourceBytes / 1024) KiB once made safe"))
                continue
            }
            if let image = article.image {
                // One the folder lacks is noted missing and keeps its address, if that is one an
                // image may have (http(s) or a path: never `javascript:`).
                if let url = media.newAddress(of: image.sourceURL)
                    ?? (ArticleDocument.isAcceptableURL(image.sourceURL, allowLocal: true) ? image.sourceURL : nil) {
                    input.image = ArticleImage(url: url, alt: image.alt, credit: image.caption)
                } else {
                    report.skipped.append(.init(source: "image of item \(article.sourceID)", reason: "its address is no http(s) URL"))
                }
            }
            batch.articles.append(ImportedArticle(sourceID: article.sourceID, input: input,
                                                  comments: comments(article.comments, on: "item \(article.sourceID)",
                                                                     report: &report),
                                                  oldPaths: article.oldPaths.compactMap { RedirectKey(address: $0)?.value }))
        }
        batch.pathRedirects = plan.redirects.compactMap { redirect in
            guard let key = RedirectKey(address: redirect.oldPath) else { return nil }
            let target = switch redirect.destination {
            case .tag(let name): WebRoute.tag(slug: Slug.make(from: name)).path
            case .feed: WebRoute.feed.path
            case .home: WebRoute.home().path
            }
            return PathRedirect(from: key.value, to: target)
        }
        // The old image addresses too, for pages elsewhere that show them.
        batch.pathRedirects += media.moved.compactMap { old, new in
            RedirectKey(address: old).map { PathRedirect(from: $0.value, to: new) }
        }
        report.missingImages += media.missing.sorted()
        return Output(batch: batch, copies: media.copies, report: report)
    }

    /// A link to an old address of an imported item, as its new address (with its `#part`).
    func internalLink(_ url: String, in newPaths: [RedirectKey: String]) -> String? {
        guard oldSite.owns(url), let key = RedirectKey(address: url), let path = newPaths[key] else { return nil }
        return path + (url.firstIndex(of: "#").map { String(url[$0...]) } ?? "")
    }


    /// A comment system's threads, for articles here already.
    public func build(_ plan: DisqusPlanner.Plan) -> Output {
        var report = plan.report
        var batch = ImportBatch(source: source)
        batch.threads = plan.threads.map { thread in
            ImportedThread(articleSlug: thread.slug, comments: comments(thread.comments, on: thread.slug, report: &report))
        }
        return Output(batch: batch, copies: [], report: report)
    }

    func comments(_ planned: [PlannedComment], on item: String, report: inout ImportReport) -> [ImportedComment] {
        var comments: [ImportedComment] = []
        var left = Set<String>()
        for comment in planned {
            let text = HTMLSanitizer.plainText(comment.body)
            if let issue = CommentDraft.bodyIssue(text) {
                let reason = switch issue {
                case .required: "its text is empty"
                case .tooLong: "its text is longer than \(CommentDraft.maxBodyLength) characters"
                default: "its text has control characters"
                }
                report.skipped.append(.init(source: "comment \(comment.sourceID) on \(item)", reason: reason))
                report.comments[comment.status, default: 0] -= 1
                left.insert(comment.sourceID)
                continue
            }
            // A reply to a comment left out starts its own thread.
            let parent = comment.parentSourceID.flatMap { left.contains($0) ? nil : $0 }
            comments.append(ImportedComment(
                sourceID: comment.sourceID, parentSourceID: parent, name: String(comment.name.prefix(CommentDraft.maxNameLength)),
                email: comment.email.isEmpty ? nil : comment.email,
                // As the comment form takes it: http(s) only, no `user@` before the host.
                website: comment.website.flatMap { CommentDraft.isWebURL($0) ? $0 : nil }, body: text,
                createdAt: comment.createdAt, status: comment.status, clientAddress: nil))
        }
        return comments
    }
}

/// Finds the files behind the old site's upload addresses (`…/wp-content/uploads/2025/02/a.jpg`)
/// in the uploads folder, and names where each goes in the media folder.
struct MediaFinder {
    let oldSite: OldSite
    /// Where the engine's uploads live in its addresses (`/wp-content/uploads/`).
    let uploadsPath: String
    let uploads: String?
    let mediaRoot: String
    private(set) var copies: [ImportBuilder.MediaCopy] = []
    private(set) var missing = Set<String>()
    /// Each old image address and its `/media/` address, once.
    private(set) var moved: [(old: String, new: String)] = []
    private var movedKeys = Set<String>()
    /// Media addresses by relative path: each file is copied once, however many posts show it.
    private var found: [String: String] = [:]

    init(oldSite: OldSite, uploadsPath: String = ImportBuilder.Format.wordpress.uploadsPath, uploads: String?, mediaRoot: String) {
        self.oldSite = oldSite
        self.uploadsPath = uploadsPath
        self.uploads = uploads
        self.mediaRoot = mediaRoot
    }

    /// The `/media/…` address of an uploaded image the folder has; nil for any other URL. An
    /// uploaded image the folder lacks is noted as missing.
    mutating func newAddress(of url: String) -> String? {
        guard let components = URLComponents(string: url), oldSite.owns(components),
              let range = components.percentEncodedPath.range(of: uploadsPath) else { return nil }
        let encoded = components.percentEncodedPath[range.upperBound...]
        // Each segment decoded alone and then checked: `%2F` must not make a separator, nor
        // `..` (or a hidden name) climb out.
        let segments = encoded.split(separator: "/", omittingEmptySubsequences: false).map { $0.removingPercentEncoding ?? "" }
        guard !segments.isEmpty, segments.allSatisfy({ segment in
            !segment.isEmpty && !segment.hasPrefix(".") && !segment.unicodeScalars.contains { "/\\\0".unicodeScalars.contains($0) }
        }), let last = segments.last, StaticFiles.imageExtensions.contains((last as NSString).pathExtension.lowercased())
        else { return nil }
        let relative = segments.joined(separator: "/")
        if let known = found[relative] {
            if movedKeys.insert(components.percentEncodedPath).inserted { moved.append((url, known)) }
            return known
        }
        guard let uploads, let file = Self.file(relative, inside: uploads) else {
            missing.insert(url)
            return nil
        }
        let address = WebRoute.media(path: relative).path
        copies.append(.init(from: file, to: mediaRoot + "/" + relative))
        found[relative] = address
        if movedKeys.insert(components.percentEncodedPath).inserted { moved.append((url, address)) }
        return address
    }

    /// The regular file at `relative` under `root`, with symbolic links followed, if it stays
    /// under `root` (a link in the uploads folder to `/` must not publish the machine's pictures).
    static func file(_ relative: String, inside root: String) -> String? {
        let base = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        let resolved = URL(fileURLWithPath: base + "/" + relative).standardizedFileURL.resolvingSymlinksInPath().path
        guard resolved.utf8.starts(with: (base + "/").utf8),
              (try? FileManager.default.attributesOfItem(atPath: resolved)[.type] as? FileAttributeType) == .typeRegular
        else { return nil }
        return resolved
    }
}
