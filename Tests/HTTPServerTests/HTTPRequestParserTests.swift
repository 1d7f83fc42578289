import Testing
@testable import HTTPServer

/// What the parser made of some bytes, comparable between different splits of the input.
struct ParseOutcome: Equatable, CustomStringConvertible {
    struct Parsed: Equatable {
        var method: String
        var target: String
        var version: HTTPVersion
        var headers: [HTTPHeaders.Field]
        var body: [UInt8]
    }

    var requests: [Parsed] = []
    /// Heads seen, including one whose body never completed.
    var heads = 0
    /// The status of the error that stopped parsing, if any.
    var errorStatus: Int?

    var description: String {
        "\(requests.count) request(s) \(requests.map { "\($0.method) \($0.target)" }), heads \(heads), error \(errorStatus.map(String.init) ?? "none")"
    }
}

/// Feeds `bytes` all at once and one byte at a time, and checks both give the same outcome.
func parse(_ bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits(),
           sourceLocation: SourceLocation = #_sourceLocation) -> ParseOutcome {
    let whole = parse(chunks: [bytes], limits: limits)
    let single = parse(chunks: bytes.map { [$0] }, limits: limits)
    #expect(whole == single, "all at once vs byte at a time", sourceLocation: sourceLocation)
    return whole
}

func parse(_ text: String, limits: HTTPParserLimits = HTTPParserLimits(),
           sourceLocation: SourceLocation = #_sourceLocation) -> ParseOutcome {
    parse(Array(text.utf8), limits: limits, sourceLocation: sourceLocation)
}

private func parse(chunks: [[UInt8]], limits: HTTPParserLimits) -> ParseOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = ParseOutcome()
    for chunk in chunks {
        parser.append(chunk)
        do {
            while let event = try parser.next() {
                switch event {
                case .head:
                    outcome.heads += 1
                case .request(let request):
                    outcome.requests.append(.init(method: request.method, target: request.target,
                                                  version: request.head.version, headers: request.headers.fields,
                                                  body: request.body))
                }
            }
        } catch {
            outcome.errorStatus = error.status.code
            return outcome
        }
    }
    return outcome
}

/// The start of every table-J vector unless it replaces the request line.
private let prefix = "GET / HTTP/1.1\r\nHost: x\r\n"

@Suite("HTTPRequestParser")
struct HTTPRequestParserTests {
    // MARK: - Well-formed requests

    @Test func simpleGet() throws {
        let outcome = parse(prefix + "Accept: */*\r\n\r\n")
        #expect(outcome.errorStatus == nil)
        let request = try #require(outcome.requests.first)
        #expect(outcome.requests.count == 1)
        #expect(request.method == "GET")
        #expect(request.target == "/")
        #expect(request.version == .http11)
        #expect(request.headers == [.init(name: "Host", value: "x"), .init(name: "Accept", value: "*/*")])
        #expect(request.body.isEmpty)
    }

