@testable import Blog
import Foundation
import Testing

@Suite struct AccountServiceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let password = "a long and unusual passphrase"

    func withAccounts<T>(_ body: (AccountService, BlogStore) throws -> T) throws -> T {
        try withStore { store, _ in
            var random = SystemRandomNumberGenerator()
            let keyed = KeyedHasher(secret: (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) })
            return try body(AccountService(store: store, passwords: PasswordHasher(parameters: .fastForTests), keyed: keyed), store)
        }
    }

    @Test func addsAccountsAndRefusesBadOnes() throws {
        try withAccounts { accounts, _ in
            #expect(try !accounts.hasAccounts())
            let owner = try accounts.add(email: " Ada@Example.org ", name: "Ada", role: .owner, password: Self.password, now: now)
            #expect(owner.email == "Ada@Example.org" && owner.role == .owner)
            #expect(throws: AccountError.emailTaken) {
                try accounts.add(email: "ada@example.ORG", name: "Other", role: .editor, password: Self.password)
            }
            #expect(throws: AccountError.invalidEmail) { try accounts.add(email: "ada", name: "A", role: .editor, password: Self.password) }
            #expect(throws: AccountError.invalidName) {
                try accounts.add(email: "b@example.org", name: "Bad\u{7}", role: .editor, password: Self.password)
            }
            #expect(throws: AccountError.weakPassword(.common)) {
                try accounts.add(email: "b@example.org", name: "Bea", role: .editor, password: "password123")
            }
            #expect(try accounts.accounts().map(\.email) == ["Ada@Example.org"])
        }
    }

    @Test func theStoredPasswordIsAHashNeverThePassword() throws {
        try withAccounts { accounts, store in
            _ = try accounts.add(email: "ada@example.org", name: "Ada", role: .owner, password: Self.password)
            let stored = try #require(try store.storedAccount(email: "ada@example.org"))
            #expect(stored.passwordHash.hasPrefix("$scrypt$") && !stored.passwordHash.contains(Self.password))
        }
    }

    @Test func signInGivesANewSessionEachTimeAndRefusesAlikeUnknownAndWrong() throws {
        try withAccounts { accounts, store in
            _ = try accounts.add(email: "ada@example.org", name: "Ada", role: .editor, password: Self.password)
            guard case .signedIn(let first) = try accounts.signIn(email: "ADA@example.org", password: Self.password, clientKey: "c", now: now),
                  case .signedIn(let second) = try accounts.signIn(email: "ada@example.org", password: Self.password, clientKey: "c", now: now)
            else { Issue.record("sign-in failed"); return }
            #expect(first.token != second.token)
            #expect(first.account.role == .editor)
            #expect(try accounts.session(first.token, now: now)?.account.email == "ada@example.org")
            #expect(try store.storedSession(key: first.token.value) == nil) // looked up by hash only
            guard case .refused = try accounts.signIn(email: "ada@example.org", password: "wrong password!", clientKey: "c", now: now),
                  case .refused = try accounts.signIn(email: "nobody@example.org", password: Self.password, clientKey: "c", now: now)
            else { Issue.record("expected refusals"); return }
        }
    }

    @Test func repeatedFailuresAreThrottledBeforeAnyHashing() throws {
        try withAccounts { accounts, _ in
            _ = try accounts.add(email: "ada@example.org", name: "Ada", role: .owner, password: Self.password)
            for _ in 0..<5 { _ = try accounts.signIn(email: "ada@example.org", password: "guess guess", clientKey: "x", now: now) }
            guard case .throttled(let wait) = try accounts.signIn(email: "ada@example.org", password: Self.password,
                                                                  clientKey: "elsewhere", now: now)
            else { Issue.record("expected throttling"); return }
            #expect(wait >= 1)
            guard case .signedIn = try accounts.signIn(email: "ada@example.org", password: Self.password, clientKey: "y",
                                                       now: now + Double(wait))
            else { Issue.record("the wait is over"); return }
        }
    }

    @Test func sessionsEndWhenIdleOrOldOrSignedOut() throws {
        try withAccounts { accounts, _ in
            _ = try accounts.add(email: "ada@example.org", name: "Ada", role: .owner, password: Self.password)
            func signIn(at time: Date) throws -> SessionToken {
                guard case .signedIn(let session) = try accounts.signIn(email: "ada@example.org", password: Self.password,
                                                                        clientKey: "c", now: time) else { throw AccountError.notFound }
                return session.token
            }
            let idle = try signIn(at: now)
            #expect(try accounts.session(idle, now: now + 2 * 3600 - 1) != nil)
            #expect(try accounts.session(idle, now: now + 2 * 3600 - 1 + 2 * 3600) == nil) // unused for 2 h

            var kept = try signIn(at: now)
            var time = now
            while time < now + 14 * 86400 - 3600 { // used every hour: still ends after 14 days
                time += 3600
                #expect(try accounts.session(kept, now: time) != nil)
            }
            #expect(try accounts.session(kept, now: now + 14 * 86400) == nil)

            kept = try signIn(at: now)
            try accounts.signOut(kept)
            #expect(try accounts.session(kept, now: now) == nil)
        }
    }

    @Test func aNewPasswordOrSignOutEverywhereEndsEverySession() throws {
        try withAccounts { accounts, _ in
            let ada = try accounts.add(email: "ada@example.org", name: "Ada", role: .owner, password: Self.password)
            guard case .signedIn(let one) = try accounts.signIn(email: "ada@example.org", password: Self.password, clientKey: "c"),
                  case .signedIn(let two) = try accounts.signIn(email: "ada@example.org", password: Self.password, clientKey: "c")
            else { Issue.record("sign-in failed"); return }
            #expect(try accounts.sessionCount(email: "ada@example.org") == 2)
            try accounts.changePassword(email: "ada@example.org", to: "another long passphrase")
            #expect(try accounts.session(one.token) == nil && accounts.session(two.token) == nil)
            guard case .signedIn(let three) = try accounts.signIn(email: "ada@example.org", password: "another long passphrase", clientKey: "c")
            else { Issue.record("new password refused"); return }
            #expect(try accounts.endSessions(of: ada) == 1)
            #expect(try accounts.session(three.token) == nil)
        }
    }

    @Test func theLastOwnerStays() throws {
        try withAccounts { accounts, _ in
            _ = try accounts.add(email: "ada@example.org", name: "Ada", role: .owner, password: Self.password)
            _ = try accounts.add(email: "bea@example.org", name: "Bea", role: .moderator, password: Self.password)
            #expect(throws: AccountError.lastOwner) { try accounts.remove(email: "ada@example.org") }
            try accounts.remove(email: "bea@example.org")
            #expect(throws: AccountError.notFound) { try accounts.remove(email: "bea@example.org") }
        }
    }

    @Test func rolesNest() {
        #expect(Role.owner.allows(.manageUsers) && Role.owner.allows(.write) && Role.owner.allows(.moderate))
        #expect(!Role.editor.allows(.manageUsers) && Role.editor.allows(.write) && Role.editor.allows(.moderate))
        #expect(!Role.moderator.allows(.write) && Role.moderator.allows(.moderate))
    }
}
