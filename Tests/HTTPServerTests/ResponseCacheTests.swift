@testable import HTTPServer
import Testing

@Suite struct ResponseCacheTests {
    func page(_ text: String, cacheControl: String = "public, max-age=0, s-maxage=60") -> HTTPResponse {
        var response = HTTPResponse.html(String(repeating: text, count: 200))
        response.headers.set("Cache-Control", cacheControl)
        return response
    }

    func get(_ target: String, _ headers: [(String, String)] = []) -> HTTPRequest {
        var fields: HTTPHeaders = ["Host": "x"]
        for (name, value) in headers { fields.add(name, value) }
        return HTTPRequest(method: "GET", target: target, headers: fields)
    }

    @Test func hitsOnlyAtTheSameGeneration() {
        let cache = ResponseCache()
        #expect(cache.store(page("a"), for: get("/a"), generation: 1) != nil)
        #expect(cache.answer(get("/a"), generation: 1)?.body == page("a").body)
        #expect(cache.answer(get("/a"), generation: 2) == nil)
        #expect(cache.answer(get("/b"), generation: 1) == nil)
        #expect(cache.answer(HTTPRequest(method: "POST", target: "/a"), generation: 1) == nil)
    }

    @Test func answersConditionalAndGzipFromTheCachedCopy() throws {
        let cache = ResponseCache()
        _ = cache.store(page("hello "), for: get("/a"), generation: 1)
        let plain = try #require(cache.answer(get("/a"), generation: 1))
        let tag = try #require(plain.headers["ETag"])
        #expect(plain.headers["Vary"] == "Accept-Encoding")
        #expect(cache.answer(get("/a", [("If-None-Match", tag)]), generation: 1)?.status == .notModified)
        let zipped = try #require(cache.answer(get("/a", [("Accept-Encoding", "gzip, br")]), generation: 1))
        #expect(zipped.headers["Content-Encoding"] == "gzip")
        #expect(Gzip.decompress(zipped.body) == plain.body)
        let zippedTag = try #require(zipped.headers["ETag"])
        #expect(zippedTag != tag)
        let revalidated = cache.answer(get("/a", [("Accept-Encoding", "gzip"), ("If-None-Match", zippedTag)]), generation: 1)
        #expect(revalidated?.status == .notModified && revalidated?.headers["ETag"] == zippedTag)
    }

    /// Cached variants carry their fields encoded once; on the wire they must be byte for byte
    /// what encoding them per request gives, and a later change to the headers must show.
    @Test func preEncodedFieldsMatchAndFollowChanges() throws {
        let cache = ResponseCache()
        _ = cache.store(page("hello "), for: get("/a"), generation: 1)
        let tag = try #require(cache.answer(get("/a"), generation: 1)?.headers["ETag"])
        let requests = [get("/a"), get("/a", [("Accept-Encoding", "gzip")]), get("/a", [("If-None-Match", tag)]),
                        get("/a", [("Accept-Encoding", "gzip"), ("If-None-Match", tag + "-gz")])]
        for request in requests {
            var cached = try #require(cache.answer(request, generation: 1))
            #expect(cached.wireFields != nil)
            var fresh = HTTPResponse(status: cached.status, headers: cached.headers, body: cached.body)
            #expect(fresh.wireFields == nil)
            let wire = { (response: HTTPResponse) in
                ResponseSerializer.serialize(response, requestMethod: "GET", version: .http11, keepAlive: true,
                                             date: Array("Wed, 25 Nov 2026 12:00:00 GMT".utf8)).head
            }
            #expect(wire(cached) == wire(fresh))
            cached.headers.set("X-Later", "added after the cache")
            fresh.headers.set("X-Later", "added after the cache")
            #expect(cached.wireFields == nil)
            #expect(String(decoding: wire(cached), as: UTF8.self).contains("X-Later: added after the cache\r\n"))
            #expect(wire(cached) == wire(fresh))
        }
    }

    @Test func aFieldThatWouldSplitTheResponseIsNeverEncoded() {
        var response = page("a")
        response.headers.set("Location", "/x\r\nSet-Cookie: evil=1")
        response.encodeFields()
        #expect(response.wireFields == nil)
        let head = ResponseSerializer.serialize(response, requestMethod: "GET", version: .http11, keepAlive: true,
                                                date: Array("Wed, 25 Nov 2026 12:00:00 GMT".utf8)).head
        #expect(String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 500 "))
    }

    @Test func privateCookiesAndErrorsAreNeverKept() {
        let cache = ResponseCache()
        var withCookie = page("a")
        withCookie.headers.add("Set-Cookie", "theme=dark")
        var varyCookie = page("b")
        varyCookie.headers.set("Vary", "Cookie")
        var notFound = page("c")
        notFound.status = .notFound
        for response in [withCookie, varyCookie, notFound, page("d", cacheControl: "no-store")] {
            #expect(cache.store(response, for: get("/x"), generation: 1) == nil)
        }
        #expect(cache.count == 0)
    }

    @Test func staysWithinItsByteBudgetDroppingTheLeastRecentlyUsed() {
        let cache = ResponseCache(byteBudget: 40_000, maxEntryBytes: 20_000)
        for index in 0..<20 {
            _ = cache.store(page("page \(index) "), for: get("/\(index)"), generation: 1)
            _ = cache.answer(get("/0"), generation: 1) // keep /0 hot
        }
        #expect(cache.byteCount <= 40_000)
        #expect(cache.answer(get("/0"), generation: 1) != nil)
        #expect(cache.answer(get("/1"), generation: 1) == nil)
    }
}
