import Blog
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Why an export file cannot be read: the file's line and the problem. Nothing is imported
/// from a file that stops with one of these.
public struct ImportFileError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let problem: String

    public var description: String { line > 0 ? "line \(line): \(problem)" : problem }
}

/// Reads a WordPress export (WXR 1.0–1.2) as a stream (`ExportXML`, which refuses hostile
/// files: a `DOCTYPE`, entities, ill-formed UTF-8, oversized fields, truncation).
public struct WXRReader {
    public struct Limits: Sendable {
        /// An item's content or excerpt (WordPress allows 4 GB; a post is rarely 1 MiB).
        public var contentBytes = 8 * 1024 * 1024
        /// Any other field: a title, a comment, a meta value.
        public var fieldBytes = 1024 * 1024

        public init() {}
    }

    public var limits = Limits()

    public init() {}

    /// Reads the export at `path`.
    public func read(path: String) throws(ImportFileError) -> WXRExport {
        let collector = WXRCollector(limits: limits)
        try ExportXML.read(path: path, into: collector)
        return try Self.checked(collector)
    }

    /// Reads an export held in memory (tests, small files).
    public func read(data: Data) throws(ImportFileError) -> WXRExport {
        let collector = WXRCollector(limits: limits)
        try ExportXML.read(data: data, into: collector)
        return try Self.checked(collector)
    }

    private static func checked(_ collector: WXRCollector) throws(ImportFileError) -> WXRExport {
        guard let version = collector.wxrVersion else {
            throw ImportFileError(line: 0, problem: "not a WordPress export: it has no wp:wxr_version")
        }
        guard ["1.0", "1.1", "1.2"].contains(version) else {
            throw ImportFileError(line: 0, problem: "WXR version \(version) is not one Feder reads (1.0 to 1.2)")
        }
        return collector.export
    }
}

/// Follows the element path and fills the export.
private final class WXRCollector: ExportXMLCollector {
    let limits: WXRReader.Limits
    var export = WXRExport()
    var wxrVersion: String?

    private var author: WXRAuthor?
    private var item: WXRItem?
    private var comment: WXRComment?
    private var metaKey = ""
    private var metaValue = ""
    private var term: WXRTerm?

    init(limits: WXRReader.Limits) {
        self.limits = limits
        super.init(formatName: "WordPress", fieldBytes: limits.fieldBytes)
    }

    override func limit(for element: String) -> Int {
        element == "content:encoded" || element == "excerpt:encoded" ? limits.contentBytes : limits.fieldBytes
    }

    override func didStart(_ name: String, attributes: [String: String]) {
        switch name {
        case "item" where path.count == 3: item = WXRItem()
        case "wp:author" where item == nil: author = WXRAuthor()
        case "wp:comment" where item != nil: comment = WXRComment()
        case "wp:postmeta" where item != nil: (metaKey, metaValue) = ("", "")
        case "category" where item != nil && comment == nil:
            term = WXRTerm(domain: attributes["domain"] ?? "", nicename: attributes["nicename"] ?? "", name: "")
        default: break
        }
    }

    override func didEnd(_ name: String, value: String) {
        if name == "wp:wxr_version" { wxrVersion = CommentDraft.trim(value) }
        if var comment {
            endComment(name, value, &comment)
            self.comment = name == "wp:comment" ? nil : comment
            if name == "wp:comment" { item?.comments.append(comment) }
            return
        }
        if var item {
            endItem(name, value, &item)
            self.item = name == "item" ? nil : item
            if name == "item" { export.items.append(item) }
            return
        }
        if var author {
            switch name {
            case "wp:author_login": author.login = value
            case "wp:author_display_name": author.displayName = value
            default: break
            }
            self.author = name == "wp:author" ? nil : author
            if name == "wp:author" { export.authors.append(author) }
            return
        }
        if name == "link" && path.count == 3 && path[1] == "channel" { export.siteURL = CommentDraft.trim(value) }
    }

    private func endItem(_ name: String, _ value: String, _ item: inout WXRItem) {
        switch name {
        case "title": item.title = value
        case "link": item.link = CommentDraft.trim(value)
        case "dc:creator": item.creator = value
        case "content:encoded": item.content = value
        case "excerpt:encoded": item.excerpt = value
        case "wp:post_id": item.id = Int(CommentDraft.trim(value)) ?? 0
        case "wp:post_date_gmt": item.dateGMT = CommentDraft.trim(value)
        case "wp:post_modified_gmt": item.modifiedGMT = CommentDraft.trim(value)
        case "wp:post_name": item.name = CommentDraft.trim(value)
        case "wp:status": item.status = CommentDraft.trim(value)
        case "wp:post_type": item.type = CommentDraft.trim(value)
        case "wp:post_password": item.password = value
        case "wp:comment_status": item.commentStatus = CommentDraft.trim(value)
        case "wp:post_parent": item.parentID = Int(CommentDraft.trim(value)) ?? 0
        case "wp:menu_order": item.menuOrder = Int(CommentDraft.trim(value)) ?? 0
        case "wp:attachment_url": item.attachmentURL = CommentDraft.trim(value)
        case "wp:meta_key": metaKey = value
        case "wp:meta_value": metaValue = value
        case "wp:postmeta": if !metaKey.isEmpty { item.meta[metaKey] = metaValue }
        case "category":
            if var term {
                term.name = value
                item.terms.append(term)
            }
            term = nil
        default: break
        }
    }

    private func endComment(_ name: String, _ value: String, _ comment: inout WXRComment) {
        var trimmed: String { CommentDraft.trim(value) } // for the short fields only
        switch name {
        case "wp:comment_id": comment.id = Int(trimmed) ?? 0
        case "wp:comment_parent": comment.parentID = Int(trimmed) ?? 0
        case "wp:comment_author": comment.author = value
        case "wp:comment_author_email": comment.authorEmail = trimmed
        case "wp:comment_author_url": comment.authorURL = trimmed
        case "wp:comment_date_gmt": comment.dateGMT = trimmed
        case "wp:comment_content": comment.content = value
        case "wp:comment_approved": comment.approved = trimmed
        case "wp:comment_type": comment.type = trimmed
        default: break
        }
    }
}
