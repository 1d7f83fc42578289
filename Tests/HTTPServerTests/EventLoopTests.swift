import Dispatch
import Foundation
@testable import HTTPServer
import Testing

/// The loop's own thread waits in epoll_wait; `stop()` must wake it so that it returns and lets
/// the loop go (a thread left waiting would hold the loop, its epoll set and its buffers for
/// the life of the process, once per server started).
@Suite struct EventLoopTests {
    @Test func aStoppedLoopsThreadReturnsAndTheLoopIsFreed() throws {
        weak var released: EventLoop?
        do {
            let loop = EventLoop(index: 7)
            released = loop
            loop.queue.sync { loop.start() }
            Thread.sleep(forTimeInterval: 0.05) // let the thread reach epoll_wait
            loop.queue.sync { loop.stop() }
        }
        let deadline = Date().addingTimeInterval(5)
        while released != nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(released == nil, "the loop's thread is still waiting, or something else holds the loop")
    }

    @Test func aLoopThatNeverStartedIsFreedAtOnce() {
        weak var released: EventLoop?
        do {
            let loop = EventLoop(index: 8)
            released = loop
        }
        #expect(released == nil)
    }
}
