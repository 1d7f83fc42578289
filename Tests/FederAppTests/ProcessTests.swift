import FederTestSupport
import Foundation
import Glibc
import Testing

/// The real executable: start, answer over a real socket, `kill -9` durability, SIGTERM exit.
@Suite(.serialized) struct ProcessTests {
    /// `feder` is built next to the test runner.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("feder").path

    final class Server {
        let process = Process()
        let port: Int
        let directory: String
        /// The child's stdout and stderr go to a file, never a pipe: a pipe nobody reads fills
        /// up at 64 KB and the child blocks in write() for ever (a sanitizer's report at exit
        /// did that, and the test waiting for the exit hung CI).
        let logPath: String

        /// Everything the server printed so far.
        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        init(directory: String, port: Int) throws {
            self.directory = directory
            self.port = port
            let root = TestInstallation.repositoryRoot
            process.executableURL = URL(fileURLWithPath: ProcessTests.executable)
            process.arguments = ["serve", "--config", directory + "/config.json"]
            process.currentDirectoryURL = URL(fileURLWithPath: root)
            logPath = directory + "/server-\(UUID().uuidString).log"
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            defer { try? output.close() } // the child has its own copy once started
            process.standardOutput = output
            process.standardError = output
            try process.run()
            // Generous: a sanitizer build on a busy machine can take many seconds to start.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if (try? ProcessTests.get(port: port, path: "/healthz"))?.status == 200 { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
            process.terminate()
            process.waitUntilExit()
            FileHandle.standardError.write(Data("feder serve did not answer /healthz; it printed:\n\(log)\n".utf8))
            throw CocoaError(.fileReadUnknown)
        }
    }

    /// A port the kernel just handed out for an ephemeral bind, so no other test holds it.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func writeConfig(_ directory: String, port: Int) throws {
        let json = """
            {"server": {"port": \(port), "accessLog": true}, "database": {"path": "\(directory)/feder.sqlite"},
             "comments": {"moderation": "none", "perMinute": 0}, "site": {"baseURL": "http://127.0.0.1:\(port)"}}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: directory + "/config.json"))
    }

    struct Answer { let status: Int; let headers: [String: String]; let body: String }

    /// A minimal HTTP/1.1 client over a real socket (Connection: close).
    static func send(port: Int, _ raw: String) throws -> Answer {
        let data = try WireClient.exchange(port: port, Array(raw.utf8))
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw POSIXError(.EPROTO) }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return Answer(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    static func get(port: Int, path: String) throws -> Answer {
        try send(port: port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    }

    static func postComment(port: Int, slug: String, body: String) throws -> Answer {
        let form = "name=Tester&email=tester%40example.com&body=" + body
        return try send(port: port, "POST /articles/\(slug)/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n\(form)")
    }

    func temporaryDirectory() throws -> String {
        let directory = NSTemporaryDirectory() + "feder-process-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func servesSeededSiteAndSurvivesKill9WithoutLosingAcknowledgedComments() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = Self.freePort()
        try Self.writeConfig(directory, port: port)
        var server = try Server(directory: directory, port: port)
        #expect(try Self.get(port: port, path: "/").status == 200)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/feder.sqlite")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let keyAttributes = try FileManager.default.attributesOfItem(atPath: directory + "/feder.key")
        #expect((keyAttributes[.posixPermissions] as? Int) == 0o600)

        var acknowledged: [String] = []
        for round in 0..<3 {
            for index in 0..<5 {
                let marker = "durable-\(round)-\(index)-\(UUID().uuidString.prefix(6))"
                if try Self.postComment(port: port, slug: "why-i-went-back-to-running-my-own-blog", body: marker).status == 303 {
                    acknowledged.append(marker)
                }
            }
            kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
            server = try Server(directory: directory, port: port)
        }
        let page = try Self.get(port: port, path: "/api/articles/why-i-went-back-to-running-my-own-blog/comments").body
        #expect(acknowledged.count == 15)
        for marker in acknowledged { #expect(page.contains(marker), "lost \(marker)") }
        server.process.terminate()
        server.process.waitUntilExit()
    }

    @Test func sigtermExitsZeroAndLogsOneLinePerRequestWithoutEmails() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = Self.freePort()
        try Self.writeConfig(directory, port: port)
        let server = try Server(directory: directory, port: port)
        _ = try Self.get(port: port, path: "/search?q=my+secret+query")
        _ = try Self.postComment(port: port, slug: "why-i-went-back-to-running-my-own-blog", body: "logged")
        let started = Date()
        server.process.terminate() // SIGTERM
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 0)
        #expect(Date().timeIntervalSince(started) < 10)
        let log = server.log
        #expect(log.contains("GET /search?q 200"))
        #expect(log.contains("POST /articles/why-i-went-back-to-running-my-own-blog/comments 303"))
        #expect(!log.contains("tester@example.com") && !log.contains("tester%40example.com"))
        #expect(!log.contains("secret"))
    }
}
