import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a password the way `passwd` does: from the terminal without echo, asked twice; or,
/// when stdin is not a terminal (a script, a pipe), one line from stdin. Never from an
/// argument, where it would sit in the shell history and the process list.
enum PasswordPrompt {
    struct Mismatch: Error, CustomStringConvertible {
        var description: String { "the two passwords differ" }
    }

    static func read(confirm: Bool) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            return readLine(strippingNewline: true) ?? ""
        }
        let first = try silently(prompt: "Password: ")
        if confirm, try silently(prompt: "Password again: ") != first { throw Mismatch() }
        return first
    }

    private static func silently(prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
