import CEpoll
import Dispatch
import Glibc

/// One client connection: reads requests, hands them to the responder, writes the responses
/// in order, and enforces the timeouts.
///
/// Ownership: every stored property is read and written only on `loop.queue` (the loop
/// delivers the socket's readiness there; workers and deferred answers hop back to it), so no
/// lock is needed and the class is `@unchecked Sendable` only to cross to another thread and
/// back. The fd is closed exactly once, in `close()`, after it left the loop's epoll set.
final class Connection: @unchecked Sendable {
    private enum Phase {
        /// Keep-alive, between requests.
        case waiting
        /// Part of a request has arrived.
        case reading
        /// A handler is answering; later requests wait in the parser's buffer (in order).
        case processing
        /// The last response is queued; close once it is written.
        case finishing
        /// Our side is shut down; the peer's bytes are drained until EOF.
        case lingering
        case closed
    }

    private struct InFlight {
        let method: String
        let target: String
        let version: HTTPVersion
        let keepAlive: Bool
        let startedAt: UInt64
    }

    let id: UInt64
    private let fd: Int32
    private let loop: EventLoop
    private let core: ServerCore
    private var parser: HTTPRequestParser
    /// What the socket is registered for in the loop's epoll set.
    private var readSuspended = false
    private var writeArmed = false
    private var output = OutputQueue()
    private var phase = Phase.waiting
    private var current: InFlight?
    private var requestsServed = 0
    private var peerClosed = false
    private var lingerBytes = 0
    private var isProcessingInput = false
    /// When the current phase times out (uptime nanoseconds); checked by the loop's sweep.
    private var deadline: UInt64 = .max
    /// Set while a write is blocked: when the peer has stalled too long.
    private var writeDeadline: UInt64 = .max

    /// Above this much unsent output, no further pipelined request is started (backpressure).
    private static let maxPendingOutput = 256 * 1024
    /// Above this much unparsed input while busy, reading pauses.
    private static let maxBufferedInput = 64 * 1024

    init(id: UInt64, fd: Int32, remoteAddress: String, loop: EventLoop, core: ServerCore) {
        self.id = id
        self.fd = fd
        self.loop = loop
        self.core = core
        self.parser = HTTPRequestParser(limits: core.configuration.parserLimits, remoteAddress: remoteAddress)
    }

    /// Joins the loop's epoll set, waiting for a request. Called on `loop.queue`, once.
    func start() {
        deadline = loop.now() &+ nanos(core.configuration.timeouts.idle)
        if !loop.watch(fd, id: id) { close() }
    }

