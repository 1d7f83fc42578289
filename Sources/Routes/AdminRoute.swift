import Blog
import HTTPServer

/// Every URL of the author's desk under `/admin` (PRODUCT §9), parsed and printed like
/// `WebRoute`. Every answer under `/admin` is private: never cached, never indexed.
public enum AdminRoute: RouteValue, Hashable {
    /// `GET /admin`.
    case dashboard
    /// `GET /admin/login`, `?next=` where to go after signing in (an `/admin` path only),
    /// `?out=1` after signing out.
    case signInForm(next: String? = nil, signedOut: Bool = false)
    /// `POST /admin/login`.
    case signIn
    /// `POST /admin/logout`.
    case signOut
    /// `POST /admin/sessions/end`: sign out on every browser.
    case signOutEverywhere
    /// `GET /admin/articles?status=all|published|drafts&q=…&page=N`.
    case articles(filter: DeskArticleFilter = .all, query: String = "", page: Int = 1)
    /// `GET /admin/articles/new`: an empty editor.
    case newArticle
    /// `POST /admin/articles`: the new article's editor posts here.
    case createArticle
    /// `GET /admin/articles/{slug}/edit`: the editor; `?saved=1` after a save.
    case editArticle(slug: String, saved: Bool = false)
    /// `POST /admin/articles/{slug}`: save, publish, unpublish or preview.
    case saveArticle(slug: String)
    /// `GET /admin/articles/{slug}/delete`: asks first (GET changes nothing).
    case confirmDeleteArticle(slug: String)
    /// `POST /admin/articles/{slug}/delete`.
    case deleteArticle(slug: String)
    /// `GET /admin/articles/{slug}/revisions?show=N`: the kept revisions, one shown against the current text.
    case revisions(slug: String, shown: Int? = nil)
    /// `POST /admin/articles/{slug}/revisions/{n}/restore`.
    case restoreRevision(slug: String, revision: Int)
    /// `POST /admin/articles/{slug}/preview-link`: a new draft preview link (`/preview/{token}`).
    case createPreviewLink(slug: String)
    /// `POST /admin/articles/{slug}/preview-link/revoke`.
    case revokePreviewLink(slug: String)
    /// `GET /admin/comments?status=pending|approved|spam&before=ID`: the moderation queue,
    /// the comments older than `before`.
    case comments(status: CommentStatus = .pending, before: Int? = nil)
    /// `POST /admin/comments/moderate`: approve, mark as spam or delete the chosen comments.
    case moderateComments
    /// `GET /admin/comments/{id}`: one comment, to edit its text or close its article's
    /// comments; `?saved=1` after a change.
    case comment(id: Int, saved: Bool = false)
    /// `POST /admin/comments/{id}`: the comment's new text.
    case editComment(id: Int)
    /// `POST /admin/comments/{id}/reply`: a reply as the blog's author, published at once.
    case replyToComment(id: Int)
    /// `POST /admin/articles/{slug}/comments-open`: open (`open=1`) or close an article's comments.
    case setCommentsOpen(slug: String)
    /// `GET /admin/tokens`: the named admin API tokens (owners only).
    case apiTokens
    /// `POST /admin/tokens`: a new token, shown once in the answer.
    case createAPIToken
    /// `POST /admin/tokens/{id}/revoke`.
    case revokeAPIToken(id: Int)
    /// `GET /admin/redirects?q=PREFIX`: old addresses answered with a 301 (writers); `?done=1`
    /// after a change.
    case redirects(query: String = "", done: Bool = false)
    /// `POST /admin/redirects`: a new redirect (`from`, `to`).
    case addRedirect
    /// `POST /admin/redirects/remove`: the redirect from `from` (in the body: an old address is
    /// any path, which a URL segment could not carry plainly).
    case removeRedirect
    /// `GET /admin/audit?before=ID`: what the desk's people did, newest first (owners only).
    case auditLog(before: Int? = nil)
    /// `GET /admin/users`: the accounts (owners only); `?done=1` after a change.
    case users(done: Bool = false)
    /// `POST /admin/users`: a new account.
    case addUser
    /// `POST /admin/users/{id}`: `action` role, password, sessions or remove.
    case changeUser(id: Int)
    /// `GET /admin/personal-data`, `?erased=N` after an erasure: the lookup form. The address
    /// itself only ever travels in POST bodies, never in a URL (logs, history).
    case personalData(erased: Int? = nil)
    /// `POST /admin/personal-data`: what is stored about an address.
    case findPersonalData
    /// `POST /admin/personal-data/export`: the same as a JSON download.
    case exportPersonalData
    /// `POST /admin/personal-data/erase`: anonymise every comment of an address.
    case erasePersonalData
    /// `GET /admin/mail/{token}`: what a moderator's mail link would do, with a button; no
    /// sign-in (the signed token is the permission), and nothing changes on GET.
    case mailModerationForm(token: String)
    /// `POST /admin/mail/{token}`: does it, once.
    case mailModerate(token: String)

