/// Every limit and timeout of the server, each a named default (overridable from config).
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests).
    public var port = 8080
    /// Listen backlog; Linux caps it at `net.core.somaxconn` (listen(2)).
    public var backlog: Int32 = 512
    /// Open connections; beyond this new clients get 503 and are closed.
    public var maxConnections = 1024
    /// Requests served on one connection before it is closed.
    public var maxRequestsPerConnection = 10_000
    /// Serial queues owning connection state; about one per core.
    public var eventLoopCount = max(1, min(4, ProcessInfoCores.count))
    /// Threads running handlers; bounded. More than the cores: a handler that writes (the
    /// admin API) waits for its commit, and a few of those must not hold up page renders.
    public var workerCount = max(16, ProcessInfoCores.count * 4)
    /// Requests waiting for a worker before new ones get 503.
    public var maxQueuedRequests = 1024
    public var parserLimits = HTTPParserLimits()
    public var timeouts = Timeouts()

    public struct Timeouts: Sendable, Equatable {
        /// From the first byte of a request to the end of its header section (→ 408).
        public var header: Double = 10
        /// Between body bytes (→ 408).
        public var body: Double = 30
        /// Keep-alive connection with no request in progress (→ closed silently).
        public var idle: Double = 15
        /// Peer not reading our response (→ closed).
        public var write: Double = 30
        /// Graceful shutdown: longest wait for in-flight requests.
        public var shutdown: Double = 10
        /// Staged close: how long to drain the peer's bytes after our last response.
        public var linger: Double = 2

        public init() {}
    }

    public init() {}
}

enum ProcessInfoCores {
    static let count = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
import Glibc
