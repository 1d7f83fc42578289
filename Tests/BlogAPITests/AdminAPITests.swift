import Foundation
import HTTPServer
import HTTPTestSupport
import SiteTestSupport
import Testing

@Suite struct AdminAPITests {
    static let token = "test-token-0123456789abcdef"
    let auth = [("Authorization", "Bearer \(AdminAPITests.token)")]

    func site(token: String = AdminAPITests.token) throws -> TestSite {
        try TestSite { $0.adminToken = token; $0.comments.moderation = .all }
    }

    @Test func withoutTokenConfiguredAdminRoutesDoNotExist() throws {
        let site = try site(token: "")
        #expect(site.get("/api/admin/comments", headers: auth).status == .notFound)
        #expect(site.postJSON("/api/admin/articles", "{}", headers: auth).status == .notFound)
    }

    @Test func missingOrWrongTokenIs401WithChallenge() throws {
        let site = try site()
        for headers in [[], [("Authorization", "Bearer wrong")], [("Authorization", "Basic abc")]] {
            let response = site.get("/api/admin/comments", headers: headers)
            #expect(response.status == .unauthorized)
            #expect(response.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
        }
        #expect(site.get("/api/admin/comments", headers: auth).status == .ok)
    }

    /// Issue #13: every state-changing route checks `Origin`, the admin routes too.
    @Test func adminChangesFromAnotherOriginAreRefused() throws {
        let site = try site()
        try site.addArticle(slug: "kept")
        let refused = site.request("DELETE", "/api/admin/articles/kept", headers: auth + [("Origin", "https://evil.example")])
        #expect(refused.status == .forbidden)
        #expect(site.get("/api/articles/kept").status == .ok)
        #expect(site.request("DELETE", "/api/admin/articles/kept", headers: auth).status == .noContent)
    }

    @Test func pagesCarryTheirKindAndPlaceAndKeepOffTheSitesAddresses() throws {
        let site = try site()
        let page = #"{"markdown":"---\ntitle: About\nkind: page\nnav_order: 2\ndate: 2026-05-01\n---\nWho writes."}"#
        let created = site.postJSON("/api/admin/articles", page, headers: auth)
        #expect(created.status == .created)
        #expect(created.json["kind"] as? String == "page" && created.json["nav_order"] as? Int == 2)
        #expect(created.json["state"] as? String == "published" && (created.json["url"] as? String)?.hasSuffix("/about") == true)
        #expect(site.get("/about").status == .ok)
        let reserved = site.postJSON("/api/admin/articles", page.replacingOccurrences(of: "title: About", with: "title: Search"),
                                     headers: auth)
        #expect(reserved.status == .unprocessableContent && reserved.json["error"] as? String == "invalid_article")
        #expect((reserved.json["fields"] as? [String: String])?["slug"]?.contains("the site uses this address itself") == true)
    }

    @Test func createReplaceDeleteArticles() throws {
        let site = try site()
        let markdown = #"{"markdown":"---\ntitle: Hello API\ndate: 2026-05-01\ntags: [api]\n---\nBody **bold**."}"#
        let created = site.postJSON("/api/admin/articles", markdown, headers: auth)
        #expect(created.status == .created)
        #expect(created.headers["Location"] == "/api/articles/hello-api")
        #expect(site.get("/articles/hello-api").status == .ok)
        #expect(site.postJSON("/api/admin/articles", markdown, headers: auth).status == .conflict)
        let invalid = site.postJSON("/api/admin/articles", #"{"markdown":"---\ndate: 2026-05-01\n---\nx"}"#, headers: auth)
        #expect(invalid.status == .unprocessableContent && (invalid.json["fields"] as? [String: String])?["title"] != nil)
        let replaced = site.postJSON("/api/admin/articles/hello-api",
                                     #"{"markdown":"---\ntitle: Hello again\ndate: 2026-05-01\n---\nNew body."}"#,
                                     method: "PUT", headers: auth)
        #expect(replaced.status == .ok)
        #expect(site.get("/articles/hello-api").text.contains("Hello again"))
        #expect(site.request("DELETE", "/api/admin/articles/hello-api", headers: auth).status == .noContent)
        #expect(site.get("/articles/hello-api").status == .notFound)
        #expect(site.request("DELETE", "/api/admin/articles/hello-api", headers: auth).status == .notFound)
    }

    @Test func moderationFlow() throws {
        let site = try site()
        try site.addArticle(slug: "post")
        let posted = site.postJSON("/api/articles/post/comments", #"{"name":"Ada","email":"ada@example.com","body":"Hi"}"#)
        let id = try #require(posted.json["id"] as? Int)
        let pending = site.get("/api/admin/comments?status=pending", headers: auth)
        let first = try #require((pending.json["comments"] as? [[String: Any]])?.first)
        #expect(first["email"] as? String == "ada@example.com")
        let approved = site.request("POST", "/api/admin/comments/\(id)/approve", headers: auth)
        #expect(approved.status == .ok && approved.json["status"] as? String == "approved")
        #expect(site.get("/articles/post").text.contains(">Hi</p>") || site.get("/articles/post").text.contains("<p>Hi</p>"))
        #expect(site.request("POST", "/api/admin/comments/\(id)/spam", headers: auth).json["status"] as? String == "spam")
        #expect(!site.get("/articles/post").text.contains("<p>Hi</p>"))
        #expect(site.request("DELETE", "/api/admin/comments/\(id)", headers: auth).status == .noContent)
        #expect(site.request("POST", "/api/admin/comments/999999/approve", headers: auth).status == .notFound)
        #expect(site.get("/api/admin/comments?status=bogus", headers: auth).status == .badRequest)
    }

    @Test func personalDataExportAndErase() throws {
        let site = try site()
        try site.addArticle(slug: "post")
        for body in ["one", "two"] {
            site.postJSON("/api/articles/post/comments", #"{"name":"Ada","email":"Ada@Example.com","website":"https://ada.example","body":"\#(body)"}"#)
        }
        site.postJSON("/api/articles/post/comments", #"{"name":"Bob","email":"bob@example.com","body":"three"}"#)
        let export = site.get("/api/admin/personal-data?email=ada%40example.com", headers: auth)
        #expect((export.json["comments"] as? [Any])?.count == 2)
        for flag in ["1", "{}", "\"yes\""] {
            // Only JSON booleans: nothing may be erased (or kept) by a misread flag.
            let refused = site.postJSON("/api/admin/personal-data/erase", #"{"email":"ada@example.com","remove_bodies":\#(flag)}"#, headers: auth)
            #expect(refused.status == .unprocessableContent, "remove_bodies: \(flag)")
        }
        let erase = site.postJSON("/api/admin/personal-data/erase", #"{"email":"ada@example.com","remove_bodies":false}"#, headers: auth)
        #expect(erase.status == .ok && erase.json["erased"] as? Int == 2)
        let all = site.get("/api/admin/comments?status=pending", headers: auth).json["comments"] as? [[String: Any]] ?? []
        let erased = all.filter { $0["name"] as? String == "Anonymous" }
        #expect(erased.count == 2)
        #expect(erased.allSatisfy { $0["email"] is NSNull && $0["website"] is NSNull && !(($0["body"] as? String) ?? "").isEmpty })
        #expect((site.get("/api/admin/personal-data?email=ada%40example.com", headers: auth).json["comments"] as? [Any])?.isEmpty == true)
    }
}
