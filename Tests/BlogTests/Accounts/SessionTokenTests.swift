@testable import Blog
import Testing

@Suite struct SessionTokenTests {
    @Test func tokensAreRandomAndOnlyTheirHashIsStored() {
        let first = SessionToken.random(), second = SessionToken.random()
        #expect(first != second)
        #expect(first.value.utf8.count == 43)
        #expect(first.storageKey.count == 64 && !first.storageKey.contains(first.value))
    }

    @Test func cookieValuesMustLookLikeTokens() {
        let token = SessionToken.random()
        #expect(SessionToken(cookie: token.value) == token)
        for bad in ["", "abc", token.value + "A", String(token.value.dropLast()) + "=", String(token.value.dropLast()) + "é",
                    String(repeating: "A", count: 42) + ";"] {
            #expect(SessionToken(cookie: bad) == nil, "\(bad)")
        }
    }

    @Test func csrfTokensBelongToTheirSession() {
        let token = SessionToken.random(), other = SessionToken.random()
        #expect(token.accepts(csrfToken: token.csrfToken))
        #expect(!token.accepts(csrfToken: other.csrfToken))
        #expect(!token.accepts(csrfToken: ""))
        #expect(token.csrfToken != token.value)
    }
}
