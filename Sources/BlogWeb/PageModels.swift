import Mustache

// The root model of each page template. Each lists the chrome's fields first, so the layout
// finds them at the root of every page.

/// `home.mustache`: the home page and tag pages.
final class ListPageView: TemplateObject {
    var chrome: PageChrome
    var heading: String?
    var articles: [ArticleView]
    var pagination: PaginationView?

    init(chrome: PageChrome, heading: String? = nil, articles: [ArticleView], pagination: PaginationView? = nil) {
        self.chrome = chrome
        self.heading = heading
        self.articles = articles
        self.pagination = pagination
    }

    static let templateFields: [TemplateField<ListPageView>] = PageChrome.templateFields(within: { $0.chrome }) + [
        .text("heading") { $0.heading }, .list("articles") { $0.articles }, .bool("empty") { $0.articles.isEmpty },
        .object("pagination") { $0.pagination },
    ]
}

/// `article.mustache`: an article with one page of its comments and the form.
final class ArticlePageView: TemplateObject {
    var chrome: PageChrome
    var article: ArticleView
    var previous: LinkView?
    var next: LinkView?
    var comments: [CommentView]
    var commentPages: CommentPagesView?
    var commentsOpen: Bool
    var commentsClosedText: String
    var notice: String?
    var form: FormView

    init(chrome: PageChrome, article: ArticleView, previous: LinkView? = nil, next: LinkView? = nil,
         comments: [CommentView], commentPages: CommentPagesView? = nil, commentsOpen: Bool,
         commentsClosedText: String, notice: String? = nil, form: FormView) {
        self.chrome = chrome
        self.article = article
        self.previous = previous
        self.next = next
        self.comments = comments
        self.commentPages = commentPages
        self.commentsOpen = commentsOpen
        self.commentsClosedText = commentsClosedText
        self.notice = notice
        self.form = form
    }

    static let templateFields: [TemplateField<ArticlePageView>] = PageChrome.templateFields(within: { $0.chrome }) + [
        .object("article") { $0.article }, .object("previous") { $0.previous }, .object("next") { $0.next },
        .list("comments") { $0.comments }, .bool("hasComments") { !$0.comments.isEmpty },
        .object("commentPages") { $0.commentPages }, .bool("commentsOpen") { $0.commentsOpen },
        .text("commentsClosedText") { $0.commentsClosedText }, .text("notice") { $0.notice }, .object("form") { $0.form },
    ]
}

/// `page.mustache`: a page of the site (About, Impressum): its text without a date line,
/// comments or neighbours.
final class SitePageView: TemplateObject {
    var chrome: PageChrome
    var sitePage: ArticleView

    init(chrome: PageChrome, sitePage: ArticleView) {
        self.chrome = chrome
        self.sitePage = sitePage
    }

    static let templateFields: [TemplateField<SitePageView>] = PageChrome.templateFields(within: { $0.chrome }) + [
        .object("sitePage") { $0.sitePage },
    ]
}

/// `archive.mustache`: every month with articles, by year.
final class ArchivePageView: TemplateObject {
    let chrome: PageChrome
    let years: [ArchiveYear]

    init(chrome: PageChrome, years: [ArchiveYear]) {
        self.chrome = chrome
        self.years = years
    }

    static let templateFields: [TemplateField<ArchivePageView>] = PageChrome.templateFields(within: { $0.chrome }) + [
        .list("years") { $0.years }, .bool("empty") { $0.years.isEmpty },
    ]
}

/// `archive-month.mustache`: one month's articles, a page at a time.
final class ArchiveMonthPageView: TemplateObject {
    let chrome: PageChrome
    /// "November 2026".
    let heading: String
    let articles: [ArchiveEntry]
    let pagination: PaginationView?
    let archiveURL: String

    init(chrome: PageChrome, heading: String, articles: [ArchiveEntry], pagination: PaginationView?, archiveURL: String) {
        self.chrome = chrome
        self.heading = heading
        self.articles = articles
        self.pagination = pagination
        self.archiveURL = archiveURL
    }

    static let templateFields: [TemplateField<ArchiveMonthPageView>] = PageChrome.templateFields(within: { $0.chrome }) + [
        .text("heading") { $0.heading }, .list("articles") { $0.articles }, .object("pagination") { $0.pagination },
        .text("archiveURL") { $0.archiveURL },
    ]
}

/// `search.mustache` (the query itself is the chrome's `query`).
final class SearchPageView: TemplateObject {
    var chrome: PageChrome
    var message: String?
    var hasQuery: Bool
    var results: [SearchResultView]
    var resultCountText: String?

    init(chrome: PageChrome, message: String? = nil, hasQuery: Bool = false, results: [SearchResultView] = [],
         resultCountText: String? = nil) {
        self.chrome = chrome
        self.message = message
        self.hasQuery = hasQuery
        self.results = results
        self.resultCountText = resultCountText
    }

    static let templateFields: [TemplateField<SearchPageView>] = PageChrome.templateFields(within: { $0.chrome }) + [
        .text("message") { $0.message }, .bool("hasQuery") { $0.hasQuery }, .list("results") { $0.results },
        .text("resultCountText") { $0.resultCountText },
    ]
}

/// `error.mustache`.
final class ErrorPageView: TemplateObject {
    var chrome: PageChrome
    var status: Int
    var heading: String
    var message: String

    init(chrome: PageChrome, status: Int, heading: String, message: String) {
        self.chrome = chrome
        self.status = status
        self.heading = heading
        self.message = message
    }

    static let templateFields: [TemplateField<ErrorPageView>] = PageChrome.templateFields(within: { $0.chrome }) + [
        .number("status") { $0.status }, .text("heading") { $0.heading }, .text("message") { $0.message },
    ]
}

/// `mail.mustache`: what a link in a reader's mail does, with its button (GET), or what it did.
final class MailPageView: TemplateObject {
    let chrome: PageChrome
    let heading: String
    let message: String
    /// Where the button posts; nil once done.
    let action: String?
    let button: String

    init(chrome: PageChrome, heading: String, message: String, action: String?, button: String) {
        self.chrome = chrome
        self.heading = heading
        self.message = message
        self.action = action
        self.button = button
    }

    static let templateFields: [TemplateField<MailPageView>] = PageChrome.templateFields(within: { $0.chrome }) + [
        .text("heading") { $0.heading }, .text("message") { $0.message }, .text("action") { $0.action },
        .text("button") { $0.button },
    ]
}
