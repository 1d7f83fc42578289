/// Generic HTTP finishing for GET/HEAD answers: a strong ETag, `If-None-Match` → 304
/// (RFC 9110 §13.1.2, §15.4.5) and gzip for text when the client accepts it (§8.4).
public enum ConditionalResponse {
    /// Bodies smaller than this are not worth compressing.
    static let minimumGzipSize = 1024

    /// ETag, 304 and gzip for a one-off answer; cached answers use `PreparedResponse` directly.
    public static func finish(_ response: HTTPResponse, for request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD", response.status == .ok else { return response }
        return PreparedResponse(response, compress: request.acceptsGzip).answer(to: request)
    }

    static func isCompressible(_ response: HTTPResponse) -> Bool {
        guard response.body.count >= minimumGzipSize, !response.headers.contains("Content-Encoding"),
              let type = response.headers["Content-Type"]?.lowercased() else { return false }
        return type.hasPrefix("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
            || type.contains("svg")
    }

    /// A strong validator from the bytes: 64-bit FNV-1a is plenty to tell versions apart.
    public static func etag(for body: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    /// `If-None-Match` uses weak comparison (RFC 9110 §13.1.2); `*` matches anything.
    static func matches(_ headerValues: [String], tag: String) -> Bool {
        let ours = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
        for value in headerValues {
            for candidate in value.split(ofASCII: ",") {
                var theirs = candidate.trimmingASCIIWhitespace()
                if theirs == "*" { return true }
                if theirs.hasPrefix("W/") { theirs = String(theirs.dropFirst(2)) }
                if theirs == ours { return true }
                if theirs.hasSuffix("-gz\""), String(theirs.dropLast(4)) + "\"" == ours { return true }
            }
        }
        return false
    }
}
