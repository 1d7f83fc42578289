/// The life of one HTTP/1.1 connection as a value: events go in (bytes read, the peer's end
/// of input, output written, a response, the timer), actions come out (write these bytes,
/// hand this request over, change what epoll reports, shut down, close, log). It makes no
/// system call and reads no clock: `Connection` performs the actions on the socket, and the
/// time comes from the injected `ConnectionClock`, so tests drive every timeout without
/// sleeping.
///
/// Every event appends its actions to the caller's buffer (`into:`) instead of returning an
/// array: the shell reuses one buffer, so a request allocates no arrays of actions (they were
/// a tenth of a cached answer's user time).
///
/// Phases: `waiting` (keep-alive, between requests) → `reading` (part of a request arrived)
/// → `processing` (a handler answers; later requests wait in the parser's buffer, in order)
/// → back to `waiting`, or `finishing` (the last response is queued) → `lingering` (our side
/// is shut down; the peer's bytes are drained until EOF) → `closed`.
/// Generic over its clock, not holding `any ConnectionClock`: the clock is read several times
/// per request, and the existential's indirection showed in a cached answer's user time.
struct ConnectionStateMachine<Clock: ConnectionClock> {
    typealias Action = ConnectionAction

    enum Phase: Equatable {
        case waiting, reading, processing, finishing, lingering, closed
    }

    /// What the machine asks of the application while it parses (cheap, non-blocking).
    struct Environment {
        var clock: Clock
        /// The body limit of the route a head reaches (nil: the server's default).
        var bodyLimit: (HTTPRequestHead) -> Int?
        /// The answer to a request refused before routing, in the format its target wants.
        var refusal: (HTTPStatus, String) -> HTTPResponse?
        /// Shutdown has begun: every response closes its connection.
        var isDraining: () -> Bool
        /// Whether `.logAccess` is wanted (off: no strings are kept for a log that drops them).
        var logsAccess: Bool
    }

    private struct InFlight {
        let method: String
        let target: String
        let version: HTTPVersion
        let keepAlive: Bool
        let startedAt: UInt64
    }

    private(set) var phase = Phase.waiting
    /// When the current phase times out (uptime nanoseconds).
    private(set) var deadline: UInt64 = .max
    /// Set while a write is blocked: when the peer has stalled too long.
    private(set) var writeDeadline: UInt64 = .max
    /// What the socket is registered for.
    private(set) var readSuspended = false
    private(set) var writeArmed = false
    private var parser: HTTPRequestParser
    private var current: InFlight?
    private var requestsServed = 0
    private var peerClosed = false
    private var lingerBytes = 0
    /// Bytes handed to the shell and not yet written.
    private var pendingOutput = 0
    /// A keep-alive response was just queued: once the shell has tried to write it, the next
    /// pipelined request may start even if some of it is still waiting (up to maxPendingOutput).
    private var respondedSinceWrite = false
    private let configuration: ServerConfiguration
    private let environment: Environment

    init(configuration: ServerConfiguration, remoteAddress: String, environment: Environment) {
        self.configuration = configuration
        self.environment = environment
        parser = HTTPRequestParser(limits: configuration.parserLimits, remoteAddress: remoteAddress)
    }

    /// Whether bytes from the socket are wanted now (the shell stops reading otherwise).
    var wantsInput: Bool { phase != .closed && !readSuspended }

    // MARK: - Events

    /// The connection was accepted: the idle timeout runs until the first byte.
    mutating func start() {
        deadline = after(configuration.timeouts.idle)
    }

    /// Bytes arrived. Parsing waits for `inputPaused`, so one read batch is parsed at once.
    mutating func received(_ bytes: UnsafeRawBufferPointer, into actions: inout [Action]) {
        guard phase != .closed else { return }
        if phase == .lingering {
            lingerBytes += bytes.count
            if lingerBytes > configuration.io.maxLingerBytes { close(into: &actions) }
            return
        }
        parser.append(bytes)
        if parser.isReadingBody { deadline = after(configuration.timeouts.body) }
    }

    /// The shell stopped reading (the socket is empty or the batch's budget is spent): parse
    /// and start what may start.
    mutating func inputPaused(into actions: inout [Action]) {
        guard phase != .closed, phase != .lingering else { return }
        if phase == .processing, parser.bufferedByteCount > configuration.io.maxBufferedInput {
            suspendReading(into: &actions)
        }
        processInput(into: &actions)
    }

    /// The peer ended its input (read returned 0): decided only from that, never from a
    /// readiness flag. What it had sent is still parsed (`inputPaused` follows).
    mutating func endOfInput(into actions: inout [Action]) {
        guard phase != .closed else { return }
        peerClosed = true
        suspendReading(into: &actions)
        if phase == .lingering { close(into: &actions) }
    }

    /// A read or write failed (ECONNRESET, EPIPE) or epoll reported an error or hang-up.
    mutating func socketFailed(into actions: inout [Action]) { close(into: &actions) }

