/// Generic HTTP finishing for GET/HEAD answers: a strong ETag, the conditional headers in the
/// order of RFC 9110 §13.2.2 (`If-Match` and `If-Unmodified-Since` → 412, `If-None-Match` and
/// `If-Modified-Since` → 304) and gzip for text when the client accepts it (§8.4).
public enum ConditionalResponse {
    /// Bodies smaller than this are not worth compressing.
    static let minimumGzipSize = 1024

    /// ETag, 304 and gzip for a one-off answer; cached answers use `PreparedResponse` directly.
    /// Without gzip it only adds the validator: a prepared answer also builds and encodes the
    /// 304 it might need later, which a one-off answer never does.
    public static func finish(_ response: HTTPResponse, for request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD", response.status == .ok else { return response }
        if request.acceptsGzip && isCompressible(response) {
            return PreparedResponse(response, compress: true).answer(to: request)
        }
        let (response, tag) = withValidator(response)
        switch evaluate(request, etag: tag, lastModified: response.headers["Last-Modified"].flatMap(HTTPDate.parse)) {
        case .proceed: return response
        case .notModified: return PreparedResponse.notModified(like: response)
        case .preconditionFailed: return preconditionFailed
        }
    }

    /// What the preconditions of a GET or HEAD say (RFC 9110 §13.2.2, in its order).
    enum Precondition { case proceed, notModified, preconditionFailed }

    /// `lastModified`: seconds since 1970, when the answer has a `Last-Modified`. The date
    /// conditions are only looked at when the matching tag condition is absent (§13.1.3, §13.1.4).
    static func evaluate(_ request: HTTPRequest, etag: String, lastModified: Int?) -> Precondition {
        let headers = request.headers
        let ifMatch = headers.values(for: "If-Match")
        if !ifMatch.isEmpty {
            if !matches(ifMatch, tag: etag, strong: true) { return .preconditionFailed }
        } else if let modified = lastModified, let since = headers["If-Unmodified-Since"].flatMap(HTTPDate.parse),
                  modified > since {
            return .preconditionFailed
        }
        let ifNoneMatch = headers.values(for: "If-None-Match")
        if !ifNoneMatch.isEmpty { return matches(ifNoneMatch, tag: etag) ? .notModified : .proceed }
        if let modified = lastModified, let since = headers["If-Modified-Since"].flatMap(HTTPDate.parse), modified <= since {
            return .notModified
        }
        return .proceed
    }

    /// The answer to a GET whose `If-Match` or `If-Unmodified-Since` failed.
    static let preconditionFailed: HTTPResponse = {
        var response = HTTPResponse.text("412 Precondition Failed\n", status: .preconditionFailed)
        response.encodeFields()
        return response
    }()

    /// The response with its `ETag` (kept when the handler set one) and, when compressible,
    /// `Vary: Accept-Encoding`: what every variant of a 200 carries.
    static func withValidator(_ response: HTTPResponse) -> (response: HTTPResponse, etag: String) {
        var response = response
        let tag = response.headers["ETag"] ?? etag(for: response.body)
        response.headers.set("ETag", tag)
        if isCompressible(response), !(response.headers["Vary"]?.lowercased().contains("accept-encoding") ?? false) {
            response.headers.set("Vary", response.headers["Vary"].map { $0 + ", Accept-Encoding" } ?? "Accept-Encoding")
        }
        return (response, tag)
    }

    /// Not a `no-store` answer: those are personal (the signed-in desk) and may hold a secret
    /// such as a CSRF token next to text a stranger chose; compressing both together would let
    /// the compressed size tell the secret (BREACH).
    static func isCompressible(_ response: HTTPResponse) -> Bool {
        guard response.body.count >= minimumGzipSize, !response.headers.contains("Content-Encoding"),
              let type = response.headers["Content-Type"]?.lowercased(),
              !response.headers.tokens(for: "Cache-Control").contains("no-store") else { return false }
        return type.hasPrefix("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
            || type.contains("svg")
    }

    /// A strong validator from the bytes: a 64-bit hash is plenty to tell versions apart. Eight
    /// bytes a step, each word multiplied in and mixed (wyhash's folded multiply): a byte at a
    /// time (FNV-1a) cost 30 µs for a 30 KB page that is rendered for every uncached request.
    public static func etag(for body: [UInt8]) -> String {
        var hash: UInt64 = 0x243f_6a88_85a3_08d3
        body.withUnsafeBytes { bytes in
            var offset = 0
            while offset + 8 <= bytes.count {
                hash = mix(hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self), 0xa076_1d64_78bd_642f)
                offset += 8
            }
            var tail: UInt64 = 0
            for index in offset..<bytes.count { tail = tail << 8 | UInt64(bytes[index]) }
            hash = mix(hash ^ tail, 0xe703_7ed1_a0b4_28db)
        }
        // The length last, on its own: mixed in with the tail, [7] and six zero bytes collided.
        hash = mix(hash ^ UInt64(body.count), 0x8ebc_6af0_9c88_c6e3)
        let hex = String(hash, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    /// The 128-bit product's halves xored: every input bit reaches every output bit.
    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// `If-None-Match` uses weak comparison (RFC 9110 §13.1.2), `If-Match` strong comparison
    /// (§13.1.1: a weak tag never matches); `*` matches any current representation.
    static func matches(_ headerValues: [String], tag: String, strong: Bool = false) -> Bool {
        if strong && tag.hasPrefix("W/") { return headerValues.contains { $0.trimmingASCIIWhitespace() == "*" } }
        let ours = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
        for value in headerValues {
            for candidate in value.split(ofASCII: ",") {
                var theirs = candidate.trimmingASCIIWhitespace()
                if theirs == "*" { return true }
                if theirs.hasPrefix("W/") {
                    if strong { continue }
                    theirs = String(theirs.dropFirst(2))
                }
                if theirs == ours { return true }
                if theirs.hasSuffix("-gz\""), String(theirs.dropLast(4)) + "\"" == ours { return true }
            }
        }
        return false
    }
}
