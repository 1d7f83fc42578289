import Blog
import Testing

@Suite struct KeyedHasherTests {
    @Test func hashesAreKeyedStableAndNormaliseEmails() {
        let hasher = makeHasher()
        let other = KeyedHasher(secret: Array("another secret".utf8))
        #expect(hasher.emailHash("Grace@Example.com ") == hasher.emailHash("grace@example.com"))
        #expect(hasher.emailHash("grace@example.com") != other.emailHash("grace@example.com"))
        #expect(hasher.emailHash("grace@example.com") != hasher.clientHash("grace@example.com")) // purposes differ
        #expect(hasher.hash("p", "ab", "c") != hasher.hash("p", "a", "bc")) // parts are separated
        #expect(hasher.clientHash("192.0.2.1").count == 32)
        #expect(hasher.clientHash("192.0.2.1").allSatisfy(\.isHexDigit) == true)
        #expect(!hasher.emailHash("grace@example.com").contains("grace"))
    }

    /// Stored hashes (returning commenters, duplicates) must survive upgrades: the value is
    /// HMAC-SHA256 of the purpose and parts joined by NUL bytes, first 16 bytes in hex
    /// (pinned with Python's hmac module), however often the hasher is reused.
    @Test func hashesArePinnedHMACValues() {
        let hasher = KeyedHasher(secret: Array("pinned secret".utf8))
        for _ in 0..<3 {
            #expect(hasher.emailHash("grace@example.com") == "d69f8224c321e4e4b522e4ed098eca23")
            #expect(hasher.hash("duplicate", "42", "grace@example.com", "Hello") == "d46f4c737401ec828e489b0d96ebfef8")
        }
        // Keys of exactly one block, and longer ones (hashed first, RFC 2104 §2), also pinned with Python.
        #expect(KeyedHasher(secret: Array(repeating: UInt8(ascii: "x"), count: 64)).emailHash("ada@example.com")
                == "a6ecab385ec4d710a1e70a17301e0fea")
        #expect(KeyedHasher(secret: Array(repeating: UInt8(ascii: "k"), count: 100)).clientHash("192.0.2.1")
                == "11a9d58c947d473a0b0214b101c7c056")
    }

    @Test func constantTimeEqualsComparesWholeValues() {
        #expect(KeyedHasher.constantTimeEquals("token-123", "token-123"))
        #expect(KeyedHasher.constantTimeEquals("", ""))
        #expect(!KeyedHasher.constantTimeEquals("token-123", "token-124"))
        #expect(!KeyedHasher.constantTimeEquals("token-123", "token-12"))
        #expect(!KeyedHasher.constantTimeEquals("token-123", "token-1234"))
        #expect(!KeyedHasher.constantTimeEquals("", "x"))
        #expect(!KeyedHasher.constantTimeEquals("Token-123", "token-123"))
    }
}
