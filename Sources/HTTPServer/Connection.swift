import CEpoll
import Dispatch
import Glibc

/// One client connection's system calls: it reads and writes the socket, keeps its epoll
/// interest, hands requests to the responder, and carries out what its
/// `ConnectionStateMachine` decides. All decisions (phases, limits, timeouts) are the
/// machine's.
///
/// Ownership: every stored property is read and written only on `loop.queue` (the loop
/// delivers the socket's readiness there; workers and deferred answers hop back to it), so no
/// lock is needed and the class is `@unchecked Sendable` only to cross to another thread and
/// back. The fd is closed exactly once, on `.close`, after it left the loop's epoll set.
final class Connection: @unchecked Sendable {
    let id: UInt64
    private let fd: Int32
    private let loop: EventLoop
    private let core: ServerCore
    // `machine`, `output` and `pending` are touched on every event, only on `loop.queue`
    // (above), and each access ends before the next begins: `perform` calls the event once,
    // and a reply that re-enters it does so between its accesses, never inside one. Swift's
    // run-time exclusivity check on them was a measurable part of a cached answer's user time;
    // the state machine's tests and the sanitizer runs exercise every re-entrant path.
    @exclusivity(unchecked) private var machine: ConnectionStateMachine<LoopClock>
    @exclusivity(unchecked) private var output = OutputQueue()
    private var closed = false
    /// Actions waiting to be carried out; a reply that arrives while others run joins the end,
    /// so answering many pipelined requests never nests calls. The machine appends to it
    /// directly, and it keeps its capacity: no array is allocated per event.
    @exclusivity(unchecked) private var pending: [ConnectionAction] = []
    private var performing = false

    init(id: UInt64, fd: Int32, remoteAddress: String, loop: EventLoop, core: ServerCore) {
        self.id = id
        self.fd = fd
        self.loop = loop
        self.core = core
        let responder = core.responder
        machine = ConnectionStateMachine(
            configuration: core.configuration, remoteAddress: remoteAddress,
            environment: .init(clock: LoopClock(loop: loop), bodyLimit: { responder.maxBodySize(for: $0) },
                               refusal: { responder.refusal($0, target: $1) }, isDraining: { core.isDraining }, logsAccess: core.accessLog))
    }

    /// Joins the loop's epoll set, waiting for a request. Called on `loop.queue`, once.
    func start() {
        machine.start()
        if !loop.watch(fd, id: id) { perform { $0.forceClose(into: &$1) } }
    }

    /// The socket is ready: `events` as epoll reported them. Called by the loop on its queue.
    func handle(events: UInt32) {
        if events & EPOLLOUT.rawValue != 0 && machine.writeArmed { flush() }
        if events & EPOLLIN.rawValue != 0 && machine.wantsInput {
            readAvailable()
        } else if events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            // Reported whatever we wait for, and level-triggered: with reading paused (EOF seen,
            // input full) a reset or hang-up would fire again and again. The peer is gone.
            perform { $0.socketFailed(into: &$1) }
        }
    }

    /// Called by the loop's sweep timer.
    func checkDeadlines() { perform { $0.timerFired(into: &$1) } }

    /// Shutdown began: idle connections close now, busy ones after their response.
    func beginDraining() { perform { $0.drain(into: &$1) } }

    func forceClose() { perform { $0.forceClose(into: &$1) } }

    /// Answers `status` before reading any request, then closes in stages.
    func reject(_ status: HTTPStatus) { perform { $0.reject(status, into: &$1) } }

    // MARK: - Reading

    private func readAvailable() {
        var budget = core.configuration.io.readBudgetPerEvent
        while budget > 0 && machine.wantsInput {
            let count = read(fd, loop.readBuffer.baseAddress, loop.readBuffer.count)
            if count > 0 {
                budget -= count
                perform { $0.received(UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]), into: &$1) }
                // A short read emptied the socket: asking again would only cost a read() that
                // says EAGAIN. The epoll set is level-triggered, so later bytes report it again.
                if count < loop.readBuffer.count { break }
            } else if count == 0 {
                perform { $0.endOfInput(into: &$1) }
                break
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                perform { $0.socketFailed(into: &$1) } // ECONNRESET and friends: quietly
                return
            }
        }
        perform { $0.inputPaused(into: &$1) }
    }

    // MARK: - Writing

    private func flush() {
        guard !closed else { return }
        var progressed = false
        while !output.isEmpty {
            let sent = output.send(to: fd)
            if sent >= 0 {
                progressed = true
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: break
            default:
                perform { $0.socketFailed(into: &$1) } // EPIPE, ECONNRESET: the peer is gone
                return
            }
            break
        }
        perform { $0.written(remaining: output.byteCount, progressed: progressed, into: &$1) }
    }

    // MARK: - Answering

    /// Asks the responder and delivers its reply: now, after a worker ran it, or when a
    /// deferred answer arrives from whatever thread finished it (`onLoop` false).
    private func answer(_ reply: Reply, onLoop: Bool) {
        switch reply {
        case .now(let response):
            if onLoop {
                perform { $0.responded(response, into: &$1) }
            } else {
                loop.queue.async { self.perform { $0.responded(response, into: &$1) } }
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
            loop.queue.sync { self.perform { $0.responded(response, into: &$1) } }
        }
        if !accepted {
            loop.queue.async { self.perform { $0.responded(Self.overloaded, into: &$1) } }
        }
    }

    private static let overloaded: HTTPResponse = {
        var busy = HTTPResponse.text("Service Unavailable: the server is overloaded.\n", status: .serviceUnavailable)
        busy.headers.set("Retry-After", "1")
        return busy
    }()

    // MARK: - Carrying out the machine's actions

    /// Tells the machine of an event, then carries out what it asks, in order.
    private func perform(_ event: (inout ConnectionStateMachine<LoopClock>, inout [ConnectionAction]) -> Void) {
        event(&machine, &pending)
        guard !performing, !pending.isEmpty else { return } // the running call below reaches them in order
        performing = true
        defer { performing = false }
        var index = 0
        while index < pending.count {
            // Moved out, not copied: a copy of `.dispatch` retained every part of the request.
            var action = ConnectionAction.close
            swap(&action, &pending[index])
            index += 1
            guard !closed else { break }
            switch action {
            case .write(let head, let body):
                output.append(head)
                if !body.isEmpty { output.append(body) }
                flush()
            case .dispatch(let request):
                answer(core.responder.respond(to: request), onLoop: true)
            case .watch(let reading, let writing):
                loop.setInterest(fd, id: id, reading: reading, writing: writing)
            case .shutdownWrite:
                Glibc.shutdown(fd, Int32(SHUT_WR))
            case .close:
                close()
            case .logAccess(let method, let target, let status, let bytes, let startedAt):
                core.logAccess(method: method, target: target, status: status, bytes: bytes, startedAt: startedAt)
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Leaves the epoll set, then closes the fd (its number may be reused at once) and leaves
    /// the loop's registry. Callers hold a reference, so `self` outlives this call.
    private func close() {
        guard !closed else { return }
        closed = true
        loop.unwatch(fd)
        Glibc.close(fd)
        core.connectionClosed()
        loop.remove(self)
    }
}

/// The loop's clock: its uptime and its cached `Date` header.
private struct LoopClock: ConnectionClock {
    let loop: EventLoop

    func now() -> UInt64 { loop.now() }
    func dateHeader() -> [UInt8] { loop.dateHeader() }
}
