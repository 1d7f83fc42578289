/// A 200 answer to GET made ready to serve many times: its strong ETag computed once and,
/// for text worth compressing, its gzip body compressed once (never per request).
public struct PreparedResponse: Sendable {
    /// The identity response, with `ETag` and (when compressible) `Vary: Accept-Encoding`.
    public let identity: HTTPResponse
    public let etag: String
    /// The gzip body and its own ETag, when compressing pays off.
    let gzipBody: [UInt8]?
    let gzipETag: String?

    /// Memory this entry holds (both bodies).
    public var byteCount: Int { identity.body.count + (gzipBody?.count ?? 0) + 512 }

    /// `compress: false` skips gzip (a one-off answer to a client that does not accept it).
    public init(_ response: HTTPResponse, compress: Bool = true) {
        var response = response
        let etag = response.headers["ETag"] ?? ConditionalResponse.etag(for: response.body)
        response.headers.set("ETag", etag)
        var gzipBody: [UInt8]?
        var gzipETag: String?
        if ConditionalResponse.isCompressible(response) {
            if !(response.headers["Vary"]?.lowercased().contains("accept-encoding") ?? false) {
                response.headers.set("Vary", response.headers["Vary"].map { $0 + ", Accept-Encoding" } ?? "Accept-Encoding")
            }
            if compress, let compressed = Gzip.compress(response.body), compressed.count < response.body.count {
                gzipBody = compressed
                gzipETag = etag.hasSuffix("\"") ? String(etag.dropLast()) + "-gz\"" : etag
            }
        }
        self.identity = response
        self.etag = etag
        self.gzipBody = gzipBody
        self.gzipETag = gzipETag
    }

    /// The answer for this request: 304 when its `If-None-Match` matches (RFC 9110 §13.1.2),
    /// else the gzip or identity variant (§12.5.3).
    public func answer(to request: HTTPRequest) -> HTTPResponse {
        let wantsGzip = gzipBody != nil && request.acceptsGzip
        let variantTag = wantsGzip ? gzipETag! : etag
        let conditions = request.headers.values(for: "If-None-Match")
        if !conditions.isEmpty, ConditionalResponse.matches(conditions, tag: etag) {
            // The 304 carries what the 200 would have carried (RFC 9110 §15.4.5).
            var notModified = HTTPResponse(status: .notModified)
            notModified.headers.set("ETag", variantTag)
            for name in ["Cache-Control", "Vary", "Last-Modified", "Content-Location", "Expires"] {
                if let value = identity.headers[name] { notModified.headers.set(name, value) }
            }
            return notModified
        }
        guard wantsGzip, let gzipBody else { return identity }
        var response = identity
        response.body = gzipBody
        response.headers.set("Content-Encoding", "gzip")
        response.headers.set("ETag", variantTag)
        return response
    }
}
