import Dispatch
import Foundation
import Locking
import Logging

/// A swift-log handler for the access log: lines are appended to a memory buffer (cheap, never
/// blocks the event loop) and written to stdout by a timer four times a second. A reader of
/// stdout that falls far behind loses lines, counted in the next write, rather than stalling
/// the server.
public struct BufferedLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let sink: LogSink

    public init(label: String, sink: LogSink = .standardOutput) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        sink.append { timestamp in "\(timestamp) \(event.level) \(label): \(event.message)\n" }
    }
}

/// The buffer behind `BufferedLogHandler`. Guarded by its mutex; written out on its own queue.
public final class LogSink: @unchecked Sendable { // `timer` is only set up in init; the rest is Sendable
    public static let standardOutput = LogSink(fd: 1)

    private struct State {
        var buffer: [UInt8] = []
        var dropped = 0
        var second = -1
        var timestamp = ""
    }

    private let state = Locked(State())
    private let fd: Int32
    private let queue = DispatchQueue(label: "feder.log")
    private let timer: DispatchSourceTimer
    /// Beyond this much unwritten text, new lines are dropped (and counted).
    private let maxBuffered = 4 * 1024 * 1024

    init(fd: Int32) {
        self.fd = fd
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250), leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.writeBuffered() }
        timer.activate()
    }

    func append(_ line: (String) -> String) {
        let now = Int(time(nil))
        state.withLock { state in
            if state.second != now {
                state.second = now
                state.timestamp = ISO8601Second.format(now)
            }
            guard state.buffer.count < maxBuffered else {
                state.dropped += 1
                return
            }
            state.buffer.append(contentsOf: line(state.timestamp).utf8)
        }
    }

    /// Writes everything buffered now (at shutdown).
    public func flush() {
        queue.sync { writeBuffered() }
    }

    /// Runs on `queue` only, so lines leave in order.
    private func writeBuffered() {
        var (bytes, dropped) = state.withLock { state in
            defer { state.buffer = []; state.dropped = 0 }
            return (state.buffer, state.dropped)
        }
        if dropped > 0 { bytes += Array("[log] \(dropped) lines dropped: stdout is not keeping up\n".utf8) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}

/// `2026-11-25T09:00:00+0000`, like swift-log's stream handler, built without a formatter.
enum ISO8601Second {
    static func format(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        var buffer = [Int8](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