    /// Every path under `/admin` is the desk's, its 404s included.
    public static func owns(_ path: RequestPath) -> Bool { path.segments.first == "admin" }

    public static func owns(target: String) -> Bool {
        owns(plainPath: Substring(target))
    }

    /// `/admin`, `/admin/…` or `/admin?…`, read from the bytes as they came (no decoding).
    public static func owns(plainPath path: Substring) -> Bool {
        let bytes = path.utf8
        guard bytes.starts(with: "/admin".utf8) else { return false }
        let next = bytes.dropFirst(6).first
        return next == nil || next == UInt8(ascii: "/") || next == UInt8(ascii: "?")
    }

    /// Whether a request is for the desk, however its path is written (`//admin`, `/%61dmin`
    /// reach the desk's routes too, so they are the desk's).
    /// Asked for every request (`PrivateAnswers`): it reads only the first segment's bytes,
    /// and parses the path only when that segment is written oddly (empty, or with an escape).
    public static func owns(_ request: HTTPRequest) -> Bool {
        switch FirstSegment(request.target) {
        case .admin: true
        case .preview, .other: false
        case .odd: (try? RequestPath(request)).map(owns) ?? false
        }
    }

    public init?(method: String, path request: RequestPath) {
        let s = request.segments
        guard s.first == "admin" else { return nil }
        switch (method, s.count, s.count > 1 ? s[1] : "") {
        case ("GET", 1, _): self = .dashboard
        case ("GET", 2, "login"):
            self = .signInForm(next: request.query["next"].flatMap(Self.safeNext), signedOut: request.query["out"] == "1")
        case ("POST", 2, "login"): self = .signIn
        case ("POST", 2, "logout"): self = .signOut
        case ("POST", 3, "sessions") where s[2] == "end": self = .signOutEverywhere
        case (_, 2..., "articles"): self.init(articles: method, Array(s.dropFirst(2)), request.query)
        case ("GET", 2, "comments"):
            let before = request.query["before"].flatMap(WebRoute.digits)
            let status = request.query["status"].flatMap(CommentStatus.init(rawValue:)) ?? .pending
            guard status != .deleted, request.query["before"] == nil || before != nil else { return nil }
            self = .comments(status: status, before: before)
        case ("POST", 3, "comments") where s[2] == "moderate": self = .moderateComments
        case ("GET", 3, "comments"):
            guard let id = WebRoute.digits(s[2]) else { return nil }
            self = .comment(id: id, saved: request.query["saved"] == "1")
        case ("POST", 3, "comments"):
            guard let id = WebRoute.digits(s[2]) else { return nil }
            self = .editComment(id: id)
        case ("POST", 4, "comments") where s[3] == "reply":
            guard let id = WebRoute.digits(s[2]) else { return nil }
            self = .replyToComment(id: id)
        case ("GET", 2, "personal-data"):
            let erased = request.query["erased"].flatMap(WebRoute.digits)
            if request.query["erased"] != nil && erased == nil { return nil }
            self = .personalData(erased: erased)
        case ("POST", 2, "personal-data"): self = .findPersonalData
        case ("GET", 2, "tokens"): self = .apiTokens
        case ("GET", 2, "redirects"): self = .redirects(query: request.query["q"] ?? "", done: request.query["done"] == "1")
        case ("POST", 2, "redirects"): self = .addRedirect
        case ("POST", 3, "redirects") where s[2] == "remove": self = .removeRedirect
        case ("GET", 2, "users"): self = .users(done: request.query["done"] == "1")
        case ("POST", 2, "users"): self = .addUser
        case ("POST", 3, "users"):
            guard let id = WebRoute.digits(s[2]) else { return nil }
            self = .changeUser(id: id)
        case ("GET", 2, "audit"):
            let before = request.query["before"].flatMap(WebRoute.digits)
            if request.query["before"] != nil && before == nil { return nil }
            self = .auditLog(before: before)
        case ("POST", 2, "tokens"): self = .createAPIToken
        case ("POST", 4, "tokens") where s[3] == "revoke":
            guard let id = WebRoute.digits(s[2]) else { return nil }
            self = .revokeAPIToken(id: id)
        case ("POST", 3, "personal-data") where s[2] == "export": self = .exportPersonalData
        case ("POST", 3, "personal-data") where s[2] == "erase": self = .erasePersonalData
        case ("GET", 3, "mail") where s[2].count <= 128: self = .mailModerationForm(token: s[2])
        case ("POST", 3, "mail") where s[2].count <= 128: self = .mailModerate(token: s[2])
        default: return nil
        }
    }

