/// A 200 answer to GET made ready to serve many times: its strong ETag computed once and,
/// for text worth compressing, its gzip body compressed once (never per request).
public struct PreparedResponse: Sendable {
    /// The identity response, with `ETag` and (when compressible) `Vary: Accept-Encoding`.
    public let identity: HTTPResponse
    public let etag: String
    /// The gzip variant with its own ETag, when compressing pays off.
    let gzip: HTTPResponse?
    /// The 304 answers for each variant; they carry what the 200 would have (RFC 9110 §15.4.5).
    let notModified: HTTPResponse
    let gzipNotModified: HTTPResponse?
    /// `Last-Modified` in seconds since 1970, parsed once (static files have one).
    let lastModified: Int?

    /// Memory this entry holds (both bodies).
    public var byteCount: Int { identity.body.count + (gzip?.body.count ?? 0) + 1024 }

    /// `compress: false` skips gzip (a one-off answer to a client that does not accept it).
    public init(_ response: HTTPResponse, compress: Bool = true) {
        let validated = ConditionalResponse.withValidator(response)
        var response = validated.response
        let etag = validated.etag
        var gzip: HTTPResponse?
        if ConditionalResponse.isCompressible(response) {
            if compress, let compressed = Gzip.compress(response.body), compressed.count < response.body.count {
                var variant = response
                variant.body = compressed
                variant.headers.set("Content-Encoding", "gzip")
                variant.headers.set("ETag", etag.hasSuffix("\"") ? String(etag.dropLast()) + "-gz\"" : etag)
                gzip = variant
            }
        }
        // Every variant is built and encoded here, once: answering is then only a choice.
        response.encodeFields()
        gzip?.encodeFields()
        self.identity = response
        self.etag = etag
        self.gzip = gzip
        self.notModified = Self.notModified(like: response)
        self.gzipNotModified = gzip.map(Self.notModified(like:))
        self.lastModified = response.headers["Last-Modified"].flatMap(HTTPDate.parse)
    }

    /// The answer for this request: 412 or 304 as its conditional headers say (RFC 9110
    /// §13.2.2), else the gzip or identity variant (§12.5.3).
    public func answer(to request: HTTPRequest) -> HTTPResponse {
        let wantsGzip = gzip != nil && request.acceptsGzip
        switch ConditionalResponse.evaluate(request, etag: etag, lastModified: lastModified) {
        case .proceed: return wantsGzip ? gzip! : identity
        case .notModified: return wantsGzip ? gzipNotModified! : notModified
        case .preconditionFailed: return ConditionalResponse.preconditionFailed
        }
    }

    static func notModified(like full: HTTPResponse) -> HTTPResponse {
        var answer = HTTPResponse(status: .notModified)
        for name in ["ETag", "Cache-Control", "Vary", "Last-Modified", "Content-Location", "Expires"] {
            if let value = full.headers[name] { answer.headers.set(name, value) }
        }
        answer.encodeFields()
        return answer
    }
}
