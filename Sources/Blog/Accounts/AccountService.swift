import Foundation
import Synchronization

/// Accounts, sign-in and sessions for the admin. Passwords are hashed here, never stored or
/// logged; sessions are looked up by the hash of their id (`SessionToken`).
///
/// Called from worker threads: hashing takes a core for about 100 ms.
public final class AccountService: Sendable {
    /// How long a session lives (`admin.sessionIdleMinutes`, `admin.sessionDays`).
    public struct SessionPolicy: Sendable {
        public var idle: TimeInterval = 2 * 60 * 60
        public var lifetime: TimeInterval = 14 * 24 * 60 * 60
        public init() {}
    }

    /// A browser that is signed in: who, and the token its cookie carries.
    public struct SignedIn: Sendable {
        public let account: Account
        public let token: SessionToken
    }

    public enum SignInResult: Sendable {
        case signedIn(SignedIn)
        /// An unknown address and a wrong password are one answer.
        case refused
        case throttled(retryAfterSeconds: Int)
    }

    private let store: BlogStore
    private let passwords: PasswordHasher
    private let keyed: KeyedHasher
    public let policy: SessionPolicy
    private let throttle: SignInThrottle
    private let decoyHash: String
    /// Passwords being checked now. scrypt takes a core for 100 ms, so at most `maxChecking`
    /// run at once; more tries are told to wait (429) without hashing: a crowd of addresses
    /// guessing cannot take every core and worker from the readers.
    private let checking = Atomic<Int>(0)
    private let maxChecking: Int
    /// A session's last use is written at most this often, not on every admin request.
    private static let touchInterval: TimeInterval = 60

    public init(store: BlogStore, passwords: PasswordHasher = PasswordHasher(), keyed: KeyedHasher,
                policy: SessionPolicy = SessionPolicy(), throttle: SignInThrottle = SignInThrottle()) {
        self.store = store
        self.passwords = passwords
        self.keyed = keyed
        self.policy = policy
        self.throttle = throttle
        decoyHash = passwords.decoy()
        maxChecking = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
    }

    // MARK: - Accounts

    public func add(email: String, name: String, role: Role, password: String, now: Date = Date()) throws -> Account {
        let email = CommentDraft.trim(email)
        guard email.utf8.count <= CommentDraft.maxEmailLength, CommentDraft.isPlausibleEmail(email) else {
            throw AccountError.invalidEmail
        }
        guard let name = usableName(name) else { throw AccountError.invalidName }
        if let problem = PasswordPolicy.problem(with: password, email: email, name: name) {
            throw AccountError.weakPassword(problem)
        }
        let hash = try passwords.hash(password)
        guard let account = try store.insertAccount(email: email, name: name, role: role, passwordHash: hash, now: now) else {
            throw AccountError.emailTaken
        }
        return account
    }

    /// Sets a new password and signs the account out everywhere.
    public func changePassword(email: String, to password: String, now: Date = Date()) throws {
        guard let stored = try store.storedAccount(email: CommentDraft.trim(email)) else { throw AccountError.notFound }
        if let problem = PasswordPolicy.problem(with: password, email: stored.account.email, name: stored.account.name) {
            throw AccountError.weakPassword(problem)
        }
        try store.updatePassword(accountID: stored.account.id, passwordHash: try passwords.hash(password), endSessions: true, now: now)
    }

    public func accounts() throws -> [Account] { try store.accounts() }

    /// Another role for an account; its sessions end. The last owner stays an owner.
    public func changeRole(email: String, to role: Role) throws {
        guard let stored = try store.storedAccount(email: CommentDraft.trim(email)) else { throw AccountError.notFound }
        guard stored.account.role != role else { return }
        guard try store.updateRole(accountID: stored.account.id, to: role) else { throw AccountError.lastOwner }
    }

    public func hasAccounts() throws -> Bool { try store.accountCount() > 0 }