    private init?(articles method: String, _ s: [String], _ query: FormFields) {
        switch (method, s.count) {
        case ("GET", 0):
            guard let page = WebRoute.pageNumber(query["page"]) else { return nil }
            let filter = query["status"].flatMap(DeskArticleFilter.init(rawValue:)) ?? .all
            self = .articles(filter: filter, query: String((query["q"] ?? "").prefix(200)), page: page)
        case ("POST", 0): self = .createArticle
        case ("GET", 1) where s[0] == "new": self = .newArticle
        case ("GET", 2) where s[1] == "edit": self = .editArticle(slug: s[0], saved: query["saved"] == "1")
        case ("POST", 1): self = .saveArticle(slug: s[0])
        case ("GET", 2) where s[1] == "delete": self = .confirmDeleteArticle(slug: s[0])
        case ("POST", 2) where s[1] == "delete": self = .deleteArticle(slug: s[0])
        case ("GET", 2) where s[1] == "revisions":
            let shown = query["show"].flatMap(WebRoute.digits)
            if query["show"] != nil && shown == nil { return nil }
            self = .revisions(slug: s[0], shown: shown)
        case ("POST", 2) where s[1] == "preview-link": self = .createPreviewLink(slug: s[0])
        case ("POST", 2) where s[1] == "comments-open": self = .setCommentsOpen(slug: s[0])
        case ("POST", 3) where s[1] == "preview-link" && s[2] == "revoke": self = .revokePreviewLink(slug: s[0])
        case ("POST", 4) where s[1] == "revisions" && s[3] == "restore":
            guard let revision = WebRoute.digits(s[2]) else { return nil }
            self = .restoreRevision(slug: s[0], revision: revision)
        default: return nil
        }
    }

