/// Behind a reverse proxy every peer is the proxy itself; its `X-Forwarded-For` names the
/// client (the last address, the one the proxy saw). Only trusted from a loopback peer.
public struct ClientAddress: Middleware {
    public let trustProxy: Bool

    public init(trustProxy: Bool) { self.trustProxy = trustProxy }

    public func respond(to request: HTTPRequest, next: Next) -> Reply {
        guard trustProxy, request.remoteAddress == "127.0.0.1" || request.remoteAddress == "::1",
              let forwarded = request.headers.values(for: "X-Forwarded-For").last?
                .split(separator: ",").last?.trimmingASCIIWhitespace(), !forwarded.isEmpty else { return next(request) }
        var request = request
        request.remoteAddress = forwarded
        return next(request)
    }
}

/// ETag, 304/412 and gzip for every 200 answer to GET and HEAD that no inner layer (the page
/// cache) has already made final (RFC 9110 §13.2.2, §8.4).
public struct ConditionalGET: Middleware {
    public init() {}

    public func respond(to request: HTTPRequest, next: Next) -> Reply {
        guard request.method == "GET" || request.method == "HEAD" else { return next(request) }
        let reply = next(request)
        // An answer that is already here (a cache hit) is finished in place: `map` would first
        // copy the request into a closure on the heap, for every cached answer.
        if case .now(let response) = reply { return .now(Self.finish(response, for: request)) }
        return reply.map { Self.finish($0, for: request) }
    }

    private static func finish(_ response: HTTPResponse, for request: HTTPRequest) -> HTTPResponse {
        response.isFinal ? response : ConditionalResponse.finish(response, for: request)
    }
}

/// Shared answers kept until the data they show changes: a hit is answered on the event loop,
/// without a worker or the database; a miss is stored on its way out (see `ResponseCache`).
public struct PageCache: Middleware {
    /// The version of the data an answer to this request shows; any change to that data must
    /// increase it. Nil: this request's answers are private and pass by the cache both ways.
    /// Called on the event loop for every GET and HEAD: must be cheap.
    public typealias Generation = @Sendable (HTTPRequest) -> UInt64?

    private let cache: ResponseCache
    private let generation: Generation

    public init(_ cache: ResponseCache, generation: @escaping Generation) {
        self.cache = cache
        self.generation = generation
    }

    public func respond(to request: HTTPRequest, next: Next) -> Reply {
        guard request.method == "GET" || request.method == "HEAD" else { return next(request) }
        // Read first: a change while rendering makes the entry stale.
        guard let renderedAt = generation(request) else { return next(request) }
        if let hit = cache.answer(request, generation: renderedAt) { return .now(hit) }
        return next(request).map { [cache] response in
            cache.store(response, for: request, generation: renderedAt)?.answer(to: request) ?? response
        }
    }
}

/// Headers every answer of one kind carries, added in one place: `all` on every response
/// with a body, `html` also on HTML pages. A handler's own value wins.
public struct SecurityHeaders: Middleware {
    public let all: [(String, String)]
    public let html: [(String, String)]

    public init(all: [(String, String)], html: [(String, String)]) {
        self.all = all
        self.html = html
    }

    public func respond(to request: HTTPRequest, next: Next) -> Reply {
        next(request).map(adding)
    }

    public func finish(refusal: HTTPResponse) -> HTTPResponse { adding(to: refusal) }

    private func adding(to response: HTTPResponse) -> HTTPResponse {
        guard !response.isFinal, !response.body.isEmpty || response.headers["Content-Type"] != nil else { return response }
        var response = response
        let isHTML = response.headers["Content-Type"]?.hasPrefix("text/html") ?? false
        for (name, value) in isHTML ? html + all : all where response.headers[name] == nil {
            response.headers.set(name, value)
        }
        return response
    }
}

/// Answers for one person, not the public (the author's desk, a draft preview link): whatever
/// a handler said, no cache keeps them and no search engine indexes them. Outermost, so it has
/// the last word.
public struct PrivateAnswers: Middleware {
    private let isPrivate: @Sendable (HTTPRequest) -> Bool

    public init(where isPrivate: @escaping @Sendable (HTTPRequest) -> Bool) {
        self.isPrivate = isPrivate
    }

    public func respond(to request: HTTPRequest, next: Next) -> Reply {
        guard isPrivate(request) else { return next(request) }
        return next(request).map { response in
            var response = response
            response.headers.set("Cache-Control", "no-store")
            response.headers.set("X-Robots-Tag", "noindex, nofollow")
            return response
        }
    }
}
