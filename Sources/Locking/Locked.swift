import Glibc

/// A value that only one thread at a time may touch, guarded by a pthread mutex.
///
/// Why not Synchronization's `Mutex`: on Linux, when it is contended, it hands the lock over
/// inside the kernel (`FUTEX_LOCK_PI`), and ThreadSanitizer, which sees only user-space atomics
/// and pthread calls, then reports races on the guarded value that are not there. Bursts of
/// concurrent comment posts in our tests did exactly that (the rate limiter, then the
/// per-article counters). A pthread mutex is as fast here and visible to the sanitizer.
///
/// `@unchecked Sendable`: the value is only reached inside `withLock`, under the mutex.
public final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        precondition(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init failed")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the mutex.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
