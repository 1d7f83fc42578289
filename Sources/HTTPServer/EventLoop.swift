import CEpoll
import Dispatch
import Foundation
import Locking
import Glibc

/// One serial queue that owns a share of the connections (there are about as many loops as
/// cores). Everything stored here is touched only on `queue`, except the epoll wait's own
/// scratch (`readyEvents`), which only the loop's thread touches.
///
/// Readiness: the loop's connections are registered in an epoll set of its own, and one thread
/// of the loop's own blocks in `epoll_wait` on it. When it wakes, it enters `queue` with
/// `sync`, which Dispatch runs on this very thread when the queue is idle, and serves every
/// ready connection in turn. So a request costs one thread wake-up to be read.
///
/// Earlier designs paid more per event. A Dispatch source per socket paid a round trip
/// through libdispatch's manager thread for every event to re-arm the source (an eventfd
/// write, a wake-up, an `epoll_ctl`): about a third of the CPU of a small cached answer. One
/// Dispatch read source on the epoll fd still woke two threads per batch: the manager thread,
/// then a Dispatch worker for the queue. Sockets stay registered (level-triggered) for their
/// whole life, so a busy loop makes no `epoll_ctl` call per request at all.
final class EventLoop: @unchecked Sendable {
    let queue: DispatchQueue
    /// Read scratch space shared by this loop's connections (only one runs at a time).
    let readBuffer: UnsafeMutableRawBufferPointer
    private var connections: [UInt64: Connection] = [:]
    private var dateCache = DateHeaderCache()
    private var sweepTimer: DispatchSourceTimer?
    private let index: Int
    /// The epoll set of this loop's sockets and the eventfd that wakes its thread to stop.
    /// Closed in `deinit`: the thread holds the loop until it has left `epoll_wait`.
    private let epollFD: Int32
    private let wakeFD: Int32
    private var started = false
    private var stopping = false
    /// Written by `epoll_wait` on the loop's thread, read there inside `queue.sync`.
    private let readyEvents: UnsafeMutablePointer<epoll_event>
    private let io: ServerConfiguration.IO
    /// The epoll token of `wakeFD`; connection ids count up from 1 and never reach it.
    private static let wakeToken = UInt64.max

    init(index: Int, io: ServerConfiguration.IO = ServerConfiguration.IO()) {
        self.index = index
        self.io = io
        queue = DispatchQueue(label: "feder.loop.\(index)")
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: io.readBufferBytes, alignment: 16)
        readyEvents = .allocate(capacity: Int(io.eventsPerWait))
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epollFD >= 0, "epoll_create1 failed: \(String(cString: strerror(errno)))")
        wakeFD = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        precondition(wakeFD >= 0, "eventfd failed: \(String(cString: strerror(errno)))")
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = Self.wakeToken
        precondition(epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event) == 0, "epoll_ctl failed for the wake fd")
    }

    deinit {
        Glibc.close(wakeFD)
        Glibc.close(epollFD) // only now: the thread that waited on it has returned
        readyEvents.deallocate()
        readBuffer.deallocate()
    }

    func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    func dateHeader() -> [UInt8] { dateCache.current() }

    func register(_ connection: Connection) {
        connections[connection.id] = connection
        connection.start()
    }

    func remove(_ connection: Connection) {
        connections[connection.id] = nil
    }

    // MARK: - Readiness

    /// Starts the loop's thread and the deadline checks. Called once, on `queue`.
    func start() {
        guard !started else { return }
        started = true
        // The thread keeps the loop alive until `stop()` has woken it and it has returned.
        let thread = Thread { [self] in
            nameCurrentThread("feder.loop.\(index)") // from the thread itself: only that reaches the kernel
            waitForReadiness()
        }
        thread.stackSize = 1 << 20
        thread.start()
        startSweeping()
    }

    /// Stops the deadline checks and wakes the thread to return; every connection is closed
    /// by now (shutdown waits for them). On `queue`.
    func stop() {
        stopSweeping()
        stopping = true
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// The loop's thread: wait, then serve what is ready on `queue`, until `stop()`.
    private func waitForReadiness() {
        while true {
            let count = epoll_wait(epollFD, readyEvents, io.eventsPerWait, -1)
            if count < 0 && errno != EINTR {
                // Only a programming error gets here (EBADF, EINVAL): say so rather than spin.
                fatalError("epoll_wait failed: \(String(cString: strerror(errno)))")
            }
            let done = queue.sync { () -> Bool in
                if stopping { return true }
                serve(readyEvents, count: Int(max(count, 0)))
                return false
            }
            if done { return }
        }
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

    /// Serves every connection epoll reported. Level-triggered: what one pass leaves unread (a
    /// read budget, more than `io.eventsPerWait` ready sockets) is reported again. Events may
    /// be a moment old (a worker may have answered in between), which every handler allows.
    private func serve(_ events: UnsafeMutablePointer<epoll_event>, count: Int) {
        for index in 0..<count {
            let event = events[index]
            // The wake fd, or a connection closed earlier in this batch: skipped.
            guard let connection = connections[event.data.u64] else { continue }
            connection.handle(events: event.events)
        }
    }

    // MARK: - Deadlines and shutdown

    /// Checks every connection's deadlines every `io.timerInterval` (a quarter second): one
    /// timer per loop instead of one per connection keeps 10,000 idle connections cheap.
    private func startSweeping() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let interval = DispatchTimeInterval.milliseconds(max(1, Int(io.timerInterval * 1000)))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(50))
        timer.setEventHandler { [unowned self] in
            for connection in Array(connections.values) { connection.checkDeadlines() }
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