    /// The shell wrote what the socket took: `remaining` bytes are still queued; `progressed`
    /// when some went out.
    mutating func written(remaining: Int, progressed: Bool, into actions: inout [Action]) {
        guard phase != .closed, phase != .lingering else { return }
        pendingOutput = remaining
        let afterResponse = respondedSinceWrite
        respondedSinceWrite = false
        if remaining > 0 {
            // A short write: keep the rest and wait for writability; progress restarts the clock.
            if writeDeadline == .max || progressed { writeDeadline = after(configuration.timeouts.write) }
            armWriting(into: &actions)
            if afterResponse && phase == .waiting {
                resumeReadingIfUseful(into: &actions)
                processInput(into: &actions)
            }
            return
        }
        writeDeadline = .max
        disarmWriting(into: &actions)
        switch phase {
        case .finishing:
            stagedClose(into: &actions)
        case .waiting, .reading:
            resumeReadingIfUseful(into: &actions)
            processInput(into: &actions)
        default:
            break
        }
    }

    /// The answer to the request in flight.
    mutating func responded(_ response: HTTPResponse, into actions: inout [Action]) {
        guard phase == .processing, let request = current else { return } // force-closed meanwhile
        current = nil
        requestsServed += 1
        // While draining every response closes its connection.
        let keepAlive = request.keepAlive && !environment.isDraining()
        let bytes = ResponseSerializer.serialize(response, requestMethod: request.method, version: request.version,
                                                 keepAlive: keepAlive, date: environment.clock.dateHeader())
        if environment.logsAccess {
            actions.append(.logAccess(method: request.method, target: request.target, status: response.status.code,
                                      bytes: bytes.body.count, startedAt: request.startedAt))
        }
        if keepAlive {
            phase = .waiting
            deadline = after(configuration.timeouts.idle)
            respondedSinceWrite = true
        } else {
            phase = .finishing
        }
        write(bytes.head, bytes.body, into: &actions)
    }

    /// The sweep timer fired: whatever deadline passed.
    mutating func timerFired(into actions: inout [Action]) {
        let now = environment.clock.now()
        if now >= writeDeadline { return close(into: &actions) }
        guard now >= deadline else { return }
        switch phase {
        case .waiting where pendingOutput > 0:
            // Still writing a response: the write timeout governs; idle starts once it is out.
            deadline = after(configuration.timeouts.idle)
        case .reading:
            fail(with: .requestTimeout, into: &actions) // 408, then close
        case .waiting, .lingering, .finishing:
            close(into: &actions)
        case .processing, .closed:
            break
        }
    }

    /// Shutdown began: idle connections close now, busy ones after their response.
    mutating func drain(into actions: inout [Action]) {
        if phase == .waiting && !parser.isMidRequest && pendingOutput == 0 { close(into: &actions) }
    }

    /// Answers `status` before any request is read (over capacity), then closes in stages.
    mutating func reject(_ status: HTTPStatus, into actions: inout [Action]) {
        if phase == .waiting { fail(with: status, into: &actions) }
    }

    /// Closes at once (the server stops).
    mutating func forceClose(into actions: inout [Action]) { close(into: &actions) }

    // MARK: - Parsing and starting requests

