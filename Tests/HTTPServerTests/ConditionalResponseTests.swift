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

    /// RFC 9110 §8.4.1.3: `x-gzip` is `gzip`; §12.5.3: `*` covers codings not named.
    @Test(arguments: ["x-gzip", "X-GZIP;q=0.5", "*", "deflate, *;q=0.1"])
    func gzipByAnotherName(acceptEncoding: String) {
        let response = ConditionalResponse.finish(.html(longText), for: makeRequest(headers: ["Accept-Encoding": acceptEncoding]))
        #expect(response.headers["Content-Encoding"] == "gzip", "\(acceptEncoding)")
    }

    // MARK: - The other conditional headers (RFC 9110 §13.1.1, §13.1.3, §13.1.4, §13.2.2; issue #13)

    private static let modified = "Wed, 25 Nov 2026 09:00:00 GMT"
    private static let earlier = "Tue, 24 Nov 2026 09:00:00 GMT"
    private static let later = "Thu, 26 Nov 2026 09:00:00 GMT"

    private func file() -> HTTPResponse {
        var response = HTTPResponse(contentType: "text/css", body: Array(longText.utf8))
        response.headers.set("Last-Modified", Self.modified)
        return response
    }

    private func status(_ headers: HTTPHeaders, _ response: HTTPResponse? = nil) -> Int {
        let response = response ?? file()
        let oneOff = ConditionalResponse.finish(response, for: makeRequest(headers: headers)).status.code
        let prepared = PreparedResponse(response).answer(to: makeRequest(headers: headers)).status.code
        #expect(oneOff == prepared, "a one-off and a cached answer decide alike")
        return prepared
    }

    @Test func ifMatchNeedsAStrongMatchOrAsterisk() throws {
        let tag = try #require(ConditionalResponse.finish(file(), for: makeRequest()).headers["ETag"])
        #expect(status(["If-Match": "\"nope\""]) == 412)
        #expect(status(["If-Match": "\"nope\", \(tag)"]) == 200)
        #expect(status(["If-Match": "*"]) == 200)
        #expect(status(["If-Match": "W/\(tag)"]) == 412, "If-Match compares strongly")
        // If-Match fails first, whatever If-None-Match says.
        #expect(status(["If-Match": "\"nope\"", "If-None-Match": tag]) == 412)
    }

    @Test func ifUnmodifiedSinceCountsOnlyWithoutIfMatch() throws {
        let tag = try #require(ConditionalResponse.finish(file(), for: makeRequest()).headers["ETag"])
        #expect(status(["If-Unmodified-Since": Self.earlier]) == 412)
        #expect(status(["If-Unmodified-Since": Self.modified]) == 200)
        #expect(status(["If-Unmodified-Since": Self.later]) == 200)
        #expect(status(["If-Match": tag, "If-Unmodified-Since": Self.earlier]) == 200)
        #expect(status(["If-Unmodified-Since": "not a date"]) == 200, "an invalid date is ignored")
        #expect(status(["If-Unmodified-Since": Self.earlier], .html(longText)) == 200, "no Last-Modified, no date condition")
    }

    @Test func ifModifiedSinceGives304OnlyWithoutIfNoneMatch() {
        #expect(status(["If-Modified-Since": Self.modified]) == 304)
        #expect(status(["If-Modified-Since": Self.later]) == 304)
        #expect(status(["If-Modified-Since": Self.earlier]) == 200)
        #expect(status(["If-None-Match": "\"other\"", "If-Modified-Since": Self.later]) == 200)
        #expect(status(["If-Modified-Since": Self.later], .html(longText)) == 200)
        let notModified = PreparedResponse(file()).answer(to: makeRequest(headers: ["If-Modified-Since": Self.later]))
        #expect(notModified.headers["Last-Modified"] == Self.modified && notModified.body.isEmpty)
    }

    @Test func gzipHelpers() throws {
        let empty = try #require(Gzip.compress([]))
        #expect(Gzip.decompress(empty) == [])
        let binary = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let compressed = try #require(Gzip.compress(binary))
        #expect(Gzip.decompress(compressed) == binary)
        #expect(Gzip.decompress(Array("not gzip".utf8)) == nil)
    }

    @Test(arguments: ["", "gzip;q=0", "identity", "deflate", "*;q=1, gzip;q=0", "x-gzip;q=0", "*;q=0"])
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
