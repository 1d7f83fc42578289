import Blog
import Mustache
import Routes

// The models of the article pages of the desk: the list, the editor, the delete question and
// the revisions.

/// `articles.mustache`.
final class ArticlesPageView: TemplateObject {
    let chrome: AdminChrome
    let filters: [FilterLinkView]
    let query: String
    let articles: [ArticleRowView]
    let total: Int
    let newer: String?
    let older: String?
    let pageLabel: String?
    let newURL: String
    let searchURL: String
    let filterValue: String

    init(chrome: AdminChrome, filters: [FilterLinkView], query: String, articles: [ArticleRowView], total: Int, newer: String?,
         older: String?, pageLabel: String?, newURL: String, searchURL: String, filterValue: String) {
        self.chrome = chrome
        self.filters = filters
        self.query = query
        self.articles = articles
        self.total = total
        self.newer = newer
        self.older = older
        self.pageLabel = pageLabel
        self.newURL = newURL
        self.searchURL = searchURL
        self.filterValue = filterValue
    }

    static let templateFields: [TemplateField<ArticlesPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .list("filters") { $0.filters }, .text("query") { $0.query }, .list("articles") { $0.articles },
        .bool("hasArticles") { !$0.articles.isEmpty }, .number("total") { $0.total }, .text("newer") { $0.newer },
        .text("older") { $0.older }, .text("pageLabel") { $0.pageLabel }, .text("newURL") { $0.newURL },
        .text("searchURL") { $0.searchURL }, .text("filterValue") { $0.filterValue },
    ]
}

final class FilterLinkView: TemplateObject {
    let label: String
    let url: String
    let current: Bool

    init(label: String, url: String, current: Bool) {
        self.label = label
        self.url = url
        self.current = current
    }

    static let templateFields: [TemplateField<FilterLinkView>] = [
        .text("label") { $0.label }, .text("url") { $0.url }, .bool("current") { $0.current },
    ]
}

final class ArticleRowView: TemplateObject {
    let title: String
    let editURL: String
    let status: String
    let statusClass: String
    let date: String
    let isoDate: String
    let comments: Int
    /// "page" for a page; nil for an article.
    let kindLabel: String?

    init(title: String, editURL: String, status: String, statusClass: String, date: String, isoDate: String, comments: Int,
         kindLabel: String? = nil) {
        self.title = title
        self.kindLabel = kindLabel
        self.editURL = editURL
        self.status = status
        self.statusClass = statusClass
        self.date = date
        self.isoDate = isoDate
        self.comments = comments
    }

    static let templateFields: [TemplateField<ArticleRowView>] = [
        .text("title") { $0.title }, .text("editURL") { $0.editURL }, .text("status") { $0.status },
        .text("statusClass") { $0.statusClass }, .text("date") { $0.date }, .text("isoDate") { $0.isoDate },
        .number("comments") { $0.comments }, .text("kindLabel") { $0.kindLabel },
    ]
}

/// `editor.mustache`.
final class EditorPageView: TemplateObject {
    let chrome: AdminChrome
    let heading: String
    let action: String
    let form: EditorFormView
    /// Field id → message; the summary lists them in the form's order.
    let errors: [FieldErrorView]
    let notice: String?
    let isNew: Bool
    /// Which buttons the form offers.
    let state: PublicationState
    /// "Scheduled: goes live on …" for a scheduled article.
    let stateNote: String?
    let conflict: ConflictView?
    let publicURL: String?
    let deleteURL: String?
    let revisionsURL: String?
    /// A stored article's draft preview link (shown while it is not published, or while a link exists).
    let previewLink: PreviewLinkView?

    init(chrome: AdminChrome, heading: String, action: String, form: EditorFormView, errors: [FieldErrorView], notice: String?,
         isNew: Bool, state: PublicationState, stateNote: String?, conflict: ConflictView?, publicURL: String?, deleteURL: String?,
         revisionsURL: String?, previewLink: PreviewLinkView?) {
        self.chrome = chrome
        self.heading = heading
        self.action = action
        self.form = form
        self.errors = errors
        self.notice = notice
        self.isNew = isNew
        self.state = state
        self.stateNote = stateNote
        self.conflict = conflict
        self.publicURL = publicURL
        self.deleteURL = deleteURL
        self.revisionsURL = revisionsURL
        self.previewLink = previewLink.flatMap { state != .published || $0.url != nil ? $0 : nil }
    }

