import Blog
import Foundation
import HTTPServer
import JSON
import Routes

extension APIApp {
    func listArticles(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = request.queryItems
        let page = try positiveNumber(query["page"], name: "page") ?? 1
        let perPage = min(Self.maxPerPage, try positiveNumber(query["per_page"], name: "per_page") ?? Self.defaultPerPage)
        let tag = query["tag"].flatMap { $0.isEmpty ? nil : Slug.make(from: $0) }
        let result = try store.publishedArticles(page: page, perPage: perPage, tagSlug: tag)
        let total = result?.total ?? 0
        let totalPages = max(1, (total + perPage - 1) / perPage)
        let value: JSONValue = [
            "articles": .array((result?.articles ?? []).map { summaryJSON($0) }),
            "page": .int(page), "per_page": .int(perPage), "total": .int(total), "total_pages": .int(totalPages),
        ]
        var response = Self.json(value, cacheable: true)
        setPageLinks(&response, route: .articles, query: tag.map { [("tag", $0)] } ?? [], page: page, perPage: perPage,
                     totalPages: totalPages)
        return response
    }

    /// `Link` with `next` and `prev` (RFC 8288), absolute, keeping the list's other parameters.
    func setPageLinks(_ response: inout HTTPResponse, route: APIRoute, query: [(String, String)], page: Int, perPage: Int,
                      totalPages: Int) {
        func link(_ target: Int, _ rel: String) -> String {
            let url = baseURL + route.path(query: [("page", String(target)), ("per_page", String(perPage))] + query)
            return "<\(url)>; rel=\"\(rel)\""
        }
        var links: [String] = []
        if page < totalPages { links.append(link(page + 1, "next")) }
        if page > 1 { links.append(link(min(page - 1, totalPages), "prev")) }
        if !links.isEmpty { response.headers.set("Link", links.joined(separator: ", ")) }
    }

    func positiveNumber(_ text: String?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value >= 1, value <= 1_000_000 else {
            throw HTTPError(.badRequest, code: "invalid_parameter", message: "\(name) must be a positive whole number.",
                            fields: [name: "must be a positive whole number"])
        }
        return value
    }

    func showArticle(slug: String) throws -> HTTPResponse {
        guard let (article, previous, next) = try store.articleWithNeighbours(slug: slug) else {
            throw HTTPError.notFound("No article with that address.")
        }
        func link(_ link: ArticleLink?) -> JSONValue {
            link.map { ["slug": .string($0.slug), "title": .string($0.title)] } ?? .null
        }
        guard case .object(var pairs) = summaryJSON(article) else { return Self.json(.null) }
        pairs.append(("body_html", .string(article.html)))
        pairs.append(("previous", link(previous)))
        pairs.append(("next", link(next)))
        pairs.append(("comments_open", .bool(!comments.areClosed(article))))
        return Self.json(.object(pairs), cacheable: true)
    }

    func summaryJSON(_ article: Article) -> JSONValue {
        let image: JSONValue = article.image.map {
            ["url": .string(absolute($0.url)), "alt": .string($0.alt), "credit": .optional($0.credit),
             "credit_url": .optional($0.creditURL)]
        } ?? .null
        return [
            "slug": .string(article.slug), "title": .string(article.title), "summary": .string(article.summary),
            "author": .optional(article.author.isEmpty ? nil : article.author),
            "published_at": .string(ISODate.format(article.publishedAt)),
            "updated_at": .optional(article.updatedAt.map(ISODate.format)),
            "tags": .array(article.tags.map { .string($0.name) }),
            "image": image, "comment_count": .int(article.commentCount),
            "url": .string(baseURL + (article.kind == .page ? WebRoute.page(slug: article.slug) : WebRoute.article(slug: article.slug)).path),
        ]
    }

    func absolute(_ url: String) -> String { url.hasPrefix("/") ? baseURL + url : url }

    // MARK: - Admin

    func createArticle(_ request: HTTPRequest) throws -> HTTPResponse {
        let input = try parseMarkdown(request, slug: nil)
        if try store.article(slug: input.slug, includeDrafts: true) != nil {
            throw HTTPError(.conflict, code: "slug_taken", message: "An article with this slug exists; use PUT to replace it.")
        }
        try save(input)
        return try adminArticleResponse(slug: input.slug, status: .created)
    }

    func replaceArticle(_ request: HTTPRequest, slug: String) throws -> HTTPResponse {
        guard try store.article(slug: slug, includeDrafts: true) != nil else { throw HTTPError.notFound("No article with that slug.") }
        let input = try parseMarkdown(request, slug: slug)
        guard input.slug == slug else {
            throw HTTPError(.unprocessableContent, code: "invalid_article", message: "slug: must match the address",
                            fields: ["slug": "must match the address"])
        }
        try save(input)
        return try adminArticleResponse(slug: slug, status: .ok)
    }

    /// Stores an article; what only the store can refuse (a page on an address of the site)
    /// is a 422 like any invalid field.
    private func save(_ input: ArticleInput) throws {
        do {
            try store.upsert([input])
        } catch let error as BlogError {
            throw DomainHTTPErrors.map(error)
        }
    }

    func deleteArticle(slug: String) throws -> HTTPResponse {
        do {
            try store.deleteArticle(slug: slug)
        } catch BlogError.articleNotFound {
            throw HTTPError.notFound("No article with that slug.")
        }
        return HTTPResponse(status: .noContent)
    }

    /// `{"markdown": "---\nfront matter\n---\nbody"}`, parsed exactly like an imported file.
    private func parseMarkdown(_ request: HTTPRequest, slug: String?) throws -> ArticleInput {
        let object = try Self.jsonObject(request)
        guard let markdown = object["markdown"] as? String else {
            throw HTTPError(.unprocessableContent, code: "invalid_article", message: "markdown: required",
                            fields: ["markdown": "required (a string with front matter and body)"])
        }
        var text = markdown
        if let slug, !markdown.contains("\nslug:") {
            // The address names the article when the document does not.
            text = markdown.replacingOccurrences(of: "---\n", with: "---\nslug: \(slug)\n", options: [], range: markdown.range(of: "---\n"))
        }
        do {
            return try ArticleDocument.parse(text, source: "markdown", timeZone: importer.timeZone)
        } catch {
            throw DomainHTTPErrors.map(error)
        }
    }

    private func adminArticleResponse(slug: String, status: HTTPStatus) throws -> HTTPResponse {
        guard let article = try store.article(slug: slug, includeDrafts: true) else { throw HTTPError.notFound() }
        guard case .object(var pairs) = summaryJSON(article) else { return Self.json(.null) }
        pairs.append(("draft", .bool(article.draft)))
        pairs.append(("state", .string(article.state.rawValue))) // a date ahead: "scheduled"
        pairs.append(("kind", .string(article.kind.rawValue)))
        pairs.append(("nav_order", article.navOrder.map { .int($0) } ?? .null))
        pairs.append(("body_html", .string(article.html)))
        var response = Self.json(.object(pairs), status: status)
        response.headers.set("Location", APIRoute.article(slug: slug).path)
        return response
    }
}
