import Mustache
import Routes

/// The desk's fixed addresses, printed by `AdminRoute` and `WebRoute` once.
final class AdminLinks: TemplateObject, Sendable {
    let dashboard = AdminRoute.dashboard.path
    let signIn = AdminRoute.signIn.path
    let signOut = AdminRoute.signOut.path
    let signOutEverywhere = AdminRoute.signOutEverywhere.path
    let articles = AdminRoute.articles().path
    let comments = AdminRoute.comments().path
    let personalData = AdminRoute.personalData().path
    let tokens = AdminRoute.apiTokens.path
    let audit = AdminRoute.auditLog().path
    let users = AdminRoute.users().path
    let redirects = AdminRoute.redirects().path
    let site = WebRoute.home().path
    /// Where the light/dark form posts (the reader's switch, shared).
    let theme = WebRoute.switchTheme.path
    let favicon = WebRoute.staticFile(path: "img/favicon.svg").path

    static let shared = AdminLinks()

    static let templateFields: [TemplateField<AdminLinks>] = [
        .text("dashboard") { $0.dashboard }, .text("signIn") { $0.signIn }, .text("signOut") { $0.signOut },
        .text("signOutEverywhere") { $0.signOutEverywhere }, .text("articles") { $0.articles }, .text("comments") { $0.comments }, .text("personalData") { $0.personalData },
        .text("tokens") { $0.tokens }, .text("audit") { $0.audit }, .text("users") { $0.users }, .text("redirects") { $0.redirects },
        .text("site") { $0.site }, .text("theme") { $0.theme },
        .text("favicon") { $0.favicon },
    ]
}
