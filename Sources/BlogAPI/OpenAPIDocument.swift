import HTTPServer
import JSON

/// The OpenAPI 3.1 description of every public and admin route (`GET /api/openapi.json`).
enum OpenAPIDocument {
    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    private static func string(_ format: String? = nil, nullable: Bool = false) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("type", nullable ? ["string", "null"] : "string")]
        if let format { pairs.append(("format", .string(format))) }
        return .object(pairs)
    }
    private static let integer: JSONValue = ["type": "integer"]
    private static func object(_ properties: [(String, JSONValue)], required: [String]? = nil) -> JSONValue {
        .object([("type", "object"), ("properties", .object(properties)),
                 ("required", .array((required ?? properties.map(\.0)).map(JSONValue.string)))])
    }
    private static func jsonContent(_ schema: JSONValue) -> JSONValue {
        ["application/json": ["schema": schema]]
    }
    private static func response(_ description: String, _ schema: JSONValue? = nil, headers: JSONValue? = nil,
                                 links: JSONValue? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("description", .string(description))]
        if let schema { pairs.append(("content", jsonContent(schema))) }
        if let headers { pairs.append(("headers", headers)) }
        if let links { pairs.append(("links", links)) }
        return .object(pairs)
    }
    private static func error(_ description: String, headers: JSONValue? = nil) -> JSONValue {
        response(description, ref("Error"), headers: headers)
    }
    private static func header(_ description: String, _ schema: JSONValue = ["type": "string"]) -> JSONValue {
        ["description": .string(description), "required": true, "schema": schema]
    }
    /// `Retry-After` in seconds, sent with 429 and with 503 from storage trouble (an overloaded server may omit it).
    private static let retryAfter: JSONValue = ["Retry-After": header("Seconds to wait", ["type": "string", "pattern": "^[0-9]+$"])]
    /// A response's value handed to another operation's parameter (OpenAPI links, used by stateful testers).
    private static func link(_ operationID: String, _ parameters: [(String, String)]) -> JSONValue {
        ["operationId": .string(operationID), "parameters": .object(parameters.map { ($0.0, JSONValue.string($0.1)) })]
    }
    private static func parameter(_ name: String, in location: String, _ schema: JSONValue, required: Bool = false) -> JSONValue {
        ["name": .string(name), "in": .string(location), "required": .bool(required || location == "path"), "schema": schema]
    }
    private static let slug = parameter("slug", in: "path", ["type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"])
    private static let commentID = parameter("id", in: "path", ["type": "integer", "minimum": 1])
    private static let admin: JSONValue = [["bearer": []]]
    private static let adminErrors: [(String, JSONValue)] = [
        ("401", error("Missing or wrong admin token", headers: ["WWW-Authenticate": header("Bearer realm=\"feder\"")])),
        ("404", error("No admin token is configured, or the resource does not exist")),
    ]

    private static func operation(_ id: String, _ summary: String, tags: [String], parameters: [JSONValue] = [],
                                  body: JSONValue? = nil, responses: [(String, JSONValue)], secured: Bool = false) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("operationId", .string(id)), ("summary", .string(summary)),
                                            ("tags", .array(tags.map(JSONValue.string)))]
        if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
        if let body { pairs.append(("requestBody", ["required": true, "content": jsonContent(body)])) }
        var allResponses = responses
        if secured { allResponses += adminErrors.filter { code in !responses.contains { $0.0 == code.0 } } }
        allResponses.append(("503", error("Overloaded or storage unavailable")))
        pairs.append(("responses", .object(allResponses)))
        if secured { pairs.append(("security", admin)) }
        return .object(pairs)
    }

    static func build(baseURL: String) -> JSONValue {
        // The honeypot counts as filled when it holds anything but the whitespace that trimming removes.
        let visible = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        let filledHoneypot: JSONValue = ["type": "string", "pattern": .string(visible)]
        let text: JSONValue = ["type": ["string", "null"]]
        let commentInput: JSONValue = ["anyOf": [
            object([
                ("name", ["type": "string", "minLength": 1, "maxLength": 100]),
                ("email", ["type": "string", "format": "email", "minLength": 1, "maxLength": 254]),
                ("website", ["type": ["string", "null"], "maxLength": 200]),
                ("body", ["type": "string", "minLength": 1, "maxLength": 10000]),
                ("parent_id", ["type": ["integer", "null"], "minimum": 1]),
                ("homepage", ["description": "Honeypot: leave empty", "not": filledHoneypot]),
                ("notify", ["type": ["boolean", "null"], "description": "Mail me replies (double opt-in; only while mail is on)"]),
                ("notify_article", ["type": ["boolean", "null"], "description": "Mail me new comments on this article"]),
            ], required: ["name", "email", "body"]),
            // A filled honeypot: a bot learns nothing. With wrong fields, or a repeat, the answer is a
            // 201 that looks like a held comment and nothing is stored; otherwise it is stored as spam.
            object([("name", text), ("email", text), ("website", text), ("body", text),
                    ("parent_id", ["type": ["integer", "null"]]), ("homepage", filledHoneypot),
                    ("notify", ["type": ["boolean", "null"]]), ("notify_article", ["type": ["boolean", "null"]])],
                   required: ["homepage"]),
        ]]
        let page = parameter("page", in: "query", ["type": "integer", "minimum": 1, "maximum": 1000000])
        let perPage = parameter("per_page", in: "query", ["type": "integer", "minimum": 1, "maximum": 1000000, "description": "capped at 100"])
        let paths: JSONValue = [
            "/api/articles": ["get": operation("listArticles", "List published articles, newest first", tags: ["articles"], parameters: [
                page, perPage, parameter("tag", in: "query", ["type": "string"]),
            ], responses: [
                ("200", response("A page of articles", ref("ArticleList"), headers: ["Link": ["schema": ["type": "string"]]])),
                ("400", error("Invalid page or per_page")),
            ])],
            "/api/articles/{slug}": ["get": operation("getArticle", "One article", tags: ["articles"], parameters: [slug], responses: [
                ("200", response("The article", ref("Article"))), ("400", error("Malformed path")), ("404", error("No such article")),
            ])],
            "/api/articles/{slug}/comments": [
                "get": operation("listComments", "Approved comments of an article, 50 a page by default", tags: ["comments"],
                                 parameters: [slug, page, perPage], responses: [
                    ("200", response("A page of comments in thread order (each reply after what it answers)", ref("CommentList"),
                                     headers: ["Link": ["schema": ["type": "string"]]])),
                    ("400", error("Malformed path, page or per_page")), ("404", error("No such article")),
                ]),
                "post": operation("postComment", "Post a comment", tags: ["comments"], parameters: [slug], body: commentInput, responses: [
                    ("201", response("Stored; status tells whether it is published (a filled honeypot gets the same answer)",
                                     ref("CreatedComment"),
                                     headers: ["Location": header(
                                        "/articles/{slug}/comments/{id}, which redirects to the comment's page (/articles/{slug}#comment-{id} when comments.perPage is 0)")],
                                     links: ["ApproveComment": link("approveComment", [("id", "$response.body#/id")]),
                                             "MarkCommentAsSpam": link("markCommentAsSpam", [("id", "$response.body#/id")]),
                                             "DeleteComment": link("deleteComment", [("id", "$response.body#/id")])])),
                    ("400", error("Malformed JSON")), ("403", error("Comments are closed (comments_closed)")),
                    ("404", error("No such article")), ("409", error("Duplicate comment")), ("413", error("Body too large")),
                    ("415", error("Not application/json")), ("422", error("Validation failed; see fields")),
                    ("429", error("Rate limited; see Retry-After", headers: retryAfter)),
                ]),
            ],
            "/api/openapi.json": ["get": ["operationId": "getOpenAPIDocument", "summary": "This document", "tags": ["meta"],
                                          "responses": ["200": ["description": "OpenAPI 3.1 document",
                                                                "content": ["application/json": ["schema": ["type": "object"]]]]]]],
            "/api/admin/articles": ["post": operation("createArticle", "Create an article from Markdown with front matter", tags: ["admin"],
                                                      body: object([("markdown", ["type": "string"])]), responses: [
                ("201", response("Created", ref("AdminArticle"), headers: ["Location": header("/api/articles/{slug}")],
                                 links: ["ReplaceArticle": link("replaceArticle", [("slug", "$response.body#/slug")]),
                                         "DeleteArticle": link("deleteArticle", [("slug", "$response.body#/slug")])])),
                ("400", error("Malformed JSON")), ("409", error("Slug already used")), ("413", error("Body too large")),
                ("415", error("Not application/json")), ("422", error("Invalid document; see fields")),
            ], secured: true)],
            "/api/admin/articles/{slug}": [
                "put": operation("replaceArticle", "Replace an article", tags: ["admin"], parameters: [slug],
                                 body: object([("markdown", ["type": "string"])]), responses: [
                    ("200", response("Replaced", ref("AdminArticle"))), ("400", error("Malformed JSON")),
                    ("413", error("Body too large")), ("415", error("Not application/json")),
                    ("422", error("Invalid document; see fields")),
                ], secured: true),
                "delete": operation("deleteArticle", "Delete an article and its comments", tags: ["admin"], parameters: [slug], responses: [
                    ("204", ["description": "Deleted"]), ("400", error("Malformed path")),
                ], secured: true),
            ],
            "/api/admin/comments": ["get": operation("listCommentsForModeration", "Comments by status, with emails", tags: ["admin"], parameters: [
                parameter("status", in: "query", ["type": "string", "enum": ["pending", "approved", "spam"]]),
                parameter("page", in: "query", ["type": "integer", "minimum": 1]),
            ], responses: [
                ("200", response("A page of comments", object([
                    ("comments", ["type": "array", "items": ref("AdminComment")]), ("page", integer), ("per_page", integer),
                    ("total", integer), ("total_pages", integer),
                ]))), ("400", error("Invalid status or page")),
            ], secured: true)],
            "/api/admin/comments/{id}/approve": ["post": operation("approveComment", "Approve a comment", tags: ["admin"], parameters: [commentID],
                                                                   responses: [("200", response("Approved", ref("AdminComment"))), ("400", error("Malformed path"))], secured: true)],
            "/api/admin/comments/{id}/spam": ["post": operation("markCommentAsSpam", "Mark a comment as spam", tags: ["admin"], parameters: [commentID],
                                                                responses: [("200", response("Marked", ref("AdminComment"))), ("400", error("Malformed path"))], secured: true)],
            "/api/admin/comments/{id}": ["delete": operation("deleteComment", "Delete a comment (replies stay)", tags: ["admin"], parameters: [commentID],
                                                             responses: [("204", ["description": "Deleted"]), ("400", error("Malformed path"))], secured: true)],
            "/api/admin/personal-data": ["get": operation("exportPersonalData", "Every comment and subscription of an email address",
                                                          tags: ["admin"], parameters: [
                parameter("email", in: "query", ["type": "string", "minLength": 1], required: true),
            ], responses: [
                ("200", response("Comments and mail subscriptions", object([
                    ("comments", ["type": "array", "items": ref("AdminComment")]),
                    ("subscriptions", ["type": "array", "items": object([
                        ("id", ["type": "integer"]), ("kind", ["type": "string", "enum": ["replies", "article"]]),
                        ("article", ["type": "string"]), ("comment_id", ["type": ["integer", "null"]]),
                        ("confirmed", ["type": "boolean"]), ("created_at", ["type": "string", "format": "date-time"]),
                    ])]),
                ]))),
                ("400", error("email missing")),
            ], secured: true)],
            "/api/admin/personal-data/erase": ["post": operation("erasePersonalData", "Anonymise every comment of an email address", tags: ["admin"],
                                                                 body: object([
                                                                     ("email", ["type": "string", "minLength": 1]),
                                                                     ("remove_bodies", ["type": ["boolean", "null"],
                                                                                        "description": "also delete the texts; absent or null = false"]),
                                                                 ], required: ["email"]),
                                                                 responses: [
                ("200", response("Count of comments changed", object([("erased", integer)]))), ("400", error("Malformed JSON")),
                ("413", error("Body too large")), ("415", error("Not application/json")),
                ("422", error("email missing, or remove_bodies not true or false")),
            ], secured: true)],
        ]
        let image: JSONValue = ["oneOf": [["type": "null"], object([
            ("url", string()), ("alt", string()), ("credit", string(nullable: true)), ("credit_url", string(nullable: true)),
        ])]]
        let link: JSONValue = ["oneOf": [["type": "null"], object([("slug", string()), ("title", string())])]]
        let summary: [(String, JSONValue)] = [
            ("slug", string()), ("title", string()), ("summary", string()), ("author", string(nullable: true)),
            ("published_at", string("date-time")), ("updated_at", string("date-time", nullable: true)),
            ("tags", ["type": "array", "items": ["type": "string"]]), ("image", image), ("comment_count", integer), ("url", string()),
        ]
        let comment: [(String, JSONValue)] = [
            ("id", integer), ("parent_id", ["type": ["integer", "null"]]), ("name", string()), ("website", string(nullable: true)),
            ("body_html", string()), ("created_at", string("date-time")),
            ("edited_at", ["type": ["string", "null"], "format": "date-time", "description": "When a moderator last edited it"]),
            ("by_author", ["type": "boolean", "description": "Written by the blog's author from the desk"]),
            ("url", ["type": "string", "description": "The comment's permalink; it redirects to the page that shows it"]),
        ]
        let status: JSONValue = ["type": "string", "enum": ["pending", "approved", "spam", "deleted"]]
        let schemas: JSONValue = [
            "ArticleSummary": object(summary),
            "Article": object(summary + [("body_html", string()), ("previous", link), ("next", link), ("comments_open", ["type": "boolean"])]),
            "AdminArticle": object(summary + [("draft", ["type": "boolean"]),
                                             ("state", ["type": "string", "enum": ["draft", "scheduled", "published"]]),
                                             ("kind", ["type": "string", "enum": ["article", "page"]]),
                                             ("nav_order", ["type": ["integer", "null"]]), ("body_html", string())]),
            "ArticleList": object([("articles", ["type": "array", "items": ref("ArticleSummary")]), ("page", integer),
                                   ("per_page", integer), ("total", integer), ("total_pages", integer)]),
            "Comment": object(comment),
            "CommentList": object([("comments", ["type": "array", "items": ref("Comment")]), ("page", integer),
                                   ("per_page", integer), ("total", integer), ("total_pages", integer)]),
            "CreatedComment": object(comment + [("status", ["type": "string", "enum": ["approved", "pending"]])]),
            "AdminComment": object(comment + [("status", status), ("email", string(nullable: true)), ("body", string()),
                                              ("article_slug", string())]),
            "Error": object([("error", string()), ("message", string()),
                             ("fields", ["type": "object", "additionalProperties": ["type": "string"]])],
                            required: ["error", "message"]),
        ]
        return [
            "openapi": "3.1.0",
            "info": ["title": "Feder API", "version": "1.0.0",
                     "description": "Articles and comments of a Feder blog. Emails are never returned except to admins."],
            "servers": [["url": .string(baseURL)]],
            "paths": paths,
            "components": ["schemas": schemas,
                           "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
        ]
    }
}

extension APIApp {
    func openAPI() -> HTTPResponse {
        Self.json(OpenAPIDocument.build(baseURL: baseURL), cacheable: true)
    }
}
