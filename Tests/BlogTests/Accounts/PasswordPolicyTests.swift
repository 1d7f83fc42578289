@testable import Blog
import Testing

@Suite struct PasswordPolicyTests {
    @Test func refusesShortCommonRepetitiveAndPersonalPasswords() {
        let problem = { (password: String) in PasswordPolicy.problem(with: password, email: "ada@example.org", name: "Ada Lovelace") }
        #expect(problem("short") == .tooShort)
        #expect(problem("Password2026") == .common) // whatever the case
        #expect(problem("qwertzuiop") == .common)
        #expect(problem("aaaaaaaaaaaaaaaa") == .tooFewDifferentCharacters)
        #expect(problem("ada@example.org") == .containsNameOrEmail)
        #expect(problem("lovelace-was-here") == .containsNameOrEmail)
        #expect(problem(String(repeating: "xy12", count: 300)) == .tooLong) // over 1024 bytes
        #expect(problem("notes on the analytical engine") == nil)
    }
}
