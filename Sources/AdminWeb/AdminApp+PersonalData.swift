import Blog
import BlogAPI
import Foundation
import HTTPServer
import Routes

/// Access and erasure requests in the desk (GDPR Art. 15 and 17), as `feder personal-data`
/// does them: look up an address, see or download what is stored, anonymise it. The address
/// travels only in POST bodies, so no log line, URL or browser history holds it.
extension AdminApp {
    func personalDataForm(_ request: HTTPRequest, _ session: AccountService.SignedIn, erased: Int?) -> HTTPResponse {
        personalDataPage(request, session, email: "", found: nil, notice: erased.map { say("erasedNotice", $0) })
    }

    func findPersonalData(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        let email = try lookupAddress(request, session)
        let found = try store.comments(byEmailHash: comments.hasher.emailHash(email))
        return personalDataPage(request, session, email: email, found: found, notice: nil)
    }

    func exportPersonalData(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        let email = try lookupAddress(request, session)
        let found = try store.comments(byEmailHash: comments.hasher.emailHash(email))
        let subscriptions = try store.subscriptions(emailHash: comments.hasher.emailHash(email))
        var response = HTTPResponse.json(PersonalDataExport.json(email: email, comments: found, subscriptions: subscriptions))
        response.headers.set("Content-Disposition", "attachment; filename=\"personal-data.json\"")
        try audit(session, .personalDataExport, "\(found.count) comments") // never the address
        return response
    }

    func erasePersonalData(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        guard let email = fields["email"].map(CommentDraft.trim), !email.isEmpty else {
            throw HTTPError.badRequest("Enter an address.")
        }
        let count = try store.erasePersonalData(emailHash: comments.hasher.emailHash(email), email: email,
                                                removeBodies: fields["remove_bodies"] == "1", anonymousName: anonymousName)
        try audit(session, .personalDataErase, "\(count) comments") // never the address
        return .redirect(to: AdminRoute.personalData(erased: count).path)
    }

    private func lookupAddress(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> String {
        let fields = try formFields(request, token: session.token)
        guard let email = fields["email"].map(CommentDraft.trim), !email.isEmpty, email.utf8.count <= 254 else {
            throw HTTPError.badRequest("Enter an address.")
        }
        return email
    }

    private func personalDataPage(_ request: HTTPRequest, _ session: AccountService.SignedIn, email: String, found: [Comment]?,
                                  notice: String?) -> HTTPResponse {
        let view = PersonalDataPageView(
            chrome: chrome(request, title: strings["personalData"]!, session: session, nav: AdminNav(comments: true)),
            email: email, notice: notice, searched: found != nil,
            comments: (found ?? []).map { commentView($0, articleTitle: $0.articleSlug) },
            summary: found.map { say("personalDataFound", $0.count) },
            findURL: AdminRoute.findPersonalData.path, exportURL: AdminRoute.exportPersonalData.path,
            eraseURL: AdminRoute.erasePersonalData.path)
        return Self.page(theme.personalData.render(view))
    }
}
