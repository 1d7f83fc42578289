import Mustache

// Values the templates read, each with its field table: the theme's contract, listed in
// templates/README.md (a test keeps the two in step). Absent things are nil, never "".

struct TagView: TemplateObject {
    let name: String
    let url: String

    static let templateFields: [TemplateField<TagView>] = [.text("name") { $0.name }, .text("url") { $0.url }]
}

struct ImageView: TemplateObject {
    let url: String
    let alt: String
    let credit: String?
    let creditURL: String?

    static let templateFields: [TemplateField<ImageView>] = [
        .text("url") { $0.url }, .text("alt") { $0.alt }, .text("credit") { $0.credit }, .text("creditURL") { $0.creditURL },
    ]
}

struct ArticleView: TemplateObject {
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

    static let templateFields: [TemplateField<ArticleView>] = [
        .text("url") { $0.url }, .text("title") { $0.title }, .text("dateISO") { $0.dateISO }, .text("dateText") { $0.dateText },
        .text("updatedISO") { $0.updatedISO }, .text("updatedText") { $0.updatedText }, .text("author") { $0.author },
        .text("summary") { $0.summary }, .text("readingTimeText") { $0.readingTimeText }, .html("bodyHTML") { $0.bodyHTML },
        .list("tags") { $0.tags }, .object("image") { $0.image }, .text("commentCountText") { $0.commentCountText },
    ]
}

struct LinkView: TemplateObject {
    let url: String
    let title: String

    static let templateFields: [TemplateField<LinkView>] = [.text("url") { $0.url }, .text("title") { $0.title }]
}

struct CommentView: TemplateObject {
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

    static let templateFields: [TemplateField<CommentView>] = [
        .number("id") { $0.id }, .text("anchor") { $0.anchor }, .text("name") { $0.name },
        .text("websiteURL") { $0.websiteURL }, .text("dateISO") { $0.dateISO }, .text("dateText") { $0.dateText },
        .html("bodyHTML") { $0.bodyHTML }, .bool("removed") { $0.removed }, .text("replyURL") { $0.replyURL },
        .list("replies") { $0.replies }, .number("depth") { $0.depth },
    ]
}

struct FormValues: TemplateObject {
    var name = ""
    var email = ""
    var website = ""
    var body = ""
    var parentId = ""

    static let templateFields: [TemplateField<FormValues>] = [
        .text("name") { $0.name }, .text("email") { $0.email }, .text("website") { $0.website }, .text("body") { $0.body },
        .text("parentId") { $0.parentId },
    ]
}

struct FormErrors: TemplateObject {
    var name: String?
    var email: String?
    var website: String?
    var body: String?
    var parentId: String?

    static let templateFields: [TemplateField<FormErrors>] = [
        .text("name") { $0.name }, .text("email") { $0.email }, .text("website") { $0.website }, .text("body") { $0.body },
        .text("parentId") { $0.parentId },
    ]
}

struct FieldError: TemplateObject {
    let field: String
    let message: String

    static let templateFields: [TemplateField<FieldError>] = [.text("field") { $0.field }, .text("message") { $0.message }]
}

struct ReplyTarget: TemplateObject {
    let id: Int
    let name: String
    let cancelURL: String

    static let templateFields: [TemplateField<ReplyTarget>] = [
        .number("id") { $0.id }, .text("name") { $0.name }, .text("cancelURL") { $0.cancelURL },
    ]
}

struct FormView: TemplateObject {
    let action: String
    let values: FormValues
    let errors: FormErrors
    let errorList: [FieldError]
    let hasErrors: Bool
    let replyTo: ReplyTarget?
    /// "Cancel reply": back to this comment page's form without a parent.
    let cancelURL: String

    static let templateFields: [TemplateField<FormView>] = [
        .text("action") { $0.action }, .object("values") { $0.values }, .object("errors") { $0.errors },
        .list("errorList") { $0.errorList }, .bool("hasErrors") { $0.hasErrors }, .object("replyTo") { $0.replyTo },
        .text("cancelURL") { $0.cancelURL },
    ]
}

/// Links between the pages of an article's comments, named by what they lead to.
struct CommentPagesView: TemplateObject {
    /// "Comment page 2 of 7".
    let label: String
    let previousURL: String?
    let previousText: String
    let nextURL: String?
    let nextText: String

    static let templateFields: [TemplateField<CommentPagesView>] = [
        .text("label") { $0.label }, .text("previousURL") { $0.previousURL }, .text("previousText") { $0.previousText },
        .text("nextURL") { $0.nextURL }, .text("nextText") { $0.nextText },
    ]
}

/// Newer/older links under a list, or between the pages of an article's comments.
struct PaginationView: TemplateObject {
    let page: Int
    let totalPages: Int
    let prevURL: String?
    let nextURL: String?
    let label: String

    static let templateFields: [TemplateField<PaginationView>] = [
        .number("page") { $0.page }, .number("totalPages") { $0.totalPages }, .text("prevURL") { $0.prevURL },
        .text("nextURL") { $0.nextURL }, .text("label") { $0.label },
    ]
}

struct SearchResultView: TemplateObject {
    let url: String
    let title: String
    let dateText: String
    /// Escaped text with `<mark>` around the hits.
    let snippetHTML: String

    static let templateFields: [TemplateField<SearchResultView>] = [
        .text("url") { $0.url }, .text("title") { $0.title }, .text("dateText") { $0.dateText },
        .html("snippetHTML") { $0.snippetHTML },
    ]
}

struct ArchiveEntry: TemplateObject {
    let url: String
    let title: String
    let dateText: String
    let dateISO: String

    static let templateFields: [TemplateField<ArchiveEntry>] = [
        .text("url") { $0.url }, .text("title") { $0.title }, .text("dateText") { $0.dateText },
        .text("dateISO") { $0.dateISO },
    ]
}

struct ArchiveMonth: TemplateObject {
    let name: String
    let articles: [ArchiveEntry]

    static let templateFields: [TemplateField<ArchiveMonth>] = [.text("name") { $0.name }, .list("articles") { $0.articles }]
}

struct ArchiveYear: TemplateObject {
    let year: Int
    let months: [ArchiveMonth]

    static let templateFields: [TemplateField<ArchiveYear>] = [.number("year") { $0.year }, .list("months") { $0.months }]
}
