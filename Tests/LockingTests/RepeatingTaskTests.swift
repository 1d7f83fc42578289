import Dispatch
import Foundation
import Locking
import Testing

@Suite struct RepeatingTaskTests {
    @Test func runsFirstThenTicksUntilStoppedAndStartsOnce() {
        let task = RepeatingTask(label: "test.repeating", interval: .milliseconds(10), leeway: .milliseconds(1))
        let ticks = Locked(0)
        var firsts = 0
        task.start(first: { firsts += 1 }) { ticks.withLock { $0 += 1 } }
        task.start(first: { firsts += 1 }) { ticks.withLock { $0 += 100 } } // ignored
        let deadline = Date().addingTimeInterval(5)
        while ticks.withLock({ $0 }) < 3 && Date() < deadline { usleep(5_000) }
        task.stop()
        let stopped = ticks.withLock { $0 }
        usleep(50_000)
        #expect(firsts == 1)
        #expect(stopped >= 3 && stopped < 100)
        #expect(ticks.withLock { $0 } == stopped, "no tick after stop")
    }
}
