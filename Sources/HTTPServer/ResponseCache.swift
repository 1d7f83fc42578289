import Locking

/// Rendered GET answers by request target, shared by all connections.
///
/// An entry is valid only for the application's *generation* it was rendered at: after any
/// change the generation moves on and every older entry is a miss (so no reader ever sees a
/// page without a comment that was already acknowledged). Bounded by a byte budget, least
/// recently used first out. The state is owned by its mutex; lookups are a dictionary hit.
public final class ResponseCache: Sendable {
    private struct Entry {
        let generation: UInt64
        let prepared: PreparedResponse
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
        var hits = 0
        var misses = 0
    }

    private let state = Locked(State())
    public let byteBudget: Int
    /// Larger answers are not kept (one page must not evict everything else).
    public let maxEntryBytes: Int

    public init(byteBudget: Int = 64 * 1024 * 1024, maxEntryBytes: Int = 2 * 1024 * 1024) {
        self.byteBudget = byteBudget
        self.maxEntryBytes = maxEntryBytes
    }

    /// The cached answer for `request` at `generation`, or nil.
    public func answer(_ request: HTTPRequest, generation: UInt64) -> HTTPResponse? {
        guard request.method == "GET" || request.method == "HEAD" else { return nil }
        let prepared: PreparedResponse? = state.withLock { state in
            // One hash of the target, and the entry updated in place (no copy written back).
            guard let index = state.entries.index(forKey: request.target),
                  state.entries.values[index].generation == generation else {
                state.misses &+= 1
                return nil
            }
            state.hits &+= 1
            state.clock &+= 1
            state.entries.values[index].lastUse = state.clock
            return state.entries.values[index].prepared
        }
        return prepared?.answer(to: request)
    }

    /// Keeps `response` when it may be shared (a public 200 without cookies), rendered at
    /// `generation` (read *before* rendering, so a change during rendering makes it stale).
    /// Returns the prepared form, or nil when the response is not cacheable.
    public func store(_ response: HTTPResponse, for request: HTTPRequest, generation: UInt64) -> PreparedResponse? {
        guard Self.isShareable(response, request: request) else { return nil }
        let prepared = PreparedResponse(response)
        guard prepared.byteCount <= maxEntryBytes else { return prepared }
        state.withLock { state in
            state.clock &+= 1
            if let old = state.entries[request.target] { state.bytes -= old.prepared.byteCount }
            state.entries[request.target] = Entry(generation: generation, prepared: prepared, lastUse: state.clock)
            state.bytes += prepared.byteCount
            if state.bytes > byteBudget { Self.evict(&state, down: byteBudget * 3 / 4) }
        }
        return prepared
    }

    public var byteCount: Int { state.withLock { $0.bytes } }
    /// Lookups answered from the cache and not, since start (the desk's dashboard shows them).
    public var lookups: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }
    public var count: Int { state.withLock { $0.entries.count } }

    /// Drops stale and least recently used entries until the cache is under `limit`.
    private static func evict(_ state: inout State, down limit: Int) {
        let ordered = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, entry) in ordered where state.bytes > limit {
            state.entries[key] = nil
            state.bytes -= entry.prepared.byteCount
        }
    }

    static func isShareable(_ response: HTTPResponse, request: HTTPRequest) -> Bool {
        guard request.method == "GET" || request.method == "HEAD", response.status == .ok,
              !response.headers.contains("Set-Cookie"),
              let control = response.headers["Cache-Control"]?.lowercased(), control.contains("public"),
              !(response.headers["Vary"]?.lowercased().contains("cookie") ?? false) else { return false }
        return true
    }
}
