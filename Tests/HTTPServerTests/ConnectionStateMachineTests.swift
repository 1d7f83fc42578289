import Testing
@testable import HTTPServer

/// A clock the test moves by hand: every timeout is checked without sleeping.
private final class ManualClock: ConnectionClock, @unchecked Sendable {
    var uptime: UInt64 = 1_000_000_000

    func now() -> UInt64 { uptime }
    func dateHeader() -> [UInt8] { Array("Thu, 01 Jan 2026 00:00:00 GMT".utf8) }

    func advance(_ seconds: Double) { uptime += UInt64(seconds * 1_000_000_000) }
}

/// One machine and what it asked for, summarised for checks.
private struct Harness {
    let clock = ManualClock()
    var machine: ConnectionStateMachine<ManualClock>
    var draining = false

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }) {
        var configuration = ServerConfiguration()
        configuration.timeouts.header = 10
        configuration.timeouts.body = 30
        configuration.timeouts.idle = 15
        configuration.timeouts.write = 30
        configuration.timeouts.linger = 2
        configure(&configuration)
        let clock = clock
        machine = ConnectionStateMachine(
            configuration: configuration, remoteAddress: "192.0.2.1",
            environment: .init(clock: clock, bodyLimit: { $0.path == "/small" ? 8 : nil }, refusal: { _, _ in nil },
                               isDraining: { false }, logsAccess: true))
        machine.start()
    }

    /// Bytes arrive and the read batch ends.
    mutating func receive(_ text: String) -> [ConnectionAction] {
        var actions = Array(text.utf8).withUnsafeBytes { machine.received($0) }
        actions += machine.inputPaused()
        return actions
    }
}

/// The events as the tests read them: each returns the actions it asked for (the shell passes
/// one reused buffer instead).
private extension ConnectionStateMachine {
    typealias Actions = [Action]

    mutating func received(_ bytes: UnsafeRawBufferPointer) -> Actions { collect { $0.received(bytes, into: &$1) } }
    mutating func inputPaused() -> Actions { collect { $0.inputPaused(into: &$1) } }
    mutating func endOfInput() -> Actions { collect { $0.endOfInput(into: &$1) } }
    mutating func socketFailed() -> Actions { collect { $0.socketFailed(into: &$1) } }
    mutating func written(remaining: Int, progressed: Bool) -> Actions {
        collect { $0.written(remaining: remaining, progressed: progressed, into: &$1) }
    }
    mutating func responded(_ response: HTTPResponse) -> Actions { collect { $0.responded(response, into: &$1) } }
    mutating func timerFired() -> Actions { collect { $0.timerFired(into: &$1) } }
    mutating func drain() -> Actions { collect { $0.drain(into: &$1) } }

    private mutating func collect(_ event: (inout Self, inout Actions) -> Void) -> Actions {
        var actions: Actions = []
        event(&self, &actions)
        return actions
    }
}

private extension [ConnectionAction] {
    var dispatched: [String] {
        compactMap { if case .dispatch(let request) = $0 { return request.target } else { return nil } }
    }

    var written: String {
        map { if case .write(let head, let body) = $0 { return String(decoding: head + body, as: UTF8.self) } else { return "" } }.joined()
    }

    var closes: Bool { contains { if case .close = $0 { return true } else { return false } } }
    var shutsDownWriting: Bool { contains { if case .shutdownWrite = $0 { return true } else { return false } } }

    var lastInterest: (reading: Bool, writing: Bool)? {
        for action in reversed() { if case .watch(let reading, let writing) = action { return (reading, writing) } }
        return nil
    }
}

