import Mustache

// Values the templates read, each with its field table: the theme's contract, listed in
// templates/README.md (a test keeps the two in step). Absent things are nil, never "".
//
// Final classes, not structs: the renderer holds each as `any TemplateObject`, and a class
// reference fits in that existential where a struct of more than three words is copied into
// a new heap box every time a template reads it. Built for one page, read, then dropped.

final class TagView: TemplateObject {
    let name: String
    let url: String

    init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    static let templateFields: [TemplateField<TagView>] = [.text("name") { $0.name }, .text("url") { $0.url }]
}

final class ImageView: TemplateObject {
    let url: String
    let alt: String
    let credit: String?
    let creditURL: String?

    init(url: String, alt: String, credit: String?, creditURL: String?) {
        self.url = url
        self.alt = alt
        self.credit = credit
        self.creditURL = creditURL
    }

    static let templateFields: [TemplateField<ImageView>] = [
        .text("url") { $0.url }, .text("alt") { $0.alt }, .text("credit") { $0.credit }, .text("creditURL") { $0.creditURL },
    ]
}

final class ArticleView: TemplateObject {
    let url: String
    let title: String
    let dateISO: String
    let dateText: String
    let updatedISO: String?
    let updatedText: String?
    let author: String?
    let summary: String
    let readingTimeText: String
    let bodyHTML: String
    let tags: [TagView]
    let image: ImageView?
    let commentCountText: String

    init(url: String, title: String, dateISO: String, dateText: String, updatedISO: String?, updatedText: String?,
         author: String?, summary: String, readingTimeText: String, bodyHTML: String, tags: [TagView],
         image: ImageView?, commentCountText: String) {
        self.url = url
        self.title = title
        self.dateISO = dateISO
        self.dateText = dateText
        self.updatedISO = updatedISO
        self.updatedText = updatedText
        self.author = author
        self.summary = summary
        self.readingTimeText = readingTimeText
        self.bodyHTML = bodyHTML
        self.tags = tags
        self.image = image
        self.commentCountText = commentCountText
    }

    static let templateFields: [TemplateField<ArticleView>] = [
        .text("url") { $0.url }, .text("title") { $0.title }, .text("dateISO") { $0.dateISO }, .text("dateText") { $0.dateText },
        .text("updatedISO") { $0.updatedISO }, .text("updatedText") { $0.updatedText }, .text("author") { $0.author },
        .text("summary") { $0.summary }, .text("readingTimeText") { $0.readingTimeText }, .html("bodyHTML") { $0.bodyHTML },
        .list("tags") { $0.tags }, .object("image") { $0.image }, .text("commentCountText") { $0.commentCountText },
    ]
}

final class LinkView: TemplateObject {
    let url: String
    let title: String

    init(url: String, title: String) {
        self.url = url
        self.title = title
    }

    static let templateFields: [TemplateField<LinkView>] = [.text("url") { $0.url }, .text("title") { $0.title }]
}

final class CommentView: TemplateObject {
    let id: Int
    let anchor: String
    let name: String
    let websiteURL: String?
    let dateISO: String
    let dateText: String
    /// Made when the comment was written (escaped, paragraphs, links).
    let bodyHTML: String
    let removed: Bool
    let replyURL: String?
    let replies: [CommentView]
    let depth: Int
    /// Its text was changed in the desk.
    let edited: Bool
    /// Written in the desk by one of the blog's accounts.
    let byAuthor: Bool

    init(id: Int, anchor: String, name: String, websiteURL: String?, dateISO: String, dateText: String,
         bodyHTML: String, removed: Bool, replyURL: String?, replies: [CommentView], depth: Int, edited: Bool,
         byAuthor: Bool) {
        self.id = id
        self.anchor = anchor
        self.name = name
        self.websiteURL = websiteURL
        self.dateISO = dateISO
        self.dateText = dateText
        self.bodyHTML = bodyHTML
        self.removed = removed
        self.replyURL = replyURL
        self.replies = replies
        self.depth = depth
        self.edited = edited
        self.byAuthor = byAuthor
    }

