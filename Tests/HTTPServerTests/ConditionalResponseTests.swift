import Testing
@testable import HTTPServer

private let longText = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 100)

private func makeRequest(_ method: String = "GET", headers: HTTPHeaders = [:]) -> HTTPRequest {
    var all: HTTPHeaders = ["Host": "x"]
    for field in headers { all.add(field.name, field.value) }
    return HTTPRequest(method: method, target: "/page", headers: all)
}

/// RFC 9110 §8.8.3 (ETag), §13.1.2 (If-None-Match), §15.4.5 (304), §12.5.3 and §8.4 (gzip).
@Suite("ConditionalResponse")
struct ConditionalResponseTests {
    @Test func addsAStrongETagFromTheBody() throws {
        let response = ConditionalResponse.finish(.text("hello"), for: makeRequest())
        let tag = try #require(response.headers["ETag"])
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.hasPrefix("W/"))
        #expect(tag == ConditionalResponse.etag(for: Array("hello".utf8)))
        #expect(tag != ConditionalResponse.etag(for: Array("hellp".utf8)))
        #expect(tag.count == 18)
    }

    /// Any one changed byte, at any position of bodies up to 40 bytes (the tail as well as whole
    /// words), and any length of zeros, gives another tag.
    @Test func everySmallChangeGivesAnotherETag() {
        var tags = Set<String>()
        var count = 0
        for length in 0...40 {
            let body = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            tags.insert(ConditionalResponse.etag(for: body))
            tags.insert(ConditionalResponse.etag(for: [UInt8](repeating: 0, count: length)))
            count += 2
            for position in 0..<length {
                var changed = body
                changed[position] ^= 0x01
                tags.insert(ConditionalResponse.etag(for: changed))
                count += 1
            }
        }
        #expect(tags.count == count - 1) // the empty body twice
    }

    @Test func keepsAnETagTheHandlerSet() {
        var original = HTTPResponse.text("hello")
        original.headers.set("ETag", "\"v1\"")
        #expect(ConditionalResponse.finish(original, for: makeRequest()).headers["ETag"] == "\"v1\"")
    }

    @Test(arguments: ["\"v1\"", "W/\"v1\"", "\"other\", \"v1\"", "*"])
    func matchingIfNoneMatchGives304(header: String) {
        var original = HTTPResponse.text("hello")
        original.headers.set("ETag", "\"v1\"")
        original.headers.set("Cache-Control", "public, max-age=60")
        original.headers.set("Last-Modified", "Wed, 25 Nov 2026 09:00:00 GMT")
        let response = ConditionalResponse.finish(original, for: makeRequest(headers: ["If-None-Match": header]))
        #expect(response.status == .notModified)
        #expect(response.body.isEmpty)
        #expect(response.headers["ETag"] == "\"v1\"")
        #expect(response.headers["Cache-Control"] == "public, max-age=60")
        #expect(response.headers["Last-Modified"] == "Wed, 25 Nov 2026 09:00:00 GMT")
        #expect(response.headers["Content-Type"] == nil)
    }

    @Test func headIsAlsoConditional() {
        let tag = ConditionalResponse.etag(for: Array("hello".utf8))
        #expect(ConditionalResponse.finish(.text("hello"), for: makeRequest("HEAD", headers: ["If-None-Match": tag])).status == .notModified)
    }

    @Test func nonMatchingIfNoneMatchGivesTheBody() {
        let response = ConditionalResponse.finish(.text("hello"), for: makeRequest(headers: ["If-None-Match": "\"stale\""]))
        #expect(response.status == .ok)
        #expect(response.text == "hello")
    }

    @Test func onlySuccessfulGetAndHeadAreTouched() {
        let tag = ConditionalResponse.etag(for: Array("hello".utf8))
        let post = ConditionalResponse.finish(.text("hello"), for: makeRequest("POST", headers: ["If-None-Match": tag]))
        #expect(post.status == .ok)
        #expect(post.headers["ETag"] == nil)
        let missing = ConditionalResponse.finish(.text("hello", status: .notFound), for: makeRequest(headers: ["If-None-Match": "*"]))
        #expect(missing.status == .notFound)
        #expect(missing.headers["ETag"] == nil)
    }

    @Test func gzipRoundTrip() throws {
        let response = ConditionalResponse.finish(.html(longText), for: makeRequest(headers: ["Accept-Encoding": "br, gzip"]))
        #expect(response.headers["Content-Encoding"] == "gzip")
        #expect(response.headers["Vary"] == "Accept-Encoding")
        #expect(response.body.count < longText.utf8.count)
        #expect(try #require(Gzip.decompress(response.body)) == Array(longText.utf8))
        let plainTag = ConditionalResponse.etag(for: Array(longText.utf8))
        #expect(response.headers["ETag"] == String(plainTag.dropLast()) + "-gz\"", "a different representation, a different tag")
    }

    @Test func gzipHelpers() throws {
        let empty = try #require(Gzip.compress([]))
        #expect(Gzip.decompress(empty) == [])
        let binary = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let compressed = try #require(Gzip.compress(binary))
        #expect(Gzip.decompress(compressed) == binary)
        #expect(Gzip.decompress(Array("not gzip".utf8)) == nil)
    }

    @Test(arguments: ["", "gzip;q=0", "identity", "deflate"])
    func noGzipWithoutConsent(acceptEncoding: String) {
        let headers: HTTPHeaders = acceptEncoding.isEmpty ? [:] : ["Accept-Encoding": acceptEncoding]
        let response = ConditionalResponse.finish(.html(longText), for: makeRequest(headers: headers))
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.text == longText)
        #expect(response.headers["Vary"] == "Accept-Encoding", "a cache must still know the answer varies")
    }

    @Test func smallOrBinaryBodiesAreNotCompressed() {
        let small = ConditionalResponse.finish(.text("short"), for: makeRequest(headers: ["Accept-Encoding": "gzip"]))
        #expect(small.headers["Content-Encoding"] == nil)
        let image = HTTPResponse(contentType: "image/png", body: Array(longText.utf8))
        let png = ConditionalResponse.finish(image, for: makeRequest(headers: ["Accept-Encoding": "gzip"]))
        #expect(png.headers["Content-Encoding"] == nil)
        #expect(png.headers["Vary"] == nil)
    }

    @Test func varyIsExtendedNotReplaced() {
        var original = HTTPResponse.html(longText)
        original.headers.set("Vary", "Cookie")
        #expect(ConditionalResponse.finish(original, for: makeRequest()).headers["Vary"] == "Cookie, Accept-Encoding")
        original.headers.set("Vary", "accept-encoding")
        #expect(ConditionalResponse.finish(original, for: makeRequest()).headers["Vary"] == "accept-encoding")
    }

    /// RFC 9110 §15.4.5: a 304 carries the `ETag` and `Vary` the 200 would have carried, so a
    /// cache holding the gzip variant can match it (RFC 9111 §4.3.4).
    @Test func notModifiedForTheGzipVariant() throws {
        let gzipRequest = makeRequest(headers: ["Accept-Encoding": "gzip"])
        let full = ConditionalResponse.finish(.html(longText), for: gzipRequest)
        let tag = try #require(full.headers["ETag"])
        let revalidation = makeRequest(headers: ["Accept-Encoding": "gzip", "If-None-Match": tag])
        let response = ConditionalResponse.finish(.html(longText), for: revalidation)
        #expect(response.status == .notModified)
        #expect(response.headers["ETag"] == tag)
        #expect(response.headers["Vary"] == "Accept-Encoding")
    }

    @Test func notModifiedForTheIdentityVariant() {
        let tag = ConditionalResponse.etag(for: Array(longText.utf8))
        let response = ConditionalResponse.finish(.html(longText), for: makeRequest(headers: ["If-None-Match": tag]))
        #expect(response.status == .notModified)
        #expect(response.headers["ETag"] == tag)
        #expect(response.headers["Vary"] == "Accept-Encoding")
    }
}
