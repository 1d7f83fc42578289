import Blog
import Foundation
import HTTPServer
import Routes

/// Named admin API tokens (owners only): listed without their secret, made (the secret is shown
/// once, in the answer to the form, never in a URL) and revoked at once.
extension AdminApp {
    func tokensPage(_ request: HTTPRequest, _ session: AccountService.SignedIn, created: (name: String, secret: String)? = nil,
                    nameError: String? = nil, typedName: String = "", status: HTTPStatus = .ok) throws -> HTTPResponse {
        let view = TokensPageView(
            chrome: chrome(request, title: strings["apiTokens"]!, session: session, nav: AdminNav(tokens: true)),
            tokens: try store.apiTokens().map { token in
                TokenRowView(name: token.name, created: text.date(token.createdAt), createdISO: ISODate.format(token.createdAt),
                             createdBy: token.createdBy.map { say("revisionBy", $0) } ?? "",
                             lastUsed: token.lastUsedAt.map(dateTime) ?? strings["tokenNeverUsed"]!,
                             revoke: AdminRoute.revokeAPIToken(id: token.id).path)
            },
            createdName: created?.name, createdSecret: created?.secret, nameError: nameError, typedName: typedName,
            createAction: AdminRoute.createAPIToken.path)
        return Self.page(theme.tokens.render(view), status: status)
    }

    func createToken(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        let name = fields["name"] ?? ""
        do {
            let made = try store.createAPIToken(name: name, accountID: session.account.id)
            try audit(session, .tokenCreate, "#\(made.token.id) \(made.token.name)")
            return try tokensPage(request, session, created: (say("tokenCreated", made.token.name), made.secret))
        } catch AccountError.invalidName {
            return try tokensPage(request, session, nameError: strings["tokenNameInvalid"]!, typedName: name,
                                  status: .unprocessableContent)
        }
    }

    func revokeToken(_ request: HTTPRequest, _ session: AccountService.SignedIn, id: Int) throws -> HTTPResponse {
        _ = try formFields(request, token: session.token)
        guard try store.revokeAPIToken(id: id) else { throw HTTPError.notFound() }
        try audit(session, .tokenRevoke, "#\(id)")
        return .redirect(to: AdminRoute.apiTokens.path)
    }
}
