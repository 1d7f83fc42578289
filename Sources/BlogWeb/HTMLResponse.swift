import HTTPServer

/// HTML answers with the security headers every page carries (PRODUCT §6).
enum HTMLResponse {
    /// Scripts and styles only from our origin, never inline; no framing; forms post to us.
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' https: data:",
        "font-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
        "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    static func make(_ html: [UInt8], status: HTTPStatus = .ok, cacheable: Bool) -> HTTPResponse {
        var response = HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: html)
        addSecurityHeaders(to: &response.headers)
        // Public pages: any cache may keep them for a minute, browsers revalidate (ETag).
        response.headers.set("Cache-Control", cacheable ? "public, max-age=0, s-maxage=60, must-revalidate" : "no-store")
        return response
    }

    static func addSecurityHeaders(to headers: inout HTTPHeaders) {
        headers.set("Content-Security-Policy", contentSecurityPolicy)
        headers.set("X-Content-Type-Options", "nosniff")
        headers.set("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.set("X-Frame-Options", "DENY")
    }
}
