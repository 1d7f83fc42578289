import Dispatch
import Logging
import Synchronization

/// State shared by the listener and every connection. Immutable except for the atomics.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let responder: any HTTPResponder
    let workers: WorkerPool
    let logger: Logger
    let accessLog: Bool
    /// Open connections, for the cap.
    let openConnections = Atomic<Int>(0)
    /// Set once on shutdown: responses get `Connection: close`, idle connections are closed.
    let draining = Atomic<Bool>(false)
    /// Entered when a connection opens, left when its fd is closed: shutdown waits on it.
    let connectionsGroup = DispatchGroup()

    init(configuration: ServerConfiguration, responder: any HTTPResponder, logger: Logger, accessLog: Bool) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        self.accessLog = accessLog
        self.workers = WorkerPool(threadCount: configuration.workerCount, maxQueued: configuration.maxQueuedRequests)
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }

    func connectionClosed() {
        openConnections.subtract(1, ordering: .relaxed)
        connectionsGroup.leave()
    }

    /// One line per request: no query values, no bodies, no addresses (PRODUCT §5, §6).
    func logAccess(method: String, target: String, status: Int, bytes: Int, startedAt: UInt64) {
        guard accessLog else { return }
        let micros = (DispatchTime.now().uptimeNanoseconds &- startedAt) / 1000
        let duration = "\(micros / 1000).\(String(micros % 1000 / 100))ms"
        logger.info("\(method) \(responder.loggedTarget(AccessLogTarget.redact(target))) \(status) \(bytes) \(duration)")
    }
}

/// The request target as logged: the path, and for a query only its parameter names,
/// because values such as search terms can be personal.
enum AccessLogTarget {
    static func redact(_ target: String) -> String {
        guard let mark = target.firstIndex(ofASCII: "?") else { return target }
        let names = target[target.utf8.index(after: mark)...].split(ofASCII: "&").map { pair in
            pair.firstIndex(ofASCII: "=").map { pair[..<$0] } ?? pair
        }
        return String(target[..<mark]) + "?" + names.joined(separator: "&")
    }
}