    static let templateFields: [TemplateField<EditorPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .text("heading") { $0.heading }, .text("action") { $0.action }, .object("form") { $0.form },
        .list("errors") { $0.errors }, .bool("hasErrors") { !$0.errors.isEmpty }, .text("notice") { $0.notice },
        .bool("isNew") { $0.isNew }, .bool("isDraft") { $0.state == .draft }, .bool("isScheduled") { $0.state == .scheduled },
        .bool("isPublished") { $0.state == .published }, .text("stateNote") { $0.stateNote }, .object("conflict") { $0.conflict },
        .text("publicURL") { $0.publicURL }, .text("deleteURL") { $0.deleteURL }, .text("revisionsURL") { $0.revisionsURL },
        .object("previewLink") { $0.previewLink },
        .object("error") { $0.errorsByField },
    ]

    var errorsByField: FieldErrorsView { FieldErrorsView(errors) }
}

/// The editor's values, as typed.
final class EditorFormView: TemplateObject {
    let form: ArticleForm

    init(_ form: ArticleForm) {
        self.form = form
    }

    static let templateFields: [TemplateField<EditorFormView>] = [
        .text("title") { $0.form.title }, .text("slug") { $0.form.slug }, .text("date") { $0.form.date },
        .text("updated") { $0.form.updated }, .text("tags") { $0.form.tags }, .text("summary") { $0.form.summary },
        .text("author") { $0.form.author }, .text("image") { $0.form.image }, .text("imageAlt") { $0.form.imageAlt },
        .text("imageCredit") { $0.form.imageCredit }, .text("imageCreditURL") { $0.form.imageCreditURL },
        .bool("commentsOpen") { $0.form.commentsOpen }, .text("body") { $0.form.body },
        .bool("isPage") { $0.form.kind == .page }, .text("navOrder") { $0.form.navOrder },
        .text("revision") { $0.form.revision.map(String.init) },
    ]
}

final class FieldErrorView: TemplateObject {
    let field: String
    let message: String

    init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    static let templateFields: [TemplateField<FieldErrorView>] = [.text("field") { $0.field }, .text("message") { $0.message }]
}

/// `error.FIELD`: the message of a field, or nothing (a section the template can test).
final class FieldErrorsView: TemplateObject {
    let messages: [String: String]

    init(_ errors: [FieldErrorView]) {
        messages = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
    }

    static let fieldNames = ["title", "kind", "navOrder", "slug", "date", "updated", "tags", "summary", "author", "image",
                             "imageAlt", "imageCredit", "imageCreditURL", "comments", "body"]

    static let templateFields: [TemplateField<FieldErrorsView>] = fieldNames.map { name in
        .text(name) { $0.messages[name] }
    }
}

/// What changed since the editor opened the article: someone else saved it.
final class ConflictView: TemplateObject {
    let message: String
    let lines: [DiffLineView]

    init(message: String, lines: [DiffLineView]) {
        self.message = message
        self.lines = lines
    }

    static let templateFields: [TemplateField<ConflictView>] = [.text("message") { $0.message }, .list("lines") { $0.lines }]
}

final class DiffLineView: TemplateObject {
    let kind: String
    let marker: String
    let text: String

    init(kind: String, marker: String, text: String) {
        self.kind = kind
        self.marker = marker
        self.text = text
    }

    static let templateFields: [TemplateField<DiffLineView>] = [
        .text("kind") { $0.kind }, .text("marker") { $0.marker }, .text("text") { $0.text },
    ]
}

/// `delete.mustache`: the question before deleting.
final class DeletePageView: TemplateObject {
    let chrome: AdminChrome
    let question: String
    let detail: String
    let action: String
    let cancelURL: String

    init(chrome: AdminChrome, question: String, detail: String, action: String, cancelURL: String) {
        self.chrome = chrome
        self.question = question
        self.detail = detail
        self.action = action
        self.cancelURL = cancelURL
    }

    static let templateFields: [TemplateField<DeletePageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .text("question") { $0.question }, .text("detail") { $0.detail }, .text("action") { $0.action },
        .text("cancelURL") { $0.cancelURL },
    ]
}

