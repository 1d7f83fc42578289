@testable import HTTPServer
import Testing

@Suite struct HTTPRequestTests {
    func cookies(_ values: String...) -> [String: String] {
        var headers = HTTPHeaders()
        for value in values { headers.add("Cookie", value) }
        return HTTPRequest(method: "GET", target: "/", headers: headers, body: [], remoteAddress: "192.0.2.1").cookies
    }

    @Test func cookiesSplitOnBytesAndTheFirstValueWins() {
        #expect(cookies("a=1; b = 2 ;c=x=y", "a=3") == ["a": "1", "b": "2", "c": "x=y"])
        #expect(cookies("theme=", "=orphan", "noequals") == ["theme": "", "": "orphan"])
        // Found by the session-cookie fuzzer: `;` followed by a combining mark is one Character,
        // and a Character split glued the next cookie onto the value before it.
        let glued = cookies("v=1;\u{0F3E}x=2; s=3")
        #expect(glued["v"] == "1" && glued["s"] == "3")
        #expect(glued.values.allSatisfy { !$0.utf8.contains(UInt8(ascii: ";")) })
    }
}
