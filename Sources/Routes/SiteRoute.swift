import HTTPServer

/// Any route of the site: the reader's pages or the JSON API, which owns every path under
/// `/api/` (so its errors, 404 and 405 included, answer in JSON).
public enum SiteRoute: RouteValue, Hashable {
    case web(WebRoute)
    case api(APIRoute)

    public init?(method: String, path: RequestPath) {
        if APIRoute.owns(path) {
            guard let route = APIRoute(method: method, path: path) else { return nil }
            self = .api(route)
        } else {
            guard let route = WebRoute(method: method, path: path) else { return nil }
            self = .web(route)
        }
    }

    public var path: String {
        switch self {
        case .web(let route): route.path
        case .api(let route): route.path
        }
    }

    public var maxBodySize: Int? {
        switch self {
        case .web(let route): route.maxBodySize
        case .api(let route): route.maxBodySize
        }
    }

    public var cacheScope: CacheScope {
        switch self {
        case .web(let route): route.cacheScope
        case .api(let route): route.cacheScope
        }
    }
}
