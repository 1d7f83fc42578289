import Glibc
import Foundation

/// Process-wide settings `feder serve` applies before any thread exists.
public enum ProcessTuning {
    /// glibc gives each allocating thread an arena of its own (up to eight per core) and keeps
    /// freed memory in each of them. With 16 workers plus Dispatch's threads a busy server's RSS
    /// kept rising under a steady load (7 MB over 2.4 million cached requests, still climbing);
    /// one arena per core (at least two) keeps it flat at no throughput cost we could measure.
    /// `MALLOC_ARENA_MAX` in the environment, when set, wins.
    public static func limitMallocArenas() {
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil,
              let mallopt = dlsym(nil, "mallopt") else { return } // <malloc.h> is not in the Glibc module
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        _ = unsafeBitCast(mallopt, to: Mallopt.self)(arenaMaxParameter, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
    }

    /// `M_ARENA_MAX` of glibc's <malloc.h>.
    private static let arenaMaxParameter: Int32 = -8
}
