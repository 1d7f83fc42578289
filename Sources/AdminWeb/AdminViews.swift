import Mustache

// The models of the desk's templates (templates/admin). Each page lists the chrome's fields
// first, so `layout.mustache` finds them at the root of every page.

/// What the frame of every desk page shows.
final class AdminChrome: TemplateObject {
    let lang: String
    let t: AdminStringsView
    let title: String
    let siteTitle: String
    let assets: AdminAssets
    let links = AdminLinks.shared
    /// Nil on the sign-in page.
    let account: AccountView?
    /// This session's CSRF token for every form the page posts (sign-out included).
    let csrf: String
    /// The current path, for the theme switch to come back to.
    let returnPath: String
    let nav: AdminNav

    init(lang: String, t: AdminStringsView, title: String, siteTitle: String, assets: AdminAssets, account: AccountView?,
         csrf: String, returnPath: String, nav: AdminNav) {
        self.lang = lang
        self.t = t
        self.title = title
        self.siteTitle = siteTitle
        self.assets = assets
        self.account = account
        self.csrf = csrf
        self.returnPath = returnPath
        self.nav = nav
    }

    static let templateFields: [TemplateField<AdminChrome>] = [
        .text("lang") { $0.lang }, .object("t") { $0.t }, .text("title") { $0.title }, .text("siteTitle") { $0.siteTitle },
        .object("assets") { $0.assets }, .object("links") { $0.links }, .object("account") { $0.account },
        .text("csrf") { $0.csrf }, .text("returnPath") { $0.returnPath }, .object("nav") { $0.nav },
    ]
}

final class AdminAssets: TemplateObject, Sendable {
    let css: String
    let adminCSS: String
    let themeCSS: String
    let js: String
    /// The desk's own enhancements (live preview).
    let deskJS: String

    init(css: String, adminCSS: String, themeCSS: String, js: String, deskJS: String) {
        self.css = css
        self.adminCSS = adminCSS
        self.themeCSS = themeCSS
        self.js = js
        self.deskJS = deskJS
    }

    static let templateFields: [TemplateField<AdminAssets>] = [
        .text("css") { $0.css }, .text("adminCSS") { $0.adminCSS }, .text("themeCSS") { $0.themeCSS }, .text("js") { $0.js },
        .text("deskJS") { $0.deskJS },
    ]
}

/// Which navigation link is the current page.
final class AdminNav: TemplateObject {
    let dashboard: Bool
    let articles: Bool
    let comments: Bool
    let tokens: Bool
    let audit: Bool
    let users: Bool
    let redirects: Bool

    init(dashboard: Bool = false, articles: Bool = false, comments: Bool = false, tokens: Bool = false, audit: Bool = false,
         users: Bool = false, redirects: Bool = false) {
        self.dashboard = dashboard
        self.articles = articles
        self.comments = comments
        self.tokens = tokens
        self.audit = audit
        self.users = users
        self.redirects = redirects
    }

    static let templateFields: [TemplateField<AdminNav>] = [
        .bool("dashboard") { $0.dashboard }, .bool("articles") { $0.articles }, .bool("comments") { $0.comments },
        .bool("tokens") { $0.tokens }, .bool("audit") { $0.audit }, .bool("users") { $0.users }, .bool("redirects") { $0.redirects },
    ]
}

final class AccountView: TemplateObject {
    let name: String
    let email: String
    let role: String
    /// Editors and owners write: the navigation offers the articles.
    let writes: Bool
    /// Owners manage the installation: the navigation offers the API tokens.
    let manages: Bool

    init(name: String, email: String, role: String, writes: Bool, manages: Bool) {
        self.name = name
        self.email = email
        self.role = role
        self.writes = writes
        self.manages = manages
    }

    static let templateFields: [TemplateField<AccountView>] = [
        .text("name") { $0.name }, .text("email") { $0.email }, .text("role") { $0.role }, .bool("writes") { $0.writes },
        .bool("manages") { $0.manages },
    ]
}

/// `login.mustache`.
final class SignInPageView: TemplateObject {
    let chrome: AdminChrome
    /// What was typed, kept after a refusal (the password never is).
    let email: String
    let next: String?
    /// Set on a refusal: the error summary's one message.
    let error: String?
    /// A notice above the form (signed out, session ended).
    let notice: String?
    /// An editor's fields carried through sign-in, and where they were posted.
    let kept: [KeptFieldView]
    let resumeTo: String?

