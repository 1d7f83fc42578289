import HTTPServer
import Routes
import Testing

/// How old addresses are keyed (issue #16): one key however the address is written.
@Suite struct RedirectKeyTests {
    func key(_ target: String) -> String? {
        guard let path = try? RequestPath(HTTPRequest(method: "GET", target: target)) else { return nil }
        return RedirectKey(path)?.value
    }

    @Test func slashesEscapesAndOtherQueriesDoNotMatter() {
        for target in ["/2025/02/11/hello/", "/2025/02/11/hello", "/2025//02/11/%68ello/", "/2025/02/11/hello/?utm_source=x"] {
            #expect(key(target) == "/2025/02/11/hello", "\(target)")
        }
        #expect(key("/s%C3%BC%C3%9F/") == "/süß" && key("/s%c3%bc%c3%9f") == "/süß", "escapes in either case")
    }

    @Test func theRootIsAnOldAddressOnlyWithWordPressNumbers() {
        #expect(key("/?p=12") == "/?p=12" && key("/?page_id=2&preview=true") == "/?page_id=2")
        #expect(key("/?p=0012") == "/?p=12")
        #expect(key("/") == nil && key("/?page=2") == nil && key("/?p=x") == nil && key("/?p=-1") == nil)
    }

    @Test func anAddressAsWrittenInAnExportOrOnTheCommandLine() {
        #expect(RedirectKey(address: "https://old.example/2025/02/11/hello/")?.value == "/2025/02/11/hello")
        #expect(RedirectKey(address: "https://old.example/?p=12")?.value == "/?p=12")
        #expect(RedirectKey(address: "http://old.example")?.value == nil, "the home page is no old address")
        #expect(RedirectKey(address: "/hello/#comments")?.value == "/hello")
        #expect(RedirectKey(address: "hello") == nil && RedirectKey(address: "/a/%2F/b") == nil)
    }

    @Test func wordPressNumbersAreNotTheHomePage() {
        #expect(webRoute("GET", "/?p=12") == nil && webRoute("GET", "/?page_id=3") == nil)
        #expect(webRoute("GET", "/?utm_source=feed") == .home())
    }
}
