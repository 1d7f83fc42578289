import FederTestSupport
import Foundation
import Testing

/// `feder user …` as an operator runs it: the real executable, the password on stdin (what a
/// script does; a terminal is asked twice without echo, which a test cannot type into).
@Suite(.serialized) struct UserCommandTests {
    struct Run { let status: Int32; let output: String }

    /// Runs `feder ARGUMENTS --config …` with `input` on stdin.
    func feder(_ arguments: [String], input: String = "", in directory: String) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessTests.executable)
        process.arguments = arguments + ["--config", directory + "/config.json"]
        process.currentDirectoryURL = URL(fileURLWithPath: TestInstallation.repositoryRoot)
        let stdin = Pipe(), output = directory + "/out-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardInput = stdin
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        try handle.close()
        return Run(status: process.terminationStatus, output: try String(contentsOfFile: output, encoding: .utf8))
    }

    @Test func managesAccountsWithPasswordsFromStdinOnly() throws {
        let directory = NSTemporaryDirectory() + "feder-users-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ProcessTests.writeConfig(directory, port: 8080)
        let passphrase = "a long and unusual passphrase"

        let added = try feder(["user", "add", "ada@example.org", "--name", "Ada", "--role", "owner"], input: passphrase + "\n",
                              in: directory)
        #expect(added.status == 0 && added.output.contains("created owner ada@example.org"))
        #expect(!added.output.contains(passphrase))
        let weak = try feder(["user", "add", "bob@example.org", "--name", "Bob", "--role", "editor"], input: "short\n",
                             in: directory)
        #expect(weak.status != 0 && weak.output.contains("password refused: it must be at least 10 characters long"))
        #expect(!weak.output.contains("Usage:"))
        let role = try feder(["user", "add", "bob@example.org", "--name", "Bob", "--role", "king"], in: directory)
        #expect(role.status != 0 && role.output.contains("--role must be owner, editor or moderator"))
        let list = try feder(["user", "list"], in: directory)
        #expect(list.output.contains("owner      ada@example.org  Ada") && !list.output.contains("bob@"))
        #expect(try feder(["user", "sessions", "ada@example.org"], in: directory).output.contains("signed in on 0 browsers"))
        #expect(try feder(["user", "passwd", "ada@example.org"], input: "another long passphrase\n", in: directory).status == 0)
        let last = try feder(["user", "remove", "ada@example.org"], in: directory)
        #expect(last.status != 0 && last.output.contains("the last owner cannot be removed"))
    }
}