/// `revisions.mustache`.
final class RevisionsPageView: TemplateObject {
    let chrome: AdminChrome
    let heading: String
    let editURL: String
    let revisions: [RevisionRowView]
    let shown: ShownRevisionView?

    init(chrome: AdminChrome, heading: String, editURL: String, revisions: [RevisionRowView], shown: ShownRevisionView?) {
        self.chrome = chrome
        self.heading = heading
        self.editURL = editURL
        self.revisions = revisions
        self.shown = shown
    }

    static let templateFields: [TemplateField<RevisionsPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .text("heading") { $0.heading }, .text("editURL") { $0.editURL }, .list("revisions") { $0.revisions },
        .object("shown") { $0.shown },
    ]
}

final class RevisionRowView: TemplateObject {
    let number: Int
    let label: String
    let date: String
    let isoDate: String
    let savedBy: String
    let url: String
    let current: Bool
    let shown: Bool

    init(number: Int, label: String, date: String, isoDate: String, savedBy: String, url: String, current: Bool, shown: Bool) {
        self.number = number
        self.label = label
        self.date = date
        self.isoDate = isoDate
        self.savedBy = savedBy
        self.url = url
        self.current = current
        self.shown = shown
    }

    static let templateFields: [TemplateField<RevisionRowView>] = [
        .number("number") { $0.number }, .text("label") { $0.label }, .text("date") { $0.date }, .text("isoDate") { $0.isoDate },
        .text("savedBy") { $0.savedBy }, .text("url") { $0.url }, .bool("current") { $0.current }, .bool("shown") { $0.shown },
    ]
}

final class ShownRevisionView: TemplateObject {
    let heading: String
    let lines: [DiffLineView]
    let unchanged: Bool
    let restoreURL: String?
    let currentRevision: Int

    init(heading: String, lines: [DiffLineView], unchanged: Bool, restoreURL: String?, currentRevision: Int) {
        self.heading = heading
        self.lines = lines
        self.unchanged = unchanged
        self.restoreURL = restoreURL
        self.currentRevision = currentRevision
    }

    static let templateFields: [TemplateField<ShownRevisionView>] = [
        .text("heading") { $0.heading }, .list("lines") { $0.lines }, .bool("unchanged") { $0.unchanged },
        .text("restoreURL") { $0.restoreURL }, .number("currentRevision") { $0.currentRevision },
    ]
}

/// `comments.mustache`: the moderation queue.
final class QueuePageView: TemplateObject {
    let chrome: AdminChrome
    let tabs: [FilterLinkView]
    let comments: [QueuedCommentView]
    let total: Int
    let newer: String?
    let older: String?
    let pageLabel: String?
    let action: String
    let returnPath: String
    let showApprove: Bool
    let showSpam: Bool

    init(chrome: AdminChrome, tabs: [FilterLinkView], comments: [QueuedCommentView], total: Int, newer: String?, older: String?,
         pageLabel: String?, action: String, returnPath: String, showApprove: Bool, showSpam: Bool) {
        self.chrome = chrome
        self.tabs = tabs
        self.comments = comments
        self.total = total
        self.newer = newer
        self.older = older
        self.pageLabel = pageLabel
        self.action = action
        self.returnPath = returnPath
        self.showApprove = showApprove
        self.showSpam = showSpam
    }

    static let templateFields: [TemplateField<QueuePageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .list("tabs") { $0.tabs }, .list("comments") { $0.comments }, .bool("hasComments") { !$0.comments.isEmpty },
        .number("total") { $0.total }, .text("newer") { $0.newer }, .text("older") { $0.older },
        .text("pageLabel") { $0.pageLabel }, .text("action") { $0.action }, .text("queueReturn") { $0.returnPath },
        .bool("showApprove") { $0.showApprove }, .bool("showSpam") { $0.showSpam },
    ]
}

final class QueuedCommentView: TemplateObject {
    let base: DeskCommentView
    let reason: String?
    let history: String
    let permalink: String
    let isApproved: Bool

    init(base: DeskCommentView, reason: String?, history: String, permalink: String, isApproved: Bool) {
        self.base = base
        self.reason = reason
        self.history = history
        self.permalink = permalink
        self.isApproved = isApproved
    }

