@testable import HTTPServer
import Testing

@Suite struct HTTPHeadersTests {
    @Test func namesCompareIgnoringASCIICaseOnly() {
        var headers = HTTPHeaders()
        headers.add("Connection", "keep-alive, Upgrade")
        headers.add("connection", " close ")
        #expect(headers.values(for: "CONNECTION") == ["keep-alive, Upgrade", " close "])
        #expect(headers.tokens(for: "Connection") == ["keep-alive", "upgrade", "close"])
        #expect(!"Straße".equalsIgnoringASCIICase("STRASSE"))
    }

    @Test func trimmingRemovesOnlySpacesAndTabs() {
        #expect(" \t a b \t ".trimmingASCIIWhitespace() == "a b")
        #expect("\u{00A0}x\u{00A0}".trimmingASCIIWhitespace() == "\u{00A0}x\u{00A0}")
        #expect(" \t ".trimmingASCIIWhitespace() == "")
        #expect("é ".trimmingASCIIWhitespace() == "é")
        #expect("ab, cd"[...].dropFirst(3).trimmingASCIIWhitespace() == "cd")
    }

    /// The byte helpers behind the per-request string work (targets, lists, form pairs).
    @Test func asciiSearchAndSplitWorkOnBytes() {
        let target = "/süß/a?b=1&c"
        #expect(target.firstIndex(ofASCII: "?").map { String(target[..<$0]) } == "/süß/a")
        #expect("a,,b,\u{301}c".split(ofASCII: ",") == ["a", "b", "\u{301}c"])
        #expect("a,,b".split(ofASCII: ",", omittingEmptySubsequences: false) == ["a", "", "b"])
        #expect("".split(ofASCII: ",").isEmpty)
        let slice = "x=1&y=2"[...].dropFirst(4)
        #expect(slice.split(ofASCII: "=") == ["y", "2"])
        #expect(slice.firstIndex(ofASCII: "x") == nil)
    }

    @Test func requestPathAndQuerySplitAtTheFirstQuestionMark() {
        let request = HTTPRequestHead(method: "GET", target: "/search?q=a?b&page=2")
        #expect(request.path == "/search")
        #expect(request.query == "q=a?b&page=2")
        #expect(HTTPRequestHead(method: "GET", target: "/plain").query == nil)
        #expect(AccessLogTarget.redact("/search?q=secret&=x&page") == "/search?q&&page")
    }
}
