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
    public var io = IO()

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

    /// Buffers and batches of the event loops (bytes unless said).
    public struct IO: Sendable, Equatable {
        /// Above this much unsent output, no further pipelined request is started (backpressure).
        public var maxPendingOutput = 256 * 1024
        /// Above this much unparsed input while a request is answered, reading pauses.
        public var maxBufferedInput = 64 * 1024
        /// Read per readiness event, so one busy peer cannot starve the others on its loop.
        public var readBudgetPerEvent = 256 * 1024
        /// What a closing connection drains from its peer before it gives up and closes.
        public var maxLingerBytes = 64 * 1024
        /// Each loop's read buffer.
        public var readBufferBytes = 64 * 1024
        /// Readiness events taken per `epoll_wait`.
        public var eventsPerWait: Int32 = 64
        /// Connections accepted per wake-up of the accept queue.
        public var acceptsPerWakeup = 256
        /// Connections beyond `maxConnections` still held to answer 503 with a staged close;
        /// beyond that a short 503 is sent and the socket closed at once.
        public var rejectAllowance = 64
        /// Pause after `accept` fails for want of file descriptors (seconds).
        public var acceptBackoff = 0.1
        /// How often each loop checks its connections' deadlines (seconds).
        public var timerInterval = 0.25

        public init() {}
    }

    public init() {}
}

enum ProcessInfoCores {
    static let count = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
import Glibc
