/// What a deferred route handler answers with, from any thread and exactly once: a response,
/// an error (rendered like one the handler had thrown), or work that may block.
///
/// Deferred handlers run on the event loop and must never block it. They suit a request whose
/// slow part waits on a thread of its own (the database writer): no worker thread sits blocked
/// while it waits, and no thread hands the request on twice.
public struct DeferredReply: Sendable {
    let request: HTTPRequest
    let renderError: @Sendable (HTTPRequest, any Error) -> HTTPResponse
    let answer: @Sendable (Reply) -> Void

    public func send(_ response: HTTPResponse) {
        answer(.now(response))
    }

    public func fail(_ error: any Error) {
        answer(.now(renderError(request, error)))
    }

    /// Finishes on a worker thread: for answers that read the database or render a page.
    public func finishOnWorker(_ work: @escaping @Sendable () throws -> HTTPResponse) {
        let (request, renderError) = (request, renderError)
        answer(.onWorker {
            do {
                return try work()
            } catch {
                return renderError(request, error)
            }
        })
    }
}
