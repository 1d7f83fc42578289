import Dispatch

/// One serial queue that owns a share of the connections (there are about as many loops as
/// cores). Everything stored here is touched only on `queue`.
final class EventLoop: @unchecked Sendable {
    let queue: DispatchQueue
    /// Read scratch space shared by this loop's connections (only one runs at a time).
    let readBuffer: UnsafeMutableRawBufferPointer
    private var connections: [UInt64: Connection] = [:]
    private var dateCache = DateHeaderCache()
    private var sweepTimer: DispatchSourceTimer?

    init(index: Int) {
        queue = DispatchQueue(label: "feder.loop.\(index)")
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    }

    deinit { readBuffer.deallocate() }

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

    /// Checks every connection's deadlines four times a second: one timer per loop instead
    /// of one per connection keeps 10,000 idle connections cheap (D3).
    func startSweeping() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250), leeway: .milliseconds(50))
        timer.setEventHandler { [unowned self] in
            let now = self.now()
            for connection in Array(connections.values) { connection.checkDeadlines(now: now) }
        }
        timer.activate()
        sweepTimer = timer
    }

    func stopSweeping() {
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