    @Test func bodyByContentLength() throws {
        let outcome = parse("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(outcome.errorStatus == nil)
        #expect(try #require(outcome.requests.first).body == Array("hello world".utf8))
    }

    /// What a refusal knows of the target: partial while the request line arrives, the parsed
    /// target after it, the next request's after a pipelined one completes.
    @Test func targetSoFarFollowsTheRequestBeingRead() throws {
        var parser = HTTPRequestParser()
        #expect(parser.targetSoFar == "")
        parser.append(Array("\r\nPOST /api/arti".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.targetSoFar == "/api/arti")
        parser.append(Array("cles HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n".utf8))
        _ = try parser.next()
        #expect(parser.targetSoFar == "/api/articles")
        parser.append(Array("aGET /next".utf8))
        _ = try parser.next()
        #expect(try parser.next() == nil)
        #expect(parser.targetSoFar == "/next")
        var long = HTTPRequestParser()
        long.append(Array(("GET /" + String(repeating: "x", count: 1000)).utf8))
        #expect(long.targetSoFar.utf8.count == 256)
    }

    @Test func headArrivesBeforeBody() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nab".utf8))
        let first = try parser.next()
        guard case .head(let head) = try #require(first) else {
            Issue.record("expected the head first")
            return
        }
        #expect(head.headers["content-length"] == "3")
        let pending = try parser.next()
        #expect(pending == nil)
        #expect(parser.isReadingBody)
        parser.append(Array("c".utf8))
        let second = try parser.next()
        guard case .request(let request) = try #require(second) else {
            Issue.record("expected the request")
            return
        }
        #expect(request.body == Array("abc".utf8))
        #expect(!parser.isMidRequest)
    }

    /// RFC 9112 §9.3.2, checklist C8: bytes after a request belong to the next one.
    @Test func threePipelinedRequestsInOneAppend() {
        let bytes = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody"
            + "GET /c HTTP/1.1\r\nHost: x\r\n\r\n"
        let outcome = parse(bytes)
        #expect(outcome.errorStatus == nil)
        #expect(outcome.requests.map(\.target) == ["/a", "/b", "/c"])
        #expect(outcome.requests.map(\.method) == ["GET", "POST", "GET"])
        #expect(outcome.requests[1].body == Array("body".utf8))
    }

    /// RFC 9112 §7.1.1, §7.1.2: extensions and trailer fields are accepted and ignored.
    @Test func chunkedWithExtensionsAndTrailers() throws {
        let bytes = "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n"
            + "6 ; a ; b=\"c d\"\r\n world\r\n"
            + "A\r\n0123456789\r\n"
            + "0\r\nTrailer-One: 1\r\nTrailer-Two: two\r\n\r\n"
            + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n"
        let outcome = parse(bytes)
        #expect(outcome.errorStatus == nil)
        #expect(outcome.requests.count == 2)
        #expect(try #require(outcome.requests.first).body == Array("hello world0123456789".utf8))
        #expect(outcome.requests.last?.target == "/next")
    }

    @Test func chunkedTransferEncodingIsCaseInsensitive() {
        let outcome = parse(prefix + "Transfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        #expect(outcome.errorStatus == nil)
        #expect(outcome.requests.first?.body == Array("abc".utf8))
    }

    /// Checklist A1 and RFC 9112 §2.2: LF alone ends the request line and field lines. Not in
    /// chunked framing (§7.1 has CRLF only, and §2.2's allowance covers the head): there it is
    /// a 400 (issue #13), so a proxy that splits only at CRLF cannot read another body.
    @Test func bareLineFeedEndsHeadLinesButNotChunkedFraming() {
        let outcome = parse("POST / HTTP/1.1\nHost: x\nContent-Length: 3\n\nabc")
        #expect(outcome.errorStatus == nil)
        #expect(outcome.requests.first?.body == Array("abc".utf8))
        #expect(parse("POST / HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n").errorStatus == 400)
        #expect(parse("POST / HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n0\r\n\r\n").requests.count == 1)
    }

    /// RFC 9112 §2.2 / checklist A2: a few empty lines before the request line are ignored.
    @Test func leadingEmptyLines() {
        #expect(parse("\r\n\r\n" + prefix + "\r\n").requests.count == 1)
        #expect(parse("\r\n\r\n\r\n\r\n\r\n" + prefix + "\r\n").errorStatus == 400)
    }

    /// RFC 9110 §8.6 / checklist C4: identical values may collapse.
    @Test(arguments: ["Content-Length: 5,5\r\n", "Content-Length: 5\r\nContent-Length: 5\r\n", "Content-Length: 005\r\n"])
    func repeatedEqualContentLengthsCollapse(fields: String) {
        let outcome = parse("POST / HTTP/1.1\r\nHost: x\r\n" + fields + "\r\nhello")
        #expect(outcome.errorStatus == nil)
        #expect(outcome.requests.first?.body == Array("hello".utf8))
    }

    @Test func http10WithoutHost() throws {
        let outcome = parse("GET /old HTTP/1.0\r\n\r\n")
        let request = try #require(outcome.requests.first)
        #expect(request.version == .http10)
        #expect(request.target == "/old")
    }

    /// RFC 9112 §9.3: HTTP/1.1 persists unless `close`; HTTP/1.0 only with `keep-alive`.
    @Test func keepAliveRules() {
        #expect(HTTPRequestHead(method: "GET", target: "/", version: .http11).wantsKeepAlive)
        #expect(!HTTPRequestHead(method: "GET", target: "/", version: .http11,
                                 headers: ["Connection": "keep-alive, Close"]).wantsKeepAlive)
        #expect(!HTTPRequestHead(method: "GET", target: "/", version: .http10).wantsKeepAlive)
        #expect(HTTPRequestHead(method: "GET", target: "/", version: .http10,
                                headers: ["Connection": "Keep-Alive"]).wantsKeepAlive)
    }

    /// RFC 9110 §10.1.1: `Expect: 100-continue` counts on HTTP/1.1 only.
    @Test func expectContinue() {
        #expect(HTTPRequestHead(method: "POST", target: "/", headers: ["Expect": "100-Continue"]).expectsContinue)
        #expect(!HTTPRequestHead(method: "POST", target: "/", version: .http10,
                                 headers: ["Expect": "100-continue"]).expectsContinue)
    }

    /// RFC 9112 §3.2: absolute-form uses its path; `*` only for OPTIONS.
    /// RFC 9110 §2.5: a later minor version of 1 is understood as 1.1 (issue #13); 0.9 and 2 are not ours.
    @Test func laterMinorVersionsAreAnsweredAsOneOne() {
        #expect(parse("GET / HTTP/1.2\r\nHost: x\r\n\r\n").requests.first?.version == .http11)
        #expect(parse("GET / HTTP/1.9\r\nHost: x\r\n\r\n").requests.first?.version == .http11)
        #expect(parse("GET / HTTP/0.9\r\nHost: x\r\n\r\n").errorStatus == 505)
    }

    @Test func requestTargetForms() {
        #expect(parse("GET http://example.com/a?b=1 HTTP/1.1\r\nHost: example.com\r\n\r\n").requests.first?.target == "/a?b=1")
        #expect(parse("GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n").requests.first?.target == "/")
        #expect(parse("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").requests.first?.target == "*")
        #expect(parse("GET * HTTP/1.1\r\nHost: x\r\n\r\n").errorStatus == 400)
        #expect(parse("GET a/b HTTP/1.1\r\nHost: x\r\n\r\n").errorStatus == 400)
    }

    /// RFC 9110 §5.5: non-ASCII octets in a value are opaque data, not an error.
    @Test func nonASCIIHeaderValue() {
        let outcome = parse(prefix + "X-Name: Zoë\r\n\r\n")
        #expect(outcome.errorStatus == nil)
        #expect(outcome.requests.first?.headers.last?.value == "Zoë")
    }

    // MARK: - Checklist table J, rows 1–11

    /// J1, RFC 9112 §6.3 item 3: both Content-Length and Transfer-Encoding.
    @Test func j1ContentLengthAndTransferEncoding() {
        #expect(parse(prefix + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").errorStatus == 400)
        #expect(parse(prefix + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n").errorStatus == 400)
    }

    /// J2, RFC 9112 §6.1, §6.3 item 4: unknown codings 501, chunked not last (or twice) 400.
    @Test(arguments: [("gzip, chunked", 501), ("chunked, gzip", 400), ("xchunked", 501),
                      ("chunked, chunked", 400), ("chunked,", 400)])
    func j2TransferEncodings(value: String, status: Int) {
        #expect(parse(prefix + "Transfer-Encoding: \(value)\r\n\r\n0\r\n\r\n").errorStatus == status)
    }

    /// RFC 9112 §6.1: Transfer-Encoding on HTTP/1.0 is faulty framing.
    @Test func transferEncodingOnHTTP10() {
        #expect(parse("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").errorStatus == 400)
    }

    /// J3, RFC 9110 §8.6: `Content-Length = 1*DIGIT`, nothing else.
    @Test(arguments: ["+5", "-1", "0x5", "5 5", "99999999999999999999", "", "5,", " , 5"])
    func j3InvalidContentLength(value: String) {
        #expect(parse(prefix + "Content-Length: \(value)\r\n\r\nhello").errorStatus == 400)
    }

    /// J4, RFC 9110 §8.6: differing lengths, in separate fields or one list.
    @Test(arguments: ["Content-Length: 5\r\nContent-Length: 6\r\n", "Content-Length: 5,6\r\n", "Content-Length: 5, 6\r\n"])
    func j4ConflictingContentLengths(fields: String) {
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\n" + fields + "\r\nhello!").errorStatus == 400)
    }

    /// J5, RFC 9112 §5.1: whitespace between field name and colon.
    @Test(arguments: ["Content-Length : 5", "Content-Length\t: 5", " Content-Length: 5"])
    func j5WhitespaceBeforeColon(line: String) {
        #expect(parse(prefix + line + "\r\n\r\nhello").errorStatus == 400)
    }

    /// J6, RFC 9112 §5.2: obs-fold, and a line without a colon.
    @Test(arguments: ["X: a\r\n b\r\n", "X: a\r\n\tb\r\n", "NoColonHere\r\n", ": empty name\r\n"])
    func j6FoldingAndMissingColon(lines: String) {
        #expect(parse(prefix + lines + "\r\n").errorStatus == 400)
    }

    /// J7, RFC 9112 §2.2, RFC 9110 §5.5: bare CR, NUL and other controls in a field.
    @Test(arguments: ["X: a\rb\r\n", "X: a\0b\r\n", "X: a\u{1}b\r\n", "X: a\u{7F}\r\n", "X: a\r\r\n", "X\r: a\r\n"])
    func j7ControlBytesInField(lines: String) {
        #expect(parse(prefix + lines + "\r\n").errorStatus == 400)
    }

    @Test func bareCRInRequestLineOrAsLineEnd() {
        #expect(parse("GET /\r HTTP/1.1\r\nHost: x\r\n\r\n").errorStatus == 400)
        #expect(parse("GET / HTTP/1.1\rHost: x\r\n\r\n").errorStatus == 400)
        #expect(parse(prefix + "\r\r\n").errorStatus == 400)
    }

    /// J8, RFC 9112 §3, §2.3: exactly one SP; the version is case-sensitive; 2.0 is 505.
    @Test(arguments: [("GET  /  HTTP/1.1", 400), ("GET / http/1.1", 400), ("GET / HTTP/2.0", 505),
                      ("GET\t/ HTTP/1.1", 400), ("GET / HTTP/1.1 ", 400), ("GET /", 400),
                      ("G(T / HTTP/1.1", 400), ("GET /a\u{7F} HTTP/1.1", 400), ("GET / HTTP/1.10", 400),
                      ("GET /#frag HTTP/1.1", 400), ("GET /a?b#c HTTP/1.1", 400), ("GET http://h/#x HTTP/1.1", 400)])
    func j8RequestLine(line: String, status: Int) {
        #expect(parse(line + "\r\nHost: x\r\n\r\n").errorStatus == status)
    }

    /// J9, RFC 9112 §3.2: an HTTP/1.1 request needs exactly one Host.
    /// RFC 9112 §3.2: a Host that is not `uri-host [":" port]` is a 400 (issue #13, finding 2).
    @Test(arguments: ["a b/c", "user@evil", "a/b", "[::1", "[]", "h:80x", "h:8:8", "ex%2", "ex%zz.example", "h\\x", "h?x", "h#x",
                      ":", ":80", "[v1.!$]", "h:123456", "[::1]x"])
    func invalidHostValues(host: String) {
        #expect(parse("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n").errorStatus == 400, "\(host)")
    }

    @Test(arguments: ["example.com", "example.com:8080", "[::1]:8080", "[::1]", "127.0.0.1", "", "h:", "xn--bcher-kva.example",
                      "ex%41mple.com", "a-b_c~d"])
    func validHostValues(host: String) {
        #expect(parse("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n").errorStatus == nil, "\(host)")
    }

    @Test func j9Host() {
        #expect(parse("GET / HTTP/1.1\r\n\r\n").errorStatus == 400)
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").errorStatus == 400)
        #expect(parse("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n").errorStatus == 400)
    }

    /// J10, RFC 9112 §3 and RFC 6585 §5: 414 for the request line, 431 for headers.
    @Test func j10Limits() {
        let longTarget = "/" + String(repeating: "a", count: 9 * 1024)
        #expect(parse("GET \(longTarget) HTTP/1.1\r\nHost: x\r\n\r\n").errorStatus == 414)

        let fourKiB = String(repeating: "v", count: 4 * 1024)
        let fortyKiB = (0..<10).map { "X-Field-\($0): \(fourKiB)\r\n" }.joined()
        #expect(parse(prefix + fortyKiB + "\r\n").errorStatus == 431)

        let manyFields = (0..<200).map { "X-\($0): 1\r\n" }.joined()
        #expect(parse(prefix + manyFields + "\r\n").errorStatus == 431)

        let longLine = "X-Long: " + String(repeating: "v", count: 9 * 1024) + "\r\n"
        #expect(parse(prefix + longLine + "\r\n").errorStatus == 431)
    }

    /// Just under the limits still parses (A6: at least 8000 octets of request line).
    @Test func justUnderTheLimits() {
        let target = "/" + String(repeating: "a", count: 8000)
        #expect(parse("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n").errorStatus == nil)
        let fields = (0..<99).map { "X-\($0): 1\r\n" }.joined()
        #expect(parse(prefix + fields + "\r\n").requests.first?.headers.count == 100)
    }

    /// A line that never ends is refused once it passes the limit, not buffered forever.
    @Test func endlessLineIsRefusedEarly() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET /".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 9 * 1024))
        #expect(throws: HTTPParseError.uriTooLong) { try parser.next() }
    }

    /// J11, RFC 9112 §7.1: chunk-size is 1*HEXDIG, bounded, and data ends with a line end.
    @Test(arguments: ["+5\r\nhello\r\n0\r\n\r\n", "-1\r\nhello\r\n0\r\n\r\n", "fffffffffffffffff\r\nhello\r\n0\r\n\r\n",
                      "5\r\nhelloX\r\n0\r\n\r\n", "5\r\nhello0\r\n\r\n", "\r\nhello\r\n0\r\n\r\n", "5x\r\nhello\r\n0\r\n\r\n",
                      "5\r\nhello\r\n0\r\nBad Trailer: x\r\n\r\n",
                      // Chunked framing needs CRLF (RFC 9112 §7.1): a bare LF anywhere in it, or
                      // whitespace that ends a chunk-size line, is refused (issue #13, finding 1).
                      "1;ext\nA\r\n0\r\n\r\n", "1\nA\r\n0\r\n\r\n", "1\r\nA\n0\r\n\r\n", "1\r\nA\r\n0\n\r\n",
                      "1\r\nA\r\n0\r\nX: y\n\r\n", "1\r\nA\r\n0\r\n\n", "1 \r\nA\r\n0\r\n\r\n", "2\t\r\nAB\r\n0\r\n\r\n",
                      // Extensions must follow RFC 9112 §7.1.1 (found in review).
                      "5;a b \"c\r\nhello\r\n0\r\n\r\n", "5;\r\nhello\r\n0\r\n\r\n", "5;a=\r\nhello\r\n0\r\n\r\n",
                      "5;a=\"b\r\nhello\r\n0\r\n\r\n", "5;a \r\nhello\r\n0\r\n\r\n", "5;=b\r\nhello\r\n0\r\n\r\n"])
    func j11InvalidChunks(body: String) {
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body).errorStatus == 400, "\(body.debugDescription)")
    }

    @Test(arguments: ["5;a\r\n", "5 ;a\r\n", "5;a=b\r\n", "5 ; a = \"q \\\" d\"\r\n", "5;a;b=\"\"\r\n", "5;a=b;c\r\n"])
    func validChunkExtensions(head: String) {
        let outcome = parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + head + "hello\r\n0\r\n\r\n")
        #expect(outcome.errorStatus == nil && outcome.requests.first?.body == Array("hello".utf8), "\(head.debugDescription)")
    }

    // MARK: - Body limits (RFC 9110 §15.5.14, checklist C6)

    @Test func contentLengthOverLimitIsRefusedBeforeTheBody() {
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = 10
        let outcome = parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9999999999\r\n\r\n", limits: limits)
        #expect(outcome.errorStatus == 413)
    }

    @Test func chunkedOverLimitIsRefused() {
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = 8
        let body = "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body, limits: limits).errorStatus == 413)
    }

    /// The body limit may be raised for one request after its head (a route with a larger limit).
    @Test func bodyLimitCanBeRaisedAfterTheHead() throws {
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = 4
        var parser = HTTPRequestParser(limits: limits)
        parser.append(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789".utf8))
        let first = try parser.next()
        guard case .head = try #require(first) else {
            Issue.record("expected the head")
            return
        }
        parser.bodyLimit = 16
        let second = try parser.next()
        guard case .request(let request) = try #require(second) else {
            Issue.record("expected the request")
            return
        }
        #expect(request.body.count == 10)
        #expect(parser.bodyLimit == 4, "the raised limit applies to one request only")
    }

    @Test func bodyLimitCanBeLoweredAfterTheHead() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n".utf8))
        _ = try parser.next()
        parser.bodyLimit = 5
        #expect(throws: HTTPParseError.contentTooLarge) { try parser.next() }
    }

    @Test func parserStaysFailedAfterAnError() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/2.0\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.versionNotSupported) { try parser.next() }
        #expect(throws: HTTPParseError.self) { try parser.next() }
    }
}
