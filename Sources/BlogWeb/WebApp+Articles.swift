import Blog
import Foundation
import HTTPServer
import JSON
import Routes

extension WebApp {
    // MARK: - Lists

    func home(_ request: HTTPRequest, page: Int) throws -> HTTPResponse {
        guard let result = try store.publishedArticles(page: page, perPage: Self.perPage) else { throw HTTPError.notFound() }
        let chrome = chrome(request, title: page == 1 ? nil : text.format("pageOf", page, result.totalPages),
                            canonicalPath: WebRoute.home(page: page).path)
        chrome.nav.home = true
        return HTMLResponse.make(theme.list.render(listPage(chrome, heading: nil, result) { WebRoute.home(page: $0) }),
                                 cacheable: true)
    }

    func tagPage(_ request: HTTPRequest, tagSlug: String, page: Int) throws -> HTTPResponse {
        guard let (tag, articles) = try store.tagPage(slug: tagSlug, page: page, perPage: Self.perPage),
              let result = articles else { throw HTTPError.notFound() }
        let heading = text.format("taggedHeading", tag.name)
        let chrome = chrome(request, title: heading, canonicalPath: WebRoute.tag(slug: tag.slug, page: page).path)
        return HTMLResponse.make(theme.list.render(listPage(chrome, heading: heading, result) {
            WebRoute.tag(slug: tag.slug, page: $0)
        }), cacheable: true)
    }

    /// `route(N)` is the list's page N.
    private func listPage(_ chrome: PageChrome, heading: String?, _ result: ArticlePage,
                          route: (Int) -> WebRoute) -> ListPageView {
        var pagination: PaginationView?
        if result.totalPages > 1 {
            pagination = PaginationView(
                page: result.page, totalPages: result.totalPages,
                prevURL: result.page > 1 ? route(result.page - 1).path : nil,
                nextURL: result.page < result.totalPages ? route(result.page + 1).path : nil,
                label: text.format("pageOf", result.page, result.totalPages))
        }
        return ListPageView(chrome: chrome, heading: heading, articles: result.articles.map(articleView), pagination: pagination)
    }

    /// Articles on one page of a month in the archive.
    static let archivePerPage = 100

    /// `GET /archive`: every month with articles, by year, with how many each has; the months
    /// list their articles. No page lists every article, however large the blog.
    func archive(_ request: HTTPRequest) throws -> HTTPResponse {
        var years: [ArchiveYear] = []
        var months: [ArchiveMonth] = []
        let all = try store.archiveMonths(in: site.timeZone)
        for (index, month) in all.enumerated() {
            months.append(ArchiveMonth(name: text.monthName(month.month), url: WebRoute.archiveMonth(year: month.year, month: month.month).path,
                                       count: month.count, countText: archiveCount(month.count)))
            if index == all.count - 1 || all[index + 1].year != month.year {
                years.append(ArchiveYear(year: month.year, months: months))
                months = []
            }
        }
        let chrome = chrome(request, title: text["archiveHeading"], canonicalPath: WebRoute.archive.path)
        chrome.nav.archive = true
        return HTMLResponse.make(theme.archive.render(ArchivePageView(chrome: chrome, years: years)), cacheable: true)
    }

    /// `GET /archive/{year}/{month}`: that month's articles, newest first, 100 a page.
    func archiveMonth(_ request: HTTPRequest, year: Int, month: Int, page: Int) throws -> HTTPResponse {
        guard let result = try store.archive(year: year, month: month, in: site.timeZone, page: page, perPage: Self.archivePerPage)
        else { throw HTTPError.notFound() }
        func route(_ page: Int) -> WebRoute { .archiveMonth(year: year, month: month, page: page) }
        let totalPages = (result.total + Self.archivePerPage - 1) / Self.archivePerPage
        let heading = "\(text.monthName(month)) \(year)"
        let chrome = chrome(request, title: page == 1 ? heading : "\(heading) – \(text.format("pageOf", page, totalPages))",
                            canonicalPath: route(page).path)
        chrome.nav.archive = true
        let entries = result.articles.map {
            ArchiveEntry(url: WebRoute.article(slug: $0.slug).path, title: $0.title, dateText: text.date($0.publishedAt),
                         dateISO: ISODate.format($0.publishedAt))
        }
        let pagination = totalPages > 1 ? PaginationView(
            page: page, totalPages: totalPages, prevURL: page > 1 ? route(page - 1).path : nil,
            nextURL: page < totalPages ? route(page + 1).path : nil, label: text.format("pageOf", page, totalPages)) : nil
        return HTMLResponse.make(theme.archiveMonth.render(ArchiveMonthPageView(
            chrome: chrome, heading: heading, articles: entries, pagination: pagination, archiveURL: WebRoute.archive.path)), cacheable: true)
    }

    private func archiveCount(_ count: Int) -> String {
        count == 1 ? text["archiveCountOne"] : text.format("archiveCountMany", count)
    }

