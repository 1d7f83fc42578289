import Blog
import FuzzSupport
import HTTPServer

/// The desk's cookie handling: `Cookie` header fields (one per input line) through the
/// request's cookie parser, then every value through `SessionToken(cookie:)`, the only door
/// from a cookie to a session lookup. Invariants: no crash; names and values never hold `;`
/// and carry no surrounding spaces; the first value of a name wins; an accepted token is
/// exactly 43 base64url characters, equal to its input, and its CSRF token is its own and
/// no other's.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: bytes(data, size), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(8)
    var headers = HTTPHeaders()
    for line in lines { headers.add("Cookie", String(line)) }
    let request = HTTPRequest(method: "GET", target: "/admin", headers: headers, body: [], remoteAddress: "192.0.2.1")
    let cookies = request.cookies
    for (name, value) in cookies {
        invariant(!name.utf8.contains(UInt8(ascii: ";")) && !value.utf8.contains(UInt8(ascii: ";")),
                  "a cookie kept a separator: \(name)=\(value)")
        invariant(name == name.trimmingASCIIWhitespace() && value == value.trimmingASCIIWhitespace(), "untrimmed \(name)")
        if let token = SessionToken(cookie: value) {
            invariant(token.value == value && value.utf8.count == 43, "token \(value.debugDescription)")
            invariant(value.utf8.allSatisfy { $0 == 0x2D || $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                || (0x61...0x7A).contains($0) }, "token alphabet \(value.debugDescription)")
            invariant(token.accepts(csrfToken: token.csrfToken), "own CSRF token refused")
            invariant(!token.accepts(csrfToken: SessionToken.random().csrfToken), "another session's CSRF token accepted")
            invariant(!token.accepts(csrfToken: value), "the session id itself accepted as CSRF token")
        }
    }
    // The first `name=value` pair of the first non-empty line, split on bytes as HTTP does.
    if let line = lines.first(where: { !$0.isEmpty }), let pair = line.split(ofASCII: ";").first,
       let equals = pair.firstIndex(ofASCII: "=") {
        let name = pair[..<equals].trimmingASCIIWhitespace()
        let value = pair[pair.utf8.index(after: equals)...].trimmingASCIIWhitespace()
        if !name.isEmpty || !value.isEmpty {
            invariant(cookies[name] == value, "the first value of \(name) did not win")
        }
    }
    return 0
}

@_cdecl("FuzzSessionCookie_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
