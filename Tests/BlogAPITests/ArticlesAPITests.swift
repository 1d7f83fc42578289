import Foundation
import HTTPServer
import HTTPTestSupport
import Routes
import SiteTestSupport
import Testing

@Suite struct ArticlesAPITests {
    @Test func listHasPaginationMetadataAndLinkHeader() throws {
        let site = try TestSite()
        for day in 1...5 { try site.addArticle(slug: "post-\(day)", date: "2026-04-0\(day)", tags: day.isMultiple(of: 2) ? ["Even"] : []) }
        let response = site.get("/api/articles?per_page=2&page=2")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
        let json = response.json
        #expect(json["page"] as? Int == 2 && json["per_page"] as? Int == 2 && json["total"] as? Int == 5 && json["total_pages"] as? Int == 3)
        let articles = try #require(json["articles"] as? [[String: Any]])
        #expect(articles.map { $0["slug"] as? String } == ["post-3", "post-2"])
        let link = try #require(response.headers["Link"])
        #expect(link.contains("page=3&per_page=2>; rel=\"next\"") && link.contains("page=1&per_page=2>; rel=\"prev\""))
        #expect(site.get("/api/articles?per_page=500").json["per_page"] as? Int == 100)
        #expect(site.get("/api/articles?tag=even").json["total"] as? Int == 2)
        #expect(site.get("/api/articles?page=0").status == .badRequest)
        #expect(site.get("/api/articles?page=abc").json["error"] as? String == "invalid_parameter")
    }

    @Test func articleDetailHasTheContractFields() throws {
        let site = try TestSite()
        try site.addArticle(slug: "a", date: "2026-01-01")
        try site.addArticle(slug: "b", title: "Bee", date: "2026-01-02", extra: "image: /static/img/sourdough.jpg\nimage_alt: Bread\n")
        let json = site.get("/api/articles/b").json
        for key in ["slug", "title", "summary", "author", "published_at", "updated_at", "tags", "body_html", "image",
                    "previous", "next", "comment_count", "url"] {
            #expect(json.keys.contains(key), "\(key)")
        }
        #expect((json["previous"] as? [String: Any])?["slug"] as? String == "a")
        #expect(json["next"] is NSNull)
        #expect((json["image"] as? [String: Any])?["url"] as? String == "http://blog.test/static/img/sourdough.jpg")
        #expect(json["published_at"] as? String == "2026-01-02T00:00:00Z")
        let missing = site.get("/api/articles/zzz")
        #expect(missing.status == .notFound)
        #expect(missing.json["error"] as? String == "not_found" && missing.json["message"] != nil)
    }

    @Test func errorsAreJSONWithTheRightStatus() throws {
        let site = try TestSite()
        let notAllowed = site.request("DELETE", "/api/articles")
        #expect(notAllowed.status == .methodNotAllowed)
        #expect(notAllowed.headers["Allow"]?.contains("GET") == true)
        #expect(notAllowed.json["error"] as? String == "method_not_allowed")
    }

    /// The document and the routes describe the same operations: a route cannot go
    /// undocumented, and the document cannot promise one that does not exist.
    @Test func openAPIDocumentDescribesEveryRoute() throws {
        let site = try TestSite()
        let json = site.get("/api/openapi.json").json
        #expect(json["openapi"] as? String == "3.1.0")
        let paths = try #require(json["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys { documented.insert(method.uppercased() + " " + path) }
        }
        let routed = Set(APIRoute.Kind.allCases.map { $0.operation.method + " " + $0.operation.template })
        #expect(documented == routed, "documented only: \(documented.subtracting(routed)); routed only: \(routed.subtracting(documented))")
        // Each template, filled in, reaches its own kind of route.
        for kind in APIRoute.Kind.allCases {
            let target = kind.operation.template.replacingOccurrences(of: "{slug}", with: "a-slug")
                .replacingOccurrences(of: "{id}", with: "7")
            let path = try RequestPath(HTTPRequest(method: kind.operation.method, target: target))
            #expect(APIRoute(method: kind.operation.method, path: path)?.kind == kind, "\(target)")
        }
    }
}
