@testable import Blog
import Testing

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(parameters: .fastForTests)

    @Test func derivesScryptAsRFC7914Says() throws {
        // RFC 7914 §12, the first vector (P = "", S = "", N = 16, r = 1, p = 1): its first 32 bytes.
        let derived = try PasswordHasher.derive("", salt: [], parameters: .init(logN: 4, blockSize: 1, parallelism: 1))
        #expect(KeyedHasher.hex(derived) == "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442")
    }

    @Test func verifiesTheRightPasswordOnly() throws {
        let encoded = try hasher.hash("correct horse battery staple")
        #expect(encoded.hasPrefix("$scrypt$ln=4,r=8,p=1$"))
        #expect(hasher.verify("correct horse battery staple", against: encoded))
        #expect(!hasher.verify("correct horse battery stapLe", against: encoded))
        #expect(!hasher.verify("", against: encoded))
    }

    @Test func saltsEveryHash() throws {
        #expect(try hasher.hash("same password twice") != hasher.hash("same password twice"))
    }

    @Test func malformedOrTamperedHashesVerifyNothing() throws {
        let encoded = try hasher.hash("a fine password")
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        for broken in ["", "plain", "$scrypt$ln=4,r=8,p=1$$", "$bcrypt$" + parts[2...].joined(separator: "$"),
                       "$scrypt$ln=30,r=8,p=1$\(parts[3])$\(parts[4])", // would ask for gigabytes: refused unread
                       "$scrypt$ln=4,r=8,p=1$\(parts[3])$AAAA"] {
            #expect(!hasher.verify("a fine password", against: broken), "\(broken)")
        }
    }

    @Test func weakerParametersNeedARehash() throws {
        let old = try hasher.hash("a fine password")
        #expect(PasswordHasher(parameters: .standard).needsRehash(old))
        #expect(!hasher.needsRehash(old))
    }

    @Test func comparesInConstantTimeShape() {
        #expect(PasswordHasher.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!PasswordHasher.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!PasswordHasher.constantTimeEquals([1, 2, 3], [1, 2]))
    }
}

@Suite struct PasswordPolicyTests {
    @Test func refusesShortCommonRepetitiveAndPersonalPasswords() {
        let problem = { (password: String) in PasswordPolicy.problem(with: password, email: "ada@example.org", name: "Ada Lovelace") }
        #expect(problem("short") != nil)
        #expect(problem("Password2026") != nil) // common, whatever the case
        #expect(problem("qwertzuiop") != nil)
        #expect(problem("aaaaaaaaaaaaaaaa") != nil)
        #expect(problem("ada@example.org") != nil)
        #expect(problem("lovelace-was-here") != nil)
        #expect(problem(String(repeating: "xy12", count: 300)) != nil) // over 1024 bytes
        #expect(problem("notes on the analytical engine") == nil)
    }
}

@Suite struct SessionTokenTests {
    @Test func tokensAreRandomAndOnlyTheirHashIsStored() {
        let first = SessionToken.random(), second = SessionToken.random()
        #expect(first != second)
        #expect(first.value.utf8.count == 43)
        #expect(first.storageKey.count == 64 && !first.storageKey.contains(first.value))
    }

    @Test func cookieValuesMustLookLikeTokens() {
        let token = SessionToken.random()
        #expect(SessionToken(cookie: token.value) == token)
        for bad in ["", "abc", token.value + "A", String(token.value.dropLast()) + "=", String(token.value.dropLast()) + "é",
                    String(repeating: "A", count: 42) + ";"] {
            #expect(SessionToken(cookie: bad) == nil, "\(bad)")
        }
    }

    @Test func csrfTokensBelongToTheirSession() {
        let token = SessionToken.random(), other = SessionToken.random()
        #expect(token.accepts(csrfToken: token.csrfToken))
        #expect(!token.accepts(csrfToken: other.csrfToken))
        #expect(!token.accepts(csrfToken: ""))
        #expect(token.csrfToken != token.value)
    }
}
