import HTTPTestSupport
import Locking
import Testing
@testable import HTTPServer

/// Records the order in which requests pass in and answers pass out.
private struct Tracer: Middleware {
    let name: String
    let log: Locked<[String]>

    func respond(to request: HTTPRequest, next: Next) -> Reply {
        log.withLock { $0.append("in \(name)") }
        return next(request).map { [log, name] response in
            log.withLock { $0.append("out \(name)") }
            return response
        }
    }
}

private struct Fixed: HTTPResponder {
    var response = HTTPResponse.html("<p>page</p>")

    func respond(to request: HTTPRequest) -> Reply { .onWorker { [response] in response } }
    func refusal(_ status: HTTPStatus, target: String) -> HTTPResponse? { .text("refused", status: status) }
}

@Suite struct MiddlewareTests {
    @Test func requestsPassInOrderAndAnswersComeBackInReverse() {
        let log = Locked<[String]>([])
        let chain = ResponderChain([Tracer(name: "a", log: log), Tracer(name: "b", log: log)], endpoint: Fixed())
        let reply = chain.respond(to: HTTPRequest(method: "GET", target: "/"))
        #expect(log.withLock { $0 } == ["in a", "in b"], "the way in runs on the loop, before any worker")
        _ = reply.response()
        #expect(log.withLock { $0 } == ["in a", "in b", "out b", "out a"])
    }

    @Test func securityHeadersGoOnEveryAnswerAndPagesGetMore() {
        let headers = SecurityHeaders(all: [("X-Content-Type-Options", "nosniff")], html: [("X-Frame-Options", "DENY")])
        let page = ResponderChain([headers], endpoint: Fixed()).response(to: HTTPRequest(method: "GET", target: "/"))
        #expect(page.headers["X-Content-Type-Options"] == "nosniff" && page.headers["X-Frame-Options"] == "DENY")

        let text = ResponderChain([headers], endpoint: Fixed(response: .text("x"))).response(to: HTTPRequest(method: "GET", target: "/"))
        #expect(text.headers["X-Content-Type-Options"] == "nosniff" && text.headers["X-Frame-Options"] == nil)

        var own = HTTPResponse.html("<p>framed</p>")
        own.headers.set("X-Frame-Options", "SAMEORIGIN")
        let kept = ResponderChain([headers], endpoint: Fixed(response: own)).response(to: HTTPRequest(method: "GET", target: "/"))
        #expect(kept.headers["X-Frame-Options"] == "SAMEORIGIN", "a handler's own value wins")

        let refusal = ResponderChain([headers], endpoint: Fixed()).refusal(.contentTooLarge, target: "/")
        #expect(refusal?.headers["X-Content-Type-Options"] == "nosniff", "refusals before routing carry them too")
    }

    @Test func conditionalGETFinishesWhatNoInnerLayerFinished() {
        let chain = ResponderChain([ConditionalGET()], endpoint: Fixed())
        let first = chain.response(to: HTTPRequest(method: "GET", target: "/"))
        let tag = first.headers["ETag"]
        #expect(tag != nil)
        let again = chain.response(to: HTTPRequest(method: "GET", target: "/", headers: ["Host": "x", "If-None-Match": tag!]))
        #expect(again.status == .notModified)
        let post = chain.response(to: HTTPRequest(method: "POST", target: "/"))
        #expect(post.headers["ETag"] == nil, "only GET and HEAD get validators")
    }

    @Test func thePageCacheAnswersOnTheLoopOnceItHoldsAPage() {
        let generation = Locked<UInt64>(1)
        let cache = PageCache(ResponseCache(byteBudget: 1 << 20)) { _ in generation.withLock { $0 } }
        var page = HTTPResponse.html("<p>shared</p>")
        page.headers.set("Cache-Control", "public, max-age=60")
        let chain = ResponderChain([ConditionalGET(), cache], endpoint: Fixed(response: page))
        let request = HTTPRequest(method: "GET", target: "/")
        guard case .onWorker = chain.respond(to: request) else {
            Issue.record("a miss goes to a worker")
            return
        }
        let stored = chain.response(to: request)
        guard case .now(let hit) = chain.respond(to: request) else {
            Issue.record("a hit is answered at once")
            return
        }
        #expect(hit.body == stored.body && hit.isFinal)
        generation.withLock { $0 += 1 }
        guard case .onWorker = chain.respond(to: request) else {
            Issue.record("a newer generation misses")
            return
        }
    }

    @Test func theClientAddressComesFromTheProxyOnlyWhenTrusted() {
        struct Echo: HTTPResponder {
            func respond(to request: HTTPRequest) -> Reply { .now(.text(request.remoteAddress)) }
        }
        func address(trust: Bool, peer: String) -> String {
            let request = HTTPRequest(method: "GET", target: "/", headers: ["Host": "x", "X-Forwarded-For": "203.0.113.9"],
                                      remoteAddress: peer)
            return String(decoding: ResponderChain([ClientAddress(trustProxy: trust)], endpoint: Echo())
                .response(to: request).body, as: UTF8.self)
        }
        #expect(address(trust: true, peer: "127.0.0.1") == "203.0.113.9")
        #expect(address(trust: true, peer: "198.51.100.1") == "198.51.100.1", "only a local proxy is believed")
        #expect(address(trust: false, peer: "127.0.0.1") == "127.0.0.1")
    }
}
