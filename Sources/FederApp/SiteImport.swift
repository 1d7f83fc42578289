import Blog
import Foundation
import Imports
import Routes

/// `feder import --from wordpress FILE`: read, plan, build against what the blog holds, copy
/// the images, store everything in one transaction. What each step decides lives in `Imports`
/// and the store; this only runs them in order and tells the person at the terminal.
public enum SiteImport {
    public enum Format: String, CaseIterable, Sendable {
        case wordpress, ghost, disqus
    }

    public struct Outcome: Sendable {
        public var report: ImportReport
        public var result: ImportResult
        public var dryRun: Bool
    }

    /// `progress` hears a line now and then (the CLI prints them on a terminal only).
    public static func run(_ format: Format, file: String, uploads: String?, dryRun: Bool, app: Application,
                           now: Date = Date(), progress: (String) -> Void = { _ in }) throws -> Outcome {
        if let uploads {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: uploads, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConfigError(key: "--uploads", problem: "\(uploads) is not a folder")
            }
        }
        progress("reading \(file)")
        func build(_ plan: ImportPlan, siteURL: String, source: String, content: ImportBuilder.Format) throws -> ImportBuilder.Output {
            progress("read \(plan.articles.count) articles and pages; building")
            return ImportBuilder(source: source, siteURL: siteURL, targets: try app.store.importTargets(source: source),
                                 uploads: uploads, mediaRoot: app.config.site.mediaPath, format: content, now: now).build(plan)
        }
        let built: ImportBuilder.Output
        switch format {
        case .wordpress:
            let export = try WXRReader().read(path: file)
            // WordPress ids count per site.
            built = try build(WordPressPlanner(now: now).plan(export), siteURL: export.siteURL,
                              source: "wordpress \(export.siteURL)", content: .wordpress)
        case .ghost:
            // Ghost's ids are object ids, unique already; its export names no address.
            built = try build(GhostPlanner(now: now).plan(try GhostReader().read(path: file)), siteURL: "", source: "ghost",
                              content: .ghost)
        case .disqus:
            let export = try DisqusReader().read(path: file)
            progress("read \(export.posts.count) comments in \(export.threads.count) threads; matching them to articles")
            let plan = DisqusPlanner(now: now).plan(export) { articleSlug(at: $0, in: app.store) }
            built = ImportBuilder(source: "disqus \(export.forum)", siteURL: "",
                                  targets: ImportTargets(slugs: [:], deleted: [], taken: []), uploads: nil,
                                  mediaRoot: app.config.site.mediaPath).build(plan)
        }
        progress("\(dryRun ? "checking" : "writing") \(built.batch.articles.count) articles and pages in one transaction")
        let result = try app.store.applyImport(built.batch, hasher: app.comments.hasher,
                                               limits: ImportLimits(maxDepth: app.config.comments.maxDepth), dryRun: dryRun,
                                               now: now) { done in
            progress("\(done) of \(built.batch.articles.count) articles")
        }
        var report = built.report
        if !dryRun {
            // After the commit: a failed import leaves no files behind. A copy that fails now
            // is done by running the import again (it changes nothing else then).
            progress("copying \(built.copies.count) images into \(app.config.site.mediaPath)")
            for copy in built.copies where try !copyFile(copy) {
                report.notes.append("\(copy.to) is another file already: kept it, \(copy.from) not copied")
            }
        }
        return Outcome(report: report, result: result, dryRun: dryRun)
    }

    /// The article a comment thread's page address names here: an old address the redirect
    /// table knows (an imported site's permalink), `/articles/{slug}`, or, for a site whose
    /// addresses end in the slug (`/posts/hello/`), that last segment; nil when none is an article.
    static func articleSlug(at link: String, in store: BlogStore) -> String? {
        guard let key = RedirectKey(address: link) else { return nil }
        if case .article(let slug, .article)? = try? store.redirect(from: key.value) { return slug }
        guard let last = key.value.split(separator: "/").last.map(String.init),
              let article = try? store.article(slug: last, includeDrafts: true), article.kind == .article else { return nil }
        return article.slug
    }

    /// Copies one image; true when it is there now. The same file already there is not copied
    /// again (a second run); a different one is never replaced (another site's image of the
    /// same name, or one the owner put there): false.
    static func copyFile(_ copy: ImportBuilder.MediaCopy) throws -> Bool {
        let files = FileManager.default
        if files.fileExists(atPath: copy.to) { return files.contentsEqual(atPath: copy.from, andPath: copy.to) }
        try files.createDirectory(atPath: (copy.to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try files.copyItem(atPath: copy.from, toPath: copy.to)
        return true
    }
}

extension SiteImport.Outcome {
    /// What `feder import --from` prints: counts per kind, then every item left out and why.
    public var text: String {
        func counts<Key: RawRepresentable>(_ values: [Key: Int]) -> String where Key.RawValue == String {
            let parts = values.filter { $0.value > 0 }.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }
            return parts.isEmpty ? "none" : parts.joined(separator: ", ")
        }
        var lines = [dryRun ? "Dry run: nothing was changed. An import would do this:" : "Imported:"]
        lines.append("  posts:     \(counts(report.posts))")
        lines.append("  pages:     \(counts(report.pages))")
        lines.append("  comments:  \(counts(report.comments)); \(report.pingbacks) pingbacks and trackbacks left out")
        lines.append("  tags:      \(report.tags)")
        lines.append("  images:    \(report.images) featured, \(report.missingImages.count) missing in the uploads folder")
        lines.append("  redirects: \(result.redirects)")
        lines.append("  articles and pages here: \(counts(result.articles)); comments here: \(counts(result.comments))")
        if !report.shortcodes.isEmpty {
            let names = report.shortcodes.sorted { $0.key < $1.key }.map { "[\(TerminalText.printable($0.key))] in \($0.value)" }
            lines.append("Shortcodes kept as text (a plugin rendered them): " + names.joined(separator: ", "))
        }
        if !report.notes.isEmpty {
            lines.append("Notes:")
            lines += report.notes.map { "  " + TerminalText.printable($0) }
        }
        if !report.missingImages.isEmpty {
            lines.append("Images not in the uploads folder (they keep their old addresses):")
            lines += report.missingImages.map { "  " + TerminalText.printable($0) }
        }
        let left = report.skipped.map { "  " + TerminalText.printable("\($0.source): \($0.reason)") }
            + result.keptDeleted.map { "  " + TerminalText.printable($0) + ": deleted here after an earlier import" }
        if !left.isEmpty {
            lines.append("Left out (\(left.count)):")
            lines += left
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