    static let templateFields: [TemplateField<QueuedCommentView>] = DeskCommentView.templateFields(within: { $0.base }) + [
        .text("reason") { $0.reason }, .text("history") { $0.history }, .text("permalink") { $0.permalink },
        .bool("isApproved") { $0.isApproved }, .text("editURL") { AdminRoute.comment(id: $0.base.id).path },
    ]
}

/// `comment.mustache`: one comment, its text to edit, and its article's comments to close or open.
final class CommentPageView: TemplateObject {
    let chrome: AdminChrome
    let heading: String
    let comment: DeskCommentView
    /// As the page shows it (made by `CommentText`, safe).
    let bodyHTML: String
    /// "Edited on …", when it was.
    let edited: String?
    /// The text in the form: the stored one, or what a refused save carried.
    let text: String
    let error: String?
    let notice: String?
    let editAction: String
    let commentsOpen: Bool
    let commentsState: String
    let commentsAction: String
    let returnPath: String
    /// Nil for spam: nobody answers it.
    let replyAction: String?
    let reply: String
    let replyError: String?
    let replyHint: String

    init(chrome: AdminChrome, heading: String, comment: DeskCommentView, bodyHTML: String, edited: String?, text: String,
         error: String?, notice: String?, editAction: String, commentsOpen: Bool, commentsState: String, commentsAction: String,
         returnPath: String, replyAction: String?, reply: String, replyError: String?, replyHint: String) {
        self.chrome = chrome
        self.heading = heading
        self.comment = comment
        self.bodyHTML = bodyHTML
        self.edited = edited
        self.text = text
        self.error = error
        self.notice = notice
        self.editAction = editAction
        self.commentsOpen = commentsOpen
        self.commentsState = commentsState
        self.commentsAction = commentsAction
        self.returnPath = returnPath
        self.replyAction = replyAction
        self.reply = reply
        self.replyError = replyError
        self.replyHint = replyHint
    }

    static let templateFields: [TemplateField<CommentPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .text("heading") { $0.heading }, .object("comment") { $0.comment }, .html("bodyHTML") { $0.bodyHTML },
        .text("edited") { $0.edited }, .text("text") { $0.text }, .text("error") { $0.error }, .text("notice") { $0.notice },
        .text("editAction") { $0.editAction }, .bool("commentsOpen") { $0.commentsOpen },
        .text("commentsState") { $0.commentsState }, .text("commentsAction") { $0.commentsAction },
        .text("returnPath") { $0.returnPath }, .text("replyAction") { $0.replyAction }, .text("reply") { $0.reply },
        .text("replyError") { $0.replyError }, .text("replyHint") { $0.replyHint },
    ]
}

/// `personal-data.mustache`.
final class PersonalDataPageView: TemplateObject {
    let chrome: AdminChrome
    let email: String
    let notice: String?
    let searched: Bool
    let comments: [DeskCommentView]
    let summary: String?
    let findURL: String
    let exportURL: String
    let eraseURL: String

    init(chrome: AdminChrome, email: String, notice: String?, searched: Bool, comments: [DeskCommentView], summary: String?,
         findURL: String, exportURL: String, eraseURL: String) {
        self.chrome = chrome
        self.email = email
        self.notice = notice
        self.searched = searched
        self.comments = comments
        self.summary = summary
        self.findURL = findURL
        self.exportURL = exportURL
        self.eraseURL = eraseURL
    }

    static let templateFields: [TemplateField<PersonalDataPageView>] = AdminChrome.templateFields(within: { $0.chrome }) + [
        .text("email") { $0.email }, .text("notice") { $0.notice }, .bool("searched") { $0.searched },
        .list("comments") { $0.comments }, .bool("hasComments") { !$0.comments.isEmpty }, .text("summary") { $0.summary },
        .text("findURL") { $0.findURL }, .text("exportURL") { $0.exportURL }, .text("eraseURL") { $0.eraseURL },
    ]
}

/// The editor's panel for a draft preview link: the link when there is one, and the buttons.
final class PreviewLinkView: TemplateObject {
    /// The whole address (`site.baseURL` + `/preview/{token}`), nil without a link.
    let url: String?
    let create: String
    let revoke: String

    init(url: String?, create: String, revoke: String) {
        self.url = url
        self.create = create
        self.revoke = revoke
    }

    static let templateFields: [TemplateField<PreviewLinkView>] = [
        .text("url") { $0.url }, .text("create") { $0.create }, .text("revoke") { $0.revoke },
    ]
}
