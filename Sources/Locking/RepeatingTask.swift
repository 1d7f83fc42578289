import Dispatch

/// Work run every `interval` on a serial queue of its own, until stopped: the shape of the
/// background chores (noticing other processes' writes, sending mail). `start` runs `first`
/// on that queue before the first tick; a second `start` does nothing.
///
/// `@unchecked Sendable`: `timer` is only touched on `queue`.
public final class RepeatingTask: @unchecked Sendable {
    public let queue: DispatchQueue
    private let interval: DispatchTimeInterval
    private let leeway: DispatchTimeInterval
    private var timer: DispatchSourceTimer?

    public init(label: String, qos: DispatchQoS = .default, interval: DispatchTimeInterval,
                leeway: DispatchTimeInterval = .milliseconds(100)) {
        queue = DispatchQueue(label: label, qos: qos)
        self.interval = interval
        self.leeway = leeway
    }

    deinit { timer?.cancel() }

    public func start(first: () -> Void = {}, every tick: @escaping @Sendable () -> Void) {
        queue.sync {
            guard timer == nil else { return }
            first()
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + interval, repeating: interval, leeway: leeway)
            timer.setEventHandler(handler: tick)
            timer.resume()
            self.timer = timer
        }
    }

    /// Waits for a tick in progress to end.
    public func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
        }
    }
}
