import Dispatch

/// Calls `start` with a callback and blocks until the callback has been called, from any
/// thread (or from within `start`), then returns the value it was given: the waiting form of
/// an operation that reports its result on another thread. Not for a thread the callback
/// itself needs, such as the writer a database callback runs on.
public func waitForCallback<Value: Sendable>(_ start: (@escaping @Sendable (Value) -> Void) -> Void) -> Value {
    let result = Locked<Value?>(nil)
    let done = DispatchSemaphore(value: 0)
    start { value in
        result.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    return result.withLock { $0! }
}
