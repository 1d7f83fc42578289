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
