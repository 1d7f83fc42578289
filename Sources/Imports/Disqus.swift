import Blog
import Foundation

/// A Disqus export (Admin → Moderate → Export): the threads (one per page that had comments,
/// named by its address) and every post (comment) with its thread and parent.
public struct DisqusExport: Sendable, Equatable {
    /// The forum (site) the ids belong to.
    public var forum = ""
    public var threads: [DisqusThread] = []
    public var posts: [DisqusPost] = []
}

public struct DisqusThread: Sendable, Equatable {
    public var id = ""
    /// The address of the page the comments were on.
    public var link = ""
    public var title = ""
}

public struct DisqusPost: Sendable, Equatable {
    public var id = ""
    public var threadID = ""
    public var parentID: String?
    /// HTML, as Disqus keeps it.
    public var message = ""
    public var createdAt = ""
    public var isDeleted = false
    public var isSpam = false
    /// Absent from most exports; `false` is a comment still waiting.
    public var isApproved = true
    public var authorName = ""
    public var authorEmail = ""
}

/// Reads a Disqus XML export as a stream, with `ExportXML`'s refusals.
public struct DisqusReader {
    public var fieldBytes = 1024 * 1024

    public init() {}

    public func read(path: String) throws(ImportFileError) -> DisqusExport {
        let collector = DisqusCollector(fieldBytes: fieldBytes)
        try ExportXML.read(path: path, into: collector)
        return try collector.checked()
    }

    public func read(data: Data) throws(ImportFileError) -> DisqusExport {
        let collector = DisqusCollector(fieldBytes: fieldBytes)
        try ExportXML.read(data: data, into: collector)
        return try collector.checked()
    }
}

private final class DisqusCollector: ExportXMLCollector {
    var export = DisqusExport()
    private var root = ""
    private var thread: DisqusThread?
    private var post: DisqusPost?

    init(fieldBytes: Int) {
        super.init(formatName: "Disqus", fieldBytes: fieldBytes)
    }

    func checked() throws(ImportFileError) -> DisqusExport {
        guard root == "disqus" else { throw ImportFileError(line: 0, problem: "not a Disqus export: its root is <\(root)>") }
        return export
    }

    override func didStart(_ name: String, attributes: [String: String]) {
        if path.count == 1 { root = name }
        guard path.count >= 2 else { return }
        switch (path.count, name) {
        case (2, "thread"): thread = DisqusThread(id: attributes["dsq:id"] ?? "")
        case (2, "post"): post = DisqusPost(id: attributes["dsq:id"] ?? "")
        case (3, "thread") where post != nil: post?.threadID = attributes["dsq:id"] ?? ""
        case (3, "parent") where post != nil: post?.parentID = attributes["dsq:id"]
        default: break
        }
    }

    override func didEnd(_ name: String, value: String) {
        var flag: Bool { CommentDraft.trim(value) == "true" }
        if var thread {
            switch (path.count, name) {
            case (3, "link"): thread.link = CommentDraft.trim(value)
            case (3, "title"): thread.title = value
            case (3, "forum") where export.forum.isEmpty: export.forum = CommentDraft.trim(value)
            default: break
            }
            self.thread = path.count == 2 ? nil : thread
            if path.count == 2 { export.threads.append(thread) }
        } else if var post {
            switch (path.count, name) {
            case (3, "message"): post.message = value
            case (3, "createdAt"): post.createdAt = CommentDraft.trim(value)
            case (3, "isDeleted"): post.isDeleted = flag
            case (3, "isSpam"): post.isSpam = flag
            case (3, "isApproved"): post.isApproved = flag
            case (4, "name") where path[2] == "author": post.authorName = CommentDraft.trim(value)
            case (4, "email") where path[2] == "author": post.authorEmail = CommentDraft.trim(value)
            default: break
            }
            self.post = path.count == 2 ? nil : post
            if path.count == 2 { export.posts.append(post) }
        }
    }
}

/// Decides what a Disqus export becomes: each thread's comments go to the article its link
/// names here (`articleFor`: an old address the redirect table knows, `/articles/{slug}`, or
/// the link's last segment as a slug), threads from `parent`; deleted comments are left out,
/// spam is spam, a comment Disqus still held is pending. Threads matching no article are
/// reported with their links.
public struct DisqusPlanner {
    public var now: Date

    public init(now: Date = Date()) {
        self.now = now
    }

    public struct Plan: Sendable {
        /// Comments by the slug of the article they go to.
        public var threads: [(slug: String, comments: [PlannedComment])] = []
        public var report = ImportReport()
    }

    public func plan(_ export: DisqusExport, articleFor: (String) -> String?) -> Plan {
        var plan = Plan()
        var slugs: [String: String] = [:] // thread id to article slug
        var order: [String] = [], ordered = Set<String>()
        // Only threads with comments are looked up (most of an export's threads have none).
        let commented = Set(export.posts.map(\.threadID))
        for thread in export.threads where commented.contains(thread.id) {
            guard let slug = articleFor(thread.link) else { continue }
            slugs[thread.id] = slug
            if ordered.insert(slug).inserted { order.append(slug) }
        }
        var bySlug: [String: [PlannedComment]] = [:]
        var unmatched: [String: Int] = [:]
        let kept = Set(export.posts.filter { !$0.isDeleted }.map(\.id))
        for post in export.posts {
            let source = "post \(post.id)"
            if post.isDeleted {
                plan.report.skipped.append(.init(source: source, reason: "deleted on Disqus"))
                continue
            }
            guard let slug = slugs[post.threadID] else {
                unmatched[post.threadID, default: 0] += 1
                continue
            }
            let status: CommentStatus = post.isSpam ? .spam : post.isApproved ? .approved : .pending
            plan.report.comments[status, default: 0] += 1
            bySlug[slug, default: []].append(PlannedComment(
                sourceID: post.id, parentSourceID: post.parentID.flatMap { kept.contains($0) ? $0 : nil },
                name: post.authorName.isEmpty ? "Anonymous" : post.authorName, email: post.authorEmail, website: nil,
                createdAt: ISODate.parse(post.createdAt) ?? now, body: post.message, status: status))
        }
        let links = Dictionary(export.threads.map { ($0.id, $0.link) }, uniquingKeysWith: { first, _ in first })
        for (threadID, count) in unmatched.sorted(by: { $0.key < $1.key }) {
            plan.report.skipped.append(.init(source: "thread \(threadID) (\(links[threadID] ?? "no link"))",
                                             reason: "no article here has that address; its \(count) comment(s) left out"))
        }
        plan.threads = order.compactMap { slug in bySlug[slug].map { (slug, $0) } }
        return plan
    }
}
