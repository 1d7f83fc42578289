import Blog
import HTTPServer
import Routes

extension WebApp {
    /// A 301 for an old address the redirect table knows (an imported site's permalinks); nil
    /// for anything else. Asked only where a GET would be a 404, so pages that exist pay
    /// nothing, and a scanner's miss costs one indexed read.
    func redirectFromOldAddress(_ request: HTTPRequest) -> HTTPResponse? {
        guard request.method == "GET" || request.method == "HEAD", let path = try? RequestPath(request),
              let key = RedirectKey(path), let destination = try? store.redirect(from: key.value) else { return nil }
        let location = destination.location
        // A redirect to where the reader already is would never end.
        guard LocalRedirect.isSafe(location), RedirectKey(address: location) != key else { return nil }
        var response = HTTPResponse.redirect(to: location, status: .movedPermanently)
        // A day: long enough for crawlers, short enough to correct a wrong redirect.
        response.headers.set("Cache-Control", "public, max-age=86400")
        return response
    }
}
