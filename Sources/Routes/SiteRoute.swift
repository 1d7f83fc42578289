import Glibc
import HTTPServer

/// Any route of the site: the reader's pages, the JSON API, which owns every path under
/// `/api/` (so its errors, 404 and 405 included, answer in JSON), or the author's desk under
/// `/admin`.
public enum SiteRoute: RouteValue, Hashable {
    case web(WebRoute)
    case api(APIRoute)
    case admin(AdminRoute)

    public init?(method: String, path: RequestPath) {
        if AdminRoute.owns(path) {
            guard let route = AdminRoute(method: method, path: path) else { return nil }
            self = .admin(route)
        } else if APIRoute.owns(path) {
            guard let route = APIRoute(method: method, path: path) else { return nil }
            self = .api(route)
        } else {
            guard let route = WebRoute(method: method, path: path) else { return nil }
            self = .web(route)
        }
    }

    /// The first path segments the site answers itself: no page may be called so, or it
    /// could never be reached (a test holds every route's first segment to this list). Names
    /// with a dot (`feed.xml`) are left out: a slug cannot have one.
    public static let reservedPageSlugs: Set<String> = [
        "admin", "api", "archive", "articles", "healthz", "mail", "media", "preview", "search", "sitemaps", "static",
        "tags", "theme",
    ]

    public var path: String {
        switch self {
        case .web(let route): route.path
        case .api(let route): route.path
        case .admin(let route): route.path
        }
    }

    public var maxBodySize: Int? {
        switch self {
        case .web(let route): route.maxBodySize
        case .api(let route): route.maxBodySize
        case .admin(let route): route.maxBodySize
        }
    }

    public var cacheScope: CacheScope {
        switch self {
        case .web(let route): route.cacheScope
        case .api(let route): route.cacheScope
        case .admin: .never
        }
    }
}

// MARK: - Read from the raw path, for the event loop

extension SiteRoute {
    /// What a GET of `path` depends on, read from its bytes without building the route: the
    /// page cache asks for every GET and HEAD on the event loop, hits included, and parsing
    /// the path into a route value there cost about a tenth of a cached answer.
    ///
    /// Nil for paths whose bytes do not say it plainly (a `%` escape, an empty segment): the
    /// caller parses them into a route. Otherwise it agrees with the route's `cacheScope` for
    /// every routed path (a test holds it to that). For an unrouted path `.site` or
    /// `.article` is harmless: a 404 is never cached, and `.site` depends on everything.
    public static func cacheScope(ofPlainPath path: Substring) -> CacheScope? {
        // One pass over contiguous bytes: this runs for every cached answer.
        let scope = path.utf8.withContiguousStorageIfAvailable { bytes -> CacheScope? in
            guard bytes.first == slash, isPlain(bytes) else { return nil }
            if bytes.starts(with: adminPrefix), bytes.count == adminPrefix.count || bytes[adminPrefix.count] == slash {
                return .never
            }
            if bytes.starts(with: previewPrefix) || bytes.starts(with: mailPrefix) { return .never }
            for prefix in articlePrefixes where bytes.starts(with: prefix) {
                let rest = UnsafeBufferPointer(rebasing: bytes[prefix.count...])
                let slug = UnsafeBufferPointer(rebasing: rest[..<(rest.firstIndex(of: slash) ?? rest.count)])
                return slug.isEmpty ? .site : .article(slug: String(decoding: slug, as: UTF8.self))
            }
            return .site
        }
        return scope ?? nil
    }

    private static let slash = UInt8(ascii: "/")
    private static let adminPrefix = Array("/admin".utf8)
    private static let previewPrefix = Array("/preview/".utf8)
    private static let mailPrefix = Array("/mail/".utf8)
    private static let articlePrefixes = [Array("/articles/".utf8), Array("/api/articles/".utf8)]

    /// No `%` escape and no empty segment (`//`): the bytes are the segments.
    static func isPlain(_ bytes: some Sequence<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "%") || (byte == slash && previous == slash) { return false }
            previous = byte
        }
        return true
    }

    /// Answers for one person, not for the public: the desk's, draft previews' and mail links'. Asked for
    /// every request (`PrivateAnswers`): reads the first segment's bytes, and parses the path
    /// only when that segment is written oddly.
    public static func isPrivate(_ request: HTTPRequest) -> Bool {
        switch FirstSegment(request.target) {
        case .admin, .preview: return true
        case .other: return false
        case .odd:
            guard let path = try? RequestPath(request) else { return false }
            return AdminRoute.owns(path) || path.segments.first == "preview" || path.segments.first == "mail"
        }
    }

    /// The target as the access log shows it: a signed link's token (a moderator's mail link,
    /// a draft's preview link) is a credential, so only its path's first segments are kept.
    public static func loggedTarget(_ target: String) -> String {
        for prefix in ["/admin/mail/", "/preview/", "/mail/"] where target.hasPrefix(prefix) {
            let rest = target.dropFirst(prefix.count)
            let kind = rest.firstIndex(of: "/").map { rest[...$0] } ?? "" // "/mail/confirm/…"
            return prefix + kind + "…"
        }
        return target
    }

    /// What a GET of this request depends on: from the plain path when it can be, else from
    /// the route the path parses to.
    public static func cacheScope(of request: HTTPRequest) -> CacheScope {
        if let scope = cacheScope(ofPlainPath: request.path) { return scope }
        guard let path = try? RequestPath(request) else { return .site }
        if AdminRoute.owns(path) { return .never } // every desk path, routed or not
        return SiteRoute(method: "GET", path: path)?.cacheScope ?? .site
    }
}

/// The first segment of a request target as its bytes say it, for checks that run on every
/// request: one pass over the target's first bytes, no string made or compared. `.odd` when
/// the segment is written so that only parsing the path tells (`//admin`, `/%61dmin`).
enum FirstSegment: Equatable {
    /// `/admin`, `/admin/…`, `/admin?…`.
    case admin
    /// `/preview/…` or `/mail/…`: a reader's private link.
    case preview
    case other
    case odd

    init(_ target: String) {
        self = target.utf8.withContiguousStorageIfAvailable(Self.read) ?? .odd
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> FirstSegment {
        let slash = UInt8(ascii: "/")
        guard bytes.count > 1, bytes[0] == slash else { return .other }
        var end = 1
        while end < bytes.count, bytes[end] != slash, bytes[end] != UInt8(ascii: "?") {
            if bytes[end] == UInt8(ascii: "%") { return .odd }
            end += 1
        }
        let followedBySlash = end < bytes.count && bytes[end] == slash
        if end == 1 { return followedBySlash ? .odd : .other }
        let name = UnsafeBufferPointer(rebasing: bytes[1..<end])
        if matches(name, "admin") { return .admin }
        if followedBySlash, matches(name, "preview") || matches(name, "mail") { return .preview }
        return .other
    }

    private static func matches(_ name: UnsafeBufferPointer<UInt8>, _ expected: StaticString) -> Bool {
        guard name.count == expected.utf8CodeUnitCount, let start = name.baseAddress else { return false }
        return memcmp(start, expected.utf8Start, name.count) == 0
    }
}