    public func remove(email: String) throws {
        guard let stored = try store.storedAccount(email: CommentDraft.trim(email)) else { throw AccountError.notFound }
        guard try store.deleteAccount(id: stored.account.id) else { throw AccountError.lastOwner }
    }

    /// Signs an account out of every browser; how many sessions ended.
    @discardableResult
    public func endSessions(email: String) throws -> Int {
        guard let stored = try store.storedAccount(email: CommentDraft.trim(email)) else { throw AccountError.notFound }
        return try store.deleteSessions(accountID: stored.account.id)
    }

    /// How many browsers are signed in to an account now.
    public func sessionCount(email: String, now: Date = Date()) throws -> Int {
        guard let stored = try store.storedAccount(email: CommentDraft.trim(email)) else { throw AccountError.notFound }
        return try store.sessionCount(accountID: stored.account.id, idleSince: now - policy.idle,
                                      createdSince: now - policy.lifetime)
    }

    @discardableResult
    public func endSessions(of account: Account) throws -> Int {
        try store.deleteSessions(accountID: account.id)
    }

    // MARK: - Sign-in and sessions

    /// Checks the password (after the throttle) and, when it is right, starts a new session with
    /// a new id: a browser never keeps an id it had before signing in.
    /// `replacing`: the session the browser still holds, if any; it ends, so one browser keeps one.
    public func signIn(email: String, password: String, clientKey: String, replacing old: SessionToken? = nil,
                       now: Date = Date()) throws -> SignInResult {
        let email = CommentDraft.trim(email)
        let accountKey = "account " + keyed.hash("sign-in", email.lowercased())
        let client = "client " + clientKey
        if let wait = throttle.begin(account: accountKey, client: client, now: now) {
            return .throttled(retryAfterSeconds: wait)
        }
        guard checking.add(1, ordering: .acquiringAndReleasing).newValue <= maxChecking else {
            checking.subtract(1, ordering: .releasing)
            throttle.abandoned(account: accountKey)
            return .throttled(retryAfterSeconds: 1)
        }
        let stored: BlogStore.StoredAccount?, matches: Bool
        do {
            defer { checking.subtract(1, ordering: .releasing) }
            stored = email.utf8.count <= CommentDraft.maxEmailLength ? try store.storedAccount(email: email) : nil
            // No stored password is longer than the policy allows; a longer one is checked, in the
            // same time, against the decoy.
            let fits = password.utf8.count <= PasswordPolicy.maximumBytes
            matches = passwords.verify(fits ? password : "", against: stored?.passwordHash ?? decoyHash) && fits
        } catch {
            throttle.abandoned(account: accountKey)
            throw error
        }
        guard let stored, matches else {
            throttle.failed(account: accountKey, client: client, now: now)
            return .refused
        }
        throttle.succeeded(account: accountKey, client: client)
        if passwords.needsRehash(stored.passwordHash) {
            try store.updatePassword(accountID: stored.account.id, passwordHash: try passwords.hash(password), endSessions: false, now: now)
        }
        if let old { try store.deleteSession(key: old.storageKey) }
        let token = SessionToken.random()
        try store.insertSession(key: token.storageKey, accountID: stored.account.id, now: now,
                                idleSince: now - policy.idle, createdSince: now - policy.lifetime)
        return .signedIn(SignedIn(account: stored.account, token: token))
    }

    /// The signed-in browser behind a cookie, or nil when the session is unknown or past its
    /// idle time or lifetime (an expired one is deleted).
    public func session(_ token: SessionToken, now: Date = Date()) throws -> SignedIn? {
        let key = token.storageKey
        guard let session = try store.storedSession(key: key) else { return nil }
        if now.timeIntervalSince(session.lastSeenAt) >= policy.idle || now.timeIntervalSince(session.createdAt) >= policy.lifetime {
            try store.deleteSession(key: key)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) >= Self.touchInterval {
            try store.touchSession(key: key, now: now)
        }
        return SignedIn(account: session.account, token: token)
    }

    public func signOut(_ token: SessionToken) throws {
        try store.deleteSession(key: token.storageKey)
    }
}
