import HTTPServer
import Locking

extension Reply {
    /// The response this reply comes to, for a test that calls a responder the way the server
    /// does, without sockets: work for a worker runs on this thread, a deferred answer is
    /// waited for.
    public func response() -> HTTPResponse {
        switch self {
        case .now(let response):
            return response
        case .onWorker(let work):
            return work()
        case .deferred(let start):
            return waitForCallback { answer in start(answer) }.response()
        }
    }
}

extension HTTPResponder {
    /// `respond(to:)` followed to its response (see `Reply.response()`).
    public func response(to request: HTTPRequest) -> HTTPResponse {
        respond(to: request).response()
    }
}