    private mutating func processInput(into actions: inout [Action]) {
        while phase == .waiting || phase == .reading {
            if pendingOutput > configuration.io.maxPendingOutput {
                // Backpressure: start nothing more until the output drains, but keep reading (up
                // to maxBufferedInput), so the socket keeps being read while the peer lives.
                if parser.bufferedByteCount > configuration.io.maxBufferedInput { suspendReading(into: &actions) }
                return
            }
            let event: HTTPRequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                return fail(with: error.status, into: &actions)
            }
            switch event {
            case nil:
                if parser.isMidRequest {
                    if phase == .waiting {
                        phase = .reading // the header timeout runs from the first byte
                        // A body already under way keeps the body timeout `accept` set.
                        if !parser.isReadingBody { deadline = after(configuration.timeouts.header) }
                    }
                    if peerClosed { closeWhenFlushed(into: &actions) }
                } else if peerClosed {
                    closeWhenFlushed(into: &actions)
                }
                return
            case .head(let head):
                accept(head, into: &actions)
                if phase == .closed || phase == .finishing { return }
            case .request(let request):
                return dispatch(request, into: &actions)
            }
        }
    }

    /// Checks a request head before its body is read; answers 100 Continue when allowed
    /// (RFC 9110 §10.1.1), 413 before reading a body over the route's limit.
    private mutating func accept(_ head: HTTPRequestHead, into actions: inout [Action]) {
        guard KnownMethods.all.contains(head.method) else {
            return fail(with: .notImplemented, into: &actions) // RFC 9110 §9.1
        }
        let lengths = head.headers.values(for: "Content-Length")
        let announced = lengths.isEmpty ? nil : try? HTTPRequestParser.parseContentLength(lengths)
        let bodyFollows = (announced ?? 0) > 0 || head.headers.contains("Transfer-Encoding")
        // Only a request with a body needs its route's limit (most requests have none).
        let limit = bodyFollows ? environment.bodyLimit(head) ?? configuration.parserLimits.maxBodyBytes
            : configuration.parserLimits.maxBodyBytes
        parser.bodyLimit = limit
        if let announced, announced > limit {
            return fail(with: .contentTooLarge, into: &actions) // before reading it, and without 100 Continue
        }
        guard bodyFollows else { return }
        deadline = after(configuration.timeouts.body)
        if head.expectsContinue && parser.bufferedByteCount == 0 { write(continueLine, [], into: &actions) }
    }

    private mutating func dispatch(_ request: HTTPRequest, into actions: inout [Action]) {
        phase = .processing
        deadline = .max
        let keepAlive = request.head.wantsKeepAlive && !peerClosed
            && requestsServed + 1 < configuration.maxRequestsPerConnection
        current = InFlight(method: request.method, target: request.target, version: request.head.version,
                           keepAlive: keepAlive, startedAt: environment.clock.now())
        actions.append(.dispatch(request))
    }

    /// A request that cannot be parsed or is refused before its handler: answer, then close.
    private mutating func fail(with status: HTTPStatus, into actions: inout [Action]) {
        let started = current?.startedAt ?? environment.clock.now()
        let answer = environment.refusal(status, parser.targetSoFar)
        current = nil
        phase = .finishing
        if environment.logsAccess {
            actions.append(.logAccess(method: "-", target: "-", status: status.code, bytes: 0, startedAt: started))
        }
        write(ResponseSerializer.errorResponse(status, date: environment.clock.dateHeader(), as: answer), [], into: &actions)
    }

    private mutating func closeWhenFlushed(into actions: inout [Action]) {
        guard phase == .waiting || phase == .reading else { return }
        phase = .finishing
        if pendingOutput == 0 { stagedClose(into: &actions) }
    }

    // MARK: - Output and closing

    private mutating func write(_ head: [UInt8], _ body: [UInt8], into actions: inout [Action]) {
        pendingOutput += head.count + body.count
        actions.append(.write(head: head, body: body))
    }

    /// After the last response: shut our side, drain what the peer still sends, then close.
    private mutating func stagedClose(into actions: inout [Action]) {
        if peerClosed { return close(into: &actions) }
        phase = .lingering
        deadline = after(configuration.timeouts.linger)
        actions.append(.shutdownWrite)
        resumeReading(into: &actions)
    }

    private mutating func close(into actions: inout [Action]) {
        guard phase != .closed else { return }
        phase = .closed
        deadline = .max
        writeDeadline = .max
        actions.append(.close)
    }

    // MARK: - Readiness interest

    private mutating func armWriting(into actions: inout [Action]) {
        guard !writeArmed else { return }
        writeArmed = true
        actions.append(interest)
    }

    private mutating func disarmWriting(into actions: inout [Action]) {
        guard writeArmed else { return }
        writeArmed = false // a writable socket would be reported in a loop
        actions.append(interest)
    }

    private mutating func suspendReading(into actions: inout [Action]) {
        guard !readSuspended else { return }
        readSuspended = true
        actions.append(interest)
    }

    private mutating func resumeReading(into actions: inout [Action]) {
        guard readSuspended, !peerClosed else { return }
        readSuspended = false
        actions.append(interest)
    }

    private mutating func resumeReadingIfUseful(into actions: inout [Action]) {
        guard pendingOutput <= configuration.io.maxPendingOutput,
              parser.bufferedByteCount <= configuration.io.maxBufferedInput else { return }
        resumeReading(into: &actions)
    }

    private var interest: Action { .watch(reading: !readSuspended, writing: writeArmed) }

    private func after(_ seconds: Double) -> UInt64 {
        environment.clock.now() &+ UInt64(max(0, seconds) * 1_000_000_000)
    }

}

/// The interim answer to `Expect: 100-continue` (RFC 9110 §10.1.1).
private let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

/// Where a connection's time comes from: the loop's clock in the server, a hand-set one in
/// tests.
protocol ConnectionClock {
    /// Uptime in nanoseconds.
    func now() -> UInt64
    /// The `Date` header value for this second.
    func dateHeader() -> [UInt8]
}

/// What a `ConnectionStateMachine` asks its shell to do, in order.
enum ConnectionAction {
    /// Queue these bytes and write what the socket takes (then report `written`). A
    /// response is its head and its body: a cached body is shared, never copied.
    case write(head: [UInt8], body: [UInt8])
    /// Answer this request (then report `responded`).
    case dispatch(HTTPRequest)
    /// What epoll should report for the socket.
    case watch(reading: Bool, writing: Bool)
    /// Shut down our side for writing (the staged close).
    case shutdownWrite
    /// Close the socket; nothing follows.
    case close
    case logAccess(method: String, target: String, status: Int, bytes: Int, startedAt: UInt64)
}
