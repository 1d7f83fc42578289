/// How an answer that was started on the event loop arrives later (`HTTPResponder.respondDeferred`).
public enum DeferredAnswer: Sendable {
    case response(HTTPResponse)
    /// What is left may block (a page rendered from the database): the server runs it on a
    /// worker thread and sends what it returns.
    case onWorker(@Sendable () -> HTTPResponse)
}

/// What a deferred route handler answers with, from any thread and exactly once: a response,
/// an error (rendered like one the handler had thrown), or work that may block.
///
/// Deferred handlers run on the event loop and must never block it. They suit a request whose
/// slow part waits on a thread of its own (the database writer): no worker thread sits blocked
/// while it waits, and no thread hands the request on twice.
public struct DeferredReply: Sendable {
    let request: HTTPRequest
    let finish: @Sendable (HTTPResponse, HTTPRequest) -> HTTPResponse
    let renderError: @Sendable (any Error, HTTPRequest) -> HTTPResponse
    let answer: @Sendable (DeferredAnswer) -> Void

    public func send(_ response: HTTPResponse) {
        answer(.response(finish(response, request)))
    }

    public func fail(_ error: any Error) {
        answer(.response(renderError(error, request)))
    }

    /// Finishes on a worker thread: for answers that read the database or render a page.
    public func finishOnWorker(_ work: @escaping @Sendable () throws -> HTTPResponse) {
        let (request, finish, renderError) = (request, finish, renderError)
        answer(.onWorker {
            do {
                return finish(try work(), request)
            } catch {
                return renderError(error, request)
            }
        })
    }
}
