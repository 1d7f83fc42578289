@testable import AdminWeb
import Blog
import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct SignInTests {
    static let password = "a long and unusual passphrase"

    func makeSite(baseURL: String = "http://blog.test") throws -> TestSite {
        let site = try TestSite { $0.site.baseURL = baseURL }
        _ = try site.site.accounts.add(email: "ada@example.org", name: "Ada Lovelace", role: .owner, password: Self.password)
        return site
    }

    func expectPrivate(_ response: HTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.headers["Cache-Control"] == "no-store", sourceLocation: sourceLocation)
        #expect(response.headers["X-Robots-Tag"] == "noindex, nofollow", sourceLocation: sourceLocation)
    }

    @Test func theDeskSendsStrangersToSignInAndBack() throws {
        let browser = DeskBrowser(try makeSite())
        let answer = browser.get("/admin")
        #expect(answer.status == .seeOther)
        #expect(answer.headers["Location"] == "/admin/login?next=%2Fadmin")
        expectPrivate(answer)
        let form = browser.get("/admin/login?next=%2Fadmin")
        #expect(form.status == .ok)
        expectPrivate(form)
        #expect(form.headers["Content-Security-Policy"]?.contains("script-src 'self'") == true)
        #expect(form.text.contains("name=\"next\" value=\"/admin\""))
        let signedIn = browser.post("/admin/login", [("csrf", browser.formToken(in: form)), ("email", "ada@example.org"),
                                                     ("password", Self.password), ("next", "/admin")])
        #expect(signedIn.status == .seeOther)
        #expect(signedIn.headers["Location"] == "/admin")
        let dashboard = browser.get("/admin")
        #expect(dashboard.status == .ok)
        expectPrivate(dashboard)
        #expect(dashboard.text.contains("Ada Lovelace"))
    }

    @Test func sessionCookiesAreHttpOnlyLaxAndSecureHostOnlyOverHTTPS() throws {
        let plain = DeskBrowser(try makeSite())
        let cookie = try #require(plain.signIn("ada@example.org", Self.password).headers.values(for: "Set-Cookie")
            .first { $0.hasPrefix("feder_session=") })
        #expect(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Lax") && cookie.contains("; Path=/"))
        #expect(!cookie.contains("Secure") && !cookie.contains("Domain"))

        let secure = DeskBrowser(try makeSite(baseURL: "https://blog.test"))
        let form = secure.get("/admin/login")
        let answer = secure.site.postForm("/admin/login", [("csrf", secure.formToken(in: form)), ("email", "ada@example.org"),
                                                           ("password", Self.password)],
                                          headers: secure.cookieHeader + [("Origin", "https://blog.test")])
        let secureCookie = try #require(answer.headers.values(for: "Set-Cookie").first { $0.hasPrefix("__Host-feder_session=") })
        #expect(secureCookie.contains("; Secure") && secureCookie.contains("; Path=/") && secureCookie.contains("; HttpOnly"))
    }

    @Test func signingInAlwaysStartsANewSession() throws {
        let site = try makeSite()
        let laptop = DeskBrowser(site), phone = DeskBrowser(site)
        laptop.signIn("ada@example.org", Self.password)
        phone.signIn("ada@example.org", Self.password)
        let first = try #require(laptop.cookies["feder_session"]), second = try #require(phone.cookies["feder_session"])
        #expect(first != second)
        // A session id planted in the browser before sign-in (fixation) is replaced, never adopted.
        let planted = DeskBrowser(site)
        planted.cookies["feder_session"] = String(repeating: "A", count: 43)
        #expect(planted.signIn("ada@example.org", Self.password).status == .seeOther)
        let given = try #require(planted.cookies["feder_session"])
        #expect(given != String(repeating: "A", count: 43) && given != first && given != second)
        #expect(planted.get("/admin").status == .ok)
    }

    @Test func aRefusalKeepsTheAddressNeverThePasswordAndSaysTheSameForUnknownAccounts() throws {
        let browser = DeskBrowser(try makeSite())
        let wrong = browser.signIn("ada@example.org", "not the passphrase")
        let unknown = browser.signIn("nobody@example.org", Self.password)
        #expect(wrong.status == .unprocessableContent && unknown.status == .unprocessableContent)
        expectPrivate(wrong)
        #expect(wrong.text.contains("The email address or the password is wrong."))
        #expect(wrong.text.contains("value=\"ada@example.org\""))
        #expect(!wrong.text.contains("not the passphrase") && !unknown.text.contains(Self.password))
        #expect(wrong.headers.values(for: "Set-Cookie").allSatisfy { !$0.hasPrefix("feder_session=") })
        #expect(browser.get("/admin").status == .seeOther)
    }

    @Test func formsWithoutTheirTokenOrFromElsewhereAreRefused() throws {
        let site = try makeSite()
        let browser = DeskBrowser(site)
        // No sign-in cookie (a form posted by another site), a wrong token, another site's fetch.
        let form = browser.get("/admin/login")
        let token = browser.formToken(in: form)
        let withoutCookie = site.postForm("/admin/login", [("csrf", token), ("email", "ada@example.org"), ("password", Self.password)])
        #expect(withoutCookie.status == .forbidden)
        expectPrivate(withoutCookie)
        #expect(withoutCookie.text.contains("This form was not accepted"))
        #expect(browser.post("/admin/login", [("csrf", "x" + token), ("email", "ada@example.org"),
                                              ("password", Self.password)]).status == .forbidden)
        #expect(browser.post("/admin/login", [("csrf", token), ("email", "ada@example.org"), ("password", Self.password)],
                             headers: [("Sec-Fetch-Site", "cross-site")]).status == .forbidden)
        let crossOrigin = site.postForm("/admin/login", [("csrf", token), ("email", "ada@example.org"), ("password", Self.password)],
                                        headers: browser.cookieHeader + [("Origin", "https://evil.example")])
        #expect(crossOrigin.status == .forbidden)
        expectPrivate(crossOrigin)

        browser.signIn("ada@example.org", Self.password)
        #expect(browser.post("/admin/logout", [("csrf", "forged")]).status == .forbidden)
        #expect(browser.post("/admin/logout", []).status == .forbidden)
        #expect(browser.get("/admin").status == .ok) // still signed in
    }

    @Test func signingOutEndsTheSessionOnTheServer() throws {
        let browser = DeskBrowser(try makeSite())
        browser.signIn("ada@example.org", Self.password)
        let stolen = try #require(browser.cookies["feder_session"])
        let dashboard = browser.get("/admin")
        let csrf = try #require(DeskBrowser.hidden("csrf", in: dashboard.text))
        let out = browser.post("/admin/logout", [("csrf", csrf)])
        #expect(out.status == .seeOther && out.headers["Location"] == "/admin/login?out=1")
        #expect(browser.cookies["feder_session"] == nil)
        #expect(browser.get("/admin/login?out=1").text.contains("You are signed out."))
        browser.cookies["feder_session"] = stolen // a copy of the cookie is worth nothing now
        #expect(browser.get("/admin").status == .seeOther)
    }

    @Test func signOutEverywhereEndsOtherBrowsersToo() throws {
        let site = try makeSite()
        let laptop = DeskBrowser(site), phone = DeskBrowser(site)
        laptop.signIn("ada@example.org", Self.password)
        phone.signIn("ada@example.org", Self.password)
        let csrf = try #require(DeskBrowser.hidden("csrf", in: laptop.get("/admin").text))
        #expect(laptop.post("/admin/sessions/end", [("csrf", csrf)]).status == .seeOther)
        #expect(phone.get("/admin").status == .seeOther)
        #expect(laptop.get("/admin").status == .seeOther)
    }

    @Test func guessingIsThrottledWithRetryAfter() throws {
        let browser = DeskBrowser(try makeSite())
        for _ in 0..<5 { #expect(browser.signIn("ada@example.org", "wrong guess here").status == .unprocessableContent) }
        let throttled = browser.signIn("ada@example.org", Self.password)
        #expect(throttled.status == .tooManyRequests)
        #expect(Int(throttled.headers["Retry-After"] ?? "") ?? 0 >= 1)
        #expect(throttled.text.contains("Too many failed attempts"))
        expectPrivate(throttled)
    }

    @Test func onlyLocalDeskPathsAreReturnedTo() throws {
        let site = try makeSite()
        for next in ["https://evil.example/admin", "//evil.example/admin", "/\\evil.example", "/articles/x", "/admin\r\nX: y"] {
            #expect(DeskBrowser(site).signIn("ada@example.org", Self.password, next: next).headers["Location"] == "/admin",
                    "\(next)")
        }
        #expect(DeskBrowser(site).signIn("ada@example.org", Self.password, next: "/admin?x=1").headers["Location"] == "/admin?x=1")
    }

    @Test func deskPagesNeverReachThePageCache() throws {
        let site = try makeSite()
        let browser = DeskBrowser(site)
        browser.signIn("ada@example.org", Self.password)
        #expect(browser.get("/admin").status == .ok)
        #expect(browser.get("/admin").status == .ok)
        // The same address without the cookie: what the cache would answer if it kept desk pages.
        let stranger = site.get("/admin")
        #expect(stranger.status == .seeOther)
        #expect(!stranger.text.contains("Ada Lovelace"))
    }

    @Test func unknownDeskPathsAnswerWithThePrivateDeskErrorPage() throws {
        let site = try makeSite()
        let missing = site.get("/admin/nothing-here")
        #expect(missing.status == .notFound)
        expectPrivate(missing)
        #expect(missing.text.contains("There is nothing at this address in the admin."))
        let wrongMethod = site.request("DELETE", "/admin/login")
        #expect(wrongMethod.status == .methodNotAllowed)
        expectPrivate(wrongMethod)
    }

    @Test func theDeskSpeaksGerman() throws {
        let site = try TestSite { $0.site.language = .de }
        let form = site.get("/admin/login")
        #expect(form.text.contains("<html lang=\"de\">") && form.text.contains("Anmelden") && form.text.contains("Passwort"))
    }

    @Test func deskAnswersAreNeverCompressedAndStayPrivateWhenConditional() throws {
        let browser = DeskBrowser(try makeSite())
        browser.signIn("ada@example.org", Self.password)
        let page = browser.site.get("/admin", headers: browser.cookieHeader + [("Accept-Encoding", "gzip")])
        #expect(page.status == .ok && page.headers["Content-Encoding"] == nil) // a CSRF token sits in it (BREACH)
        let failed = browser.site.get("/admin", headers: browser.cookieHeader + [("If-Match", "\"nope\"")])
        #expect(failed.status == .preconditionFailed)
        expectPrivate(failed)
    }

    @Test func signingInAgainEndsTheSessionTheBrowserHeld() throws {
        let site = try makeSite()
        let browser = DeskBrowser(site)
        browser.signIn("ada@example.org", Self.password)
        let old = try #require(browser.cookies["feder_session"])
        let form = site.get("/admin/login", headers: [("Cookie", "feder_session=expired-or-not")])
        let token = try #require(form.headers.values(for: "Set-Cookie").first { $0.hasPrefix("feder_signin=") })
            .split(separator: ";")[0]
        let again = site.postForm("/admin/login", [("csrf", browser.formToken(in: form)), ("email", "ada@example.org"),
                                                   ("password", Self.password)],
                                  headers: [("Cookie", "feder_session=\(old); \(token)"), ("Origin", "http://blog.test")])
        #expect(again.status == .seeOther)
        #expect(site.get("/admin", headers: [("Cookie", "feder_session=\(old)")]).status == .seeOther)
    }

    @Test func refusalsBeforeRoutingOnDeskPathsArePrivate() {
        let refusal = AdminApp.refusal(.contentTooLarge)
        #expect(refusal.status == .contentTooLarge)
        expectPrivate(refusal)
    }

    /// Malformed and hostile input to the desk's forms and addresses: a clear, private error,
    /// never a crash, a 500 or a session.
    @Test func hostileInputGetsPrivateErrors() throws {
        let site = try makeSite()
        let browser = DeskBrowser(site)
        let token = browser.formToken(in: browser.get("/admin/login"))
        let bodies: [[UInt8]] = [
            [0xFF, 0xFE, 0x3D, 0x26], Array("csrf=\(token)&email=%ZZ&password=x".utf8),
            Array("csrf=\(token)&csrf=\(token)&email=a&password=b".utf8), Array(repeating: 0x26, count: 10_000),
        ]
        for body in bodies {
            let answer = site.request("POST", "/admin/login", headers: browser.cookieHeader + [
                ("Content-Type", "application/x-www-form-urlencoded"), ("Origin", "http://blog.test"),
            ], body: body)
            #expect(answer.status.code == 400 || answer.status.code == 403, "\(body.prefix(20))")
            expectPrivate(answer)
            #expect(answer.headers.values(for: "Set-Cookie").allSatisfy { !$0.contains("feder_session=") || $0.contains("Max-Age=0") })
        }
        let json = site.request("POST", "/admin/login", headers: browser.cookieHeader + [("Content-Type", "application/json")],
                                body: Array("{}".utf8))
        #expect(json.status == .unsupportedMediaType)
        for target in ["/admin/articles?page=abc", "/admin/articles?page=-1", "/admin/comments?before=1e9", "/admin/comments?status=deleted",
                       "/admin/articles/%2e%2e/edit", "/admin/articles/x/revisions?show=abc", "/admin/personal-data?erased=x"] {
            let answer = browser.get(target)
            #expect(answer.status == .notFound || answer.status == .seeOther || answer.status == .badRequest, "\(target)")
            expectPrivate(answer)
        }
    }
}
