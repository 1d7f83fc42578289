import Blog
import HTTPServer

/// The desk's two cookies, both HttpOnly and never readable by scripts:
/// - the session: its random id (`SessionToken`), for the session's whole lifetime;
/// - the sign-in form's token: a random value the form repeats, so another site cannot sign a
///   browser in to an account of its choosing (login CSRF; there is no session to bind to yet).
/// With an https base URL both are `Secure` and carry the `__Host-` prefix, which browsers
/// only accept from a secure origin, for the whole host (`Path=/`) and no `Domain`.
/// `SameSite=Lax`: a link from a mail opens the desk signed in; every form is checked by its
/// CSRF token and its origin anyway.
struct SessionCookie: Sendable {
    let sessionName: String
    let signInName: String
    let secure: Bool
    /// How long the browser keeps the session cookie (the server's lifetime decides anyway).
    let maxAge: Int

    init(secure: Bool, maxAge: Int) {
        self.secure = secure
        self.maxAge = maxAge
        sessionName = (secure ? "__Host-" : "") + "feder_session"
        signInName = (secure ? "__Host-" : "") + "feder_signin"
    }

    func setSession(_ token: SessionToken) -> String { cookie(sessionName, token.value, maxAge: maxAge) }

    func clearSession() -> String { cookie(sessionName, "", maxAge: 0) }

    /// The sign-in form's token, for as long as someone may take to fill in the form.
    func setSignIn(_ token: SessionToken) -> String { cookie(signInName, token.value, maxAge: 2 * 60 * 60) }

    func clearSignIn() -> String { cookie(signInName, "", maxAge: 0) }

    func session(in request: HTTPRequest) -> SessionToken? {
        request.cookies[sessionName].flatMap(SessionToken.init(cookie:))
    }

    func signInToken(in request: HTTPRequest) -> SessionToken? {
        request.cookies[signInName].flatMap(SessionToken.init(cookie:))
    }

    private func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }
}
