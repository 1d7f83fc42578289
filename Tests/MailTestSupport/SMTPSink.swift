import Foundation
import Testing

/// A real SMTP server for a test: `scripts/smtp-sink` (aiosmtpd) on a free loopback port,
/// keeping each message in a temporary folder. It needs Python with aiosmtpd: the
/// virtualenv `make test` prepares, or FEDER_PYTHON. Without one, tests that need it fail
/// under FEDER_REQUIRE_SMTP_SINK=1 (`make test`, CI) and are skipped otherwise.
public final class SMTPSink {
    public let port: Int
    public let folder: URL
    private let process: Process
    private let input: Pipe

    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let python: String? = {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [environment["FEDER_PYTHON"], root.path + "/.venv/bin/python"].compactMap { $0 }
        return candidates.first { path in
            guard FileManager.default.isExecutableFile(atPath: path) else { return false }
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: path)
            probe.arguments = ["-c", "import aiosmtpd"]
            probe.standardError = FileHandle.nullDevice
            guard (try? probe.run()) != nil else { return false }
            probe.waitUntilExit()
            return probe.terminationStatus == 0
        }
    }()

    public static let isRequired = ProcessInfo.processInfo.environment["FEDER_REQUIRE_SMTP_SINK"] == "1"

    /// Nil when no Python with aiosmtpd is there (recorded as a failure when required).
    public static func start(security: String = "none", auth: String? = nil) throws -> SMTPSink? {
        guard let python else {
            if isRequired { Issue.record("no Python with aiosmtpd: run `make test` (it makes .venv) or set FEDER_PYTHON") }
            return nil
        }
        return try SMTPSink(python: python, security: security, auth: auth)
    }

    private init(python: String, security: String, auth: String?) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feder-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.root.path + "/scripts/smtp-sink", "--dir", folder.path, "--security", security]
            + (auth.map { ["--auth", $0] } ?? [])
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        // Its log (a refused TLS handshake's traceback, say) is kept beside the mail, not printed.
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("sink.log").path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: folder.appendingPathComponent("sink.log"))
        try process.run()
        // The first line is "PORT n" once it listens.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let text = String(data: line, encoding: .utf8), text.hasPrefix("PORT "),
              let port = Int(text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw SinkError(message: "smtp-sink did not start: \(String(decoding: line, as: UTF8.self))")
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close() // the sink stops when its stdin closes
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The CA file for a TLS sink: its self-signed certificate.
    public var certificate: String { folder.appendingPathComponent("cert.pem").path }

    /// What the sink kept, in the order received, as its JSON summaries.
    public func received() throws -> [Received] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
            .sorted { Int($0.dropLast(5))! < Int($1.dropLast(5))! }
        return try files.map { name in
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let raw = try Data(contentsOf: folder.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml")))
            var received = try JSONDecoder().decode(Received.self, from: data)
            received.raw = raw
            return received
        }
    }

    public struct Received: Decodable {
        public let mail_from: String
        public let rcpt_tos: [String]
        public let tls: Bool
        public let authenticated: Bool
        /// The name the client greeted with (EHLO).
        public let helo: String?
        public let headers: [[String]]
        public let defects: [String]
        public let text: String?
        public let html: String?
        public var raw = Data()

        enum CodingKeys: String, CodingKey { case mail_from, rcpt_tos, tls, authenticated, helo, headers, defects, text, html }

        public func header(_ name: String) -> String? {
            headers.first { $0[0].lowercased() == name.lowercased() }?[1]
        }

        /// The links in the text part that start with `prefix` (`http://blog.test/mail/`), as
        /// paths when `relativeTo` is their site's base.
        public func links(startingWith prefix: String, relativeTo base: String = "") -> [String] {
            (text ?? "").replacingOccurrences(of: "\r\n", with: "\n").split(whereSeparator: { $0 == " " || $0 == "\n" })
                .filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(base.count)) }
        }
    }

    public struct SinkError: Error { public let message: String }
}