    init(chrome: AdminChrome, email: String, next: String?, error: String?, notice: String?, kept: [KeptFieldView] = [],
         resumeTo: String? = nil) {
        self.chrome = chrome
        self.email = email
        self.next = next
        self.error = error
        self.notice = notice
        self.kept = kept
        self.resumeTo = resumeTo
    }

    static let templateFields: [TemplateField<SignInPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .text("email") { $0.email }, .text("next") { $0.next }, .text("error") { $0.error }, .text("notice") { $0.notice },
        .list("kept") { $0.kept }, .text("resumeTo") { $0.resumeTo },
    ]
}

final class KeptFieldView: TemplateObject {
    let name: String
    let value: String

    init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    static let templateFields: [TemplateField<KeptFieldView>] = [.text("name") { $0.name }, .text("value") { $0.value }]
}

/// `dashboard.mustache`.
final class DashboardPageView: TemplateObject {
    let chrome: AdminChrome
    let figures: [FigureView]
    let pending: [DeskCommentView]
    let recent: [DeskCommentView]
    /// Moderators see comments only.
    let showsDrafts: Bool
    let drafts: [DeskArticleView]
    let scheduled: [DeskArticleView]
    /// Mail that did not go (refused, given up, interrupted): the moderators should know.
    let undelivered: [UndeliveredMailView]

    init(chrome: AdminChrome, figures: [FigureView], pending: [DeskCommentView], recent: [DeskCommentView],
         showsDrafts: Bool, drafts: [DeskArticleView], scheduled: [DeskArticleView], undelivered: [UndeliveredMailView]) {
        self.undelivered = undelivered
        self.chrome = chrome
        self.figures = figures
        self.pending = pending
        self.recent = recent
        self.showsDrafts = showsDrafts
        self.drafts = drafts
        self.scheduled = scheduled
    }

    static let templateFields: [TemplateField<DashboardPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .list("figures") { $0.figures }, .list("pending") { $0.pending }, .list("recent") { $0.recent },
        .list("drafts") { $0.drafts }, .bool("hasPending") { !$0.pending.isEmpty }, .bool("hasRecent") { !$0.recent.isEmpty },
        .bool("hasDrafts") { !$0.drafts.isEmpty }, .bool("showsDrafts") { $0.showsDrafts },
        .list("scheduled") { $0.scheduled }, .bool("hasScheduled") { !$0.scheduled.isEmpty },
        .list("undelivered") { $0.undelivered }, .bool("hasUndelivered") { !$0.undelivered.isEmpty },
    ]
}

/// One mail that did not go, on the dashboard.
final class UndeliveredMailView: TemplateObject {
    let kind: String
    let recipient: String
    let reason: String
    let date: String
    let isoDate: String

    init(kind: String, recipient: String, reason: String, date: String, isoDate: String) {
        self.kind = kind
        self.recipient = recipient
        self.reason = reason
        self.date = date
        self.isoDate = isoDate
    }

    static let templateFields: [TemplateField<UndeliveredMailView>] = [
        .text("kind") { $0.kind }, .text("recipient") { $0.recipient }, .text("reason") { $0.reason },
        .text("date") { $0.date }, .text("isoDate") { $0.isoDate },
    ]
}

/// A number on the dashboard with its label.
final class FigureView: TemplateObject {
    let label: String
    let value: String

    init(label: String, value: String) {
        self.label = label
        self.value = value
    }

    static let templateFields: [TemplateField<FigureView>] = [.text("label") { $0.label }, .text("value") { $0.value }]
}

/// A comment in a desk list. Moderators see the address; it never leaves the desk.
final class DeskCommentView: TemplateObject {
    let id: Int
    let name: String
    let email: String
    let excerpt: String
    let articleTitle: String
    let articleURL: String
    let date: String
    let isoDate: String
    let status: String
    let statusClass: String

    init(id: Int, name: String, email: String, excerpt: String, articleTitle: String, articleURL: String, date: String,
         isoDate: String, status: String, statusClass: String) {
        self.id = id
        self.name = name
        self.email = email
        self.excerpt = excerpt
        self.articleTitle = articleTitle
        self.articleURL = articleURL
        self.date = date
        self.isoDate = isoDate
        self.status = status
        self.statusClass = statusClass
    }

