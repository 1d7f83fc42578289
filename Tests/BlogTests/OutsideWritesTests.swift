@testable import Blog
import Foundation
import Locking
import SQLite
import Testing

/// Writes by another process reach this one's caches (`feder import` beside `feder serve`).
@Suite struct OutsideWritesTests {
    @Test func anotherConnectionsCommitIsNoticedAndOurOwnIsNot() throws {
        try withTemporaryDirectory { directory in
            let server = try makeStore(in: directory), other = try makeStore(in: directory)
            #expect(try !server.noticeOutsideWrites(), "the first call only records")
            try makeArticles([makeInput("ours")], in: server)
            #expect(try !server.noticeOutsideWrites(), "our own write changed our counters already")
            let generation = server.generation
            try makeArticles([makeInput("theirs")], in: other)
            #expect(try server.noticeOutsideWrites() && server.generation != generation)
            #expect(try !server.noticeOutsideWrites(), "noticed once")
        }
    }

    @Test func theWatcherEmptiesTheCachesWithinItsInterval() throws {
        try withTemporaryDirectory { directory in
            let server = try makeStore(in: directory), other = try makeStore(in: directory)
            let noticed = Locked(0)
            let watcher = OutsideWriteWatcher(store: server, interval: .milliseconds(20)) { noticed.withLock { $0 += 1 } }
            watcher.start()
            defer { watcher.stop() }
            let generation = server.generation
            try makeArticles([makeInput("theirs")], in: other)
            let deadline = Date().addingTimeInterval(10)
            while noticed.withLock({ $0 }) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            #expect(noticed.withLock { $0 } == 1 && server.generation != generation)
        }
    }
}
