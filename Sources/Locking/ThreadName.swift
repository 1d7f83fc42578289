import Glibc
import Foundation

/// Names the calling thread, for `top -H`, perf and `/proc`. Foundation's `Thread.current.name`
/// setter alone sometimes left the name of the thread that created it in the kernel (seen
/// under ThreadSanitizer: a writer thread named `oot.default-qos`), so on Linux the name is
/// also written to `/proc/thread-self/comm` (proc(5)), which Swift can reach where
/// `pthread_setname_np` is not exported. Linux keeps the first 15 bytes.
public func nameCurrentThread(_ name: String) {
    Thread.current.name = name
    #if os(Linux)
    let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else { return }
    defer { close(fd) }
    let bytes = Array(name.utf8.prefix(15))
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    #endif
}
