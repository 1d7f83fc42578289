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
        let kept = KeptForm(fields)
        guard !email.isEmpty, !password.isEmpty else {
            return signInPage(request, email: email, next: next, error: strings["signInMissing"], kept: kept,
                              status: .unprocessableContent)
        }
        switch try accounts.signIn(email: email, password: password, clientKey: ClientKey.forThrottle(request.remoteAddress),
                                   replacing: cookie.session(in: request)) {
        case .throttled(let seconds):
            logger.warning("admin sign-in throttled for \(seconds) s")
            var response = signInPage(request, email: email, next: next,
                                      error: say("signInThrottled", seconds),
                                      kept: kept, status: .tooManyRequests)
            response.headers.set("Retry-After", String(seconds))
            return response
        case .refused:
            logger.warning("admin sign-in refused")
            return signInPage(request, email: email, next: next, error: strings["signInRefused"], kept: kept,
                              status: .unprocessableContent)
        case .signedIn(let session):
            logger.info("admin sign-in: account \(session.account.id)")
            try store.recordAudit(.signIn, accountID: session.account.id, accountName: session.account.name, detail: "")
            var response = try kept.flatMap { try resumeEditing($0, request: request, session: session) }
                ?? HTTPResponse.redirect(to: next ?? AdminRoute.dashboard.path)
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
            try store.recordAudit(.signOutEverywhere, accountID: session.account.id, accountName: session.account.name,
                                  detail: "\(ended) sessions")
            return signedOutRedirect()
        }
    }

    private func signedOutRedirect() -> HTTPResponse {
        var response = HTTPResponse.redirect(to: AdminRoute.signInForm(signedOut: true).path)
        response.headers.add("Set-Cookie", cookie.clearSession())
        return response
    }

    func signInPage(_ request: HTTPRequest, email: String, next: String?, error: String?, notice: String? = nil,
                    kept: KeptForm? = nil, status: HTTPStatus = .ok) -> HTTPResponse {
        let token = SessionToken.random()
        let view = SignInPageView(chrome: chrome(request, title: strings["signInTitle"]!, session: nil, csrf: token.csrfToken),
                                  email: email, next: next, error: error, notice: notice,
                                  kept: kept?.fields.map { KeptFieldView(name: KeptForm.prefix + $0.name, value: $0.value) } ?? [],
                                  resumeTo: kept?.target)
        var response = Self.page(theme.signIn.render(view), status: status)
        response.headers.add("Set-Cookie", cookie.setSignIn(token))
        return response
    }

    /// The editor again, right after signing in, with the text a save carried while the session
    /// had ended; saving it is the author's next click (the form has the new session's token).
    private func resumeEditing(_ kept: KeptForm, request: HTTPRequest, session: AccountService.SignedIn) throws -> HTTPResponse? {
        guard session.account.role.allows(.write), let route = kept.route else { return nil }
        let form = ArticleForm(fields: kept.formFields)
        let notice = strings["signInKeptRestored"]
        switch route {
        case .createArticle:
            return try editorPage(request, session, slug: nil, form: form, state: .draft, notice: notice)
        case .saveArticle(let slug):
            guard let stored = try store.articleForEditing(slug: slug) else { return nil }
            return try editorPage(request, session, slug: slug, form: form, stored: stored.article, notice: notice)
        default:
            return nil
        }
    }
}

/// An editor's form that arrived after its session had ended: carried through the sign-in
/// form as hidden `keep.*` fields with the address it was posted to, so nothing typed is lost.
struct KeptForm: Sendable {
    static let prefix = "keep."
    let target: String
    let fields: [(name: String, value: String)]

    /// From an editor's save (nil for any other form).
    init?(posting request: HTTPRequest) {
        guard let path = try? RequestPath(request), let route = AdminRoute(method: "POST", path: path),
              Self.resumable(route) else { return nil }
        target = route.path
        fields = FormFields(decoding: request.body).pairs.filter { $0.name != "csrf" && $0.name != "action" }
    }

    /// From the sign-in form that carried them (nil when it carried none).
    init?(_ signIn: FormFields) {
        guard let target = signIn["resume_to"], let path = RequestPath(target: target),
              let route = AdminRoute(method: "POST", path: path), Self.resumable(route) else { return nil }
        self.target = target
        fields = signIn.pairs.filter { $0.name.hasPrefix(Self.prefix) }.map { (String($0.name.dropFirst(Self.prefix.count)), $0.value) }
    }

    var route: AdminRoute? { RequestPath(target: target).flatMap { AdminRoute(method: "POST", path: $0) } }

    var formFields: FormFields {
        FormFields(decoding: fields.map { PercentDecoding.encode($0.name) + "=" + PercentDecoding.encode($0.value) }
            .joined(separator: "&"))
    }

    private static func resumable(_ route: AdminRoute) -> Bool {
        switch route {
        case .createArticle, .saveArticle: true
        default: false
        }
    }
}
