/// Refuses a state-changing request that a browser sent from another origin (403). Browsers
/// send `Origin` with every POST, PUT and DELETE (RFC 6454 §7, the Fetch standard); it must be
/// this site: the configured scheme and the request's own `Host`. `Origin: null` (a sandboxed
/// frame, a redirect from elsewhere) is another origin too. Requests without `Origin` (curl,
/// scripts) pass: nothing here rides on cookies, so the check only stops other sites acting
/// in a reader's name. GET, HEAD and OPTIONS change nothing and are not checked.
public struct OriginCheck: Middleware {
    /// `http` or `https`, as the site is reached (its base URL, which a proxy in front keeps).
    public let scheme: String
    /// The 403 in the format of the resource asked for.
    private let errors: @Sendable (HTTPRequest, HTTPError) -> HTTPResponse
    /// Requests whose permission is in their URL (a signed link from a mail, posted by a mail
    /// program from wherever it runs): not checked.
    private let exempt: @Sendable (HTTPRequest) -> Bool

    public init(scheme: String, exempt: @escaping @Sendable (HTTPRequest) -> Bool = { _ in false },
                errors: @escaping @Sendable (HTTPRequest, HTTPError) -> HTTPResponse) {
        self.scheme = scheme.lowercased()
        self.exempt = exempt
        self.errors = errors
    }

    public func respond(to request: HTTPRequest, next: Next) -> Reply {
        do {
            try verify(request)
        } catch {
            return .onWorker { [errors] in errors(request, error) }
        }
        return next(request)
    }

    func verify(_ request: HTTPRequest) throws(HTTPError) {
        guard request.method != "GET", request.method != "HEAD", request.method != "OPTIONS",
              let origin = request.headers["Origin"], !exempt(request) else { return }
        let expected = scheme + "://" + (request.headers["Host"] ?? "")
        guard origin.trimmingASCIIWhitespace().equalsIgnoringASCIICase(expected) else {
            throw HTTPError(.forbidden, code: "cross_site_post", message: "Posts from other sites are not accepted.")
        }
    }
}
