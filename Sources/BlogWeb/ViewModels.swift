import Blog
import Foundation

// Values handed to the Mustache templates. Absent things are nil (never ""), because
// Mustache looks a missing key up in the enclosing context (see templates/README.md).

struct TagView {
    let name: String
    let url: String
}

struct ImageView {
    let url: String
    let alt: String
    let credit: String?
    let creditURL: String?
}

struct ArticleView {
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
}

struct LinkView {
    let url: String
    let title: String
}

struct CommentView {
    let id: Int
    let anchor: String
    let name: String
    let websiteURL: String?
    let dateISO: String
    let dateText: String
    let bodyHTML: String
    let removed: Bool
    let replyURL: String?
    let replies: [CommentView]
    let depth: Int
}

struct FormValues {
    var name = ""
    var email = ""
    var website = ""
    var body = ""
    var parentId = ""
}

struct FormErrors {
    var name: String?
    var email: String?
    var website: String?
    var body: String?
    var parentId: String?
}

struct FieldError {
    let field: String
    let message: String
}

struct ReplyTarget {
    let id: Int
    let name: String
    let cancelURL: String
}

struct FormView {
    let action: String
    let values: FormValues
    let errors: FormErrors
    let errorList: [FieldError]
    let hasErrors: Bool
    let replyTo: ReplyTarget?
}

struct PaginationView {
    let page: Int
    let totalPages: Int
    let prevURL: String?
    let nextURL: String?
    let label: String
}

struct SearchResultView {
    let url: String
    let title: String
    let dateText: String
    let snippetHTML: String
}

struct ArchiveMonth {
    let name: String
    let articles: [ArchiveEntry]
}

struct ArchiveEntry {
    let url: String
    let title: String
    let dateText: String
    let dateISO: String
}

struct ArchiveYear {
    let year: Int
    let months: [ArchiveMonth]
}

struct PageMeta {
    let title: String
    let description: String
    let canonical: String
    let ogType: String
    let ogImage: String?
    let jsonLD: String?
    let noindex: Bool
}

struct SiteView {
    let title: String
    let description: String?
    let baseURL: String
}
