import CEpoll
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// One serial queue that owns a share of the connections (there are about as many loops as
/// cores). Everything stored here is touched only on `queue`.
///
/// Readiness: the loop's connections are registered in an epoll set of its own, and one
/// Dispatch read source watches that set's fd. When it fires, one `epoll_wait` collects every
/// ready connection and each is served in turn. A Dispatch source per socket paid, for every
/// event, a round trip through libdispatch's manager thread to re-arm the source (an eventfd
/// write, a wake-up, an `epoll_ctl`): about a third of the CPU of a small cached answer. Here
/// that cost is paid once per batch, and sockets stay registered (level-triggered) for their
/// whole life, so a busy loop makes no `epoll_ctl` call per request at all.
final class EventLoop: @unchecked Sendable {
    let queue: DispatchQueue
    /// Read scratch space shared by this loop's connections (only one runs at a time).
    let readBuffer: UnsafeMutableRawBufferPointer
    private var connections: [UInt64: Connection] = [:]
    private var dateCache = DateHeaderCache()
    private var sweepTimer: DispatchSourceTimer?
    /// The epoll set of this loop's sockets; closed by the readiness source's cancel handler,
    /// or in `deinit` when the loop never started.
    private let epollFD: Int32
    private var readiness: DispatchSourceRead?
    private let readyEvents: UnsafeMutablePointer<epoll_event>
    private static let maxEventsPerWait: Int32 = 64

    init(index: Int) {
        queue = DispatchQueue(label: "feder.loop.\(index)")
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        readyEvents = .allocate(capacity: Int(Self.maxEventsPerWait))
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epollFD >= 0, "epoll_create1 failed: \(String(cString: strerror(errno)))")
    }

    deinit {
        readiness?.cancel()
        if readiness == nil { Glibc.close(epollFD) }
        readyEvents.deallocate()
        readBuffer.deallocate()
    }

    func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    func dateHeader() -> [UInt8] { dateCache.current() }

    var connectionCount: Int { connections.count }

    func register(_ connection: Connection) {
        connections[connection.id] = connection
        connection.start()
    }

    func remove(_ connection: Connection) {
        connections[connection.id] = nil
    }

    // MARK: - Readiness

    /// Starts watching the epoll set and checking deadlines. Called once, on `queue`.
    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: epollFD, queue: queue)
        // Unowned, like the sweep timer: `stop()` cancels the source on this queue before the
        // server lets the loop go, and no handler starts after a cancel (a weak reference
        // here also left its side table behind at exit, which LeakSanitizer reported).
        source.setEventHandler { [unowned self] in serveReadyConnections() }
        let epollFD = epollFD
        source.setCancelHandler { Glibc.close(epollFD) } // G1: close only after cancel
        readiness = source
        source.activate()
        startSweeping()
    }

    /// Stops both; every connection is closed by now (shutdown waits for them). On `queue`.
    func stop() {
        stopSweeping()
        readiness?.cancel()
    }

    /// Registers a socket, level-triggered, for reading only; the token names its connection.
    /// False when the kernel refuses (out of memory): the caller closes the socket.
    func watch(_ fd: Int32, id: UInt64) -> Bool {
        control(EPOLL_CTL_ADD, fd, id: id, reading: true, writing: false)
    }

    /// Changes what a socket waits for. Errors and hang-ups are always reported (epoll(7)).
    func setInterest(_ fd: Int32, id: UInt64, reading: Bool, writing: Bool) {
        _ = control(EPOLL_CTL_MOD, fd, id: id, reading: reading, writing: writing)
    }

    /// Removes a socket from the set; must come before `close`, whose number may be reused at once.
    func unwatch(_ fd: Int32) {
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
    }

    private func control(_ operation: Int32, _ fd: Int32, id: UInt64, reading: Bool, writing: Bool) -> Bool {
        var event = epoll_event()
        event.events = (reading ? EPOLLIN.rawValue : 0) | (writing ? EPOLLOUT.rawValue : 0)
        event.data.u64 = id // the connection's id, never reused, so a stale event finds nobody
        return epoll_ctl(epollFD, operation, fd, &event) == 0
    }

    /// Serves every connection that is ready now. Level-triggered: what one pass leaves unread
    /// (a read budget, more than `maxEventsPerWait` ready sockets) is reported again.
    private func serveReadyConnections() {
        let count = epoll_wait(epollFD, readyEvents, Self.maxEventsPerWait, 0)
        guard count > 0 else { return } // EINTR or nothing left: the source fires again if needed
        for index in 0..<Int(count) {
            let event = readyEvents[index]
            // A connection closed earlier in this batch is gone from the registry: skipped.
            guard let connection = connections[event.data.u64] else { continue }
            connection.handle(events: event.events)
        }
    }

    // MARK: - Deadlines and shutdown

    /// Checks every connection's deadlines four times a second: one timer per loop instead
    /// of one per connection keeps 10,000 idle connections cheap (D3).
    private func startSweeping() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250), leeway: .milliseconds(50))
        timer.setEventHandler { [unowned self] in
            let now = self.now()
            for connection in Array(connections.values) { connection.checkDeadlines(now: now) }
        }
        timer.activate()
        sweepTimer = timer
    }

    private func stopSweeping() {
        sweepTimer?.cancel()
        sweepTimer = nil
    }

    func beginDraining() {
        for connection in Array(connections.values) { connection.beginDraining() }
    }

    func forceCloseAll() {
        for connection in Array(connections.values) { connection.forceClose() }
    }
}