    /// The socket is ready: `events` as epoll reported them. Called by the loop on its queue.
    func handle(events: UInt32) {
        if events & EPOLLOUT.rawValue != 0 && writeArmed { flush() }
        if events & EPOLLIN.rawValue != 0 && !readSuspended {
            handleReadable()
        } else if events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            // Reported whatever we wait for, and level-triggered: with reading paused (EOF seen,
            // input full) a reset or hang-up would fire again and again. The peer is gone.
            close()
        }
    }

    // MARK: - Reading

    private func handleReadable() {
        guard phase != .closed else { return }
        var budget = 256 * 1024 // per event, so one busy peer cannot starve the loop
        while budget > 0 {
            let count = read(fd, loop.readBuffer.baseAddress, loop.readBuffer.count)
            if count > 0 {
                budget -= count
                if phase == .lingering {
                    lingerBytes += count
                    if lingerBytes > 64 * 1024 { close(); return }
                    continue
                }
                parser.append(UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]))
                if parser.isReadingBody { deadline = loop.now() &+ nanos(core.configuration.timeouts.body) }
                // A short read emptied the socket: asking again would only cost a read() that
                // says EAGAIN. The epoll set is level-triggered, so later bytes report it again.
                if count < loop.readBuffer.count { break }
            } else if count == 0 {
                // EOF, decided only from read() == 0. Stop reading or epoll reports it forever.
                peerClosed = true
                suspendReading()
                if phase == .lingering { close(); return }
                break
            } else {
                switch errno {
                case EAGAIN, EWOULDBLOCK: budget = 0
                case EINTR: continue
                default: close(); return // ECONNRESET and friends: quietly
                }
            }
        }
        if phase == .processing, parser.bufferedByteCount > Self.maxBufferedInput { suspendReading() }
        processInput()
    }

    /// Parses and starts as many requests as may run now, one at a time.
    private func processInput() {
        guard !isProcessingInput else { return } // the outer call's loop continues
        isProcessingInput = true
        defer { isProcessingInput = false }
        while phase == .waiting || phase == .reading {
            if output.byteCount > Self.maxPendingOutput {
                // Backpressure: start nothing more until the output drains, but keep reading (up
                // to maxBufferedInput), so the socket keeps being read while the peer lives.
                if parser.bufferedByteCount > Self.maxBufferedInput { suspendReading() }
                return
            }
            let event: HTTPRequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                fail(with: error.status)
                return
            }
            switch event {
            case nil:
                if parser.isMidRequest {
                    if phase == .waiting {
                        phase = .reading // the header timeout runs from the first byte
                        // A body already under way keeps the body timeout `accept` set.
                        if !parser.isReadingBody {
                            deadline = loop.now() &+ nanos(core.configuration.timeouts.header)
                        }
                    }
                } else if peerClosed {
                    closeWhenFlushed()
                }
                if peerClosed && parser.isMidRequest { closeWhenFlushed() }
                return
            case .head(let head):
                if !accept(head) { return }
            case .request(let request):
                dispatch(request)
            }
        }
    }

    /// Checks a request head before its body is read; answers 100 Continue when allowed (RFC 9110 §10.1.1).
    private func accept(_ head: HTTPRequestHead) -> Bool {
        guard KnownMethods.all.contains(head.method) else {
            fail(with: .notImplemented) // RFC 9110 §9.1
            return false
        }
        let lengths = head.headers.values(for: "Content-Length")
        let announced = lengths.isEmpty ? nil : try? HTTPRequestParser.parseContentLength(lengths)
        let bodyFollows = (announced ?? 0) > 0 || head.headers.contains("Transfer-Encoding")
        // Only a request with a body needs its route's limit (most requests have none).
        let limit = bodyFollows ? core.responder.maxBodySize(for: head) ?? core.configuration.parserLimits.maxBodyBytes
            : core.configuration.parserLimits.maxBodyBytes
        parser.bodyLimit = limit
        if let announced, announced > limit {
            fail(with: .contentTooLarge) // before reading it, and without 100 Continue
            return false
        }
        if bodyFollows {
            deadline = loop.now() &+ nanos(core.configuration.timeouts.body)
            if head.expectsContinue && parser.bufferedByteCount == 0 {
                output.append(Self.continueLine)
                flush()
            }
        }
        return phase != .closed
    }

    // MARK: - Answering

    private func dispatch(_ request: HTTPRequest) {
        phase = .processing
        deadline = .max
        let keepAlive = request.head.wantsKeepAlive && !peerClosed
            && requestsServed + 1 < core.configuration.maxRequestsPerConnection
        current = InFlight(method: request.method, target: request.target, version: request.head.version,
                           keepAlive: keepAlive, startedAt: loop.now())
        answer(core.responder.respond(to: request), onLoop: true)
    }

    /// Delivers a reply: a response now, work for a worker, or the start of a deferred answer
    /// whose rest arrives here again from whatever thread finishes it (`onLoop` false).
    private func answer(_ reply: Reply, onLoop: Bool) {
        switch reply {
        case .now(let response):
            if onLoop {
                complete(response)
            } else {
                loop.queue.async { self.complete(response) }
            }
        case .onWorker(let work):
            runOnWorker(work)
        case .deferred(let start):
            start { [self] rest in answer(rest, onLoop: false) }
        }
    }

    /// Runs `work` on a worker and completes with its answer on the loop; 503 when the
    /// workers' queue is full. Called from any thread (a deferred answer arrives on the one
    /// that finished it), so it touches only what never changes and then enters the loop.
    ///
    /// The worker enters the loop's queue with `sync`: when the loop is idle, Dispatch runs the
    /// completion right here, on the worker, instead of waking a thread for the queue (a
    /// context switch each way was most of a small answer's CPU); when it is busy, the worker
    /// waits its turn. Nothing the loop runs ever waits for a worker, so this cannot deadlock.
    private func runOnWorker(_ work: @escaping @Sendable () -> HTTPResponse) {
        let accepted = core.workers.submit { [self] in
            let response = work()
            loop.queue.sync { self.complete(response) }
        }
        if !accepted {
            loop.queue.async { self.complete(Self.overloaded) }
        }
    }

    private static let overloaded: HTTPResponse = {
        var busy = HTTPResponse.text("Service Unavailable: the server is overloaded.\n", status: .serviceUnavailable)
        busy.headers.set("Retry-After", "1")
        return busy
    }()

    private func complete(_ response: HTTPResponse) {
        guard phase == .processing, let request = current else { return } // force-closed meanwhile
        current = nil
        requestsServed += 1
        // While draining every response closes its connection.
        let keepAlive = request.keepAlive && !core.isDraining
        let bytes = ResponseSerializer.serialize(response, requestMethod: request.method, version: request.version,
                                                 keepAlive: keepAlive, date: loop.dateHeader())
        core.logAccess(method: request.method, target: request.target, status: response.status.code,
                       bytes: bytes.body.count, startedAt: request.startedAt)
        output.append(bytes.head)
        output.append(bytes.body)
        if keepAlive {
            phase = .waiting
            deadline = loop.now() &+ nanos(core.configuration.timeouts.idle)
            flush()
            if phase == .waiting {
                resumeReadingIfUseful()
                processInput()
            }
        } else {
            phase = .finishing
            flush()
        }
    }

    /// A request that cannot be parsed or is refused before its handler: answer, then close.
    private func fail(with status: HTTPStatus) {
        let started = current?.startedAt ?? loop.now()
        let answer = core.responder.refusal(status, target: parser.targetSoFar)
        output.append(ResponseSerializer.errorResponse(status, date: loop.dateHeader(), as: answer))
        core.logAccess(method: "-", target: "-", status: status.code, bytes: 0, startedAt: started)
        current = nil
        phase = .finishing
        flush()
    }

    private func closeWhenFlushed() {
        guard phase == .waiting || phase == .reading else { return }
        phase = .finishing
        flush()
    }

    // MARK: - Writing

    private func flush() {
        guard phase != .closed, phase != .lingering else { return }
        while !output.isEmpty {
            let sent = output.send(to: fd)
            if sent >= 0 {
                if writeDeadline != .max {
                    writeDeadline = loop.now() &+ nanos(core.configuration.timeouts.write) // progress
                }
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                if writeDeadline == .max {
                    writeDeadline = loop.now() &+ nanos(core.configuration.timeouts.write)
                }
                armWriting() // a short write: keep the rest and wait for writability
                return
            default:
                close() // EPIPE, ECONNRESET: the peer is gone
                return
            }
        }
        writeDeadline = .max
        disarmWriting()
        switch phase {
        case .finishing:
            stagedClose()
        case .waiting, .reading:
            resumeReadingIfUseful()
            if !isProcessingInput { processInput() }
        default:
            break
        }
    }

    /// After the last response: shut our side, drain what the peer still sends, then close.
    private func stagedClose() {
        if peerClosed {
            close()
            return
        }
        Glibc.shutdown(fd, Int32(SHUT_WR))
        phase = .lingering
        deadline = loop.now() &+ nanos(core.configuration.timeouts.linger)
        resumeReading()
    }

    // MARK: - Timeouts and shutdown

    /// Called by the loop's sweep timer.
    func checkDeadlines(now: UInt64) {
        if now >= writeDeadline {
            close()
            return
        }
        guard now >= deadline else { return }
        switch phase {
        case .waiting where !output.isEmpty:
            // Still writing a response: the write timeout governs; idle starts once it is out.
            deadline = now &+ nanos(core.configuration.timeouts.idle)
        case .reading:
            core.logger.debug("request timed out", metadata: ["connection": "\(id)"])
            fail(with: .requestTimeout) // 408, then close
        case .waiting, .lingering, .finishing:
            close()
        case .processing, .closed:
            break
        }
    }

    /// Shutdown began: idle connections close now, busy ones after their response.
    func beginDraining() {
        if phase == .waiting && !parser.isMidRequest && output.isEmpty { close() }
    }

    func forceClose() { close() }

    /// Answers `status` before reading any request, then closes in stages.
    func reject(_ status: HTTPStatus) {
        guard phase == .waiting else { return }
        fail(with: status)
    }

    // MARK: - Readiness interest

    private func armWriting() {
        guard !writeArmed else { return }
        writeArmed = true
        updateInterest()
    }

    private func disarmWriting() {
        guard writeArmed else { return }
        writeArmed = false // a writable socket would be reported in a loop
        updateInterest()
    }

    private func suspendReading() {
        guard !readSuspended else { return }
        readSuspended = true
        updateInterest()
    }

    private func resumeReading() {
        guard readSuspended, !peerClosed else { return }
        readSuspended = false
        updateInterest()
    }

    private func updateInterest() {
        loop.setInterest(fd, id: id, reading: !readSuspended, writing: writeArmed)
    }

    private func resumeReadingIfUseful() {
        if output.byteCount <= Self.maxPendingOutput && parser.bufferedByteCount <= Self.maxBufferedInput {
            resumeReading()
        }
    }

    /// Leaves the epoll set, then closes the fd (its number may be reused at once) and leaves
    /// the loop's registry. Callers hold a reference, so `self` outlives this call.
    private func close() {
        guard phase != .closed else { return }
        phase = .closed
        deadline = .max
        writeDeadline = .max
        loop.unwatch(fd)
        Glibc.close(fd)
        core.connectionClosed()
        loop.remove(self)
    }

    private func nanos(_ seconds: Double) -> UInt64 { UInt64(max(0, seconds) * 1_000_000_000) }

    private static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
