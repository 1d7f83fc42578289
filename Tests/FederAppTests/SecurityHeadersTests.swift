@testable import FederApp
import FederTestSupport
import Foundation
import HTTPServer
import Testing

/// Every HTML answer, errors included, carries the security headers of PRODUCT §6.
@Suite struct SecurityHeadersTests {
    static let slug = "why-i-went-back-to-running-my-own-blog"

    static func expectSecurityHeaders(_ response: HTTPResponse, _ label: String) {
        #expect(response.headers["Content-Type"]?.hasPrefix("text/html") == true, "\(label): not HTML")
        let csp = response.headers["Content-Security-Policy"] ?? ""
        #expect(csp.contains("frame-ancestors 'none'"), "\(label): CSP \(csp)")
        #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(label): CSP \(csp)")
        #expect(response.headers["X-Content-Type-Options"] == "nosniff", "\(label): nosniff")
        #expect(response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", "\(label): Referrer-Policy")
    }

    @Test func everyHTMLAnswerCarriesThem() throws {
        let site = try TestInstallation(seedDemoContent: true) { $0.comments.perMinute = 0 }
        let pages: [(String, HTTPStatus)] = [
            ("/", .ok), ("/articles/\(Self.slug)", .ok), ("/archive", .ok), ("/search?q=blog", .ok),
            ("/?page=99", .notFound), ("/articles/no-such-article", .notFound), ("/no/such/page", .notFound),
            ("/tags/no-such-tag", .notFound),
        ]
        for (path, status) in pages {
            let response = site.get(path)
            #expect(response.status == status, "\(path)")
            Self.expectSecurityHeaders(response, "GET \(path)")
        }
        Self.expectSecurityHeaders(site.request("DELETE", "/archive"), "405")

        let target = "/articles/\(Self.slug)/comments"
        let invalid = site.postForm(target, [("name", ""), ("email", "nope"), ("body", "")])
        #expect(invalid.status == .unprocessableContent)
        Self.expectSecurityHeaders(invalid, "422 form")
        let crossSite = site.postForm(target, [("name", "A"), ("email", "a@example.org"), ("body", "b")],
                                      headers: [("Origin", "https://elsewhere.example")])
        #expect(crossSite.status == .forbidden)
        Self.expectSecurityHeaders(crossSite, "403 cross-site")
        let fields = [("name", "A"), ("email", "a@example.org"), ("body", "twice")]
        #expect(site.postForm(target, fields).status == .seeOther)
        let duplicate = site.postForm(target, fields)
        #expect(duplicate.status == .conflict)
        Self.expectSecurityHeaders(duplicate, "409 duplicate")

        // A 500: the comments table is gone, so the article page cannot be built.
        try site.app.database.withWriter { try $0.execute(script: "ALTER TABLE comments RENAME TO comments_gone") }
        let broken = site.get("/articles/\(Self.slug)?fresh=1")
        #expect(broken.status == .internalServerError)
        Self.expectSecurityHeaders(broken, "500")
    }
}
