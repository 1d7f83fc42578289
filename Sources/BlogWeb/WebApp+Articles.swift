import Blog
import Foundation
import HTTPServer
import JSON

extension WebApp {
    // MARK: - Lists

    func home(_ request: HTTPRequest) throws -> HTTPResponse {
        let page = try pageNumber(request)
        guard let result = try store.publishedArticles(page: page, perPage: Self.perPage) else { throw HTTPError.notFound() }
        let chrome = chrome(request, title: page == 1 ? nil : text.format("pageOf", page, result.totalPages),
                            canonicalPath: Paths.page("/", page))
        chrome.nav.home = true
        return HTMLResponse.make(theme.list.render(listPage(chrome, heading: nil, result, base: "/")), cacheable: true)
    }

    func tagPage(_ request: HTTPRequest, tagSlug: String) throws -> HTTPResponse {
        guard let tag = try store.tag(slug: tagSlug) else { throw HTTPError.notFound() }
        let page = try pageNumber(request)
        guard let result = try store.publishedArticles(page: page, perPage: Self.perPage, tagSlug: tag.slug) else {
            throw HTTPError.notFound()
        }
        let heading = text.format("taggedHeading", tag.name)
        let chrome = chrome(request, title: heading, canonicalPath: Paths.page(Paths.tag(tag.slug), page))
        return HTMLResponse.make(theme.list.render(listPage(chrome, heading: heading, result, base: Paths.tag(tag.slug))),
                                 cacheable: true)
    }