    static let templateFields: [TemplateField<CommentView>] = [
        .number("id") { $0.id }, .text("anchor") { $0.anchor }, .text("name") { $0.name },
        .text("websiteURL") { $0.websiteURL }, .text("dateISO") { $0.dateISO }, .text("dateText") { $0.dateText },
        .html("bodyHTML") { $0.bodyHTML }, .bool("removed") { $0.removed }, .text("replyURL") { $0.replyURL },
        .list("replies") { $0.replies }, .number("depth") { $0.depth }, .bool("edited") { $0.edited },
        .bool("byAuthor") { $0.byAuthor },
    ]
}

final class FormValues: TemplateObject {
    var name: String
    var email: String
    var website: String
    var body: String
    var parentId: String
    var notify: Bool
    var notifyArticle: Bool

    init(name: String = "", email: String = "", website: String = "", body: String = "", parentId: String = "",
         notify: Bool = false, notifyArticle: Bool = false) {
        self.name = name
        self.email = email
        self.website = website
        self.body = body
        self.parentId = parentId
        self.notify = notify
        self.notifyArticle = notifyArticle
    }

    static let templateFields: [TemplateField<FormValues>] = [
        .text("name") { $0.name }, .text("email") { $0.email }, .text("website") { $0.website }, .text("body") { $0.body },
        .text("parentId") { $0.parentId }, .bool("notify") { $0.notify }, .bool("notifyArticle") { $0.notifyArticle },
    ]
}

final class FormErrors: TemplateObject {
    var name: String?
    var email: String?
    var website: String?
    var body: String?
    var parentId: String?

    init(name: String? = nil, email: String? = nil, website: String? = nil, body: String? = nil,
         parentId: String? = nil) {
        self.name = name
        self.email = email
        self.website = website
        self.body = body
        self.parentId = parentId
    }

    static let templateFields: [TemplateField<FormErrors>] = [
        .text("name") { $0.name }, .text("email") { $0.email }, .text("website") { $0.website }, .text("body") { $0.body },
        .text("parentId") { $0.parentId },
    ]
}

final class FieldError: TemplateObject {
    let field: String
    let message: String

    init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    static let templateFields: [TemplateField<FieldError>] = [.text("field") { $0.field }, .text("message") { $0.message }]
}

final class ReplyTarget: TemplateObject {
    let id: Int
    let name: String
    let cancelURL: String

    init(id: Int, name: String, cancelURL: String) {
        self.id = id
        self.name = name
        self.cancelURL = cancelURL
    }

    static let templateFields: [TemplateField<ReplyTarget>] = [
        .number("id") { $0.id }, .text("name") { $0.name }, .text("cancelURL") { $0.cancelURL },
    ]
}

final class FormView: TemplateObject {
    let action: String
    let values: FormValues
    let errors: FormErrors
    let errorList: [FieldError]
    let hasErrors: Bool
    let replyTo: ReplyTarget?
    /// "Cancel reply": back to this comment page's form without a parent.
    let cancelURL: String
    /// Mail is on: the form offers reply and article notifications.
    let offersMail: Bool
    /// The comment as it would look (Preview), made by the same renderer as a stored one.
    let previewHTML: String?

    init(action: String, values: FormValues, errors: FormErrors, errorList: [FieldError], hasErrors: Bool,
         replyTo: ReplyTarget?, cancelURL: String, offersMail: Bool, previewHTML: String? = nil) {
        self.offersMail = offersMail
        self.previewHTML = previewHTML
        self.action = action
        self.values = values
        self.errors = errors
        self.errorList = errorList
        self.hasErrors = hasErrors
        self.replyTo = replyTo
        self.cancelURL = cancelURL
    }