@Suite struct ConnectionStateMachineTests {
    @Test func aRequestIsHandedOverAndItsAnswerWritten() {
        var harness = Harness()
        let actions = harness.receive("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(actions.dispatched == ["/a"])
        #expect(harness.machine.phase == .processing)
        let answer = harness.machine.responded(.text("hello"))
        #expect(answer.written.hasPrefix("HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n"))
        #expect(answer.written.hasSuffix("\r\n\r\nhello"))
        #expect(harness.machine.phase == .waiting)
        #expect(harness.machine.written(remaining: 0, progressed: true).isEmpty)
    }

    /// A body goes out as it is, shared with the response (a cached page is never copied per
    /// request: copying head and body into one array cost a fifth of a cached answer's CPU).
    @Test func theBodyIsWrittenWithoutACopy() {
        var harness = Harness()
        _ = harness.receive("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        let body = [UInt8](repeating: 0x61, count: 30_000)
        let actions = harness.machine.responded(HTTPResponse(contentType: "text/plain", body: body))
        let bodies: [[UInt8]] = actions.compactMap { action -> [UInt8]? in
            if case .write(_, let body) = action { return body }
            return nil
        }
        #expect(bodies.count == 1)
        #expect(bodies.first?.withUnsafeBufferPointer { $0.baseAddress } == body.withUnsafeBufferPointer { $0.baseAddress })
    }

    /// Pipelined requests wait in the buffer; each starts when the one before is answered.
    @Test func pipelinedRequestsStartOneAtATime() {
        var harness = Harness()
        let first = harness.receive("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(first.dispatched == ["/1"])
        _ = harness.machine.responded(.text("one"))
        #expect(harness.machine.written(remaining: 0, progressed: true).dispatched == ["/2"])
    }

    @Test func theHeaderTimeoutRunsFromTheFirstByteAndAnswers408() {
        var harness = Harness()
        _ = harness.receive("GET / HTTP/1.1\r\nHost: x\r\nX-Half: ")
        #expect(harness.machine.phase == .reading)
        harness.clock.advance(9.9)
        _ = harness.receive("more") // trickling does not extend it
        #expect(harness.machine.timerFired().isEmpty)
        harness.clock.advance(0.2)
        let timedOut = harness.machine.timerFired()
        #expect(timedOut.written.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(timedOut.written.contains("Connection: close\r\n"))
        let afterWrite = harness.machine.written(remaining: 0, progressed: true)
        #expect(afterWrite.shutsDownWriting, "a staged close: our side first")
        #expect(harness.machine.phase == .lingering)
    }

    @Test func anIdleConnectionClosesSilentlyButNotWhileItsAnswerIsStillGoingOut() {
        var harness = Harness()
        harness.clock.advance(14)
        #expect(harness.machine.timerFired().isEmpty)
        harness.clock.advance(2)
        let closed = harness.machine.timerFired()
        #expect(closed.closes && closed.written.isEmpty)

        var slow = Harness()
        _ = slow.receive("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = slow.machine.responded(.text(String(repeating: "x", count: 100_000)))
        _ = slow.machine.written(remaining: 60_000, progressed: true) // a slow reader
        slow.clock.advance(16)
        #expect(!slow.machine.timerFired().closes, "the write timeout governs while output waits")
        slow.clock.advance(10)
        _ = slow.machine.written(remaining: 20_000, progressed: true) // progress restarts the write clock
        slow.clock.advance(25)
        #expect(!slow.machine.timerFired().closes)
        slow.clock.advance(6)
        #expect(slow.machine.timerFired().closes, "30 s without progress")
    }

    /// The body timeout is inactivity: every arriving byte restarts it.
    @Test func theBodyTimeoutIsInactivityNotTotal() {
        var harness = Harness()
        _ = harness.receive("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12")
        for _ in 0..<4 {
            harness.clock.advance(20)
            _ = harness.receive("3")
            #expect(harness.machine.timerFired().isEmpty)
        }
        harness.clock.advance(31)
        #expect(harness.machine.timerFired().written.hasPrefix("HTTP/1.1 408"))
    }

    @Test func aBodyOverTheRoutesLimitIsRefusedBeforeAnyOfItAndWithoutContinue() {
        var harness = Harness()
        let refused = harness.receive("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\nExpect: 100-continue\r\n\r\n")
        #expect(refused.written.hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
        #expect(!refused.written.contains("100 Continue"))
        #expect(refused.dispatched.isEmpty)

        var accepted = Harness()
        let go = accepted.receive("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\nExpect: 100-continue\r\n\r\n")
        #expect(go.written == "HTTP/1.1 100 Continue\r\n\r\n")
    }

    /// Backpressure: with much output waiting, no further request starts, and reading pauses
    /// once the unparsed input is large too; both resume when the output is written.
    @Test func backpressurePausesStartingAndThenReading() {
        var harness = Harness { $0.io.maxPendingOutput = 1000; $0.io.maxBufferedInput = 100 }
        _ = harness.receive("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = harness.machine.responded(.text(String(repeating: "x", count: 5000)))
        let blocked = harness.machine.written(remaining: 4000, progressed: true)
        #expect(blocked.lastInterest?.writing == true)
        let pipelined = String(repeating: "GET /2 HTTP/1.1\r\nHost: x\r\n\r\n", count: 5)
        let held = harness.receive(pipelined)
        #expect(held.dispatched.isEmpty, "nothing starts while 4,000 bytes wait")
        #expect(held.lastInterest?.reading == false, "and reading pauses with 140 bytes unparsed")
        var actions = harness.machine.written(remaining: 0, progressed: true)
        var started = actions.dispatched
        var resumed = false
        for _ in 0..<10 where started.count < 5 {
            _ = harness.machine.responded(.text("ok"))
            actions = harness.machine.written(remaining: 0, progressed: true)
            started += actions.dispatched
            resumed = resumed || actions.contains { if case .watch(reading: true, _) = $0 { return true } else { return false } }
        }
        #expect(started == Array(repeating: "/2", count: 5), "the buffered requests are worked off in order")
        #expect(resumed, "reading resumes once the unparsed input is under the limit again")
    }

    @Test func connectionCloseEndsInAStagedCloseThatDrainsThePeer() {
        var harness = Harness { $0.io.maxLingerBytes = 10 }
        _ = harness.receive("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let answer = harness.machine.responded(.text("bye"))
        #expect(answer.written.contains("Connection: close\r\n"))
        #expect(harness.machine.phase == .finishing)
        let staged = harness.machine.written(remaining: 0, progressed: true)
        #expect(staged.shutsDownWriting && !staged.closes)
        #expect(harness.receive("12345").isEmpty, "the peer's late bytes are drained")
        #expect(harness.receive("678901").closes, "but not without end")

        var quiet = Harness()
        _ = quiet.receive("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        _ = quiet.machine.responded(.text("bye"))
        _ = quiet.machine.written(remaining: 0, progressed: true)
        quiet.clock.advance(2.1)
        #expect(quiet.machine.timerFired().closes, "the linger timeout")
    }

    @Test func thePeersEndOfInputClosesAfterTheAnswer() {
        var harness = Harness()
        _ = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8).withUnsafeBytes { harness.machine.received($0) }
        #expect(harness.machine.endOfInput().lastInterest?.reading == false)
        #expect(harness.machine.inputPaused().dispatched == ["/"], "what it sent is still answered")
        let answer = harness.machine.responded(.text("last"))
        #expect(answer.written.contains("Connection: close\r\n"))
        #expect(harness.machine.written(remaining: 0, progressed: true).closes, "no linger: the peer already left")
    }

    @Test func malformedBytesAreAnswered400AndClosed() {
        var harness = Harness()
        let actions = harness.receive("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n")
        #expect(actions.written.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(actions.contains { if case .logAccess(_, _, 400, _, _) = $0 { return true } else { return false } })
        #expect(harness.machine.phase == .finishing)
    }

    @Test func drainingClosesIdleConnectionsAndAnswersBusyOnesWithClose() {
        var idle = Harness()
        #expect(idle.machine.drain().closes)

        var busy = Harness()
        _ = busy.receive("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(busy.machine.drain().isEmpty, "a request in flight is finished first")
    }

    @Test func aWriteErrorOrResetClosesAtOnceAndLaterEventsDoNothing() {
        var harness = Harness()
        _ = harness.receive("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(harness.machine.socketFailed().closes)
        #expect(harness.machine.responded(.text("too late")).isEmpty)
        #expect(harness.machine.timerFired().isEmpty)
        #expect(harness.receive("GET / HTTP/1.1\r\n\r\n").isEmpty)
    }
}