    private func listPage(_ chrome: PageChrome, heading: String?, _ result: ArticlePage, base: String) -> ListPageView {
        var pagination: PaginationView?
        if result.totalPages > 1 {
            pagination = PaginationView(
                page: result.page, totalPages: result.totalPages,
                prevURL: result.page > 1 ? Paths.page(base, result.page - 1) : nil,
                nextURL: result.page < result.totalPages ? Paths.page(base, result.page + 1) : nil,
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
            months.append(ArchiveMonth(name: text.monthName(month.month), url: Paths.archiveMonth(month.year, month.month),
                                       count: month.count, countText: archiveCount(month.count)))
            if index == all.count - 1 || all[index + 1].year != month.year {
                years.append(ArchiveYear(year: month.year, months: months))
                months = []
            }
        }
        let chrome = chrome(request, title: text["archiveHeading"], canonicalPath: Paths.archive)
        chrome.nav.archive = true
        return HTMLResponse.make(theme.archive.render(ArchivePageView(chrome: chrome, years: years)), cacheable: true)
    }

    /// `GET /archive/{year}/{month}`: that month's articles, newest first, 100 a page.
    func archiveMonth(_ request: HTTPRequest, year yearText: String, month monthText: String) throws -> HTTPResponse {
        guard yearText.utf8.count == 4, monthText.utf8.count == 2, let year = Int(yearText), let month = Int(monthText),
              (1...12).contains(month) else { throw HTTPError.notFound() }
        let page = try pageNumber(request)
        guard let result = try store.archive(year: year, month: month, in: site.timeZone, page: page, perPage: Self.archivePerPage)
        else { throw HTTPError.notFound() }
        let base = Paths.archiveMonth(year, month)
        let totalPages = (result.total + Self.archivePerPage - 1) / Self.archivePerPage
        let heading = "\(text.monthName(month)) \(year)"
        let chrome = chrome(request, title: page == 1 ? heading : "\(heading) – \(text.format("pageOf", page, totalPages))",
                            canonicalPath: Paths.page(base, page))
        chrome.nav.archive = true
        let entries = result.articles.map {
            ArchiveEntry(url: Paths.article($0.slug), title: $0.title, dateText: text.date($0.publishedAt),
                         dateISO: ISODate.format($0.publishedAt))
        }
        let pagination = totalPages > 1 ? PaginationView(
            page: page, totalPages: totalPages, prevURL: page > 1 ? Paths.page(base, page - 1) : nil,
            nextURL: page < totalPages ? Paths.page(base, page + 1) : nil, label: text.format("pageOf", page, totalPages)) : nil
        return HTMLResponse.make(theme.archiveMonth.render(ArchiveMonthPageView(
            chrome: chrome, heading: heading, articles: entries, pagination: pagination, archiveURL: Paths.archive)), cacheable: true)
    }

    private func archiveCount(_ count: Int) -> String {
        count == 1 ? text["archiveCountOne"] : text.format("archiveCountMany", count)
    }

    func search(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = String((request.queryItems["q"] ?? "").prefix(200))
        let chrome = chrome(request, title: text["searchHeading"], canonicalPath: "/search", noindex: true)
        chrome.query = query
        chrome.nav.search = true
        let page = SearchPageView(chrome: chrome)
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            page.message = text["searchEmpty"]
        } else if let hits = try store.search(trimmed) {
            page.hasQuery = true
            page.results = hits.map {
                SearchResultView(url: Paths.article($0.article.slug), title: $0.article.title,
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

    func articlePage(_ request: HTTPRequest, slug: String) throws -> HTTPResponse {
        let page = try commentPageNumber(request)
        let policy = comments.policy
        guard let reading = try store.articleWithComments(slug: slug, page: page, perPage: policy.perPage, order: policy.order)
        else { throw HTTPError.notFound() }
        let notice = request.queryItems["comment"] == "pending" ? text["awaitingModeration"] : nil
        let model = articlePageModel(request, reading, form: nil, notice: notice)
        return HTMLResponse.make(theme.article.render(model), cacheable: true)
    }

    /// `GET /articles/{slug}/comments/{id}`: a comment's lasting address, redirected to the page
    /// that shows it now (pages move as threads come and go).
    func commentPermalink(slug: String, id: String) throws -> HTTPResponse {
        let policy = comments.policy
        guard let id = Int(id), id > 0, let location = try store.commentLocation(id: id, perPage: policy.perPage, order: policy.order),
              location.slug == slug else { throw HTTPError.notFound() }
        var response = HTTPResponse.redirect(to: Paths.comment(slug, id: id, page: location.page), status: .found)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// The `cpage` query parameter: absent is 1; anything but a positive number is a 404.
    func commentPageNumber(_ request: HTTPRequest) throws -> Int {
        guard let value = request.queryItems["cpage"] else { return 1 }
        guard let page = Int(value), page >= 1, page <= 1_000_000 else { throw HTTPError.notFound() }
        return page
    }

    /// The article page's model; `form` carries typed values and errors after a failed post.
    func articlePageModel(_ request: HTTPRequest, _ reading: ArticleWithComments,
                          form: (values: FormValues, issues: [CommentField: CommentIssue])?, notice: String?) -> ArticlePageView {
        let (article, page) = (reading.article, reading.comments)
        let values = form?.values ?? FormValues()
        var replyTo: ReplyTarget?
        if form == nil, let replyID = request.queryItems["replyto"].flatMap(Int.init) {
            values.parentId = String(replyID)
        }
        let here = Paths.commentPage(article.slug, page.page)
        if let parentID = Int(values.parentId), let parent = Self.find(parentID, in: page.threads), !parent.removed {
            replyTo = ReplyTarget(id: parentID, name: parent.comment.name, cancelURL: here + "#respond")
        }
        let pageLabel = page.pageCount > 1 ? text.format("commentPageOf", page.page, page.pageCount) : nil
        let chrome = chrome(request, title: pageLabel.map { "\(article.title) – \($0)" } ?? article.title,
                            description: article.summary, canonicalPath: here, ogType: "article",
                            ogImage: article.image.map { absolute($0.url) }, jsonLD: jsonLD(article))
        return ArticlePageView(
            chrome: chrome, article: articleView(article),
            previous: reading.previous.map { LinkView(url: Paths.article($0.slug), title: $0.title) },
            next: reading.next.map { LinkView(url: Paths.article($0.slug), title: $0.title) },
            comments: page.threads.map { [replyBase = Self.replyBase(here)] in commentView($0, replyBase: replyBase) },
            commentPages: pageLabel.map { commentPagesView(article.slug, page, label: $0) },
            commentsOpen: !comments.areClosed(article), commentsClosedText: text["commentsClosed"], notice: notice,
            form: formView(article: article, values: values, issues: form?.issues ?? [:], replyTo: replyTo, cancelURL: here))
    }

    /// Links between comment pages, named by what they lead to: older or newer comments.
    private func commentPagesView(_ slug: String, _ page: CommentPage, label: String) -> CommentPagesView {
        let oldestFirst = comments.policy.order == .oldest
        return CommentPagesView(
            label: label,
            previousURL: page.page > 1 ? Paths.commentPage(slug, page.page - 1) + "#comments" : nil,
            previousText: text[oldestFirst ? "olderComments" : "newerComments"],
            nextURL: page.page < page.pageCount ? Paths.commentPage(slug, page.page + 1) + "#comments" : nil,
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
            url: Paths.article(article.slug), title: article.title,
            dateISO: ISODate.format(article.publishedAt), dateText: text.date(article.publishedAt),
            updatedISO: article.updatedAt.map(ISODate.format), updatedText: article.updatedAt.map(text.date),
            author: article.author.isEmpty ? nil : article.author, summary: article.summary,
            readingTimeText: text.readingTime(minutes: article.readingMinutes), bodyHTML: article.html,
            tags: article.tags.map { TagView(name: $0.name, url: Paths.tag($0.slug)) },
            image: article.image.map { ImageView(url: $0.url, alt: $0.alt, credit: $0.credit, creditURL: $0.creditURL) },
            commentCountText: text.commentCount(article.commentCount))
    }

    /// Reply links stay on the comment page they are on, so the form can name whom it answers.
    static func replyBase(_ commentPage: String) -> String {
        commentPage + (commentPage.contains("?") ? "&replyto=" : "?replyto=")
    }

    func commentView(_ node: CommentNode, replyBase: String) -> CommentView {
        let comment = node.comment
        let canReply = !node.removed && comment.depth < comments.policy.maxDepth
        return CommentView(
            id: comment.id, anchor: "comment-\(comment.id)", name: comment.name, websiteURL: node.removed ? nil : comment.website,
            dateISO: ISODate.format(comment.createdAt), dateText: text.date(comment.createdAt),
            bodyHTML: node.removed ? "" : comment.html, removed: node.removed,
            replyURL: canReply ? replyBase + "\(comment.id)#respond" : nil,
            replies: node.replies.map { commentView($0, replyBase: replyBase) }, depth: comment.depth)
    }

    /// schema.org `BlogPosting` for search engines, safe inside a script element: the writer
    /// escapes `<`, `>` and `&`, so no `</script>` can end the block early. Keys in
    /// alphabetical order, as before.
    func jsonLD(_ article: Article) -> String {
        let url = site.baseURL + Paths.article(article.slug)
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