    public var path: String {
        var builder = PathBuilder()
        builder.add("admin")
        switch self {
        case .dashboard: break
        case .signInForm(let next, let signedOut):
            builder.add("login")
            if let next { builder.query("next", next) }
            if signedOut { builder.query("out", "1") }
        case .signIn: builder.add("login")
        case .signOut: builder.add("logout")
        case .signOutEverywhere:
            builder.add("sessions")
            builder.add("end")
        case .articles(let filter, let query, let page):
            builder.add("articles")
            if filter != .all { builder.query("status", filter.rawValue) }
            if !query.isEmpty { builder.query("q", query) }
            if page > 1 { builder.query("page", String(page)) }
        case .newArticle:
            builder.add("articles")
            builder.add("new")
        case .createArticle:
            builder.add("articles")
        case .editArticle(let slug, let saved):
            builder.add("articles")
            builder.add(slug)
            builder.add("edit")
            if saved { builder.query("saved", "1") }
        case .saveArticle(let slug):
            builder.add("articles")
            builder.add(slug)
        case .confirmDeleteArticle(let slug), .deleteArticle(let slug):
            builder.add("articles")
            builder.add(slug)
            builder.add("delete")
        case .revisions(let slug, let shown):
            builder.add("articles")
            builder.add(slug)
            builder.add("revisions")
            if let shown { builder.query("show", String(shown)) }
        case .comments(let status, let before):
            builder.add("comments")
            if status != .pending { builder.query("status", status.rawValue) }
            if let before { builder.query("before", String(before)) }
        case .moderateComments:
            builder.add("comments")
            builder.add("moderate")
        case .comment(let id, let saved):
            builder.add("comments")
            builder.add(String(id))
            if saved { builder.query("saved", "1") }
        case .editComment(let id):
            builder.add("comments")
            builder.add(String(id))
        case .replyToComment(let id):
            builder.add("comments")
            builder.add(String(id))
            builder.add("reply")
        case .setCommentsOpen(let slug):
            builder.add("articles")
            builder.add(slug)
            builder.add("comments-open")
        case .apiTokens, .createAPIToken:
            builder.add("tokens")
        case .redirects(let query, let done):
            builder.add("redirects")
            if !query.isEmpty { builder.query("q", query) }
            if done { builder.query("done", "1") }
        case .addRedirect:
            builder.add("redirects")
        case .removeRedirect:
            builder.add("redirects")
            builder.add("remove")
        case .revokeAPIToken(let id):
            builder.add("tokens")
            builder.add(String(id))
            builder.add("revoke")
        case .auditLog(let before):
            builder.add("audit")
            if let before { builder.query("before", String(before)) }
        case .users(let done):
            builder.add("users")
            if done { builder.query("done", "1") }
        case .addUser:
            builder.add("users")
        case .changeUser(let id):
            builder.add("users")
            builder.add(String(id))
        case .personalData(let erased):
            builder.add("personal-data")
            if let erased { builder.query("erased", String(erased)) }
        case .findPersonalData:
            builder.add("personal-data")
        case .exportPersonalData:
            builder.add("personal-data")
            builder.add("export")
        case .erasePersonalData:
            builder.add("personal-data")
            builder.add("erase")
        case .mailModerationForm(let token), .mailModerate(let token):
            builder.add("mail")
            builder.add(token)
        case .restoreRevision(let slug, let revision):
            builder.add("articles")
            builder.add(slug)
            builder.add("revisions")
            builder.add(String(revision))
            builder.add("restore")
        case .createPreviewLink(let slug):
            builder.add("articles")
            builder.add(slug)
            builder.add("preview-link")
        case .revokePreviewLink(let slug):
            builder.add("articles")
            builder.add(slug)
            builder.add("preview-link")
            builder.add("revoke")
        }
        return builder.built
    }

    /// The editor's form carries a whole article (Markdown up to 1 MiB, escaped in the form
    /// encoding up to three times its size); every other desk form is small.
    public var maxBodySize: Int? {
        switch self {
        // The sign-in form may carry an editor's text whose session had ended.
        case .createArticle, .saveArticle, .signIn: 4 * 1024 * 1024
        default: 16 * 1024
        }
    }

    /// A place to return to after signing in: a path of the desk itself, never another site
    /// (`//evil.example`, `/\evil`, a scheme) and nothing with control characters.
    public static func safeNext(_ value: String) -> String? {
        guard owns(target: value), value.utf8.count <= 1000, !value.hasPrefix("//"),
              value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else { return nil }
        return value
    }
}
