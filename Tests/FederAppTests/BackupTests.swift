import Blog
@testable import FederApp
import FederTestSupport
import Foundation
import SQLite
import Synchronization
import Testing

/// `feder backup` while the blog is being written to: the copy finishes under steady writes,
/// passes `PRAGMA integrity_check`, is private (0600) and `feder serve` opens it.
@Suite(.serialized) struct BackupTests {
    final class Load: Sendable {
        let stop = Atomic<Bool>(false)
        let writes = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        let gaveUp = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
    }

    /// Comments posted back to back through the real submission path until told to stop, or
    /// for at most `seconds` (then `gaveUp` is set: the backup did not finish under load).
    static func startWriting(_ site: TestInstallation, _ load: Load, seconds: Double) {
        let thread = Thread {
            let deadline = Date().addingTimeInterval(seconds)
            var sequence = 0
            while !load.stop.load(ordering: .relaxed) {
                if Date() > deadline {
                    load.gaveUp.store(true, ordering: .relaxed)
                    break
                }
                sequence += 1
                let draft = CommentDraft(name: "Writer", email: "writer@example.com", body: "steady write \(sequence)")
                do {
                    _ = try site.app.comments.submitAndWait(draft, toArticle: DatasetGenerator.benchmarkSlug, clientAddress: "192.0.2.1")
                    load.writes.add(1, ordering: .relaxed)
                } catch {
                    load.failures.add(1, ordering: .relaxed)
                }
            }
            load.finished.signal()
        }
        thread.start()
    }

    @Test(.timeLimit(.minutes(3))) func backupUnderSteadyWritesIsConsistentAndServes() throws {
        let site = try TestInstallation { $0.comments.perMinute = 0 }
        // Large enough for many backup steps (256 pages each).
        try DatasetGenerator.generate(into: site.store, articles: 1000, commentsPerArticle: 5)
        let pages = try site.app.database.read { try $0.scalar("PRAGMA page_count") }
        guard case .integer(let pageCount) = pages else { Issue.record("no page count"); return }
        #expect(pageCount > 256 * 4)

        let load = Load()
        Self.startWriting(site, load, seconds: 30)
        let warmUp = Date().addingTimeInterval(10)
        while load.writes.load(ordering: .relaxed) < 20 && Date() < warmUp { Thread.sleep(forTimeInterval: 0.01) }

        let copyDirectory = site.directory + "/copy"
        try FileManager.default.createDirectory(atPath: copyDirectory, withIntermediateDirectories: true)
        let copyPath = copyDirectory + "/feder.sqlite"
        let writesBefore = load.writes.load(ordering: .relaxed)
        let started = Date()
        try Maintenance.backup(to: copyPath, config: site.app.config)
        let seconds = Date().timeIntervalSince(started)
        let writesDuring = load.writes.load(ordering: .relaxed) - writesBefore
        load.stop.store(true, ordering: .relaxed)
        load.finished.wait()

        let gaveUp = load.gaveUp.load(ordering: .relaxed)
        let failures = load.failures.load(ordering: .relaxed)
        let writesTotal = load.writes.load(ordering: .relaxed)
        #expect(!gaveUp, "the backup only finished once the writes stopped (\(seconds) s)")
        #expect(writesDuring > 0, "writes went on during the backup")
        #expect(failures == 0)

        let copy = try SQLiteConnection(path: copyPath, options: .readOnly)
        #expect(try copy.scalar("PRAGMA integrity_check") == .text("ok"))
        guard case .integer(let copied) = try copy.scalar("SELECT count(*) FROM comments WHERE body LIKE 'steady write %'") else {
            Issue.record("no count")
            return
        }
        // One snapshot: at least what was written before the backup began, at most everything.
        #expect(Int(copied) >= writesBefore && Int(copied) <= writesTotal)
        let attributes = try FileManager.default.attributesOfItem(atPath: copyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(throws: (any Error).self) { try Maintenance.backup(to: copyPath, config: site.app.config) }

        // The copy is a working database: the real server starts on it and serves its pages.
        let port = ProcessTests.freePort()
        try ProcessTests.writeConfig(copyDirectory, port: port)
        let server = try ProcessTests.Server(directory: copyDirectory, port: port)
        defer {
            server.process.terminate()
            server.process.waitUntilExit()
        }
        #expect(try ProcessTests.get(port: port, path: "/articles/\(DatasetGenerator.benchmarkSlug)").status == 200)
        let comments = try ProcessTests.get(port: port, path: "/api/articles/\(DatasetGenerator.benchmarkSlug)/comments")
        #expect(comments.status == 200 && comments.body.contains("steady write"))
    }
}