    func search(_ request: HTTPRequest, query: String) throws -> HTTPResponse {
        let query = String(query.prefix(200))
        let chrome = chrome(request, title: text["searchHeading"], canonicalPath: WebRoute.search().path, noindex: true)
        chrome.query = query
        chrome.nav.search = true
        let page = SearchPageView(chrome: chrome)
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            page.message = text["searchEmpty"]
        } else if let hits = try store.search(trimmed) {
            page.hasQuery = true
            page.results = hits.map {
                SearchResultView(url: WebRoute.article(slug: $0.article.slug).path, title: $0.article.title,
                                 dateText: text.date($0.article.publishedAt), snippetHTML: HTMLText.snippet($0.snippet))
            }
            page.resultCountText = switch hits.count {
            case 0: text["searchNoResults"]
            case 1: text["searchResultsOne"]
            default: text.format("searchResultsMany", hits.count)
            }
        } else {
            page.message = text["searchInvalid"]
        }
        return HTMLResponse.make(theme.search.render(page), cacheable: true)
    }

    // MARK: - Article

    func articlePage(_ request: HTTPRequest, slug: String, page: Int, held: Bool, replyTo: Int?) throws -> HTTPResponse {
        let policy = comments.policy
        guard let reading = try store.articleWithComments(slug: slug, page: page, perPage: policy.perPage, order: policy.order)
        else { throw HTTPError.notFound() }
        let notice = held ? text["awaitingModeration"] : nil
        let model = articlePageModel(request, reading, form: nil, replyTo: replyTo, notice: notice)
        return HTMLResponse.make(theme.article.render(model), cacheable: true)
    }

    // MARK: - Page

    /// `GET /{slug}`: a page of the site. A draft page, or an article's slug, is not found.
    func sitePage(_ request: HTTPRequest, slug: String) throws -> HTTPResponse {
        guard let page = try store.page(slug: slug) else { throw HTTPError.notFound() }
        return HTMLResponse.make(renderPage(request, page), cacheable: true)
    }

    /// A page as readers see it (the draft preview shows a page the same way).
    func renderPage(_ request: HTTPRequest, _ page: Article) -> [UInt8] {
        let chrome = chrome(request, title: page.title, description: page.summary, canonicalPath: WebRoute.page(slug: page.slug).path,
                            ogImage: page.image.map { absolute($0.url) }, currentPage: page.slug)
        return theme.page.render(SitePageView(chrome: chrome, sitePage: articleView(page)))
    }

    /// `GET /articles/{slug}/comments/{id}`: a comment's lasting address, redirected to the page
    /// that shows it now (pages move as threads come and go).
    func commentPermalink(slug: String, id: Int) throws -> HTTPResponse {
        let policy = comments.policy
        guard let location = try store.commentLocation(id: id, perPage: policy.perPage, order: policy.order),
              location.slug == slug else { throw HTTPError.notFound() }
        var response = HTTPResponse.redirect(to: WebRoute.comment(id, slug: slug, page: location.page), status: .found)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// The article page's model; `form` carries typed values and errors after a failed post,
    /// `replyTo` the comment a reader chose to answer.
    func articlePageModel(_ request: HTTPRequest, _ reading: ArticleWithComments,
                          form: (values: FormValues, issues: [CommentField: CommentIssue])?, replyTo replyID: Int? = nil,
                          notice: String?, preview: String? = nil) -> ArticlePageView {
        let (article, page) = (reading.article, reading.comments)
        let values = form?.values ?? FormValues()
        var replyTo: ReplyTarget?
        if form == nil, let replyID {
            values.parentId = String(replyID)
        }
        let here = WebRoute.article(slug: article.slug, commentPage: page.page).path
        if let parentID = Int(values.parentId), let parent = Self.find(parentID, in: page.threads), !parent.removed {
            replyTo = ReplyTarget(id: parentID, name: parent.comment.name,
                                  cancelURL: WebRoute.article(slug: article.slug, commentPage: page.page).path(anchor: "respond"))
        }
        let pageLabel = page.pageCount > 1 ? text.format("commentPageOf", page.page, page.pageCount) : nil
        let chrome = chrome(request, title: pageLabel.map { "\(article.title) – \($0)" } ?? article.title,
                            description: article.summary, canonicalPath: here, ogType: "article",
                            ogImage: article.image.map { absolute($0.url) }, jsonLD: jsonLD(article))
        return ArticlePageView(
            chrome: chrome, article: articleView(article),
            previous: reading.previous.map { LinkView(url: WebRoute.article(slug: $0.slug).path, title: $0.title) },
            next: reading.next.map { LinkView(url: WebRoute.article(slug: $0.slug).path, title: $0.title) },
            comments: page.threads.map { [replyLinks = WebRoute.ReplyLinks(slug: article.slug, commentPage: page.page)] in
                commentView($0, replyLinks: replyLinks)
            },
            commentPages: pageLabel.map { commentPagesView(article.slug, page, label: $0) },
            commentsOpen: !comments.areClosed(article), commentsClosedText: text["commentsClosed"], notice: notice,
            form: formView(article: article, values: values, issues: form?.issues ?? [:], replyTo: replyTo, cancelURL: here,
                           preview: preview))
    }

    /// Links between comment pages, named by what they lead to: older or newer comments.
    private func commentPagesView(_ slug: String, _ page: CommentPage, label: String) -> CommentPagesView {
        let oldestFirst = comments.policy.order == .oldest
        return CommentPagesView(
            label: label,
            previousURL: page.page > 1 ? WebRoute.article(slug: slug, commentPage: page.page - 1).path(anchor: "comments") : nil,
            previousText: text[oldestFirst ? "olderComments" : "newerComments"],
            nextURL: page.page < page.pageCount
                ? WebRoute.article(slug: slug, commentPage: page.page + 1).path(anchor: "comments") : nil,
            nextText: text[oldestFirst ? "newerComments" : "olderComments"])
    }

    static func find(_ id: Int, in nodes: [CommentNode]) -> CommentNode? {
        for node in nodes {
            if node.comment.id == id { return node }
            if let found = find(id, in: node.replies) { return found }
        }
        return nil
    }

    func articleView(_ article: Article) -> ArticleView {
        ArticleView(
            url: (article.kind == .page ? WebRoute.page(slug: article.slug) : WebRoute.article(slug: article.slug)).path, title: article.title,
            dateISO: ISODate.format(article.publishedAt), dateText: text.date(article.publishedAt),
            updatedISO: article.updatedAt.map(ISODate.format), updatedText: article.updatedAt.map(text.date),
            author: article.author.isEmpty ? nil : article.author, summary: article.summary,
            readingTimeText: text.readingTime(minutes: article.readingMinutes), bodyHTML: article.html,
            tags: article.tags.map { TagView(name: $0.name, url: WebRoute.tag(slug: $0.slug).path) },
            image: article.image.map { ImageView(url: $0.url, alt: $0.alt, credit: $0.credit, creditURL: $0.creditURL) },
            commentCountText: text.commentCount(article.commentCount))
    }

    /// Reply links stay on the comment page they are on, so the form can name whom it answers.
    func commentView(_ node: CommentNode, replyLinks: WebRoute.ReplyLinks) -> CommentView {
        let comment = node.comment
        let canReply = !node.removed && comment.depth < comments.policy.maxDepth
        return CommentView(
            id: comment.id, anchor: "comment-\(comment.id)", name: comment.name, websiteURL: node.removed ? nil : comment.website,
            dateISO: ISODate.format(comment.createdAt), dateText: text.date(comment.createdAt),
            bodyHTML: node.removed ? "" : comment.html, removed: node.removed,
            replyURL: canReply ? replyLinks(comment.id) : nil,
            replies: node.replies.map { commentView($0, replyLinks: replyLinks) }, depth: comment.depth,
            edited: !node.removed && comment.editedAt != nil, byAuthor: !node.removed && comment.byAuthor)
    }

    /// schema.org `BlogPosting` for search engines, safe inside a script element: the writer
    /// escapes `<`, `>` and `&`, so no `</script>` can end the block early. Keys in
    /// alphabetical order, as before.
    func jsonLD(_ article: Article) -> String {
        let url = site.baseURL + WebRoute.article(slug: article.slug).path
        var pairs: [(String, JSONValue)] = [
            ("@context", "https://schema.org"), ("@type", "BlogPosting"),
            ("author", ["@type": "Person", "name": .string(article.author.isEmpty ? site.title : article.author)]),
            ("dateModified", .string(ISODate.format(article.updatedAt ?? article.publishedAt))),
            ("datePublished", .string(ISODate.format(article.publishedAt))), ("description", .string(article.summary)),
            ("headline", .string(article.title)),
        ]
        if let image = article.image { pairs.append(("image", .string(absolute(image.url)))) }
        pairs += [
            ("inLanguage", .string(site.language.rawValue)),
            ("keywords", .string(article.tags.map(\.name).joined(separator: ", "))), ("mainEntityOfPage", .string(url)),
            ("publisher", ["@type": "Organization", "name": .string(site.title)]), ("url", .string(url)),
            ("wordCount", .int(article.wordCount)),
        ]
        return String(decoding: JSONValue.object(pairs).serialized(), as: UTF8.self)
    }
}

extension WebApp {
    /// The article page for an article that is not stored (the desk's preview): the same
    /// template and model as the public page, so what the author sees is what readers will.
    public func previewPage(_ request: HTTPRequest, _ reading: ArticleWithComments) -> [UInt8] {
        if reading.article.kind == .page { return renderPage(request, reading.article) }
        return theme.article.render(articlePageModel(request, reading, form: nil, notice: nil))
    }

    /// `GET /preview/{token}`: the article a draft preview link names, as stored now, for
    /// whoever has the link. Private (`SiteRoute.isPrivate`: no-store, noindex, never in the
    /// page cache); no comment form, as nothing can be said under an unpublished article.
    func draftPreview(_ request: HTTPRequest, token: String) throws -> HTTPResponse {
        guard var reading = try store.articleForPreview(token: token) else { throw HTTPError.notFound() }
        reading.article.commentsOpen = false
        var response = HTMLResponse.make(previewPage(request, reading), cacheable: false)
        // The token is the whole secret: no link in the draft may carry it on in a Referer.
        response.headers.set("Referrer-Policy", "no-referrer")
        return response
    }
}
