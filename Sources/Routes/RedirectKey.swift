import Blog
import HTTPServer

/// How an old address is keyed in the redirect table: its decoded path without empty segments
/// (so `/2025/02/11/hello/`, `/2025/02/11/hello` and `/2025/02/11/%68ello` are one), and, for
/// the site's root only, WordPress's numeric addresses `?p=ID` and `?page_id=ID`. Any other
/// query is not part of the key: `/old/?utm_source=x` is `/old`.
public struct RedirectKey: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public var description: String { value }

    public init?(_ path: RequestPath) {
        if path.segments.isEmpty {
            for name in Self.numericQueries {
                if let id = path.query[name].flatMap(WebRoute.digits), id > 0 {
                    value = "/?\(name)=\(id)"
                    return
                }
            }
            return nil // the home page itself is never an old address
        }
        value = "/" + path.segments.joined(separator: "/")
    }

    /// An address as someone writes it (`/2025/02/11/hello/`, `https://old.example/hello/`):
    /// its path and query; nil when it is no valid path.
    public init?(address: String) {
        var target = address
        if let scheme = target.range(of: "://"), target[..<scheme.lowerBound].allSatisfy({ $0.isLetter || $0 == "+" }) {
            let rest = target[scheme.upperBound...]
            target = rest.firstIndex(where: { $0 == "/" || $0 == "?" }).map { String(rest[$0...]) } ?? "/"
            if target.hasPrefix("?") { target = "/" + target }
        }
        if let fragment = target.firstIndex(of: "#") { target = String(target[..<fragment]) }
        guard let path = RequestPath(target: target) else { return nil }
        self.init(path)
    }

    /// Where a redirect may lead: a path of this site as it goes on the wire (percent-encoded
    /// printable ASCII, no `//host` or `/\\host`, at most 2,000 bytes); nil for anything else.
    public static func destination(_ target: String) -> String? {
        guard target.hasPrefix("/"), !target.hasPrefix("//"), target.utf8.count <= 2000,
              target.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }),
              RequestPath(target: target) != nil else { return nil }
        return target
    }

    /// What is wrong with a redirect someone asked for.
    public enum InputProblem: Error, Equatable {
        /// The old address is no path or http(s) address.
        case oldAddress
        /// The destination is no path of this site.
        case destination
        /// The destination is the old address itself.
        case loop
    }

    /// A redirect as a person writes it (the CLI, the desk), trimmed and checked once for both.
    public static func checked(from: String, to: String) throws(InputProblem) -> (key: RedirectKey, destination: String) {
        let from = CommentDraft.trim(from), to = CommentDraft.trim(to)
        guard let key = RedirectKey(address: from) else { throw .oldAddress }
        guard let destination = destination(to) else { throw .destination }
        guard RedirectKey(address: destination) != key else { throw .loop }
        return (key, destination)
    }

    /// A stored key written as an address again (each segment percent-encoded), so what
    /// `feder redirects list` prints, `feder redirects remove` takes back.
    public static func address(ofKey key: String) -> String {
        guard !key.hasPrefix("/?") else { return key }
        var builder = PathBuilder()
        for segment in key.split(separator: "/") { builder.add(String(segment)) }
        return builder.built
    }

    /// The root's queries that name an item on a WordPress site, whatever its permalinks.
    static let numericQueries = ["p", "page_id"]

    /// Whether a request for the root carries one: then it is an old address, not the home page.
    static func isNumericAddress(_ query: FormFields) -> Bool {
        numericQueries.contains { query[$0] != nil }
    }
}

extension RedirectDestination {
    /// The path a redirect to this destination answers with.
    public var location: String {
        switch self {
        case .article(let slug, .article): WebRoute.article(slug: slug).path
        case .article(let slug, .page): WebRoute.page(slug: slug).path
        case .path(let target): target
        }
    }
}
