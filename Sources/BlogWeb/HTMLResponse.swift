import HTTPServer

/// HTML answers: the page with its cache policy. The security headers every page carries
/// (PRODUCT §6) are added by the `SecurityHeaders` middleware from `WebApp`'s lists.
enum HTMLResponse {
    static func make(_ html: [UInt8], status: HTTPStatus = .ok, cacheable: Bool) -> HTTPResponse {
        var response = HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: html)
        // Public pages: any cache may keep them for a minute, browsers revalidate (ETag).
        response.headers.set("Cache-Control", cacheable ? "public, max-age=0, s-maxage=60, must-revalidate" : "no-store")
        return response
    }
}

extension WebApp {
    /// Scripts and styles only from our origin, never inline; no framing; forms post to us.
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' https: data:",
        "font-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
        "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    /// On every page (HTML), besides `securityHeadersForAll`.
    public static let securityHeadersForPages = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
    ]

    /// On every answer with a body: browsers must not guess another type than the one sent.
    public static let securityHeadersForAll = [("X-Content-Type-Options", "nosniff")]
}
