import Foundation

/// The site an export came from, by its host, read once: whether an address in its content is
/// one of its own (site-relative, or an absolute URL on that host) and so may be pointed at
/// the new site.
struct OldSite: Sendable {
    let host: String?

    init(url: String) {
        host = URLComponents(string: url)?.host?.lowercased()
    }

    /// An address of the old site: a path of it (`/2025/…`, not `//elsewhere`), or an
    /// absolute URL on its host.
    func owns(_ components: URLComponents) -> Bool {
        guard let other = components.host?.lowercased() else { return components.scheme == nil }
        return other == host
    }

    func owns(_ url: String) -> Bool {
        if url.hasPrefix("//") { return URLComponents(string: "https:" + url).map(owns) ?? false }
        return URLComponents(string: url).map(owns) ?? false
    }
}
