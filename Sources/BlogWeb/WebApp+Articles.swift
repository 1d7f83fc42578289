import Blog
import Foundation
import HTTPServer

extension WebApp {
    // MARK: - Lists

    func home(_ request: HTTPRequest) throws -> HTTPResponse {
        let page = try pageNumber(request)
        guard let result = try store.publishedArticles(page: page, perPage: Self.perPage) else { throw HTTPError.notFound() }
        var chrome = chrome(request, title: page == 1 ? nil : text.format("pageOf", page, result.totalPages),
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

    func archive(_ request: HTTPRequest) throws -> HTTPResponse {
        let articles = try store.allArticles()
        var years: [ArchiveYear] = []
        var currentYear: (year: Int, months: [(month: Int, entries: [ArchiveEntry])])?
        func closeYear() {
            guard let year = currentYear else { return }
            years.append(ArchiveYear(year: year.year, months: year.months.map {
                ArchiveMonth(name: text.monthName($0.month), articles: $0.entries)
            }))
        }
        for article in articles {
            let (year, month) = text.yearMonth(article.publishedAt)
            let entry = ArchiveEntry(url: Paths.article(article.slug), title: article.title,
                                     dateText: text.date(article.publishedAt), dateISO: ISODate.format(article.publishedAt))
            if currentYear?.year != year {
                closeYear()
                currentYear = (year, [])
            }
            if currentYear!.months.last?.month == month {
                currentYear!.months[currentYear!.months.count - 1].entries.append(entry)
            } else {
                currentYear!.months.append((month, [entry]))
            }
        }
        closeYear()
        var chrome = chrome(request, title: text["archiveHeading"], canonicalPath: "/archive")
        chrome.nav.archive = true
        return HTMLResponse.make(theme.archive.render(ArchivePageView(chrome: chrome, years: years)), cacheable: true)
    }

    func search(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = String((request.queryItems["q"] ?? "").prefix(200))
        var chrome = chrome(request, title: text["searchHeading"], canonicalPath: "/search", noindex: true)
        chrome.query = query
        chrome.nav.search = true
        var page = SearchPageView(chrome: chrome)
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
        guard let article = try store.article(slug: slug) else { throw HTTPError.notFound() }
        let notice = request.queryItems["comment"] == "pending" ? text["awaitingModeration"] : nil
        let page = try articlePageModel(request, article: article, form: nil, notice: notice)
        return HTMLResponse.make(theme.article.render(page), cacheable: true)
    }

    /// The article page's model; `form` carries typed values and errors after a failed post.
    func articlePageModel(_ request: HTTPRequest, article: Article, form: (values: FormValues, issues: [CommentField: CommentIssue])?,
                          notice: String?) throws -> ArticlePageView {
        let neighbours = try store.neighbours(of: article)
        let threads = try store.commentThreads(articleID: article.id)
        var values = form?.values ?? FormValues()
        var replyTo: ReplyTarget?
        if form == nil, let replyID = request.queryItems["replyto"].flatMap(Int.init) {
            values.parentId = String(replyID)
        }
        if let parentID = Int(values.parentId), let parent = Self.find(parentID, in: threads), !parent.removed {
            replyTo = ReplyTarget(id: parentID, name: parent.comment.name, cancelURL: Paths.article(article.slug) + "#respond")
        }
        let chrome = chrome(request, title: article.title, description: article.summary,
                            canonicalPath: Paths.article(article.slug), ogType: "article",
                            ogImage: article.image.map { absolute($0.url) }, jsonLD: jsonLD(article))
        return ArticlePageView(
            chrome: chrome, article: articleView(article),
            previous: neighbours.previous.map { LinkView(url: Paths.article($0.slug), title: $0.title) },
            next: neighbours.next.map { LinkView(url: Paths.article($0.slug), title: $0.title) },
            comments: threads.map { commentView($0, slug: article.slug) }, commentPages: nil,
            commentsOpen: !comments.areClosed(article), commentsClosedText: text["commentsClosed"], notice: notice,
            form: formView(article: article, values: values, issues: form?.issues ?? [:], replyTo: replyTo))
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

    func commentView(_ node: CommentNode, slug: String) -> CommentView {
        let comment = node.comment
        let canReply = !node.removed && comment.depth < comments.policy.maxDepth
        return CommentView(
            id: comment.id, anchor: "comment-\(comment.id)", name: comment.name, websiteURL: node.removed ? nil : comment.website,
            dateISO: ISODate.format(comment.createdAt), dateText: text.date(comment.createdAt),
            bodyHTML: node.removed ? "" : CommentText.html(comment.body), removed: node.removed,
            replyURL: canReply ? "?replyto=\(comment.id)#respond" : nil,
            replies: node.replies.map { commentView($0, slug: slug) }, depth: comment.depth)
    }

    /// schema.org `BlogPosting` for search engines, safe inside a script element.
    func jsonLD(_ article: Article) -> String {
        var object: [String: Any] = [
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": article.title,
            "description": article.summary,
            "datePublished": ISODate.format(article.publishedAt),
            "dateModified": ISODate.format(article.updatedAt ?? article.publishedAt),
            "url": site.baseURL + Paths.article(article.slug),
            "mainEntityOfPage": site.baseURL + Paths.article(article.slug),
            "inLanguage": site.language.rawValue,
            "author": ["@type": "Person", "name": article.author.isEmpty ? site.title : article.author],
            "publisher": ["@type": "Organization", "name": site.title],
            "keywords": article.tags.map(\.name).joined(separator: ", "),
            "wordCount": article.wordCount,
        ]
        if let image = article.image { object["image"] = absolute(image.url) }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return HTMLText.scriptSafeJSON(String(decoding: data, as: UTF8.self))
    }
}
