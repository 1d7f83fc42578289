import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct CommentsAPITests {
    func site(moderation: String = "none") throws -> TestSite {
        let site = try TestSite { $0.comments.moderation = .init(rawValue: moderation)! }
        try site.addArticle(slug: "post")
        return site
    }

    @Test func postAnswers201WithStatusAndLocationAndNeverTheEmail() throws {
        let site = try site()
        let response = site.postJSON("/api/articles/post/comments",
                                     #"{"name":"Ada","email":"ada-secret@example.com","body":"Hi <b>you</b>","website":null}"#)
        #expect(response.status == .created)
        let json = response.json
        let id = try #require(json["id"] as? Int)
        // With comment pages (comments.perPage, 50 by default) the Location is the permalink.
        #expect(response.headers["Location"] == "/articles/post/comments/\(id)")
        #expect(json["url"] as? String == "http://blog.test/articles/post/comments/\(id)")
        #expect(json["status"] as? String == "approved")
        #expect(json["body_html"] as? String == "<p>Hi &lt;b&gt;you&lt;/b&gt;</p>")
        for key in ["id", "parent_id", "name", "website", "body_html", "created_at", "status"] { #expect(json.keys.contains(key)) }
        #expect(!response.text.contains("ada-secret"))
        let list = site.get("/api/articles/post/comments")
        #expect(!list.text.contains("ada-secret"))
        #expect((list.json["comments"] as? [[String: Any]])?.count == 1)
    }

    /// Issue #13: the JSON route refuses another site's `Origin` as the form does (403).
    @Test func postsFromAnotherOriginAreRefusedLikeTheForm() throws {
        let site = try site()
        for origin in ["https://evil.example", "https://blog.test", "null", "http://blog.test.evil.example"] {
            let refused = site.postJSON("/api/articles/post/comments", #"{"name":"Ada","email":"ada@example.com","body":"From \#(origin)"}"#,
                                        headers: [("Origin", origin)])
            #expect(refused.status == .forbidden, "\(origin)")
            #expect(refused.json["error"] as? String == "cross_site_post")
        }
        #expect(site.get("/api/articles/post/comments").json["total"] as? Int == 0)
        let sameSite = site.postJSON("/api/articles/post/comments", #"{"name":"Ada","email":"ada@example.com","body":"Same site"}"#,
                                     headers: [("Origin", "http://blog.test")])
        #expect(sameSite.status == .created)
        #expect(site.postJSON("/api/articles/post/comments", #"{"name":"Ada","email":"ada@example.com","body":"No origin"}"#).status
                == .created)
    }

    @Test func pendingWhenModerated() throws {
        let site = try site(moderation: "all")
        let response = site.postJSON("/api/articles/post/comments", #"{"name":"Ada","email":"ada@example.com","body":"Hi"}"#)
        #expect(response.status == .created && response.json["status"] as? String == "pending")
        #expect((site.get("/api/articles/post/comments").json["comments"] as? [Any])?.isEmpty == true)
    }

    @Test func errorStatusesFollowTheContract() throws {
        let site = try site()
        let malformed = site.postJSON("/api/articles/post/comments", "{not json")
        #expect(malformed.status == .badRequest && malformed.json["error"] as? String == "malformed_json")
        let deep = site.postJSON("/api/articles/post/comments", String(repeating: "[", count: 5000))
        #expect(deep.status == .badRequest)
        let wrongType = site.request("POST", "/api/articles/post/comments", headers: [("Content-Type", "text/plain")], body: Array("x".utf8))
        #expect(wrongType.status == .unsupportedMediaType)
        let invalid = site.postJSON("/api/articles/post/comments", #"{"name":"","email":"a@b","website":"ftp://x.y","body":"","parent_id":"x"}"#)
        #expect(invalid.status == .unprocessableContent)
        let fields = try #require(invalid.json["fields"] as? [String: String])
        #expect(Set(fields.keys) == ["name", "email", "website", "body", "parent_id"])
        let typeError = site.postJSON("/api/articles/post/comments", #"{"name":["x"],"email":"a@example.com","body":"hi"}"#)
        #expect((typeError.json["fields"] as? [String: String])?.keys.contains("name") == true)
        #expect(site.postJSON("/api/articles/nope/comments", #"{"name":"A","email":"a@example.com","body":"x"}"#).status == .notFound)
        let ok = #"{"name":"A","email":"a@example.com","body":"same"}"#
        #expect(site.postJSON("/api/articles/post/comments", ok).status == .created)
        let duplicate = site.postJSON("/api/articles/post/comments", ok)
        #expect(duplicate.status == .conflict && duplicate.json["error"] as? String == "duplicate_comment")
        try site.addArticle(slug: "closed", extra: "comments: closed\n")
        let closed = site.postJSON("/api/articles/closed/comments", ok)
        #expect(closed.status == .forbidden && closed.json["error"] as? String == "comments_closed")
    }

    /// Issue #13: `parent_id` is an integer or null, as the OpenAPI document says; a string is
    /// a 422 on the field, like any other wrong type. Keys may not repeat (Foundation would keep
    /// the last), as the form may not repeat a field.
    @Test func parentIDIsANumberAndKeysDoNotRepeat() throws {
        let site = try site()
        let first = site.postJSON("/api/articles/post/comments", #"{"name":"A","email":"a@example.com","body":"one"}"#)
        let id = try #require(first.json["id"] as? Int)
        let reply = site.postJSON("/api/articles/post/comments", #"{"name":"B","email":"b@example.com","body":"two","parent_id":\#(id)}"#)
        #expect(reply.status == .created && reply.json["parent_id"] as? Int == id)
        let bool = site.postJSON("/api/articles/post/comments", #"{"name":"B","email":"b@example.com","body":"three","parent_id":true}"#)
        #expect(bool.status == .unprocessableContent)
        let string = site.postJSON("/api/articles/post/comments", #"{"name":"B","email":"b@example.com","body":"four","parent_id":"\#(id)"}"#)
        #expect(string.status == .unprocessableContent)
        #expect((string.json["fields"] as? [String: String])?.keys.sorted() == ["parent_id"])
        for repeated in [#"{"name":"A","email":"a@example.com","body":"five","name":"B"}"#,
                         #"{"name":"A","email":"a@example.com","body":"six","\u006eame":"B"}"#] {
            let answer = site.postJSON("/api/articles/post/comments", repeated)
            #expect(answer.status == .badRequest && answer.json["error"] as? String == "malformed_json", "\(repeated)")
        }
        let nested = site.postJSON("/api/articles/post/comments", #"{"name":"A","email":"a@example.com","body":"seven","x":{"k":1},"y":{"k":2}}"#)
        #expect(nested.status == .created, "the same key in two different objects is no repeat")
        #expect(site.get("/api/articles/post/comments").json["total"] as? Int == 3)
    }

    @Test func rateLimitAnswers429WithRetryAfter() throws {
        let site = try TestSite { $0.comments.perMinute = 1; $0.comments.moderation = .none }
        try site.addArticle(slug: "post")
        #expect(site.postJSON("/api/articles/post/comments", #"{"name":"A","email":"a@example.com","body":"1"}"#).status == .created)
        let limited = site.postJSON("/api/articles/post/comments", #"{"name":"A","email":"a@example.com","body":"2"}"#)
        #expect(limited.status == .tooManyRequests && limited.headers["Retry-After"] != nil)
        #expect(limited.json["error"] as? String == "rate_limited")
    }
}
