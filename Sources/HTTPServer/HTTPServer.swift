import Dispatch
import Logging
import Glibc

/// An HTTP/1.1 server on non-blocking BSD sockets and Dispatch (Linux: each event loop keeps
/// its sockets in an epoll set that a thread of its own waits on, see `EventLoop`).
///
/// Queues: `acceptQueue` owns the listening socket and the round-robin counter; each
/// `EventLoop` queue owns its connections (its thread only waits for readiness, then enters
/// the queue); a `WorkerPool` of threads runs handlers. No thread per connection, and no
/// event-loop queue ever blocks.
public final class HTTPServer: @unchecked Sendable {
    private let core: ServerCore
    private let loops: [EventLoop]
    private let acceptQueue = DispatchQueue(label: "feder.accept")
    // Owned by `acceptQueue`:
    private var listenSource: DispatchSourceRead?
    private var listenerSuspended = false
    private var nextLoop = 0
    private var nextConnectionID: UInt64 = 0
    private var stopping = false
    private var shutdownFinished = false
    /// Every caller of `shutdown` is told when it is done, not only the first.
    private var shutdownCompletions: [@Sendable () -> Void] = []
    private var lastAcceptErrorLog: UInt64 = 0
    /// The port actually bound (useful with port 0). Written once in `start()`.
    public private(set) var port = 0

    public init(configuration: ServerConfiguration, responder: any HTTPResponder,
                logger: Logger = Logger(label: "feder.http"), accessLog: Bool = true) {
        core = ServerCore(configuration: configuration, responder: responder, logger: logger, accessLog: accessLog)
        loops = (0..<max(1, configuration.eventLoopCount)).map { EventLoop(index: $0, io: configuration.io) }
    }

    public var configuration: ServerConfiguration { core.configuration }

    /// Binds and starts accepting. Throws when the address cannot be bound.
    public func start() throws {
        // A peer that resets must never kill the process: SIGPIPE is ignored.
        signal(SIGPIPE, SIG_IGN)
        let configuration = core.configuration
        let listener = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        port = listener.port
        let source = DispatchSource.makeReadSource(fileDescriptor: listener.fd, queue: acceptQueue)
        source.setEventHandler { [unowned self] in acceptPending(listener: listener.fd) }
        source.setCancelHandler { Glibc.close(listener.fd) } // close only after cancel: a late event must not hit a reused fd
        acceptQueue.sync { listenSource = source }
        for loop in loops { loop.queue.sync { loop.start() } }
        source.activate()
    }

    /// Open connections right now (for tests and metrics).
    public var openConnectionCount: Int { core.openConnections.load(ordering: .relaxed) }

    private func acceptPending(listener: Int32) {
        for _ in 0..<core.configuration.io.acceptsPerWakeup {
            guard let accepted = Socket.accept(listener) else {
                switch errno {
                case EAGAIN, EWOULDBLOCK: return
                case EINTR, ECONNABORTED, EPROTO: continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    backOffAccepting() // out of fds: never spin on a listener we cannot serve
                    return
                default:
                    logAcceptError()
                    return
                }
            }
            if stopping {
                Glibc.close(accepted.fd)
                continue
            }
            let open = core.openConnections.load(ordering: .relaxed)
            if open >= core.configuration.maxConnections + core.configuration.io.rejectAllowance {
                rejectOverCapacity(accepted.fd)
                continue
            }
            // Just over the cap a connection still answers 503 with a staged close, so the
            // answer is not lost to a reset; far over it the fd is closed at once.
            let overCapacity = open >= core.configuration.maxConnections
            core.openConnections.add(1, ordering: .relaxed)
            core.connectionsGroup.enter()
            Socket.setNoDelay(accepted.fd)
            nextConnectionID += 1
            let loop = loops[nextLoop]
            nextLoop = (nextLoop + 1) % loops.count
            let connection = Connection(id: nextConnectionID, fd: accepted.fd, remoteAddress: accepted.address,
                                        loop: loop, core: core)
            loop.queue.async {
                loop.register(connection)
                if overCapacity { connection.reject(.serviceUnavailable) }
            }
        }
    }

    /// Far over `maxConnections`: a short 503 and close, so the client knows to come back.
    private func rejectOverCapacity(_ fd: Int32) {
        var date = DateHeaderCache()
        var bytes = ResponseSerializer.errorResponse(.serviceUnavailable, date: date.current())
        _ = send(fd, &bytes, bytes.count, Int32(MSG_NOSIGNAL))
        Glibc.shutdown(fd, Int32(SHUT_WR))
        Glibc.close(fd)
    }

    private func backOffAccepting() {
        logAcceptError()
        guard let source = listenSource, !listenerSuspended else { return }
        source.suspend()
        listenerSuspended = true
        let pause = DispatchTimeInterval.milliseconds(Int(core.configuration.io.acceptBackoff * 1000))
        acceptQueue.asyncAfter(deadline: .now() + pause) { [self] in
            guard listenerSuspended, let source = listenSource else { return }
            listenerSuspended = false
            source.resume()
        }
    }

    private func logAcceptError() {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now &- lastAcceptErrorLog > 1_000_000_000 else { return } // at most once a second
        lastAcceptErrorLog = now
        core.logger.warning("accept failed: \(String(cString: strerror(errno)))")
    }

    /// Graceful shutdown: stop accepting, close idle connections, let in-flight
    /// requests finish with `Connection: close`, force-close what remains after the timeout.
    public func shutdown(completion: @escaping @Sendable () -> Void) {
        acceptQueue.async { [self] in
            if shutdownFinished {
                completion()
                return
            }
            shutdownCompletions.append(completion)
            guard !stopping else { return }
            stopping = true
            if let source = listenSource {
                source.cancel()
                if listenerSuspended { source.resume() }
                listenSource = nil
            }
            core.draining.store(true, ordering: .relaxed)
            for loop in loops { loop.queue.async { loop.beginDraining() } }

            let finish: @Sendable () -> Void = { [self] in
                acceptQueue.async { [self] in
                    guard !shutdownFinished else { return }
                    shutdownFinished = true
                    for loop in loops { loop.queue.sync { loop.stop() } }
                    core.workers.stop()
                    let completions = shutdownCompletions
                    shutdownCompletions = []
                    for completion in completions { completion() }
                }
            }
            core.connectionsGroup.notify(queue: acceptQueue, execute: finish)
            acceptQueue.asyncAfter(deadline: .now() + core.configuration.timeouts.shutdown) { [self] in
                guard !shutdownFinished else { return }
                for loop in loops { loop.queue.async { loop.forceCloseAll() } }
            }
        }
    }

    /// Shuts down and blocks the calling thread until done (CLI main thread and tests only).
    public func shutdownAndWait() {
        let done = DispatchSemaphore(value: 0)
        shutdown { done.signal() }
        done.wait()
    }
}