    static let templateFields: [TemplateField<DeskCommentView>] = [
        .number("id") { $0.id }, .text("name") { $0.name }, .text("email") { $0.email }, .text("excerpt") { $0.excerpt },
        .text("articleTitle") { $0.articleTitle }, .text("articleURL") { $0.articleURL }, .text("date") { $0.date },
        .text("isoDate") { $0.isoDate }, .text("status") { $0.status }, .text("statusClass") { $0.statusClass },
    ]
}

final class DeskArticleView: TemplateObject {
    let title: String
    let editURL: String
    let date: String
    let isoDate: String

    init(title: String, editURL: String, date: String, isoDate: String) {
        self.title = title
        self.editURL = editURL
        self.date = date
        self.isoDate = isoDate
    }

    static let templateFields: [TemplateField<DeskArticleView>] = [
        .text("title") { $0.title }, .text("editURL") { $0.editURL }, .text("date") { $0.date }, .text("isoDate") { $0.isoDate },
    ]
}

/// `error.mustache`.
final class AdminErrorPageView: TemplateObject {
    let chrome: AdminChrome
    let status: Int
    let heading: String
    let message: String

    init(chrome: AdminChrome, status: Int, heading: String, message: String) {
        self.chrome = chrome
        self.status = status
        self.heading = heading
        self.message = message
    }

    static let templateFields: [TemplateField<AdminErrorPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .number("status") { $0.status }, .text("heading") { $0.heading }, .text("message") { $0.message },
    ]
}

/// `tokens.mustache`: the named admin API tokens, and a new one's secret once.
final class TokensPageView: TemplateObject {
    let chrome: AdminChrome
    let tokens: [TokenRowView]
    let createdName: String?
    /// Shown in this answer only; the database keeps its hash.
    let createdSecret: String?
    let nameError: String?
    let typedName: String
    let createAction: String

    init(chrome: AdminChrome, tokens: [TokenRowView], createdName: String?, createdSecret: String?, nameError: String?,
         typedName: String, createAction: String) {
        self.chrome = chrome
        self.tokens = tokens
        self.createdName = createdName
        self.createdSecret = createdSecret
        self.nameError = nameError
        self.typedName = typedName
        self.createAction = createAction
    }

    static let templateFields: [TemplateField<TokensPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .list("tokens") { $0.tokens }, .bool("hasTokens") { !$0.tokens.isEmpty }, .text("createdName") { $0.createdName },
        .text("createdSecret") { $0.createdSecret }, .text("nameError") { $0.nameError }, .text("typedName") { $0.typedName },
        .text("createAction") { $0.createAction },
    ]
}

final class TokenRowView: TemplateObject {
    let name: String
    let created: String
    let createdISO: String
    let createdBy: String
    let lastUsed: String
    let revoke: String

    init(name: String, created: String, createdISO: String, createdBy: String, lastUsed: String, revoke: String) {
        self.name = name
        self.created = created
        self.createdISO = createdISO
        self.createdBy = createdBy
        self.lastUsed = lastUsed
        self.revoke = revoke
    }

    static let templateFields: [TemplateField<TokenRowView>] = [
        .text("name") { $0.name }, .text("created") { $0.created }, .text("createdISO") { $0.createdISO },
        .text("createdBy") { $0.createdBy }, .text("lastUsed") { $0.lastUsed }, .text("revoke") { $0.revoke },
    ]
}

/// `audit.mustache`.
final class AuditPageView: TemplateObject {
    let chrome: AdminChrome
    let entries: [AuditRowView]
    let newer: String?
    let older: String?

    init(chrome: AdminChrome, entries: [AuditRowView], newer: String?, older: String?) {
        self.chrome = chrome
        self.entries = entries
        self.newer = newer
        self.older = older
    }

    static let templateFields: [TemplateField<AuditPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .list("entries") { $0.entries }, .bool("hasEntries") { !$0.entries.isEmpty }, .text("newer") { $0.newer },
        .text("older") { $0.older },
    ]
}

final class AuditRowView: TemplateObject {
    let date: String
    let isoDate: String
    let who: String
    let what: String
    let detail: String

    init(date: String, isoDate: String, who: String, what: String, detail: String) {
        self.date = date
        self.isoDate = isoDate
        self.who = who
        self.what = what
        self.detail = detail
    }

    static let templateFields: [TemplateField<AuditRowView>] = [
        .text("date") { $0.date }, .text("isoDate") { $0.isoDate }, .text("who") { $0.who }, .text("what") { $0.what },
        .text("detail") { $0.detail },
    ]
}