    static let templateFields: [TemplateField<FormView>] = [
        .text("action") { $0.action }, .object("values") { $0.values }, .object("errors") { $0.errors },
        .list("errorList") { $0.errorList }, .bool("hasErrors") { $0.hasErrors }, .object("replyTo") { $0.replyTo },
        .text("cancelURL") { $0.cancelURL }, .bool("offersMail") { $0.offersMail },
        .html("previewHTML") { $0.previewHTML },
    ]
}

/// Links between the pages of an article's comments, named by what they lead to.
final class CommentPagesView: TemplateObject {
    /// "Comment page 2 of 7".
    let label: String
    let previousURL: String?
    let previousText: String
    let nextURL: String?
    let nextText: String

    init(label: String, previousURL: String?, previousText: String, nextURL: String?, nextText: String) {
        self.label = label
        self.previousURL = previousURL
        self.previousText = previousText
        self.nextURL = nextURL
        self.nextText = nextText
    }

    static let templateFields: [TemplateField<CommentPagesView>] = [
        .text("label") { $0.label }, .text("previousURL") { $0.previousURL }, .text("previousText") { $0.previousText },
        .text("nextURL") { $0.nextURL }, .text("nextText") { $0.nextText },
    ]
}

/// Newer/older links under a list, or between the pages of an article's comments.
final class PaginationView: TemplateObject {
    let page: Int
    let totalPages: Int
    let prevURL: String?
    let nextURL: String?
    let label: String

    init(page: Int, totalPages: Int, prevURL: String?, nextURL: String?, label: String) {
        self.page = page
        self.totalPages = totalPages
        self.prevURL = prevURL
        self.nextURL = nextURL
        self.label = label
    }

    static let templateFields: [TemplateField<PaginationView>] = [
        .number("page") { $0.page }, .number("totalPages") { $0.totalPages }, .text("prevURL") { $0.prevURL },
        .text("nextURL") { $0.nextURL }, .text("label") { $0.label },
    ]
}

final class SearchResultView: TemplateObject {
    let url: String
    let title: String
    let dateText: String
    /// Escaped text with `<mark>` around the hits.
    let snippetHTML: String

    init(url: String, title: String, dateText: String, snippetHTML: String) {
        self.url = url
        self.title = title
        self.dateText = dateText
        self.snippetHTML = snippetHTML
    }

    static let templateFields: [TemplateField<SearchResultView>] = [
        .text("url") { $0.url }, .text("title") { $0.title }, .text("dateText") { $0.dateText },
        .html("snippetHTML") { $0.snippetHTML },
    ]
}

final class ArchiveEntry: TemplateObject {
    let url: String
    let title: String
    let dateText: String
    let dateISO: String

    init(url: String, title: String, dateText: String, dateISO: String) {
        self.url = url
        self.title = title
        self.dateText = dateText
        self.dateISO = dateISO
    }

    static let templateFields: [TemplateField<ArchiveEntry>] = [
        .text("url") { $0.url }, .text("title") { $0.title }, .text("dateText") { $0.dateText },
        .text("dateISO") { $0.dateISO },
    ]
}

/// A month in the archive's index.
final class ArchiveMonth: TemplateObject {
    let name: String
    let url: String
    let count: Int
    /// "12 articles".
    let countText: String

    init(name: String, url: String, count: Int, countText: String) {
        self.name = name
        self.url = url
        self.count = count
        self.countText = countText
    }

    static let templateFields: [TemplateField<ArchiveMonth>] = [
        .text("name") { $0.name }, .text("url") { $0.url }, .number("count") { $0.count }, .text("countText") { $0.countText },
    ]
}

final class ArchiveYear: TemplateObject {
    let year: Int
    let months: [ArchiveMonth]

    init(year: Int, months: [ArchiveMonth]) {
        self.year = year
        self.months = months
    }

    static let templateFields: [TemplateField<ArchiveYear>] = [.number("year") { $0.year }, .list("months") { $0.months }]
}
