import Blog
import Foundation
import HTTPServer
import JSON
import Routes

extension APIApp {
    static let defaultCommentsPerPage = 50

    /// `GET /api/articles/{slug}/comments?page=&per_page=`: approved comments in thread order
    /// (a reply after what it answers), paged like `/api/articles`.
    func listComments(_ request: HTTPRequest, slug: String) throws -> HTTPResponse {
        let query = request.queryItems
        let page = try positiveNumber(query["page"], name: "page") ?? 1
        let perPage = min(Self.maxPerPage, try positiveNumber(query["per_page"], name: "per_page") ?? Self.defaultCommentsPerPage)
        guard let result = try store.approvedComments(slug: slug, page: page, perPage: perPage) else {
            throw HTTPError.notFound("No article with that address.")
        }
        let totalPages = max(1, (result.total + perPage - 1) / perPage)
        var response = Self.json([
            "comments": .array(result.comments.map { publicJSON($0, slug: slug) }),
            "page": .int(page), "per_page": .int(perPage), "total": .int(result.total), "total_pages": .int(totalPages),
        ], cacheable: true)
        setPageLinks(&response, route: .comments(slug: slug), query: [], page: page, perPage: perPage, totalPages: totalPages)
        return response
    }

    /// The public view of a comment: never the email. Its `url` is its lasting address, which
    /// redirects to the comment page that shows it.
    func publicJSON(_ comment: Comment, slug: String, status: CommentStatus? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .int(comment.id)), ("parent_id", .optional(comment.parentID)), ("name", .string(comment.name)),
            ("website", .optional(comment.website)), ("body_html", .string(comment.html)),
            ("created_at", .string(ISODate.format(comment.createdAt))),
            // What the page shows as "Edited by a moderator." and the "Author" badge.
            ("edited_at", .optional(comment.editedAt.map(ISODate.format))), ("by_author", .bool(comment.byAuthor)),
            ("url", .string(baseURL + WebRoute.commentPermalink(slug: slug, id: comment.id).path)),
        ]
        if let status { pairs.append(("status", .string(status.rawValue))) }
        return .object(pairs)
    }

    /// `POST /api/articles/{slug}/comments`: the same submission path as the form, deferred
    /// like it: started on the event loop, answered once the comment is committed.
    func postComment(_ request: HTTPRequest, slug: String, reply: DeferredReply) throws {
        let object = try Self.jsonObject(request)
        var issues: [CommentField: CommentIssue] = [:]
        func field(_ name: String, _ key: CommentField?) -> String {
            switch object[name] {
            case nil, is NSNull: return ""
            case is String where key == .parentID:
                issues[.parentID] = .invalid // the OpenAPI document says integer or null (issue #13)
                return ""
            case let text as String: return text
            case let number as NSNumber where key == .parentID && Self.isInteger(number):
                return number.stringValue
            default:
                if let key { issues[key] = .invalid }
                return ""
            }
        }
        func flag(_ name: String) throws -> Bool {
            switch object[name] {
            case nil, is NSNull: return false
            case let value as NSNumber where String(cString: value.objCType) == "c": return value.boolValue
            default:
                throw HTTPError(.badRequest, code: "invalid_parameter", message: "\(name) must be true or false.",
                                fields: [name: "invalid"])
            }
        }
        let draft = CommentDraft(name: field("name", .name), email: field("email", .email), website: field("website", .website),
                                 body: field("body", .body), parentID: field("parent_id", .parentID),
                                 honeypot: field("homepage", nil), notify: try flag("notify"),
                                 notifyArticle: try flag("notify_article"))
        if !issues.isEmpty {
            // Wrong types are reported together with every other problem of the draft.
            throw DomainHTTPErrors.map(.invalidComment(draft.trimmed.fieldIssues().merging(issues) { _, typeIssue in typeIssue }))
        }
        comments.submit(draft, toArticle: slug, clientAddress: request.remoteAddress) { result in
            switch result {
            case .success(let result):
                let status: CommentStatus = result.caughtAsSpam ? .pending : result.comment.status
                var response = Self.json(publicJSON(result.comment, slug: slug, status: status), status: .created)
                // With comment pages, the permalink finds the page; without, the anchor is enough.
                let id = result.comment.id
                response.headers.set("Location", comments.policy.perPage > 0 ? WebRoute.commentPermalink(slug: slug, id: id).path
                                        : WebRoute.article(slug: slug).path(anchor: "comment-\(id)"))
                reply.send(response)
            case .failure(let error as BlogError):
                reply.fail(DomainHTTPErrors.map(error))
            case .failure(let error):
                reply.fail(error)
            }
        }
    }

    /// JSON `true` also arrives as an NSNumber; only whole numbers count as ids.
    static func isInteger(_ number: NSNumber) -> Bool {
        let type = String(cString: number.objCType)
        return type != "c" && type != "d" && type != "f"
    }

    /// JSON `true`/`false` arrive as NSNumbers of type `c`; other numbers are not booleans.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    // MARK: - Moderation

    func adminJSON(_ comment: Comment) -> JSONValue {
        guard case .object(var pairs) = publicJSON(comment, slug: comment.articleSlug, status: comment.status) else {
            return .null
        }
        pairs.append(("email", .optional(comment.email)))
        pairs.append(("body", .string(comment.body)))
        pairs.append(("article_slug", .string(comment.articleSlug)))
        return .object(pairs)
    }

    func listForModeration(_ request: HTTPRequest) throws -> HTTPResponse {
        let statusText = request.queryItems["status"] ?? "pending"
        guard let status = CommentStatus(rawValue: statusText), status != .deleted else {
            throw HTTPError(.badRequest, code: "invalid_parameter", message: "status must be pending, approved or spam.",
                            fields: ["status": "must be pending, approved or spam"])
        }
        let page = Int(request.queryItems["page"] ?? "1") ?? 0
        guard page >= 1 else {
            throw HTTPError(.badRequest, code: "invalid_parameter", message: "page must be a positive whole number.",
                            fields: ["page": "must be a positive whole number"])
        }
        let perPage = 50
        let result = try store.comments(status: status, page: page, perPage: perPage)
        return Self.json([
            "comments": .array(result.comments.map(adminJSON)), "page": .int(page), "per_page": .int(perPage),
            "total": .int(result.total), "total_pages": .int(max(1, (result.total + perPage - 1) / perPage)),
        ])
    }

    func moderate(_ id: Int, to status: CommentStatus) throws -> HTTPResponse {
        do {
            return Self.json(adminJSON(try store.setStatus(status, commentID: id)))
        } catch let error as BlogError {
            throw DomainHTTPErrors.map(error)
        }
    }

    func deleteComment(_ id: Int) throws -> HTTPResponse {
        do {
            try store.deleteComment(id: id)
        } catch let error as BlogError {
            throw DomainHTTPErrors.map(error)
        }
        return HTTPResponse(status: .noContent)
    }

    // MARK: - Personal data

    func exportPersonalData(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let email = request.queryItems["email"], !email.isEmpty else {
            throw HTTPError(.badRequest, code: "invalid_parameter", message: "email is required.", fields: ["email": "required"])
        }
        let hash = comments.hasher.emailHash(email)
        let list = try store.comments(byEmailHash: hash)
        return Self.json(["comments": .array(list.map(adminJSON)),
                          "subscriptions": PersonalDataExport.subscriptionsJSON(try store.subscriptions(emailHash: hash))])
    }

    func erasePersonalData(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try Self.jsonObject(request)
        guard let email = object["email"] as? String, !email.isEmpty else {
            throw HTTPError(.unprocessableContent, code: "validation_failed", message: "email is required.",
                            fields: ["email": "required"])
        }
        // Only JSON true/false: Foundation would also read 1, 0.5 or "yes" as a Bool, and `{}` as absent.
        let removeBodies: Bool
        switch object["remove_bodies"] {
        case nil, is NSNull: removeBodies = false
        case let flag as NSNumber where Self.isBoolean(flag): removeBodies = flag.boolValue
        default:
            throw HTTPError(.unprocessableContent, code: "validation_failed", message: "remove_bodies must be true or false.",
                            fields: ["remove_bodies": "must be true or false"])
        }
        let count = try store.erasePersonalData(emailHash: comments.hasher.emailHash(email), email: email, removeBodies: removeBodies,
                                                anonymousName: anonymousName)
        return Self.json(["erased": .int(count)])
    }
}
