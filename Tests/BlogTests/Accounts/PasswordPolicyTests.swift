@testable import Blog
import Testing

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
