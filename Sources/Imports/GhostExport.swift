import Foundation

/// A Ghost 5 export (`Settings → Labs → Export`): the tables under `db[0].data` that a blog
/// needs, as read, before anything is decided about them. `GhostReader` makes it.
public struct GhostExport: Sendable, Equatable {
    public var posts: [GhostPost] = []
    /// Tags by id.
    public var tags: [String: GhostName] = [:]
    /// Tag ids of each post id, in their order.
    public var postTags: [String: [String]] = [:]
    /// Authors by user id.
    public var users: [String: GhostName] = [:]
    /// Author ids of each post id, first author first.
    public var postAuthors: [String: [String]] = [:]
}

/// A tag's or an author's name and the slug of its page on the old site.
public struct GhostName: Sendable, Equatable {
    public var name: String
    public var slug: String
}

/// A row of `posts` (posts and pages), with the image fields of `posts_meta` joined in.
public struct GhostPost: Sendable, Equatable {
    public var id = ""
    public var title = ""
    public var slug = ""
    /// `post` or `page`.
    public var type = "post"
    /// `published`, `draft`, `scheduled`, `sent` (emailed only).
    public var status = ""
    /// `public`, `members`, `paid`, `tiers`.
    public var visibility = "public"
    public var html: String?
    public var lexical: String?
    public var mobiledoc: String?
    public var customExcerpt: String?
    /// ISO 8601 with milliseconds (`2023-01-01T10:00:00.000Z`).
    public var publishedAt: String?
    public var updatedAt: String?
    public var createdAt: String?
    public var featureImage: String?
    public var featureImageAlt: String?
    public var featureImageCaption: String?
}

/// Reads a Ghost JSON export. Ghost writes the whole site as one JSON document, so it is read
/// whole (exports of text are megabytes, not gigabytes); a file past `maxBytes` is refused.
public struct GhostReader {
    public var maxBytes = 512 * 1024 * 1024

    public init() {}

    public func read(path: String) throws(ImportFileError) -> GhostExport {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = attributes?[.size] as? Int else { throw ImportFileError(line: 0, problem: "\(path) cannot be read") }
        guard size <= maxBytes else { throw ImportFileError(line: 0, problem: "larger than \(maxBytes / 1024 / 1024) MiB") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportFileError(line: 0, problem: "\(path) cannot be read")
        }
        return try read(data: data)
    }

    public func read(data: Data) throws(ImportFileError) -> GhostExport {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ImportFileError(line: 0, problem: "not a JSON document (\(error.localizedDescription))")
        }
        // `{"db": [{"meta": …, "data": {…}}]}`; older exports are `{"meta": …, "data": {…}}`.
        let top = root as? [String: Any]
        guard let data = ((top?["db"] as? [Any])?.first as? [String: Any] ?? top)?["data"] as? [String: Any],
              let posts = data["posts"] as? [[String: Any]] else {
            throw ImportFileError(line: 0, problem: "not a Ghost export: no db[0].data.posts")
        }
        var export = GhostExport()
        let meta = Dictionary((data["posts_meta"] as? [[String: Any]] ?? []).compactMap { row in
            Self.string(row["post_id"]).map { ($0, row) }
        }, uniquingKeysWith: { first, _ in first })
        export.posts = posts.map { row in
            var post = GhostPost()
            post.id = Self.string(row["id"]) ?? ""
            post.title = Self.string(row["title"]) ?? ""
            post.slug = Self.string(row["slug"]) ?? ""
            post.type = Self.string(row["type"]) ?? (row["page"] as? Bool == true ? "page" : "post") // Ghost 1–2: `page`
            post.status = Self.string(row["status"]) ?? ""
            post.visibility = Self.string(row["visibility"]) ?? "public"
            post.html = Self.string(row["html"])
            post.lexical = Self.string(row["lexical"])
            post.mobiledoc = Self.string(row["mobiledoc"])
            post.customExcerpt = Self.string(row["custom_excerpt"])
            post.publishedAt = Self.string(row["published_at"])
            post.updatedAt = Self.string(row["updated_at"])
            post.createdAt = Self.string(row["created_at"])
            post.featureImage = Self.string(row["feature_image"])
            let extra = meta[post.id] ?? row // Ghost 3 kept these on the post itself
            post.featureImageAlt = Self.string(extra["feature_image_alt"])
            post.featureImageCaption = Self.string(extra["feature_image_caption"])
            return post
        }
        for row in data["tags"] as? [[String: Any]] ?? [] {
            if let id = Self.string(row["id"]) { export.tags[id] = GhostName(name: Self.string(row["name"]) ?? "", slug: Self.string(row["slug"]) ?? "") }
        }
        for row in data["users"] as? [[String: Any]] ?? [] {
            if let id = Self.string(row["id"]) { export.users[id] = GhostName(name: Self.string(row["name"]) ?? "", slug: Self.string(row["slug"]) ?? "") }
        }
        export.postTags = Self.pairs(data["posts_tags"], key: "post_id", value: "tag_id")
        export.postAuthors = Self.pairs(data["posts_authors"], key: "post_id", value: "author_id")
        return export
    }

    /// A join table as lists per key, in `sort_order`.
    static func pairs(_ table: Any?, key: String, value: String) -> [String: [String]] {
        let rows = (table as? [[String: Any]] ?? []).compactMap { row -> (String, String, Int)? in
            guard let left = string(row[key]), let right = string(row[value]) else { return nil }
            return (left, right, (row["sort_order"] as? NSNumber)?.intValue ?? 0)
        }
        var result: [String: [String]] = [:]
        for (left, right, _) in rows.sorted(by: { $0.2 < $1.2 }) { result[left, default: []].append(right) }
        return result
    }

    /// Ids are strings in Ghost 1+ and numbers in older exports; both read as text.
    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }
}
