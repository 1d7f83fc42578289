import ArgumentParser
import Blog
import FederApp
import Foundation

struct User: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the accounts that sign in to the admin (/admin).",
        subcommands: [Add.self, Passwd.self, List.self, Remove.self, Sessions.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; the password is read from the terminal (or one line of stdin).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The address to sign in with.") var email: String
        @Option(help: "The name shown in the admin.") var name: String
        @Option(help: "owner, editor or moderator.") var role: String

        func run() throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be owner, editor or moderator") }
            let app = try options.application()
            let password = try PasswordPrompt.read(confirm: true)
            let account = try UserCommandError.wrap { try app.accounts.add(email: email, name: name, role: role, password: password) }
            print("created \(account.role.rawValue) \(account.email); sign in at \(app.config.site.baseURL)/admin")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password; signs the account out everywhere.")
        @OptionGroup var options: CommonOptions
        @Argument var email: String

        func run() throws {
            let app = try options.application()
            let password = try PasswordPrompt.read(confirm: true)
            try UserCommandError.wrap { try app.accounts.changePassword(email: email, to: password) }
            print("password changed; every session of \(email) has ended")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var options: CommonOptions

        func run() throws {
            let accounts = try options.application().accounts.accounts()
            if accounts.isEmpty { print("no accounts yet: feder user add EMAIL --name NAME --role owner") }
            for account in accounts {
                print("\(account.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(account.email)  \(account.name)")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account and end its sessions.")
        @OptionGroup var options: CommonOptions
        @Argument var email: String

        func run() throws {
            try UserCommandError.wrap { try options.application().accounts.remove(email: email) }
            print("removed \(email)")
        }
    }

    struct Sessions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show how many browsers are signed in; --revoke ends them.")
        @OptionGroup var options: CommonOptions
        @Argument var email: String
        @Flag(help: "Sign the account out everywhere.") var revoke = false

        func run() throws {
            let accounts = try options.application().accounts
            if revoke {
                let ended = try UserCommandError.wrap { try accounts.endSessions(email: email) }
                print("ended \(ended) sessions of \(email)")
            } else {
                let count = try UserCommandError.wrap { try accounts.sessionCount(email: email) }
                print("\(email) is signed in on \(count) browsers")
            }
        }
    }
}

/// Account problems as one clear line (`Error: password refused: …`), without the usage text
/// that argument errors get: the arguments were fine.
struct UserCommandError: Error, CustomStringConvertible {
    let description: String

    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AccountError {
            throw UserCommandError(description: error.description)
        } catch let error as PasswordPrompt.Mismatch {
            throw UserCommandError(description: error.description)
        }
    }
}
