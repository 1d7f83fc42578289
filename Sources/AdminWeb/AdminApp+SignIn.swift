import Blog
import Foundation
import HTTPServer
import Routes

extension AdminApp {
    /// `GET /admin/login`: the form, with a fresh sign-in token in a cookie and in the form.
    /// Someone still signed in goes straight on.
    func signInForm(_ request: HTTPRequest, next: String?, signedOut: Bool) throws -> HTTPResponse {
        if let token = cookie.session(in: request), try accounts.session(token) != nil {
            return .redirect(to: next ?? AdminRoute.dashboard.path)
        }
        return signInPage(request, email: "", next: next, error: nil, notice: signedOut ? strings["signedOut"] : nil)
    }

    /// `POST /admin/login`. A refusal says the same for an unknown address and a wrong
    /// password, keeps the address typed (never the password) and is logged without either.
    func signIn(_ request: HTTPRequest) throws -> HTTPResponse {
        let fields = try formFields(request, token: cookie.signInToken(in: request))
        let email = fields["email"] ?? "", password = fields["password"] ?? ""
        let next = fields["next"].flatMap(AdminRoute.safeNext)
        guard !email.isEmpty, !password.isEmpty else {
            return signInPage(request, email: email, next: next, error: strings["signInMissing"], status: .unprocessableContent)
        }
        switch try accounts.signIn(email: email, password: password, clientKey: ClientKey.forThrottle(request.remoteAddress),
                                   replacing: cookie.session(in: request)) {
        case .throttled(let seconds):
            logger.warning("admin sign-in throttled for \(seconds) s")
            var response = signInPage(request, email: email, next: next, error: strings["signInThrottled"]!.replacingOccurrences(of: "%d", with: String(seconds)),
                                      status: .tooManyRequests)
            response.headers.set("Retry-After", String(seconds))
            return response
        case .refused:
            logger.warning("admin sign-in refused")
            return signInPage(request, email: email, next: next, error: strings["signInRefused"], status: .unprocessableContent)
        case .signedIn(let session):
            logger.info("admin sign-in: account \(session.account.id)")
            var response = HTTPResponse.redirect(to: next ?? AdminRoute.dashboard.path)
            response.headers.add("Set-Cookie", cookie.setSession(session.token))
            response.headers.add("Set-Cookie", cookie.clearSignIn())
            return response
        }
    }

    /// `POST /admin/logout`: ends this session.
    func signOut(_ request: HTTPRequest) throws -> HTTPResponse {
        if let token = cookie.session(in: request) {
            _ = try formFields(request, token: token)
            try accounts.signOut(token)
        }
        return signedOutRedirect()
    }

    /// `POST /admin/sessions/end`: ends every session of the signed-in account.
    func signOutEverywhere(_ request: HTTPRequest) throws -> HTTPResponse {
        try signedIn(request, needs: .moderate) { request, session in
            _ = try formFields(request, token: session.token)
            let ended = try accounts.endSessions(of: session.account)
            logger.info("admin sign-out everywhere: account \(session.account.id), \(ended) sessions")
            return signedOutRedirect()
        }
    }

    private func signedOutRedirect() -> HTTPResponse {
        var response = HTTPResponse.redirect(to: AdminRoute.signInForm(signedOut: true).path)
        response.headers.add("Set-Cookie", cookie.clearSession())
        return response
    }

    private func signInPage(_ request: HTTPRequest, email: String, next: String?, error: String?, notice: String? = nil,
                            status: HTTPStatus = .ok) -> HTTPResponse {
        let token = SessionToken.random()
        let view = SignInPageView(chrome: chrome(request, title: strings["signInTitle"]!, session: nil, csrf: token.csrfToken),
                                  email: email, next: next, error: error, notice: notice)
        var response = Self.page(theme.signIn.render(view), status: status)
        response.headers.add("Set-Cookie", cookie.setSignIn(token))
        return response
    }
}