/// `users.mustache`: the accounts, each with its forms, and the form for a new one.
final class UsersPageView: TemplateObject {
    let chrome: AdminChrome
    let users: [UserRowView]
    let notice: String?
    let problem: String?
    let typedEmail: String
    let typedName: String
    let newRoles: [RoleOptionView]
    let addAction: String

    init(chrome: AdminChrome, users: [UserRowView], notice: String?, problem: String?, typedEmail: String, typedName: String,
         newRoles: [RoleOptionView], addAction: String) {
        self.chrome = chrome
        self.users = users
        self.notice = notice
        self.problem = problem
        self.typedEmail = typedEmail
        self.typedName = typedName
        self.newRoles = newRoles
        self.addAction = addAction
    }

    static let templateFields: [TemplateField<UsersPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .list("users") { $0.users }, .text("notice") { $0.notice }, .text("problem") { $0.problem },
        .text("typedEmail") { $0.typedEmail }, .text("typedName") { $0.typedName }, .list("newRoles") { $0.newRoles },
        .text("addAction") { $0.addAction },
    ]
}

final class UserRowView: TemplateObject {
    let name: String
    let email: String
    let role: String
    let isYou: Bool
    let action: String
    let roles: [RoleOptionView]
    let sessions: Int

    init(name: String, email: String, role: String, isYou: Bool, action: String, roles: [RoleOptionView], sessions: Int) {
        self.name = name
        self.email = email
        self.role = role
        self.isYou = isYou
        self.action = action
        self.roles = roles
        self.sessions = sessions
    }

    static let templateFields: [TemplateField<UserRowView>] = [
        .text("name") { $0.name }, .text("email") { $0.email }, .text("role") { $0.role }, .bool("isYou") { $0.isYou },
        .text("action") { $0.action }, .list("roles") { $0.roles }, .number("sessions") { $0.sessions },
    ]
}

final class RoleOptionView: TemplateObject {
    let value: String
    let label: String
    let selected: Bool

    init(value: String, label: String, selected: Bool) {
        self.value = value
        self.label = label
        self.selected = selected
    }

    static let templateFields: [TemplateField<RoleOptionView>] = [
        .text("value") { $0.value }, .text("label") { $0.label }, .bool("selected") { $0.selected },
    ]
}

final class RedirectsPageView: TemplateObject {
    let chrome: AdminChrome
    let redirects: [RedirectRowView]
    /// "20,233 redirects".
    let total: String
    let query: String
    /// Said when the list stops at its page size: search by the address's start to see others.
    let more: String?
    let done: Bool
    let typedFrom: String
    let typedTo: String
    let fromError: String?
    let toError: String?
    let searchAction: String
    let addAction: String
    let removeAction: String

    init(chrome: AdminChrome, redirects: [RedirectRowView], total: String, query: String, more: String?, done: Bool,
         typedFrom: String, typedTo: String, fromError: String?, toError: String?, searchAction: String, addAction: String,
         removeAction: String) {
        self.chrome = chrome
        self.redirects = redirects
        self.total = total
        self.query = query
        self.more = more
        self.done = done
        self.typedFrom = typedFrom
        self.typedTo = typedTo
        self.fromError = fromError
        self.toError = toError
        self.searchAction = searchAction
        self.addAction = addAction
        self.removeAction = removeAction
    }

    static let templateFields: [TemplateField<RedirectsPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .list("redirects") { $0.redirects }, .bool("hasRedirects") { !$0.redirects.isEmpty }, .text("total") { $0.total },
        .text("query") { $0.query }, .text("more") { $0.more }, .bool("done") { $0.done }, .text("typedFrom") { $0.typedFrom },
        .text("typedTo") { $0.typedTo }, .text("fromError") { $0.fromError }, .text("toError") { $0.toError },
        .text("searchAction") { $0.searchAction }, .text("addAction") { $0.addAction }, .text("removeAction") { $0.removeAction },
    ]
}

final class RedirectRowView: TemplateObject {
    let from: String
    let to: String
    /// Leads to an article or page by its id (it follows a renamed slug).
    let isArticle: Bool

    init(from: String, to: String, isArticle: Bool) {
        self.from = from
        self.to = to
        self.isArticle = isArticle
    }

    static let templateFields: [TemplateField<RedirectRowView>] = [
        .text("from") { $0.from }, .text("to") { $0.to }, .bool("isArticle") { $0.isArticle },
    ]
}
