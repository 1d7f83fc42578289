import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport

/// A browser for the desk: keeps the cookies it is given and sends them back, as a browser
/// on this site would (same origin, `Sec-Fetch-Site: same-origin`).
final class DeskBrowser {
    let site: TestSite
    var cookies: [String: String] = [:]

    init(_ site: TestSite) {
        self.site = site
    }

    var cookieHeader: [(String, String)] {
        cookies.isEmpty ? [] : [("Cookie", cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))]
    }

    @discardableResult
    func get(_ target: String) -> HTTPResponse {
        keep(site.get(target, headers: cookieHeader))
    }

    @discardableResult
    func post(_ target: String, _ fields: [(String, String)], headers: [(String, String)] = [],
              remoteAddress: String = "192.0.2.10") -> HTTPResponse {
        keep(site.postForm(target, fields, headers: cookieHeader + [("Origin", "http://blog.test"), ("Sec-Fetch-Site", "same-origin")]
                           + headers, remoteAddress: remoteAddress))
    }

    /// The sign-in form's token, from the form itself.
    func formToken(in response: HTTPResponse) -> String {
        Self.hidden("csrf", in: response.text) ?? ""
    }

    /// Opens the sign-in page and signs in.
    @discardableResult
    func signIn(_ email: String, _ password: String, next: String? = nil) -> HTTPResponse {
        let form = get("/admin/login")
        var fields = [("csrf", formToken(in: form)), ("email", email), ("password", password)]
        if let next { fields.append(("next", next)) }
        return post("/admin/login", fields)
    }

    private func keep(_ response: HTTPResponse) -> HTTPResponse {
        for header in response.headers.values(for: "Set-Cookie") {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if header.contains("Max-Age=0") || value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
        return response
    }

    /// A browser signed in as a new account of `role` on `site`.
    static func signedIn(_ site: TestSite, as role: Role, email: String, name: String,
                         password: String = "a long and unusual passphrase") throws -> DeskBrowser {
        _ = try site.site.accounts.add(email: email, name: name, role: role, password: password)
        let desk = DeskBrowser(site)
        desk.signIn(email, password)
        return desk
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Every hidden field of a page, decoded, in order.
    static func hiddenFields(in html: String) -> [(String, String)] {
        var fields: [(String, String)] = []
        var rest = html[...]
        while let start = rest.range(of: "<input type=\"hidden\" name=\"") {
            let afterName = rest[start.upperBound...]
            guard let nameEnd = afterName.firstIndex(of: "\""),
                  let valueStart = afterName.range(of: "value=\"")?.upperBound,
                  let valueEnd = afterName[valueStart...].firstIndex(of: "\"") else { break }
            fields.append((String(afterName[..<nameEnd]), unescape(String(afterName[valueStart..<valueEnd]))))
            rest = afterName[valueEnd...]
        }
        return fields
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
